import { ulid } from 'ulid';
import {
  type ColumnMapping,
  detectEntity,
  type ExistingBook,
  IMPORT_FIELDS,
  type ImportEntity,
  type ImportField,
  ImportFileError,
  mapColumns,
  normaliseHeader,
  openImportFile,
  type Plan,
  type PlannedRow,
  planImport,
  type RowProblem,
  readRows,
  type readVcards,
  type TextEncoding,
} from '../../shared/import/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import {
  endImportBatch,
  startImportBatch,
  undoImport,
  writeImportRows,
} from '../db/import-batch.ts';
import { bulkUlid, type WriteContext } from '../db/write.ts';
import { loadTeamInfo } from '../sync/state.ts';
import { type ChoiceRow, choiceTable } from './choices.ts';

/** What the wizard shows once a file is chosen. */
export interface Opened {
  readonly fileName: string;
  readonly format: 'csv' | 'xlsx' | 'vcard';
  readonly encoding?: TextEncoding;
  /** ',' ';' '\t' or '|' for a text table. */
  readonly delimiter?: string;
  /** A workbook's sheets and the one read. */
  readonly sheets?: string[];
  readonly sheet?: string;
  readonly headers: string[];
  /** The first rows as in the file, for the mapping step. */
  readonly sample: string[][];
  readonly rowCount: number;
  readonly entity: ImportEntity;
  /** Each column's field (null: left out), remembered for this set of headers or detected. */
  readonly fields: (string | null)[];
  /** Whether `fields` is what the rep chose for these headers last time. */
  readonly remembered: boolean;
}

export interface Settings {
  readonly entity: ImportEntity;
  readonly fields: (string | null)[];
  /** The currency of amounts that name none. */
  readonly currency: string;
}

/** One row of the preview: the row as it will be saved, and what importing it does. */
export interface PreviewRow {
  readonly row: number;
  readonly decision: PlannedRow['decision'];
  readonly label: string;
  readonly matchedBy?: string;
  readonly duplicateOf?: number;
  readonly createsAccount?: string;
  /** The fields an update changes, with the value before and after, as text. */
  readonly changes: { field: string; from: string; to: string }[];
  /** The row's fields as they will be saved, as text. */
  readonly saved: { field: string; value: string }[];
}

export interface Preview {
  readonly counts: Plan['counts'];
  readonly rejected: number;
  /** Every problem, up to PROBLEMS_SHOWN (the rejected-rows file has them all). */
  readonly problems: RowProblem[];
  readonly warnings: RowProblem[];
  readonly rows: PreviewRow[];
  /** How often each field is changed by the updates. */
  readonly updatedFields: { field: string; rows: number }[];
  /** The file's stage, role, attitude and tier words and what each becomes. */
  readonly choices: ChoiceRow[];
  /** Rows that write (new and update): what the import's progress counts. */
  readonly toWrite: number;
}

export interface Summary {
  readonly batchId: string;
  readonly written: number;
  readonly planned: number;
  readonly cancelled: boolean;
  readonly counts: Plan['counts'];
  readonly rejected: number;
}

/** A rejected row of the file, with its cells, for the rejected-rows download. */
export interface RejectedRow {
  readonly row: number;
  readonly cells: string[];
  readonly problems: RowProblem[];
}

const PREVIEW_ROWS = 50;
const PROBLEMS_SHOWN = 500;
/** Rows written per transaction: small enough that cancel is prompt, big enough to be fast. */
export const CHUNK_ROWS = 1_000;

const MAPPING_KEY = 'import.mapping';

/**
 * One import, from the file to its summary, as the wizard's worker runs it (worker.ts): read
 * and detect, plan against the book, write in whole-row chunks, undo. Holds the file's rows
 * between steps so they cross to the page only as previews.
 */
export class ImportSession {
  private fileName = '';
  private format: Opened['format'] = 'csv';
  private headers: string[] = [];
  private rows: string[][] = [];
  private vcard: ReturnType<typeof readVcards> | undefined;
  private settings: Settings | undefined;
  private plan: Plan | undefined;
  private problems: RowProblem[] = [];
  private cancelRequested = false;

  constructor(
    private readonly ctx: WriteContext,
    private readonly now: () => number = Date.now,
  ) {}

  private get db(): AccountLensDB {
    return this.ctx.db;
  }

