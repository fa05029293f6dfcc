import type { ImportEntity, PlannedRow } from '../../shared/import/index.ts';
import type { AccountLensDB } from './database.ts';
import { type BulkWrite, type BulkWritten, type WriteContext, writeRowsInBulk } from './write.ts';

/** One import as this browser ran it: its file, how far it got, and whether it was undone. */
export interface ImportBatch {
  readonly id: string;
  readonly fileName: string;
  readonly entity: ImportEntity;
  readonly startedAt: number;
  /** Rows of the file written so far (each whole: its account, contact, deal or order). */
  readonly rowsWritten: number;
  /** Rows the plan had to write. */
  readonly rowsPlanned: number;
  /**
   * `running` until it ends; a batch still `running` when no import is under way was cut
   * short (the tab closed, the browser crashed): what it wrote is whole rows, kept or undone.
   */
  readonly state: 'running' | 'done' | 'cancelled' | 'undone';
  readonly endedAt?: number;
}

/** What one chunk of a batch wrote, in the order it wrote it. */
export interface ImportLogEntry {
  readonly seq?: number;
  readonly batchId: string;
  readonly written: readonly BulkWritten[];
}

export type BatchState = ImportBatch['state'];

/** Record an import about to write. */
export async function startImportBatch(
  db: AccountLensDB,
  batch: Omit<ImportBatch, 'rowsWritten' | 'state'>,
): Promise<void> {
  await db.import_batches.add({ ...batch, rowsWritten: 0, state: 'running' });
}

/**
 * Write some of an import's planned rows: every write of every row, the record of what they
 * replaced, and the batch's count, in one transaction. A row's writes (a contact and the account
 * it creates) are never split, so whatever stops an import (cancel, a closed tab, a crash)
 * leaves whole rows or nothing (docs/domain.md §13).
 */
export async function writeImportRows(
  ctx: WriteContext,
  batchId: string,
  rows: readonly PlannedRow[],
): Promise<void> {
  const { db } = ctx;
  // A row the plan creates has an id the plan just made: there is nothing to read for it.
  const writes: BulkWrite[] = rows.flatMap((r) =>
    r.writes.map((w) => ({
      table: w.table,
      id: w.id,
      changes: w.fields,
      fresh: w.kind === 'create',
      ...(w.kind === 'create' && w.checked !== undefined ? { checked: w.checked } : {}),
    })),
  );
  await db.transaction(
    'rw',
    [
      db.accounts,
      db.contacts,
      db.opportunities,
      db.outbox,
      db.meta,
      db.import_batches,
      db.import_log,
    ],
    async () => {
      const batch = await db.import_batches.get(batchId);
      if (batch === undefined) throw new Error(`no import ${batchId}`);
      const written = await writeRowsInBulk(ctx, writes);
      await db.import_log.add({ batchId, written });
      await db.import_batches.put({ ...batch, rowsWritten: batch.rowsWritten + rows.length });
    },
  );
}

/** Mark how an import ended. */
export async function endImportBatch(
  db: AccountLensDB,
  batchId: string,
  state: Exclude<BatchState, 'running' | 'undone'>,
  now = Date.now(),
): Promise<void> {
  await db.import_batches.update(batchId, { state, endedAt: now });
}

/**
 * Take an import back in one step: the rows it created are deleted and the fields it changed
 * get their earlier values again, newest first, each a write that syncs like any other, so
 * teammates see the book as it was. A row created by the import and since deleted is left
 * alone. Runs a chunk of the import at a time; `onProgress` hears how many chunks are done.
 */
export async function undoImport(
  ctx: WriteContext,
  batchId: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<void> {
  const { db } = ctx;
  const entries = await db.import_log.where('batchId').equals(batchId).reverse().sortBy('seq');
  const created = new Set<string>();
  for (const e of entries)
    for (const w of e.written) if (w.created) created.add(`${w.table} ${w.id}`);
  let done = 0;
  for (const entry of entries) {
    const writes: BulkWrite[] = [];
    for (const w of [...entry.written].reverse()) {
      if (created.has(`${w.table} ${w.id}`)) {
        if (w.created) writes.push({ table: w.table, id: w.id, changes: { deleted: true } });
      } else {
        writes.push({ table: w.table, id: w.id, changes: w.before });
      }
    }
    await db.transaction(
      'rw',
      [db.accounts, db.contacts, db.opportunities, db.outbox, db.meta, db.import_log],
      async () => {
        await writeRowsInBulk(ctx, await existingOnly(db, writes));
        if (entry.seq !== undefined) await db.import_log.delete(entry.seq);
      },
    );
    onProgress(++done, entries.length);
  }
  await db.import_batches.update(batchId, { state: 'undone', endedAt: (ctx.now ?? Date.now)() });
}

/** The writes whose row is still there (a teammate may have deleted one since). */
async function existingOnly(db: AccountLensDB, writes: BulkWrite[]): Promise<BulkWrite[]> {
  const out: BulkWrite[] = [];
  for (const table of ['accounts', 'contacts', 'opportunities'] as const) {
    const mine = writes.filter((w) => w.table === table);
    if (mine.length === 0) continue;
    const keys = await db.synced(table).bulkGet(mine.map((w) => w.id));
    const present = new Set(keys.filter((k) => k !== undefined).map((k) => k.id));
    for (const w of mine) if (present.has(w.id)) out.push(w);
  }
  // Keep the log's order: restores of one row apply newest first.
  const order = new Map(writes.map((w, i) => [w, i]));
  return out.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** This browser's imports, newest first. */
export function listImports(db: AccountLensDB): Promise<ImportBatch[]> {
  return db.import_batches.orderBy('startedAt').reverse().toArray();
}
