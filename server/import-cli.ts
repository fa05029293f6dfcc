/**
 * `npm run server -- import --team ID FILE`: a file of accounts, contacts, deals or orders
 * brought into a team's book by the same code the extension's import wizard runs
 * (shared/import): the file read and its columns mapped, each row checked, matched against the
 * team's rows and planned as new, an update, already there or a repeat, then written through
 * the same path as a browser's push (Store.applyPushGroup: clock stamps, seq numbers teammates pull), as
 * the server's own edits, and the team's segmentation run again.
 */
import { openAsBlob, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ulid } from 'ulid';
import { z } from 'zod';
import {
  type ColumnMapping,
  type ContactDraft,
  describeProblem,
  detectEntity,
  type EntityGuess,
  type ExistingAccount,
  type ExistingBook,
  type ExistingContact,
  type ExistingOpportunity,
  IMPORT_ENTITIES,
  IMPORT_FIELDS,
  type ImportEntity,
  ImportFileError,
  mapColumns,
  openImportFile,
  type Plan,
  type PlannedRow,
  planImport,
  type RowProblem,
  readRows,
  type Table,
  type TextEncoding,
  VcardFileError,
} from '../shared/import/index.ts';
import {
  Currency,
  HlcClock,
  Id,
  MAX_PUSH_MUTATIONS,
  type Mutation,
  type TableName,
  tableDefaults,
} from '../shared/index.ts';
import { parseWith, UsageError } from './cli.ts';
import { computeInsightChanges } from './segmentation-compute.ts';
import type { Store } from './store/store.ts';

/**
 * What stops an import (no such team, a file that cannot be read, a mapping that names a
 * column or field that does not exist): printed, exit code 1. `written` says whether any
 * row was written before it (only a failure while writing leaves some).
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    readonly written = 0,
  ) {
    super(message);
  }
}

export interface ImportOptions {
  readonly team: string;
  readonly file: string;
  /** accounts, contacts, opportunities or orders; detected from the headers when absent. */
  readonly entity?: string | undefined;
  /** A JSON file {"<header>": "<field>" | null} over the detected mapping. */
  readonly mapping?: string | undefined;
  /** The currency of amounts that name none; the team's currency when absent. */
  readonly currency?: string | undefined;
  /** The sheet of a workbook to read; the first with data when absent. */
  readonly sheet?: string | undefined;
  /** Print everything, write nothing. */
  readonly dryRun?: boolean | undefined;
  readonly now?: number | undefined;
}

export interface ImportResult {
  readonly entity: ImportEntity;
  readonly plan: Plan;
  /** Rows left out for their problems (each counted once, however many problems it has). */
  readonly rejected: number;
  /** Rows of the file written (new and updated). */
  readonly written: number;
  /** Mutations applied, and the transactions they were applied in. */
  readonly mutations: number;
  readonly transactions: number;
  /** Account insights the segmentation changed afterwards. */
  readonly insights: number;
}

/**
 * The server's edits are pushed in the name of no member: the id only stands where a push names
 * the member who pushes (a decision's `decidedBy`, a note's author), and an import writes neither.
 */
const SERVER_AUTHOR = 'server';

/** The tables an import writes, whose rows it is matched against. */
const BOOK_TABLES = ['accounts', 'contacts', 'opportunities'] as const satisfies TableName[];

/** Insights written per transaction after an import (as the segmentation job writes them). */
const INSIGHT_SLICE = 2_000;

const DELIMITERS: Readonly<Record<string, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'vertical bar',
};

type Source =
  | {
      readonly kind: 'table';
      readonly description: string;
      readonly table: Table;
    }
  | {
      readonly kind: 'vcard';
      readonly description: string;
      readonly drafts: { row: number; draft: ContactDraft }[];
      readonly problems: RowProblem[];
    };

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The file as rows: a CSV or TSV in any encoding the readers know (read a piece at a time), a
 * vCard file's cards, or a workbook's sheet (openImportFile, as the wizard opens it). A file that
 * cannot be read is an ImportError with the reader's own words.
 */
