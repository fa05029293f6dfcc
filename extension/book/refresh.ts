import type { Table } from 'dexie';
import {
  type Account,
  type AccountInsight,
  type ActionDecision,
  type Contact,
  type Note,
  type Opportunity,
  type Snapshot,
  type Task,
  type TeamSettings,
  visitNextActions,
} from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { rowsOfAccounts } from '../db/read.ts';
import { scan } from '../db/scan.ts';
import { slicer } from '../db/slices.ts';
import { yieldToUrgent } from '../db/urgent.ts';
import { teamSettings } from '../ui/team-settings.ts';
import { countKeys, shiftCounts, tally } from './counts.ts';
import { bookActions, bookRow } from './derive.ts';
import { type BookAction, type BookCount, type BookRow, WHOLE_BOOK } from './types.ts';

/** Meta key: when the book tables were last recomputed whole, and for which day. */
export const BOOK_BUILT = 'book.built';

/**
 * Above this many dirty accounts a whole-book refresh is cheaper than one per account (per
 * account costs six index reads; the whole book, one scan of each table). A first sync records
 * every account.
 */
export const WHOLE_BOOK_ABOVE = 2_000;

/**
 * Rows written per transaction in a whole-book refresh. IndexedDB serves one origin's
 * transactions in turn, so a search typed meanwhile waits for the chunk in flight: 250 book
 * rows and their actions are about 15 ms of IndexedDB time at 100k accounts.
 */
const WRITE_CHUNK = 250;

/**
 * Reads of a whole-book refresh: chunks small enough for a search to slip in between, and a
 * search typed meanwhile goes first (extension/db/urgent.ts). The refresh runs on the first
 * open of a day, when the rep is as likely as ever to type into the search box.
 */
const BULK = { chunk: 2_000, yieldToUrgent: true } as const;

/** The local calendar day of a time: actions' "overdue" and reasons' day counts change daily. */
export const dayOf = (time: number): string => {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
};

export interface RefreshResult {
  readonly kind: 'none' | 'accounts' | 'whole';
  readonly accounts: number;
  /** The accounts recomputed, for kind 'accounts'. */
  readonly accountIds: readonly string[];
  /** For kind 'accounts': their actions before and after, so a view can adjust its counts. */
  readonly removed: readonly BookAction[];
  readonly added: readonly BookAction[];
  readonly ms: number;
}

export interface RefreshOptions {
  readonly now?: number;
  /** Told how far a whole-book refresh got, 0 to 1. */
  readonly onProgress?: (done: number) => void;
  /** The team's settings, when the caller holds them (saves a read per refresh). */
  readonly settings?: TeamSettings;
}

/**
 * Bring the book tables up to date (docs/domain.md §11.1): the whole book when computed on an
 * earlier day
 * (actions fall due and reasons count days), when the team's settings changed or a table was
 * cleared, or when more than WHOLE_BOOK_ABOVE accounts changed; else only the changed accounts.
 */