  /**
   * Read a file (openImportFile: a text table a piece at a time, its text never held whole): its
   * format, encoding or sheet, headers, kind of rows and column mapping.
   */
  async open(fileName: string, file: Blob, sheet?: string): Promise<Opened> {
    this.fileName = fileName;
    this.plan = undefined;
    this.vcard = undefined;
    const opened = await openImportFile(file, fileName, { sheet });
    this.format = opened.kind;
    if (opened.kind === 'xlsx') {
      return this.opened(opened.table.headers, opened.table.rows, {
        sheets: [...opened.sheets],
        sheet: opened.sheet,
      });
    }
    if (opened.kind === 'vcard') {
      this.vcard = { drafts: opened.drafts, problems: opened.problems };
      this.headers = [];
      this.rows = [];
      return {
        fileName,
        format: 'vcard',
        encoding: opened.encoding,
        headers: [],
        sample: [],
        rowCount: this.vcard.drafts.length + new Set(this.vcard.problems.map((p) => p.row)).size,
        entity: 'contacts',
        fields: [],
        remembered: false,
      };
    }
    const { table, encoding } = opened;
    return this.opened(table.headers, table.rows, { encoding, delimiter: table.delimiter });
  }

  private async opened(
    headers: string[],
    rows: string[][],
    extra: Partial<Opened>,
  ): Promise<Opened> {
    this.headers = headers;
    this.rows = rows;
    const remembered = await this.rememberedMapping(headers);
    const entity = remembered?.entity ?? detectEntity(headers).entity;
    const fields = remembered?.fields ?? mapColumns(entity, headers).map((m) => m.field);
    return {
      fileName: this.fileName,
      format: this.format,
      ...extra,
      headers,
      sample: rows.slice(0, 5),
      rowCount: rows.length,
      entity,
      fields,
      remembered: remembered !== undefined,
    };
  }

  /** The detected mapping of the file's columns for another kind of rows. */
  mappingFor(entity: ImportEntity): (string | null)[] {
    return mapColumns(entity, this.headers).map((m) => m.field);
  }

  /** Read the rows with the rep's mapping and decide what each does to the book. */
  async preview(settings: Settings): Promise<Preview> {
    this.settings = settings;
    const { entity } = settings;
    const read =
      this.format === 'vcard' && this.vcard
        ? this.vcard
        : readRows(entity, this.columnMapping(settings), this.rows, {
            currency: settings.currency,
          });
    const book = await this.existingBook();
    const plan = planImport(entity, read.drafts, book, { newId: bulkUlid, now: this.now() });
    this.plan = plan;
    this.problems = [...read.problems, ...plan.problems].sort((a, b) => a.row - b.row);
    const rejected = new Set(this.problems.map((p) => p.row)).size;
    const drafts = new Map(read.drafts.map((d) => [d.row, d.draft as object]));
    const updated = new Map<string, number>();
    for (const r of plan.rows)
      for (const c of r.changes) updated.set(c.field, (updated.get(c.field) ?? 0) + 1);
    const previewRows = plan.rows
      .slice(0, PREVIEW_ROWS)
      .map((r) => previewRow(r, drafts.get(r.row)));
    return {
      counts: plan.counts,
      rejected,
      problems: this.problems.slice(0, PROBLEMS_SHOWN),
      warnings: plan.warnings.slice(0, PROBLEMS_SHOWN),
      rows: previewRows,
      updatedFields: [...updated].map(([field, rows]) => ({ field, rows })),
      choices:
        this.format === 'vcard' ? [] : choiceTable(entity, this.columnMapping(settings), this.rows),
      toWrite: plan.rows.filter((r) => r.writes.length > 0).length,
    };
  }

  /**
   * Write the planned rows, a chunk at a time, each chunk whole (import-batch.ts); between
   * chunks a cancel stops it with what is written kept as whole rows. Remembers the mapping
   * for files with these headers.
   */
  async run(onProgress: (written: number, total: number) => void): Promise<Summary> {
    const { plan, settings } = this;
    if (plan === undefined || settings === undefined) throw new Error('no import planned');
    this.cancelRequested = false;
    const writing = plan.rows.filter((r) => r.writes.length > 0);
    const batchId = ulid();
    await startImportBatch(this.db, {
      id: batchId,
      fileName: this.fileName,
      entity: settings.entity,
      startedAt: this.now(),
      rowsPlanned: writing.length,
    });
    if (this.format !== 'vcard') await this.rememberMapping(settings);
    let written = 0;
    onProgress(0, writing.length);
    for (let i = 0; i < writing.length; i += CHUNK_ROWS) {
      if (this.cancelRequested) break;
      const chunk = writing.slice(i, i + CHUNK_ROWS);
      await writeImportRows(this.ctx, batchId, chunk);
      written += chunk.length;
      onProgress(written, writing.length);
    }
    const cancelled = this.cancelRequested && written < writing.length;
    await endImportBatch(this.db, batchId, cancelled ? 'cancelled' : 'done', this.now());
    // A second run of this plan would write its new rows again: plan afresh first.
    this.plan = undefined;
    return {
      batchId,
      written,
      planned: writing.length,
      cancelled,
      counts: plan.counts,
      rejected: new Set(this.problems.map((p) => p.row)).size,
    };
  }

