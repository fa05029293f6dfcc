import { type Db, stmt } from './db.ts';

export interface PullPage {
  /** The response body, built from the stored JSON text without parsing it again. */
  readonly json: string;
  readonly count: number;
  readonly cursor: number;
  readonly hasMore: boolean;
}

/** One stored row as the pull query returns it. */
type RawRow = [
  tbl: string,
  id: string,
  seq: number,
  fields: string,
  deleted: number,
  owner: string | null,
  stamps: string | null,
  author: string | null,
];

const PULL_SQL =
  'SELECT tbl, id, seq, fields, deleted, owner_id, kept_stamps, author FROM rows WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?';

const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** A row of the pull query, checked column by column (cheaper than a schema per row). */
function toRawRow(r: unknown): RawRow {
  if (
    Array.isArray(r) &&
    r.length === 8 &&
    typeof r[0] === 'string' &&
    typeof r[1] === 'string' &&
    typeof r[2] === 'number' &&
    typeof r[3] === 'string' &&
    typeof r[4] === 'number' &&
    nullableString(r[5]) &&
    nullableString(r[6]) &&
    nullableString(r[7])
  ) {
    return [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]];
  }
  throw new Error('unexpected row shape from the pull query');
}

// tbl and id were validated on the way in (table names, ULIDs): safe to splice unescaped.
// `stamps` (kept fields only) lets an editor send the version it saw as its mutation's base.
// `by`, the browser that wrote every field of the row, lets that browser skip its own rows; it
// is a clock node id, checked on the way in (letters, digits, _ and -): safe to splice too.
const fullJson = ([tbl, id, seq, fields, deleted, , stamps, author]: RawRow): string =>
  `{"table":"${tbl}","id":"${id}","seq":${seq},"fields":${fields},"deleted":${deleted === 1}${stamps === null ? '' : `,"stamps":${stamps}`}${author === null ? '' : `,"by":"${author}"`}}`;

/**
 * What the browser that wrote every field of a row receives when it says who it is (`mine`):
 * the row's address and seq, without the fields it holds already (an import's 400k rows come
 * back to it as it pushes them).
 */
const ownJson = (tbl: string, id: string, seq: number, deleted: boolean, author: string): string =>
  `{"table":"${tbl}","id":"${id}","seq":${seq},"fields":{},"deleted":${deleted},"by":"${author}"}`;

/** What a teammate receives for someone's private note: a tombstone with nothing in it. */
const redactedJson = ([tbl, id, seq]: RawRow): string =>
  `{"table":"${tbl}","id":"${id}","seq":${seq},"fields":{},"deleted":true}`;

const page = (parts: string[], cursor: number, hasMore: boolean): PullPage => ({
  json: `{"rows":[${parts.join(',')}],"cursor":${cursor},"hasMore":${hasMore}}`,
  count: parts.length,
  cursor,
  hasMore,
});

/**
 * The JSON of the first `limit` rows of a query that asked for `limit + 1` (the extra one only
 * says whether there is more), redacted for anyone but the owner of a private row, and the seq
 * of the last row sent (`cursor` when none is).
 */
function rowsOfPage(
  raw: readonly unknown[],
  memberId: string,
  cursor: number,
  limit: number,
  mine: string | undefined,
): { parts: string[]; last: number; hasMore: boolean } {
  const hasMore = raw.length > limit;
  const count = hasMore ? limit : raw.length;
  const parts: string[] = new Array(count);
  let last = cursor;
  for (let i = 0; i < count; i++) {
    const row = toRawRow(raw[i]);
    last = row[2];
    parts[i] =
      row[5] !== null && row[5] !== memberId
        ? redactedJson(row)
        : mine !== undefined && row[7] === mine
          ? ownJson(row[0], row[1], row[2], row[4] === 1, mine)
          : fullJson(row);
  }
  return { parts, last, hasMore };
}

/** A page from the rows of a query that asked for `limit + 1` rows after `cursor`. */
export function pageOfRows(
  raw: readonly unknown[],
  memberId: string,
  cursor: number,
  limit: number,
  mine: string | undefined,
): PullPage {
  const { parts, last, hasMore } = rowsOfPage(raw, memberId, cursor, limit, mine);
  return page(parts, last, hasMore);
}

/**
 * A page of some tables only, from a query bounded by the team's seq `top` read first: a page
 * that reaches the end answers with `top` as its cursor (see pullTables).
 */