export async function refreshBook(
  db: AccountLensDB,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const settings = options.settings ?? (await teamSettings(db));
  // What changed and, when only some accounts did, their recompute: one transaction from the
  // first read to the last write. Each transaction costs round trips of its own before its
  // first read and after its last write, most of a one-account refresh; and within one, what
  // was read cannot have been changed by another Book page before the write.
  const done = await db.transaction(
    'rw',
    [db.meta, ...sourcesOf(db), ...bookTables(db)],
    async () => {
      // On the timeline: how long the transaction waited for others on these tables to end.
      performance.mark('account-lens:book-refresh-tx');
      const [built, changes] = await Promise.all([
        db.meta.get(BOOK_BUILT),
        db.book_changes.toArray(),
      ]);
      const builtDay = (built?.value as { day?: unknown } | undefined)?.day;
      const changed = new Set(changes.flatMap((c) => c.accountIds));
      // The changes read, by their last seq: clearing deletes up to it, later writes stay.
      const upTo = changes.reduce((max, c) => Math.max(max, c.seq ?? 0), 0);
      if (builtDay !== dayOf(now) || changed.size > WHOLE_BOOK_ABOVE || changed.has(WHOLE_BOOK)) {
        return { kind: 'whole', upTo } as const;
      }
      if (changed.size === 0) return { kind: 'none' } as const;
      const accountIds = [...changed];
      const read = await readAccounts(db, accountIds);
      return {
        kind: 'accounts',
        accountIds,
        ...(await recompute(db, accountIds, upTo, read, settings, now)),
      } as const;
    },
  );
  if (done.kind === 'whole') {
    const accounts = await rebuildBook(db, done.upTo, now, options.onProgress);
    performance.measure('account-lens:book-refresh-whole', { start: started });
    return {
      kind: 'whole',
      accounts,
      accountIds: [],
      removed: [],
      added: [],
      ms: performance.now() - started,
    };
  }
  if (done.kind === 'none') {
    return {
      kind: 'none',
      accounts: 0,
      accountIds: [],
      removed: [],
      added: [],
      ms: performance.now() - started,
    };
  }
  const { accountIds, removed, added } = done;
  // Visible in the performance timeline (DevTools, the Book page's benchmark).
  performance.measure('account-lens:book-refresh-accounts', { start: started });
  return {
    kind: 'accounts',
    accounts: accountIds.length,
    accountIds,
    removed,
    added,
    ms: performance.now() - started,
  };
}
const live = <T extends { deleted: boolean }>(rows: T[]): T[] => rows.filter((r) => !r.deleted);

/** The tables the rules read for an account. */
const sourcesOf = (db: AccountLensDB) => [
  db.accounts,
  db.account_insights,
  db.contacts,
  db.opportunities,
  db.notes,
  db.tasks,
  db.action_decisions,
];

/** The tables a refresh writes. */
const bookTables = (db: AccountLensDB) => [
  db.book_rows,
  db.book_actions,
  db.book_counts,
  db.book_changes,
];

interface AccountsRead {
  readonly snapshot: Snapshot;
  /** Their actions and book rows as stored. */
  readonly actions: readonly BookAction[];
  readonly rows: readonly (BookRow | undefined)[];
  /** The counts their stored actions count towards, by key (undefined: none stored). */
  readonly counts: ReadonlyMap<string, BookCount | undefined>;
}

/**
 * The given accounts' rows and what the book tables hold for them, every read issued at once.
 * Call inside a transaction over sourcesOf and bookTables.
 */
async function readAccounts(db: AccountLensDB, ids: readonly string[]): Promise<AccountsRead> {
  // The counts the stored actions count towards are read as soon as those actions are, while
  // the other reads are still out: the write then needs no read of its own before it (a Done
  // moves counts between keys the account's actions already had).
  const stored = rowsOfAccounts(db.book_actions, ids).then(async (list) => {
    const keys = countKeys(list);
    const found = await db.book_counts.bulkGet(keys);
    return {
      list,
      counts: new Map<string, BookCount | undefined>(keys.map((k, i) => [k, found[i]])),
    };
  });
  const [accounts, insights, contacts, opportunities, notes, tasks, decisions, actions, rows] =
    await Promise.all([
      db.accounts.bulkGet([...ids]),
      db.account_insights.bulkGet([...ids]),
      rowsOfAccounts(db.contacts, ids),
      rowsOfAccounts(db.opportunities, ids),
      rowsOfAccounts(db.notes, ids),
      rowsOfAccounts(db.tasks, ids),
      rowsOfAccounts(db.action_decisions, ids),
      stored,
      db.book_rows.bulkGet([...ids]),
    ]);
  performance.mark('account-lens:book-account-read');
  return {
    snapshot: {
      accounts: live(accounts.filter((a): a is NonNullable<typeof a> => a !== undefined)),
      contacts: live(contacts),
      opportunities: live(opportunities),
      notes: live(notes),
      tasks: live(tasks),
      decisions: live(decisions),
      insights: insightMap(insights),
    },
    actions: actions.list,
    rows,
    counts: actions.counts,
  };
}