  /** Stop a running import after the chunk being written. */
  cancel(): void {
    this.cancelRequested = true;
  }

  undo(batchId: string, onProgress: (done: number, total: number) => void): Promise<void> {
    return undoImport(this.ctx, batchId, onProgress);
  }

  /** The rows left out, with their cells and every problem, for the rejected-rows file. */
  rejectedRows(): { headers: string[]; rows: RejectedRow[] } {
    const byRow = new Map<number, RowProblem[]>();
    for (const p of this.problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
    return {
      headers: this.headers,
      rows: [...byRow].map(([row, problems]) => ({
        row,
        cells: this.rows[row - 1] ?? [],
        problems,
      })),
    };
  }

  private columnMapping(settings: Settings): ColumnMapping[] {
    const allowed = new Set<string>(IMPORT_FIELDS[settings.entity]);
    return this.headers.map((header, i) => {
      const field = settings.fields[i] ?? null;
      return {
        header,
        field: field !== null && allowed.has(field) ? (field as ImportField) : null,
        score: 1,
        unit: normaliseHeader(header).unit,
      };
    });
  }

  private async existingBook(): Promise<ExistingBook> {
    const [accounts, contacts, opportunities, team] = await Promise.all([
      this.db.accounts.toArray(),
      this.db.contacts.toArray(),
      this.db.opportunities.toArray(),
      loadTeamInfo(this.db),
    ]);
    return { accounts, contacts, opportunities, members: team?.members ?? [] };
  }

  private headersKey(headers: readonly string[]): string {
    return `${MAPPING_KEY}:${headers.map((h) => normaliseHeader(h).main).join('\u0001')}`;
  }

  private async rememberedMapping(
    headers: readonly string[],
  ): Promise<{ entity: ImportEntity; fields: (string | null)[] } | undefined> {
    const stored = (await this.db.meta.get(this.headersKey(headers)))?.value;
    if (typeof stored !== 'object' || stored === null) return undefined;
    const { entity, fields } = stored as { entity?: unknown; fields?: unknown };
    if (typeof entity !== 'string' || !(entity in IMPORT_FIELDS)) return undefined;
    if (!Array.isArray(fields) || fields.length !== headers.length) return undefined;
    if (!fields.every((f) => f === null || typeof f === 'string')) return undefined;
    return { entity: entity as ImportEntity, fields: fields as (string | null)[] };
  }

  private async rememberMapping(settings: Settings): Promise<void> {
    await this.db.meta.put({
      key: this.headersKey(this.headers),
      value: { entity: settings.entity, fields: settings.fields },
    });
  }
}

function previewRow(r: PlannedRow, draft: object | undefined): PreviewRow {
  return {
    row: r.row,
    decision: r.decision,
    label: r.label,
    ...(r.matchedBy === undefined ? {} : { matchedBy: r.matchedBy }),
    ...(r.duplicateOf === undefined ? {} : { duplicateOf: r.duplicateOf }),
    ...(r.createsAccount === undefined ? {} : { createsAccount: r.createsAccount }),
    changes: r.changes.map((c) => ({ field: c.field, from: asText(c.from), to: asText(c.to) })),
    saved: Object.entries(draft ?? {})
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([field, value]) => ({
        field,
        value:
          field.endsWith('At') && typeof value === 'number'
            ? new Date(value).toISOString().slice(0, 10)
            : asText(value),
      })),
  };
}

/** A value as the preview shows it (plain text, never markup). */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(asText).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('at' in o && 'amount' in o)
      return `${new Date(Number(o.at)).toISOString().slice(0, 10)} ${o.amount}`;
    if ('tier' in o) return `${String(o.tier)} (${String(o.reason ?? '')})`;
    return JSON.stringify(value);
  }
  return String(value);
}

export { ImportFileError };
