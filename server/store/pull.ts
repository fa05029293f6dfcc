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
];

const PULL_SQL =
  'SELECT tbl, id, seq, fields, deleted, owner_id, kept_stamps FROM rows WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?';

const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** A row of the pull query, checked column by column (cheaper than a schema per row). */
function toRawRow(r: unknown): RawRow {
  if (
    Array.isArray(r) &&
    r.length === 7 &&
    typeof r[0] === 'string' &&
    typeof r[1] === 'string' &&
    typeof r[2] === 'number' &&
    typeof r[3] === 'string' &&
    typeof r[4] === 'number' &&
    nullableString(r[5]) &&
    nullableString(r[6])
  ) {
    return [r[0], r[1], r[2], r[3], r[4], r[5], r[6]];
  }
  throw new Error('unexpected row shape from the pull query');
}

// tbl and id were validated on the way in (table names, ULIDs): safe to splice unescaped.
// `stamps` (kept fields only) lets an editor send the version it saw as its mutation's base.
const fullJson = ([tbl, id, seq, fields, deleted, , stamps]: RawRow): string =>
  `{"table":"${tbl}","id":"${id}","seq":${seq},"fields":${fields},"deleted":${deleted === 1}${stamps === null ? '' : `,"stamps":${stamps}`}}`;

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
): { parts: string[]; last: number; hasMore: boolean } {
  const hasMore = raw.length > limit;
  const count = hasMore ? limit : raw.length;
  const parts: string[] = new Array(count);
  let last = cursor;
  for (let i = 0; i < count; i++) {
    const row = toRawRow(raw[i]);
    last = row[2];
    parts[i] = row[5] !== null && row[5] !== memberId ? redactedJson(row) : fullJson(row);
  }
  return { parts, last, hasMore };
}

/** The same page read straight from SQLite, bypassing the window (initial syncs; tests compare both). */
export function pullFromDb(
  db: Db,
  teamId: string,
  memberId: string,
  cursor: number,
  limit: number,
): PullPage {
  const raw = stmt(db, PULL_SQL)
    .raw()
    .all(teamId, cursor, limit + 1);
  const { parts, last, hasMore } = rowsOfPage(raw, memberId, cursor, limit);
  return page(parts, last, hasMore);
}

interface Entry {
  readonly seq: number;
  readonly key: string;
  readonly json: string;
  /** Set only for private rows: what the owner's teammates receive instead. */
  readonly redacted: string | null;
  readonly owner: string | null;
  /** False once the row changed again: its newer version is further on. */
  alive: boolean;
}

/**
 * How much the windows hold. `window`: entries kept per team, the recent changes every browser
 * of the team is about to pull. `catchUp`: a bigger backlog than this (an import) is not worth
 * caching; the window restarts after it. `teams`: windows kept, least recently used dropped.
 * Together they bound the memory at about 20 teams × 10,000 rows × ~0.5 KB = 100 MB.
 */
const limits = { window: 10_000, catchUp: 5_000, teams: 20 };

/** Change the window sizes (tests use tiny ones to exercise trimming and restarts). */
export function setPullWindowLimits(next: Partial<typeof limits>): void {
  Object.assign(limits, next);
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
  coveredFrom: number;
  private lastSeq: number;

  constructor(seq: number) {
    this.coveredFrom = seq;
    this.lastSeq = seq;
  }

  refresh(db: Db, teamId: string): void {
    const raw = stmt(db, PULL_SQL).raw().all(teamId, this.lastSeq, limits.catchUp);
    if (raw.length === 0) return;
    if (raw.length === limits.catchUp) {
      const top = stmt(db, 'SELECT seq FROM teams WHERE id = ?').pluck().get(teamId);
      this.reset(typeof top === 'number' ? top : this.lastSeq);
      return;
    }
    for (const r of raw) {
      const row = toRawRow(r);
      const key = `${row[0]}/${row[1]}`;
      const entry: Entry = {
        seq: row[2],
        key,
        json: fullJson(row),
        redacted: row[5] === null ? null : redactedJson(row),
        owner: row[5],
        alive: true,
      };
      const older = this.byKey.get(key);
      if (older) older.alive = false;
      this.byKey.set(key, entry);
      this.entries.push(entry);
      this.lastSeq = row[2];
    }
    this.trim();
  }

  private reset(seq: number): void {
    this.entries = [];
    this.head = 0;
    this.byKey.clear();
    this.coveredFrom = seq;
    this.lastSeq = seq;
  }

  private trim(): void {
    while (this.entries.length - this.head > limits.window) {
      const oldest = this.entries[this.head] as Entry;
      this.coveredFrom = oldest.seq;
      if (this.byKey.get(oldest.key) === oldest) this.byKey.delete(oldest.key);
      this.head++;
    }
    if (this.head > limits.window) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  read(memberId: string, cursor: number, limit: number): PullPage {
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
      parts.push(e.redacted !== null && e.owner !== memberId ? e.redacted : e.json);
      last = e.seq;
    }
    return page(parts, last, false);
  }
}

const windows = new WeakMap<Db, Map<string, TeamWindow>>();

function windowOf(db: Db, teamId: string): TeamWindow {
  let teams = windows.get(db);
  if (!teams) {
    teams = new Map();
    windows.set(db, teams);
  }
  let w = teams.get(teamId);
  if (w) {
    // Most recently used last, so the least recently used team is the first to go.
    teams.delete(teamId);
  } else {
    const seq = stmt(db, 'SELECT seq FROM teams WHERE id = ?').pluck().get(teamId);
    w = new TeamWindow(typeof seq === 'number' ? seq : 0);
    if (teams.size >= limits.teams) {
      const lru = teams.keys().next().value;
      if (lru !== undefined) teams.delete(lru);
    }
  }
  teams.set(teamId, w);
  return w;
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
    `SELECT tbl, id, seq, fields, deleted, owner_id, kept_stamps FROM rows WHERE team_id = ? AND seq > ? AND seq <= ? AND tbl IN (${marks}) ORDER BY seq LIMIT ?`,
  )
    .raw()
    .all(teamId, cursor, top, ...tables, limit + 1);
  const { parts, last, hasMore } = rowsOfPage(raw, memberId, cursor, limit);
  return { ...page(parts, hasMore ? last : Math.max(last, top), hasMore), top };
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
 * teammates' browsers without its content. Recent changes come from the team's window, older
 * ones (an initial sync) straight from SQLite.
 */
export function pullPage(
  db: Db,
  teamId: string,
  memberId: string,
  cursor: number,
  limit: number,
): PullPage {
  const w = windowOf(db, teamId);
  w.refresh(db, teamId);
  if (cursor >= w.coveredFrom) return w.read(memberId, cursor, limit);
  return pullFromDb(db, teamId, memberId, cursor, limit);
}
