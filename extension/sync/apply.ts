import {
  MAX_HLC_DRIFT_MS,
  overlayPending,
  type PendingEdit,
  type PulledRow,
  parseHlc,
  TABLE_NAMES,
  type TableName,
  tableDefaults,
} from '../../shared/index.ts';
import type { AccountLensDB, MetaRow, OutboxEntry } from '../db/database.ts';
import { toLocal } from '../db/derive.ts';
import { META } from './state.ts';

export interface ApplyStats {
  /** Rows stored or deleted. */
  readonly applied: number;
  /** Rows left out because a field the local indexes rely on was malformed. */
  readonly skipped: number;
  /** Tables that changed locally. */
  readonly tables: ReadonlySet<TableName>;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

/**
 * The fields IndexedDB indexes and the lookups read, checked by hand (a full schema parse of
 * every pulled row would cost a tenth of the first sync; see api.ts). A row failing this never
 * came from a healthy server: it is left out rather than put under a broken index key.
 */
function indexable(table: TableName, f: Record<string, unknown>): boolean {
  switch (table) {
    case 'accounts':
      return isString(f.name) && optional(f.domains, isStringList);
    case 'contacts':
      return isString(f.accountId) && optional(f.emails, isStringList);
    case 'notes':
      return optional(f.accountId, isString) && optional(f.contactIds, isStringList);
    case 'note_revisions':
      return isString(f.noteId);
    case 'opportunities':
    case 'tasks':
    case 'action_decisions':
      return optional(f.accountId, isString);
    case 'account_insights':
      return isString(f.tier);
  }
}

/** A merged row's fields as a local row: `null` means cleared, which locally is "absent". */
function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null) out[k] = v;
  return out;
}

export interface ApplyOptions {
  /**
   * This browser's client id, when its store holds everything it wrote (an incremental pull):
   * a row the server says this browser wrote wholly (`by`) is then already stored as it is,
   * its pending edits included, and is left alone. Not given for a first sync, which fills an
   * empty store, nor after the server was restored from a backup (its rows may be older).
   */
  readonly own?: string;
}

/**
 * Apply one pulled page in one transaction with the meta rows that record how far it got (the
 * cursor), so a worker stopped midway resumes exactly after the last page it stored.
 *
 * - A row this browser wrote wholly itself (the echo of its own pushes, `options.own`) is
 *   skipped: every field's latest write is one this browser made, and its store applied each
 *   of them when it made it (an import pulls back the 400k rows it just wrote).
 * - Pending edits are read for this page's rows only, by the outbox's [table+rowId] index.
 * - Tombstones delete the local row (synced tables hold live rows only).
 * - Unacknowledged local edits of a row (its outbox entries) are laid back over the pulled row
 *   with the same merge the server applies, so a pull never undoes a write the rep just made.
 * - A note keeps the stamp of the body it shows (`bodyHlc`): the next edit sends it as `base`.
 * - The clock (meta `clock`, read by every local write) moves past the pulled stamps.
 * - bulkPut per table: IndexedDB charges per request, and one transaction per page.
 */