export function tablesPageOfRows(
  raw: readonly unknown[],
  memberId: string,
  cursor: number,
  limit: number,
  top: number,
): PullPage & { readonly top: number } {
  const { parts, last, hasMore } = rowsOfPage(raw, memberId, cursor, limit, undefined);
  return { ...page(parts, hasMore ? last : Math.max(last, top), hasMore), top };
}

/** The same page read straight from SQLite, bypassing the window (initial syncs; tests compare both). */
export function pullFromDb(
  db: Db,
  teamId: string,
  memberId: string,
  cursor: number,
  limit: number,
  mine?: string,
): PullPage {
  const raw = stmt(db, PULL_SQL)
    .raw()
    .all(teamId, cursor, limit + 1);
  return pageOfRows(raw, memberId, cursor, limit, mine);
}

interface Entry {
  readonly seq: number;
  readonly key: string;
  /** Emptied (with `redacted`) once the entry is dead or evicted: only its seq is still needed. */
  json: string;
  /** Set only for private rows: what the owner's teammates receive instead. */
  redacted: string | null;
  readonly owner: string | null;
  /** The browser that wrote every field of this version, if one did (see ownJson). */
  readonly author: string | null;
  readonly deleted: boolean;
  /** False once the row changed again: its newer version is further on. */
  alive: boolean;
  /** What the entry counts against the cache's budget (see entryBytes). */
  bytes: number;
}

/** What the cache may hold unless the operator says otherwise (PULL_CACHE_MB). */
export const DEFAULT_PULL_CACHE_BYTES = 64 * 1024 * 1024;

/** The object, its slots in the array and the key map, beyond its strings. */
const ENTRY_OVERHEAD_BYTES = 160;

/**
 * An upper bound on the memory an entry holds: V8 stores a string in one byte per character
 * when it can, two otherwise (a note in Chinese), so two are counted. An upper bound is what
 * lets the budget be a promise: the cache never holds more than it.
 */
const entryBytes = (key: string, json: string, redacted: string | null): number =>
  ENTRY_OVERHEAD_BYTES + 2 * (key.length + json.length + (redacted?.length ?? 0));

/**
 * How much the windows hold besides their byte budget. `window`: entries kept per team, the
 * recent changes every browser of the team is about to pull. `catchUp`: a bigger backlog than
 * this (an import) is not worth caching; the window restarts after it. `teams`: windows kept,
 * least recently used dropped. Memory is bounded by the budget (setPullCacheBudget), whatever the
 * size of the rows: a team whose members write 100 KB notes keeps fewer of them.
 */
const limits = { window: 10_000, catchUp: 5_000, teams: 20 };

/** Change the window sizes (tests use tiny ones to exercise trimming and restarts). */
export function setPullWindowLimits(next: Partial<typeof limits>): void {
  Object.assign(limits, next);
}

/** The windows of one database and the bytes they hold together. */
class PullCache {
  /** Least recently used first: the window being read is moved to the end. */
  readonly teams = new Map<string, TeamWindow>();
  used = 0;

  constructor(public budget: number) {}

  /**
   * Evict until within budget: oldest entries first, of the least recently used window first,
   * so the window being refreshed (last) loses its own oldest entries only when the others are
   * empty.
   */
  fit(): void {
    if (this.used <= this.budget) return;
    for (const w of this.teams.values()) {
      while (this.used > this.budget) if (!w.evictOldest()) break;
      if (this.used <= this.budget) return;
    }
  }
}

/**
 * The team's most recent row versions, serialised once. When a push wakes every browser of
 * a team, they all pull the same few rows: without this, each pull would read and format them
 * from SQLite again. It mirrors the table exactly: every row with seq > coveredFrom is here,
 * older versions of a row are marked dead, and it is brought up to date from SQLite (rows with
 * seq > lastSeq) before each use, so no writer needs to tell it anything.
 */
class TeamWindow {
  private entries: Entry[] = [];
  private head = 0;
  private readonly byKey = new Map<string, Entry>();
  /** Bytes of this window's entries, also counted in the cache's `used`. */
  bytes = 0;
  coveredFrom: number;
  private lastSeq: number;

  constructor(
    private readonly cache: PullCache,
    seq: number,
  ) {
    this.coveredFrom = seq;
    this.lastSeq = seq;
  }

  /** The seq of the last row the window holds: it is brought up to date from there. */
  get last(): number {
    return this.lastSeq;
  }