/**
 * The rules over the accounts read, and their book rows, actions and counts written, leaving
 * alone what came out the same; the changes read (seq up to `upTo`) are cleared. Call inside
 * the transaction that read them. Returns their actions as they were and as they are now.
 */
async function recompute(
  db: AccountLensDB,
  ids: readonly string[],
  upTo: number,
  read: AccountsRead,
  settings: TeamSettings,
  now: number,
): Promise<{ removed: readonly BookAction[]; added: BookAction[] }> {
  const { rows, actions } = compute(read.snapshot, settings, now);
  performance.mark('account-lens:book-account-computed');
  // Tasks here all name one of these accounts, so no loose task is among them.
  const gone = ids.filter((id) => !rows.some((r) => r.accountId === id));
  const kept = new Set(actions.map((a) => a.key));
  // What comes out as stored is not written again (a Done changes one action of several;
  // each put also rewrites the row's index entries).
  const same = <T>(list: readonly (T | undefined)[], keyOf: (row: T) => string) => {
    const out = new Map<string, string>();
    for (const row of list) if (row !== undefined) out.set(keyOf(row), JSON.stringify(row));
    return (row: T) => out.get(keyOf(row)) === JSON.stringify(row);
  };
  const rowStored = same(read.rows, (r) => r.accountId);
  const actionStored = same(read.actions, (a) => a.key);
  const removed = read.actions;
  await Promise.all([
    // An action that stays is overwritten by the put (or left alone), not deleted first.
    db.book_actions.bulkDelete(removed.map((a) => a.key).filter((k) => !kept.has(k))),
    db.book_rows.bulkDelete(gone),
    db.book_rows.bulkPut(rows.filter((r) => !rowStored(r))),
    db.book_actions.bulkPut(actions.filter((a) => !actionStored(a))),
    shiftCounts(db, removed, actions, read.counts),
    clearChanges(db, upTo),
  ]);
  return { removed, added: actions };
}

/**
 * Recompute every account from a scan of each table, then bring the book tables to the result
 * a chunk at a time: changed rows and actions are overwritten in place, unchanged ones left
 * alone, and what no longer exists is deleted at the end, so a reader never sees an empty book
 * meanwhile. Returns the accounts.
 */