export async function applyPage(
  db: AccountLensDB,
  rows: readonly PulledRow[],
  meta: readonly MetaRow[],
  now: () => number = Date.now,
  options: ApplyOptions = {},
): Promise<ApplyStats> {
  const stores = TABLE_NAMES.map((t) => db.synced(t));
  const theirs = options.own === undefined ? rows : rows.filter((row) => row.by !== options.own);
  return db.transaction('rw', [...stores, db.outbox, db.meta], async () => {
    const pending = await pendingEdits(db, theirs);
    const puts = new Map<TableName, object[]>();
    const deletes = new Map<TableName, string[]>();
    let skipped = 0;
    let maxStamp: string | undefined;
    let serverInsights = false;

    for (const row of theirs) {
      const edits = pending?.get(`${row.table}/${row.id}`);
      let fields = row.fields;
      let stamps = row.stamps;
      if (!row.deleted && edits !== undefined) {
        const merged = overlayPending({ id: row.id, fields, stamps: { ...stamps } }, edits);
        fields = merged.fields;
        stamps = merged.stamps;
      }
      if (row.stamps !== undefined) {
        for (const s of Object.values(row.stamps))
          if (maxStamp === undefined || s > maxStamp) maxStamp = s;
      }
      if (row.deleted || fields.deleted === true) {
        push(deletes, row.table, row.id);
        continue;
      }
      if (!indexable(row.table, fields)) {
        skipped++;
        continue;
      }
      if (row.table === 'account_insights') serverInsights = true;
      const local = withDefaults(
        row.table,
        edits === undefined ? { ...fields, id: row.id } : { ...withoutNulls(fields), id: row.id },
      );
      push(puts, row.table, toLocal(row.table, local, { bodyHlc: stamps?.body }));
    }

    const tables = new Set<TableName>();
    for (const [table, list] of deletes) {
      await db.synced(table).bulkDelete(list);
      tables.add(table);
    }
    for (const [table, list] of puts) {
      // The rows were shaped by toLocal for this very table.
      await db.synced(table).bulkPut(list as never[]);
      tables.add(table);
    }
    const metaRows = [...meta];
    if (maxStamp !== undefined) {
      const clock = await advanceClock(db, maxStamp, now());
      if (clock) metaRows.push(clock);
    }
    if (serverInsights) metaRows.push({ key: META.serverInsights, value: true });
    if (metaRows.length > 0) await db.meta.bulkPut(metaRows);
    return { applied: rows.length - skipped, skipped, tables };
  });
}

/**
 * Fields the schema defaults (lists, visibility) that the server row does not hold: a row made
 * by mutations naming only some fields would otherwise lack `orders` or `emails` locally.
 * Lists are fresh per row, never one shared array.
 */
function withDefaults<R extends Record<string, unknown>>(table: TableName, row: R): R {
  for (const [name, value] of Object.entries(tableDefaults(table))) {
    if (row[name] === undefined)
      (row as Record<string, unknown>)[name] = Array.isArray(value) ? [] : value;
  }
  return row;
}

function push<V>(map: Map<TableName, V[]>, table: TableName, value: V): void {
  const list = map.get(table);
  if (list) list.push(value);
  else map.set(table, [value]);
}

/** An outbox this small is read whole; a larger one (an import being pushed) by row. */
const SMALL_OUTBOX = 256;

/**
 * The outbox entries of these rows grouped by row, in write order; undefined when there are
 * none (the usual case). An import leaves hundreds of thousands of entries to push: a page of
 * pulled rows looks up its own rows' entries by the [table+rowId] index, never reads them all.
 */
async function pendingEdits(
  db: AccountLensDB,
  rows: readonly PulledRow[],
): Promise<Map<string, PendingEdit[]> | undefined> {
  if (rows.length === 0) return undefined;
  let entries: OutboxEntry[] = await db.outbox.limit(SMALL_OUTBOX + 1).toArray();
  if (entries.length === 0) return undefined;
  if (entries.length > SMALL_OUTBOX) {
    const keys = new Map<string, [string, string]>();
    for (const r of rows) keys.set(`${r.table}/${r.id}`, [r.table, r.id]);
    entries = await db.outbox
      .where('[table+rowId]')
      .anyOf([...keys.values()])
      .toArray();
    if (entries.length === 0) return undefined;
    entries.sort((a, b) => (a.seq as number) - (b.seq as number));
  }
  const map = new Map<string, PendingEdit[]>();
  for (const e of entries) {
    const key = `${e.table}/${e.rowId}`;
    const edit: PendingEdit = { hlc: e.hlc, fields: e.fields };
    const list = map.get(key);
    if (list) list.push(edit);
    else map.set(key, [edit]);
  }
  return map;
}

/** The meta row moving the shared clock past `stamp`, or undefined if it is not ahead. */
async function advanceClock(
  db: AccountLensDB,
  stamp: string,
  now: number,
): Promise<MetaRow | undefined> {
  try {
    // A stamp from a device whose clock is far ahead would drag every later edit into the future.
    if (parseHlc(stamp).wall - now > MAX_HLC_DRIFT_MS) return undefined;
  } catch {
    return undefined;
  }
  const current = await db.meta.get(META.clock);
  if (typeof current?.value === 'string' && current.value >= stamp) return undefined;
  return { key: META.clock, value: stamp };
}