  /**
   * Take in the rows after `last` (the pull query's rows, in seq order; rows already held are
   * skipped, so two refreshes racing on one window do no harm). Returns false when they were a
   * backlog too big to cache: the caller then restarts the window at the team's seq.
   */
  absorb(rows: Iterable<unknown>): boolean {
    // Row by row: a backlog of large rows is never all in memory at once, and the budget holds
    // after every row.
    let read = 0;
    for (const r of rows) {
      if (++read === limits.catchUp) return false;
      const row = toRawRow(r);
      if (row[2] <= this.lastSeq) continue;
      this.append(row);
      this.cache.fit();
    }
    this.trim();
    return true;
  }

  private append(row: RawRow): void {
    const key = `${row[0]}/${row[1]}`;
    const json = fullJson(row);
    const redacted = row[5] === null ? null : redactedJson(row);
    const bytes = entryBytes(key, json, redacted);
    if (bytes > this.cache.budget) {
      // Larger than the whole budget: never cached, and no other team's window is emptied to
      // try. The window starts again after it (older entries would have gone first anyway).
      this.reset(row[2]);
      return;
    }
    const entry: Entry = {
      seq: row[2],
      key,
      json,
      redacted,
      owner: row[5],
      author: row[7],
      deleted: row[4] === 1,
      alive: true,
      bytes,
    };
    const older = this.byKey.get(key);
    if (older) {
      older.alive = false;
      this.release(older, entryBytes(older.key, '', null));
    }
    this.byKey.set(key, entry);
    this.entries.push(entry);
    this.count(entry.bytes);
    this.lastSeq = row[2];
  }

  /** Drop an entry's strings, leaving it `keep` bytes (its seq still orders the window). */
  private release(entry: Entry, keep: number): void {
    entry.json = '';
    entry.redacted = null;
    this.count(keep - entry.bytes);
    entry.bytes = keep;
  }

  private count(delta: number): void {
    this.bytes += delta;
    this.cache.used += delta;
  }

  /** Drop everything: the window covers only what comes after `seq`. */
  reset(seq: number): void {
    this.count(-this.bytes);
    this.entries = [];
    this.head = 0;
    this.byKey.clear();
    this.coveredFrom = seq;
    this.lastSeq = seq;
  }

  /** Evict the oldest entry; false when there is none. */
  evictOldest(): boolean {
    const oldest = this.entries[this.head];
    if (oldest === undefined) return false;
    this.coveredFrom = oldest.seq;
    if (this.byKey.get(oldest.key) === oldest) this.byKey.delete(oldest.key);
    this.release(oldest, 0);
    this.head++;
    // Evicted entries leave the array in one go once they are half of it (amortised O(1)).
    if (this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return true;
  }

  private trim(): void {
    while (this.entries.length - this.head > limits.window) this.evictOldest();
  }

  read(memberId: string, cursor: number, limit: number, mine: string | undefined): PullPage {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry).seq <= cursor) lo = mid + 1;
      else hi = mid;
    }
    const parts: string[] = [];
    let last = cursor;
    for (let i = lo; i < this.entries.length; i++) {
      const e = this.entries[i] as Entry;
      if (!e.alive) continue;
      if (parts.length === limit) return page(parts, last, true);
      if (e.redacted !== null && e.owner !== memberId) parts.push(e.redacted);
      else if (mine !== undefined && e.author === mine) {
        const slash = e.key.indexOf('/');
        parts.push(ownJson(e.key.slice(0, slash), e.key.slice(slash + 1), e.seq, e.deleted, mine));
      } else parts.push(e.json);
      last = e.seq;
    }
    return page(parts, last, false);
  }
}

/**
 * The recent-changes windows of one store, within one byte budget. Each server instance has its
 * own; every window is brought up to date from the database before it is read, so windows on
 * several instances over one database all serve what that database holds.
 */
export class PullWindows {
  private readonly cache = new PullCache(DEFAULT_PULL_CACHE_BYTES);

  /** The memory the windows may hold, in bytes (PULL_CACHE_MB); 0 turns them off. */
  setBudget(bytes: number): void {
    this.cache.budget = Math.max(0, bytes);
    this.cache.fit();
  }

  usage(): { readonly used: number; readonly budget: number } {
    return { used: this.cache.used, budget: this.cache.budget };
  }

  /** The team's window, if it has one. */
  get(teamId: string): TeamWindow | undefined {
    const w = this.cache.teams.get(teamId);
    if (w) {
      // Most recently used last, so the least recently used team is the first to go.
      this.cache.teams.delete(teamId);
      this.cache.teams.set(teamId, w);
    }
    return w;
  }

  /** A new window for the team, covering what comes after `seq` (the team's seq now). */
  create(teamId: string, seq: number): TeamWindow {
    const teams = this.cache.teams;
    const existing = teams.get(teamId);
    if (existing) return existing;
    if (teams.size >= limits.teams) {
      const lru = teams.entries().next().value;
      if (lru !== undefined) {
        lru[1].reset(0);
        teams.delete(lru[0]);
      }
    }
    const w = new TeamWindow(this.cache, seq);
    teams.set(teamId, w);
    return w;
  }
}