export async function rebuildBook(
  db: AccountLensDB,
  upTo: number,
  now: number,
  onProgress?: (done: number) => void,
): Promise<number> {
  const accounts: Account[] = [];
  const contacts: Contact[] = [];
  const opportunities: Opportunity[] = [];
  const notes: Note[] = [];
  const tasks: Task[] = [];
  const decisions: ActionDecision[] = [];
  const insights = new Map<string, AccountInsight>();
  const keep =
    <T extends { deleted: boolean }>(list: T[]) =>
    (row: T) => {
      if (!row.deleted) list.push(row);
    };
  const reads: [string, () => Promise<void>][] = [
    ['accounts', () => scan(db.synced('accounts'), keep(accounts), BULK)],
    ['contacts', () => scan(db.synced('contacts'), keep(contacts), BULK)],
    ['opportunities', () => scan(db.synced('opportunities'), keep(opportunities), BULK)],
    [
      'notes',
      // Plain notes feed no rule; dropping their bodies here halves what the refresh holds.
      () => scan(db.synced('notes'), (n) => n.deleted || n.kind === 'note' || notes.push(n), BULK),
    ],
    ['tasks', () => scan(db.synced('tasks'), keep(tasks), BULK)],
    ['action_decisions', () => scan(db.synced('action_decisions'), keep(decisions), BULK)],
    [
      'account_insights',
      () => scan(db.synced('account_insights'), (i) => i.deleted || insights.set(i.id, i), BULK),
    ],
  ];
  for (let i = 0; i < reads.length; i++) {
    await (reads[i] as [string, () => Promise<void>])[1]();
    onProgress?.((0.6 * (i + 1)) / reads.length);
  }
  performance.mark('account-lens:book-read');
  const settings = await teamSettings(db);
  const { rows, actions } = compute(
    { accounts, contacts, opportunities, notes, tasks, decisions, insights },
    settings,
    now,
  );

  performance.mark('account-lens:book-computed');
  // What the tables hold, as text: a row or action that comes out the same is not written
  // again. Most accounts' rows do not change from one day to the next, and writing is most of
  // the cost (reading a table back costs a fraction of writing it).
  const stored = async <T>(table: Table<T, string>, keyOf: (row: T) => string) => {
    const out = new Map<string, string>();
    await scan(table, (row) => out.set(keyOf(row), JSON.stringify(row)), BULK);
    return out;
  };
  const [oldRows, oldActions] = await Promise.all([
    stored(db.book_rows, (r) => r.accountId),
    stored(db.book_actions, (a) => a.key),
  ]);
  const yieldNow = slicer();
  const changedOnly = async <T>(list: T[], old: Map<string, string>, keyOf: (row: T) => string) => {
    const out: T[] = [];
    for (let i = 0; i < list.length; i++) {
      const row = list[i] as T;
      if (old.get(keyOf(row)) !== JSON.stringify(row)) out.push(row);
      if ((i & 255) === 255) await yieldNow();
    }
    return out;
  };
  const newRows = await changedOnly(rows, oldRows, (r) => r.accountId);
  const newActions = await changedOnly(actions, oldActions, (a) => a.key);
  const rowIds = new Set(rows.map((r) => r.accountId));
  const actionKeys = new Set(actions.map((a) => a.key));
  const writes = Math.max(newRows.length, newActions.length);
  for (let at = 0; at < writes; at += WRITE_CHUNK) {
    await yieldToUrgent();
    await db.transaction('rw', [db.book_rows, db.book_actions], async () => {
      await db.book_rows.bulkPut(newRows.slice(at, at + WRITE_CHUNK));
      await db.book_actions.bulkPut(newActions.slice(at, at + WRITE_CHUNK));
    });
    onProgress?.(0.6 + (0.4 * at) / writes);
  }
  const oldRowKeys = [...oldRows.keys()];
  const oldActionKeys = [...oldActions.keys()];
  const counts = tally(actions);
  await db.transaction(
    'rw',
    [db.book_rows, db.book_actions, db.book_counts, db.book_changes, db.meta],
    async () => {
      await db.book_rows.bulkDelete(oldRowKeys.filter((k) => !rowIds.has(k)));
      await db.book_actions.bulkDelete(oldActionKeys.filter((k) => !actionKeys.has(k)));
      await db.book_counts.clear();
      await db.book_counts.bulkPut(counts);
      await clearChanges(db, upTo);
      await db.meta.put({ key: BOOK_BUILT, value: { day: dayOf(now), at: now } });
    },
  );
  onProgress?.(1);
  return rows.length;
}

function insightMap(
  rows: readonly (AccountInsight | undefined)[],
): ReadonlyMap<string, AccountInsight> {
  const map = new Map<string, AccountInsight>();
  for (const r of rows) if (r && !r.deleted) map.set(r.id, r);
  return map;
}

/**
 * The rules over a snapshot, as book rows and Today's actions. The stored insights are the
 * segmentation (an empty map before any): never one computed over part of the book.
 */
function compute(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
): { rows: BookRow[]; actions: BookAction[] } {
  const assignees = new Map<string, string>();
  for (const t of snapshot.tasks) {
    if (t.assigneeId !== undefined) assignees.set(`task:${t.id}`, t.assigneeId);
  }
  const rows: BookRow[] = [];
  const actions: BookAction[] = [];
  visitNextActions(snapshot, settings, now, (ctx, list) => {
    if (ctx) rows.push(bookRow(ctx, list));
    for (const a of bookActions(ctx, list, (key) => assignees.get(key))) actions.push(a);
  });
  return { rows, actions };
}

/** Delete the changes read (seq up to `upTo`); those written since stay for the next refresh. */
function clearChanges(db: AccountLensDB, upTo: number): Promise<number> {
  return db.book_changes.where(':id').belowOrEqual(upTo).delete();
}