async function readSource(path: string, sheet: string | undefined): Promise<Source> {
  let file: Blob;
  try {
    file = await openAsBlob(path);
  } catch (error) {
    throw new ImportError(`cannot read ${path}: ${reasonOf(error)}`);
  }
  const name = basename(path);
  try {
    const opened = await openImportFile(file, name, { sheet });
    if (opened.kind === 'xlsx') {
      const others =
        opened.sheets.length > 1 ? ` of ${opened.sheets.map((s) => `"${s}"`).join(', ')}` : '';
      return {
        kind: 'table',
        description: `Excel workbook, sheet "${opened.sheet}"${others}, ${plural(opened.table.rows.length, 'row')}`,
        table: opened.table,
      };
    }
    if (opened.kind === 'vcard') {
      const { drafts, problems } = opened;
      const cards = new Set([...drafts.map((d) => d.row), ...problems.map((p) => p.row)]).size;
      return {
        kind: 'vcard',
        description: `vCard, encoding ${opened.encoding}, ${plural(cards, 'card')}`,
        drafts,
        problems,
      };
    }
    const { table, encoding } = opened;
    return {
      kind: 'table',
      description: `text table, encoding ${encoding satisfies TextEncoding}, delimiter ${DELIMITERS[table.delimiter] ?? JSON.stringify(table.delimiter)}, ${plural(table.rows.length, 'row')}`,
      table,
    };
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof VcardFileError) {
      throw new ImportError(`${name}: ${error.message}`);
    }
    throw error;
  }
}

const MappingFile = z.record(z.string(), z.string().nullable(), {
  error: 'must be a JSON object of "<header as in the file>": "<field>" or null',
});

/**
 * The detected mapping with the columns a --mapping file names set as it says: a header the
 * file does not have, a field the entity does not have, or two columns given one field are
 * refused by name. A field the file gives to a column is taken from any column detected for it.
 */
function mappingFrom(
  path: string,
  entity: ImportEntity,
  headers: readonly string[],
): ColumnMapping[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ImportError(`--mapping ${path}: ${reasonOf(error)}`);
  }
  const parsed = MappingFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` (at "${issue.path.join('.')}")` : '';
    throw new ImportError(`--mapping ${path}: ${issue?.message ?? 'is invalid'}${at}`);
  }
  const fields: readonly string[] = IMPORT_FIELDS[entity];
  const given = new Map<string, string | null>();
  const byField = new Map<string, string>();
  // Entries of the JSON as read: an own key "__proto__" is a header like any other.
  for (const [header, field] of Object.entries(json as Record<string, string | null>)) {
    if (!headers.includes(header)) {
      throw new ImportError(
        `--mapping ${path}: the file has no column "${header}" (its columns: ${headers.map((h) => `"${h}"`).join(', ')})`,
      );
    }
    if (field !== null) {
      if (!fields.includes(field)) {
        throw new ImportError(
          `--mapping ${path}: "${field}" (for column "${header}") is no field of ${entity}; the fields are ${fields.join(', ')}`,
        );
      }
      const other = byField.get(field);
      if (other !== undefined) {
        throw new ImportError(
          `--mapping ${path}: columns "${other}" and "${header}" are both mapped to ${field}; a field takes one column`,
        );
      }
      byField.set(field, header);
    }
    given.set(header, field);
  }
  const seen = new Set<string>();
  return mapColumns(entity, headers).map((m) => {
    const first = !seen.has(m.header);
    seen.add(m.header);
    if (first && given.has(m.header)) {
      const field = given.get(m.header) ?? null;
      return { ...m, field: field as ColumnMapping['field'], score: field === null ? 0 : 1 };
    }
    if (m.field !== null && byField.has(m.field)) return { ...m, field: null, score: 0 };
    return m;
  });
}

/** Stored fields as a row: a field cleared by a rep is stored as null, a row lacks it. */
function present(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null) out[k] = v;
  return out;
}

