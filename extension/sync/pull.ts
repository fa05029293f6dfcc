import { type PullResponse, TABLE_NAMES, type TableName } from '../../shared/index.ts';
import type { AccountLensDB, MetaRow } from '../db/database.ts';
import type { PullParams, SyncApi } from './api.ts';
import { applyPage } from './apply.ts';
import { RequestRejectedError } from './errors.ts';
import { type InitialSync, InitialSync as InitialSyncSchema, META, readMeta } from './state.ts';

/** What the badge needs, brought first on a first sync. */
export const FIRST_TABLES: readonly TableName[] = ['accounts', 'account_insights'];
export const REST_TABLES: readonly TableName[] = TABLE_NAMES.filter(
  (t) => !FIRST_TABLES.includes(t),
);

/** The server's maximum: IndexedDB and HTTP both charge per request, so fewer is faster. */
export const PAGE_LIMIT = 5_000;
/** The first page is small so the first accounts (and their badges) land within a moment. */
export const FIRST_PAGE_LIMIT = 500;

export interface Progress {
  readonly received: number;
  readonly total: number;
}

export interface PullOutcome {
  readonly rows: number;
  readonly tables: ReadonlySet<TableName>;
}

const Cursor = InitialSyncSchema.shape.received;

/**
 * Pull until the server has nothing more. A browser that never finished a first sync does it in
 * two phases (accounts and insights, then the rest), each from 0 to its end, each page applied
 * with its cursor in one transaction; the general cursor is then the lower of the two ends, so
 * nothing is skipped (rows changed meanwhile are pulled again, which is harmless).
 */
export async function pullAll(
  db: AccountLensDB,
  api: SyncApi,
  onProgress: (p: Progress | undefined) => void = () => {},
  options: PullOptions = {},
): Promise<PullOutcome> {
  try {
    return await pullOnce(db, api, onProgress, options.clientId);
  } catch (error) {
    // The server was reset or restored from a backup: its seqs start again below ours, and
    // its rows may be older than this browser's, its own included: each is applied.
    if (error instanceof RequestRejectedError && error.code === 'cursor_ahead') {
      await db.meta.bulkDelete([META.cursor, META.initial]);
      return pullOnce(db, api, onProgress, undefined);
    }
    throw error;
  } finally {
    onProgress(undefined);
  }
}

export interface PullOptions {
  /**
   * This browser's client id: an incremental pull leaves the rows it wrote wholly itself as
   * they are (apply.ts). A first sync applies every row.
   */
  readonly clientId?: string;
}

async function pullOnce(
  db: AccountLensDB,
  api: SyncApi,
  onProgress: (p: Progress) => void,
  own: string | undefined,
): Promise<PullOutcome> {
  const tables = new Set<TableName>();
  let rows = 0;
  const note = (n: number, t: ReadonlySet<TableName>) => {
    rows += n;
    for (const x of t) tables.add(x);
  };
  const cursor = await readMeta(db, META.cursor, Cursor);
  if (cursor !== undefined) {
    // Left behind if the worker stopped between the first sync's last page and its cleanup.
    await db.meta.delete(META.initial);
    await pullLoop(
      db,
      api,
      own === undefined ? { cursor, limit: PAGE_LIMIT } : { cursor, limit: PAGE_LIMIT, mine: own },
      PAGE_LIMIT,
      (c) => [{ key: META.cursor, value: c }],
      note,
      undefined,
      own,
    );
    return { rows, tables };
  }

  let state: InitialSync = (await readMeta(db, META.initial, InitialSyncSchema)) ?? {
    phase: 1,
    cursors: [0, 0],
    received: 0,
    total: 0,
  };
  if (state.phase === 1) {
    // The first page is asked for first and applied as soon as it comes (the badge waits on
    // it); the totals for the bar are counted by two small requests alongside.
    const first = api.pull({
      cursor: state.cursors[0],
      limit: FIRST_PAGE_LIMIT,
      tables: FIRST_TABLES,
    });
    first.catch(() => {});
    const start = state.received;
    void Promise.all([
      api.pull({ cursor: state.cursors[0], limit: 1, tables: FIRST_TABLES, total: true }),
      api.pull({ cursor: state.cursors[1], limit: 1, tables: REST_TABLES, total: true }),
    ]).then(
      ([a, b]) => {
        state = { ...state, total: start + (a.total ?? 0) + (b.total ?? 0) };
        onProgress(state);
      },
      () => {},
    );
    const end = await pullLoop(
      db,
      api,
      { cursor: state.cursors[0], limit: FIRST_PAGE_LIMIT, tables: FIRST_TABLES },
      PAGE_LIMIT,
      (c, hasMore, n) => {
        state = hasMore
          ? { ...state, cursors: [c, state.cursors[1]], received: state.received + n }
          : {
              ...state,
              phase: 2,
              cursors: [c, state.cursors[1]],
              firstEnd: c,
              received: state.received + n,
            };
        onProgress(state);
        return [{ key: META.initial, value: state }];
      },
      note,
      await first,
    );
    state = { ...state, phase: 2, firstEnd: end };
  }
  await pullLoop(
    db,
    api,
    { cursor: state.cursors[1], limit: PAGE_LIMIT, tables: REST_TABLES },
    PAGE_LIMIT,
    (c, hasMore, n): MetaRow[] => {
      state = { ...state, cursors: [state.cursors[0], c], received: state.received + n };
      onProgress(state);
      if (hasMore) return [{ key: META.initial, value: state }];
      // Done: from now on one general cursor. The initial state is dropped in the same
      // transaction (a put of `undefined` would keep the key), see pullLoop.
      return [{ key: META.cursor, value: Math.min(state.firstEnd ?? 0, c) }];
    },
    note,
  );
  await db.meta.delete(META.initial);
  return { rows, tables };
}

/**
 * Pull pages from `start` until `hasMore` is false, fetching the next page while the current
 * one is being written (the network and IndexedDB then overlap). Returns the last cursor.
 */
async function pullLoop(
  db: AccountLensDB,
  api: SyncApi,
  start: PullParams,
  limit: number,
  save: (cursor: number, hasMore: boolean, count: number) => MetaRow[],
  note: (n: number, tables: ReadonlySet<TableName>) => void,
  firstPage?: PullResponse,
  own?: string,
): Promise<number> {
  let next: Promise<PullResponse> = firstPage ? Promise.resolve(firstPage) : api.pull(start);
  for (;;) {
    const page = await next;
    if (page.hasMore) {
      next = api.pull({ ...start, cursor: page.cursor, limit });
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => {});
    }
    const stats = await applyPage(
      db,
      page.rows,
      save(page.cursor, page.hasMore, page.rows.length),
      Date.now,
      own === undefined ? {} : { own },
    );
    note(stats.applied, stats.tables);
    if (!page.hasMore) return page.cursor;
  }
}
