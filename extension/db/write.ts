import { ulid } from 'ulid';
import {
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
