import { ulid } from 'ulid';
import {
  type CheckedRow,
  type ClientTable,
  HlcClock,
  parseMutationFields,
  parseRow,
  type TableName,
} from '../../shared/index.ts';
import type { AccountLensDB, LocalRow, OutboxEntry } from './database.ts';
import { stripLocal, toLocal } from './derive.ts';

export interface WriteContext {
  readonly db: AccountLensDB;
  /** This browser's sync client id: the node id of its clock. */
  readonly clientId: string;
  readonly now?: () => number;
}

const CLOCK_KEY = 'clock';

// ulid() draws each of its 16 random characters with a getRandomValues call of its own, and a
// call costs microseconds in a browser: an import of 300k contacts spent 22 s of its worker's
// write in them. The same crypto bytes, drawn 4 KB at a time, make the same ULIDs.
const pool = new Uint8Array(4_096);
let pooled = pool.length;
function pooledRandom(): number {
  if (pooled === pool.length) {
    crypto.getRandomValues(pool);
    pooled = 0;
  }
  return (pool[pooled++] as number) / 256;
}

/** A fresh ULID, as ulid() makes it, for code that makes thousands at a time. */
export function bulkUlid(): string {
  return ulid(undefined, pooledRandom);
}

/**
 * Stamp the next local edit. Popup, side panel and background each run their own JS, so the
 * last stamp handed out is kept in `meta` and read inside the write's transaction: stamps stay
 * strictly increasing across every page of the extension and across service-worker restarts.
 */
async function nextStamp(ctx: WriteContext): Promise<string> {
  // No drift limit: the stored stamp is this browser's own, and a wall clock set back by more
  // than a day must still stamp after it, or the rep's next edits would lose to their earlier ones.
  const clock = new HlcClock(ctx.clientId, ctx.now ?? Date.now, {
    maxDriftMs: Number.POSITIVE_INFINITY,
  });
  const last = await ctx.db.meta.get(CLOCK_KEY);
  if (typeof last?.value === 'string') {
    try {
      clock.receive(last.value);
    } catch {
      // A stamp from a clock that was far ahead: ignore it rather than refuse to write.
    }
  }
  const stamp = clock.tick();
  await ctx.db.meta.put({ key: CLOCK_KEY, value: stamp });
  return stamp;
}

/**
 * Change one row: validate the changes and the resulting row with the shared schemas, stamp
 * them, and write the row and its outbox entry in one transaction. A ValidationError names the
 * field and leaves nothing written. `null` clears an optional field; `{deleted: true}` deletes.
 */