/** The team's accounts, contacts, deals and members, read in one snapshot. */
async function loadBook(store: Store, teamId: string): Promise<ExistingBook> {
  const snapshot = await store.snapshot(teamId, BOOK_TABLES);
  const rows = <T>(table: (typeof BOOK_TABLES)[number]): T[] =>
    (snapshot.rows.get(table) ?? []).map(
      (r) => ({ ...tableDefaults(table), ...present(r.fields), id: r.id }) as T,
    );
  return {
    accounts: rows<ExistingAccount>('accounts'),
    contacts: rows<ExistingContact>('contacts'),
    opportunities: rows<ExistingOpportunity>('opportunities'),
    members: snapshot.members.map((m) => ({ id: m.id, name: m.name })),
  };
}

/**
 * The rows to write in chunks of at most MAX_PUSH_MUTATIONS writes, as a browser's pushes are:
 * a row's writes (a contact and the account it creates) always in one chunk.
 */
function chunksOf(rows: readonly PlannedRow[]): PlannedRow[][] {
  const chunks: PlannedRow[][] = [];
  let current: PlannedRow[] = [];
  let size = 0;
  for (const r of rows) {
    if (r.writes.length === 0) continue;
    if (current.length > 0 && size + r.writes.length > MAX_PUSH_MUTATIONS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += r.writes.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * A chunk's writes as mutations, those to the same row merged into one (an account's third
 * order in the file is a write of all three: only the last needs sending), each stamped by the
 * import's clock.
 */
function mutationsOf(rows: readonly PlannedRow[], clock: HlcClock): Mutation[] {
  const merged = new Map<
    string,
    { table: TableName; id: string; fields: Record<string, unknown> }
  >();
  for (const r of rows) {
    for (const w of r.writes) {
      const key = `${w.table} ${w.id}`;
      const prior = merged.get(key);
      merged.set(key, {
        table: w.table,
        id: w.id,
        fields: { ...prior?.fields, ...w.fields },
      });
    }
  }
  return [...merged.values()].map((w) => ({
    mutationId: ulid(),
    table: w.table,
    id: w.id,
    hlc: clock.tick(),
    fields: w.fields,
  }));
}

/** Read, plan, print and (unless a dry run) write one file. Throws ImportError or UsageError. */
export async function importFile(
  store: Store,
  options: ImportOptions,
  out: (line?: string) => void,
): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const teamId = Id.safeParse(options.team.trim()).data;
  const team = teamId === undefined ? undefined : await store.getTeam(teamId);
  if (team === undefined) {
    throw new ImportError(
      `no team ${JSON.stringify(options.team)} on this server (the team id is printed by "team create" and "start")`,
    );
  }
  const askedEntity =
    options.entity === undefined
      ? undefined
      : parseWith(
          z.enum(IMPORT_ENTITIES as [ImportEntity, ...ImportEntity[]]),
          options.entity,
          '--entity',
        );
  const currency =
    options.currency === undefined
      ? team.settings.currency
      : parseWith(Currency, options.currency, '--currency');

  const source = await readSource(options.file, options.sheet);
  out(`file: ${basename(options.file)} (${source.description})`);

  let entity: ImportEntity;
  let drafts: { row: number; draft: unknown }[];
  let problems: RowProblem[];
  let mapping: ColumnMapping[] = [];
  if (source.kind === 'vcard') {
    if (askedEntity !== undefined && askedEntity !== 'contacts') {
      throw new UsageError(`--entity: a vCard file holds contacts, not ${askedEntity}`);
    }
    if (options.mapping !== undefined) {
      throw new UsageError('--mapping: a vCard file has no columns to map');
    }
    entity = 'contacts';
    out('rows are: contacts (a vCard file holds contacts)');
    out('columns: FN (else N) → name, ORG → accountName, TITLE → title, EMAIL → email,');
    out('  TEL → phone, URL → website');
    ({ drafts, problems } = source);
  } else {
    const { headers, rows } = source.table;
    const guess: EntityGuess = detectEntity(headers);
    entity = askedEntity ?? guess.entity;
    const scores = guess.scores.map((s) => `${s.entity} ${s.score.toFixed(1)}`).join(', ');
    out(
      askedEntity === undefined
        ? `rows are: ${entity} (detected from the headers; scores ${scores})`
        : `rows are: ${entity} (as --entity says; the headers suggest ${guess.entity})`,
    );
    mapping =
      options.mapping === undefined
        ? mapColumns(entity, headers)
        : mappingFrom(options.mapping, entity, headers);
    out(`columns${options.mapping === undefined ? '' : ` (with ${basename(options.mapping)})`}:`);
    for (const m of mapping) out(`  "${m.header}" → ${m.field ?? 'left out'}`);
    const read = readRows(entity, mapping, rows, { currency });
    drafts = read.drafts;
    problems = read.problems;
  }

  const book = await loadBook(store, team.id);
  const plan = planImport(entity, drafts as Parameters<typeof planImport>[1], book, {
    newId: () => ulid(),
    now,
  });
  const allProblems = [...problems, ...plan.problems].sort((a, b) => a.row - b.row);
  const rejected = new Set(allProblems.map((p) => p.row)).size;
  if (allProblems.length > 0) {
    out(`problems (${plural(rejected, 'row')} left out):`);
    for (const p of allProblems) out(`  ${describeProblem(p, 'en', mapping)}`);
  }
  if (plan.warnings.length > 0) {
    out('warnings (imported with that part left out):');
    for (const p of plan.warnings) out(`  ${describeProblem(p, 'en', mapping)}`);
  }
  const c = plan.counts;
  out(
    `${c.new} new, ${c.update} updated, ${c.same} already there, ${plural(c.duplicate, 'duplicate')}, ${rejected} rejected`,
  );

  const chunks = chunksOf(plan.rows);
  const toWrite = chunks.reduce((n, chunk) => n + chunk.length, 0);
  const result = { entity, plan, rejected, written: 0, mutations: 0, transactions: 0, insights: 0 };
  if (options.dryRun) {
    out(`dry run: nothing written (${plural(toWrite, 'row')} would be)`);
    return result;
  }
  if (chunks.length === 0) {
    out('nothing to write');
    return result;
  }

  // Its own node id: two imports at once, or the server's clock, never make the same stamp.
  const clock = new HlcClock(`import-${ulid().slice(-10).toLowerCase()}`);
  const latest = await store.latestStamp(team.id, BOOK_TABLES);
  if (latest !== undefined) {
    try {
      clock.receive(latest);
    } catch {
      // A stamp from a browser whose clock ran far ahead: not followed into the future.
    }
  }
  let valueChanged = false;
  for (const chunk of chunks) {
    const mutations = mutationsOf(chunk, clock);
    try {
      const [applied] = await store.applyPushGroup([
        { ctx: { teamId: team.id, memberId: SERVER_AUTHOR, clock, now }, mutations },
      ]);
      if (applied === undefined) throw new Error('the store answered no result');
      if (!applied.ok) throw applied.error;
      const outcome = applied.outcome;
      valueChanged ||=
        outcome.tablesChanged.has('accounts') || outcome.tablesChanged.has('opportunities');
    } catch (error) {
      const rows = `${chunk[0]?.row ?? '?'} to ${chunk[chunk.length - 1]?.row ?? '?'}`;
      throw new ImportError(
        `the store refused the rows ${rows}: ${reasonOf(error)}`,
        result.written,
      );
    }
    result.written += chunk.length;
    result.mutations += mutations.length;
    result.transactions++;
  }
  if (valueChanged) {
    const changes = await computeInsightChanges(store, team.id, Date.now());
    for (let i = 0; i < changes.length; i += INSIGHT_SLICE) {
      await store.writeServerRows(
        team.id,
        'account_insights',
        changes.slice(i, i + INSIGHT_SLICE),
        clock,
      );
    }
    result.insights = changes.length;
  }
  out(
    `written: ${plural(result.written, 'row')} (${plural(result.mutations, 'change')}) in ${plural(result.transactions, 'transaction')}; tiers recomputed (${plural(result.insights, 'account insight')} changed); teammates receive them at their next sync`,
  );
  return result;
}