export type { TeamWindow };

/** How many rows one refresh of a window reads at most (a bigger backlog restarts it). */
export const catchUpLimit = (): number => limits.catchUp;

const windowsOfDb = new WeakMap<Db, PullWindows>();

function windowsOf(db: Db): PullWindows {
  let windows = windowsOfDb.get(db);
  if (!windows) {
    windows = new PullWindows();
    windowsOfDb.set(db, windows);
  }
  return windows;
}

/**
 * The memory the recent-changes cache of this database may hold, in bytes (PULL_CACHE_MB); 0
 * turns it off. Smaller than what it holds now: the oldest entries go at once.
 */
export function setPullCacheBudget(db: Db, bytes: number): void {
  windowsOf(db).setBudget(bytes);
}

/** What the cache of this database holds and may hold, in bytes (tests, diagnostics). */
export function pullCacheUsage(db: Db): { readonly used: number; readonly budget: number } {
  return windowsOf(db).usage();
}

/**
 * One page of the rows of some tables only (a first sync brings accounts before the rest). Read
 * straight from SQLite: filtered pulls are initial syncs, which the window does not cover anyway.
 * Bounded by the team's seq read first, so a page that reaches the end can answer with that seq
 * as its cursor: every row of these tables up to it has been sent, and a client that pulled each
 * table group to its end can resume the general pull from the lower of the two cursors without
 * pulling everything again (the last row of one group may be far behind the team's seq).
 */
export function pullTables(
  db: Db,
  teamId: string,
  memberId: string,
  cursor: number,
  limit: number,
  tables: readonly string[],
): PullPage & { readonly top: number } {
  const top = teamSeq(db, teamId);
  const marks = tables.map(() => '?').join(',');
  const raw = stmt(
    db,
    `SELECT tbl, id, seq, fields, deleted, owner_id, kept_stamps, author FROM rows WHERE team_id = ? AND seq > ? AND seq <= ? AND tbl IN (${marks}) ORDER BY seq LIMIT ?`,
  )
    .raw()
    .all(teamId, cursor, top, ...tables, limit + 1);
  return tablesPageOfRows(raw, memberId, cursor, limit, top);
}

/** How many rows (of these tables, or all) a member's pull has still to receive after `cursor`. */
export function countAfter(
  db: Db,
  teamId: string,
  cursor: number,
  tables?: readonly string[],
): number {
  const n =
    tables === undefined
      ? stmt(db, 'SELECT COUNT(*) FROM rows WHERE team_id = ? AND seq > ?')
          .pluck()
          .get(teamId, cursor)
      : stmt(
          db,
          `SELECT COUNT(*) FROM rows WHERE team_id = ? AND seq > ? AND tbl IN (${tables.map(() => '?').join(',')})`,
        )
          .pluck()
          .get(teamId, cursor, ...tables);
  return typeof n === 'number' ? n : 0;
}

/** The page's JSON with the `total` field added (the body is built as text, never re-parsed). */
export function withTotal(json: string, total: number): string {
  return `${json.slice(0, -1)},"total":${total}}`;
}

function teamSeq(db: Db, teamId: string): number {
  const seq = stmt(db, 'SELECT seq FROM teams WHERE id = ?').pluck().get(teamId);
  return typeof seq === 'number' ? seq : 0;
}

/**
 * One page of a member's pull: rows with seq > cursor in seq order. Another member's private
 * note (and its revisions) is sent as an empty tombstone, so a note turned private leaves
 * teammates' browsers without its content. A row that the asking browser (`mine`, its client
 * id) wrote wholly comes without its fields. Recent changes come from the team's window, older
 * ones (an initial sync) straight from SQLite.
 */
export function pullPage(
  db: Db,
  teamId: string,
  memberId: string,
  cursor: number,
  limit: number,
  mine?: string,
): PullPage {
  const windows = windowsOf(db);
  const w = windows.get(teamId) ?? windows.create(teamId, teamSeq(db, teamId));
  const fresh = w.absorb(stmt(db, PULL_SQL).raw().iterate(teamId, w.last, limits.catchUp));
  if (!fresh) w.reset(teamSeq(db, teamId));
  if (cursor >= w.coveredFrom) return w.read(memberId, cursor, limit, mine);
  return pullFromDb(db, teamId, memberId, cursor, limit, mine);
}