export async function writeRow<T extends ClientTable>(
  ctx: WriteContext,
  table: T,
  id: string,
  changes: Record<string, unknown>,
): Promise<LocalRow[T]> {
  const fields = parseMutationFields(table, changes);
  const { db } = ctx;
  const store = db.synced(table);
  return db.transaction('rw', [store, db.outbox, db.meta], async () => {
    const existing = await store.get(id);
    const merged: Record<string, unknown> = existing ? stripLocal(existing) : {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    delete merged.id;
    const row = parseRow(table, id, merged) as Record<string, unknown> & { id: string };
    const hlc = await nextStamp(ctx);
    const entry: OutboxEntry = {
      mutationId: ulid(),
      table,
      rowId: id,
      hlc,
      fields,
      createdAt: (ctx.now ?? Date.now)(),
    };
    let bodyHlc: string | undefined;
    if (table === 'notes') {
      const previous = existing as LocalRow['notes'] | undefined;
      // Tell the server which body this edit replaced, so a concurrent edit is kept, not lost.
      if ('body' in fields) {
        if (previous?.bodyHlc) entry.base = { body: previous.bodyHlc };
        bodyHlc = hlc;
      } else {
        bodyHlc = previous?.bodyHlc;
      }
    }
    if (row.deleted === true) await store.delete(id);
    else await store.put(toLocal(table, row, { bodyHlc }));
    await db.outbox.add(entry);
    return toLocal(table, row, { bodyHlc });
  });
}

/** Create a row with a fresh id and creation time. */
export function createRow<T extends ClientTable>(
  ctx: WriteContext,
  table: T,
  fields: Record<string, unknown>,
): Promise<LocalRow[T]> {
  const now = (ctx.now ?? Date.now)();
  return writeRow(ctx, table, ulid(now), { createdAt: now, ...fields });
}

/** Delete a row: a tombstone that syncs like any other change. */
export function deleteRow(ctx: WriteContext, table: ClientTable, id: string): Promise<unknown> {
  return writeRow(ctx, table, id, { deleted: true });
}

export type { TableName };

/** One row's change in a bulk write. */
export interface BulkWrite {
  readonly table: Exclude<ClientTable, 'notes'>;
  readonly id: string;
  /** As for writeRow: `null` clears a field, `{deleted: true}` deletes the row. */
  readonly changes: Readonly<Record<string, unknown>>;
  /** The id was just made (an import's new row): no row has it yet, so none is read. */
  readonly fresh?: boolean;
  /**
   * For a fresh row, the whole row as checkNewRow made it (an import's planner checked it):
   * stored and sent as it is, without `changes` being parsed again.
   */
  readonly checked?: CheckedRow;
}

/** What a bulk write did to one row: whether it created it, and the values it replaced. */
export interface BulkWritten {
  readonly table: BulkWrite['table'];
  readonly id: string;
  readonly created: boolean;
  /**
   * Each changed field's value before the write; `null` for a field the row did not have. Empty
   * for a row the write created (undo deletes it).
   */
  readonly before: Record<string, unknown>;
}

/**
 * Many rows changed in one transaction, each exactly as writeRow would change it (validated,
 * stamped, written with its outbox entry), with one clock read and one bulk put per table:
 * what an import writes a few hundred rows at a time. A ValidationError on any row leaves
 * none of them written. Notes are not written in bulk: their bodies merge (writeRow).
 */
export async function writeRowsInBulk(
  ctx: WriteContext,
  writes: readonly BulkWrite[],
): Promise<BulkWritten[]> {
  if (writes.length === 0) return [];
  const parsed = writes.map((w) => ({
    ...w,
    // A checked new row is its own mutation: every field, as the schema parsed them.
    fields:
      w.fresh === true && w.checked !== undefined
        ? (w.checked as Record<string, unknown>)
        : parseMutationFields(w.table, w.changes),
  }));
  const { db } = ctx;
  const tables = [...new Set(parsed.map((w) => w.table))];
  const stores = tables.map((t) => db.synced(t));
  return db.transaction('rw', [...stores, db.outbox, db.meta], async () => {
    const rows = new Map<string, Record<string, unknown> | undefined>();
    for (const table of tables) {
      const ids = [
        ...new Set(parsed.filter((w) => w.table === table && !w.fresh).map((w) => w.id)),
      ];
      if (ids.length === 0) continue;
      const found = await db.synced(table).bulkGet(ids);
      ids.forEach((id, i) => {
        const row = found[i];
        rows.set(`${table} ${id}`, row === undefined ? undefined : stripLocal(row));
      });
    }
    const clock = new HlcClock(ctx.clientId, ctx.now ?? Date.now, {
      maxDriftMs: Number.POSITIVE_INFINITY,
    });
    const last = await db.meta.get(CLOCK_KEY);
    if (typeof last?.value === 'string') {
      try {
        clock.receive(last.value);
      } catch {
        // As in nextStamp: a stamp from far ahead is ignored rather than refusing to write.
      }
    }
    const createdAt = (ctx.now ?? Date.now)();
    const outbox: OutboxEntry[] = [];
    const done: BulkWritten[] = [];
    let stamp = '';
    for (const w of parsed) {
      const key = `${w.table} ${w.id}`;
      const existing = rows.get(key);
      const merged: Record<string, unknown> = existing ? { ...existing } : {};
      const before: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(w.fields)) {
        // A row this write creates has nothing to give back: undo deletes it.
        if (existing !== undefined) before[k] = existing[k] ?? null;
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      delete merged.id;
      const row =
        existing === undefined && w.fresh === true && w.checked !== undefined
          ? { ...w.checked, id: w.id }
          : (parseRow(w.table, w.id, merged) as Record<string, unknown> & { id: string });
      rows.set(key, row.deleted === true ? undefined : row);
      stamp = clock.tick();
      outbox.push({
        mutationId: bulkUlid(),
        table: w.table,
        rowId: w.id,
        hlc: stamp,
        fields: w.fields,
        createdAt,
      });
      done.push({ table: w.table, id: w.id, created: existing === undefined, before });
    }
    for (const table of tables) {
      const puts: LocalRow[typeof table][] = [];
      const deletes: string[] = [];
      for (const id of new Set(parsed.filter((w) => w.table === table).map((w) => w.id))) {
        const row = rows.get(`${table} ${id}`);
        if (row === undefined) deletes.push(id);
        else puts.push(toLocal(table, row as Record<string, unknown> & { id: string }));
      }
      if (puts.length > 0) await db.synced(table).bulkPut(puts);
      if (deletes.length > 0) await db.synced(table).bulkDelete(deletes);
    }
    await db.outbox.bulkAdd(outbox);
    await db.meta.put({ key: CLOCK_KEY, value: stamp });
    return done;
  });
}
