import { z } from 'zod';
import type { HlcClock, Mutation, StoredRow, TableName } from '../../shared/index.ts';
import { type Db, stmt } from './db.ts';
import { getMember } from './identity.ts';
import {
  authorOf,
  type GroupResult,
  jsonOrNull,
  keptStamps,
  type Loaded,
  type PushContext,
  type PushOp,
  type PushOutcome,
  pushSteps,
  type RowWrite,
  runSync,
  serverRowWrites,
  stampsOf,
  stampsText,
} from './push-core.ts';

export type { GroupResult, PushContext, PushOutcome } from './push-core.ts';
export { authorOf, revisionId } from './push-core.ts';

const Fields = z.record(z.string(), z.unknown());
const Stamps = z.record(z.string(), z.string());

const FieldHistory = z.object({ texts: z.array(z.string()), builtOn: z.array(z.string()) });
const History = z.record(z.string(), FieldHistory);

const StoredRowColumns = z.object({
  fields: z.string(),
  stamps: z.string(),
  bases: z.string().nullable(),
  history: z.string().nullable(),
  owner_id: z.string().nullable(),
});

/** A stored row from its columns (both stores keep the same JSON texts). */
export function loadedFromColumns(id: string, raw: unknown): Loaded {
  return plainLoaded(id, raw) ?? parsedLoaded(id, raw);
}

/**
 * The stored row as parsedLoaded would return it, checked directly rather than by four schemas
 * that copy every map: the shapes the stores write (JSON objects; text stamps; histories of two
 * text lists). Undefined for anything else, which parsedLoaded then checks (and refuses) itself.
 */
function plainLoaded(id: string, raw: unknown): Loaded | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const cols = raw as Record<string, unknown>;
  const { fields, stamps, bases, history, owner_id: ownerId } = cols;
  if (typeof fields !== 'string' || typeof stamps !== 'string') return undefined;
  if (!textOrNull(bases) || !textOrNull(history) || !textOrNull(ownerId)) return undefined;
  const parsedFields: unknown = JSON.parse(fields);
  const parsedStamps: unknown = JSON.parse(stamps);
  if (!isMap(parsedFields) || !isTextMap(parsedStamps)) return undefined;
  const row: StoredRow = { id, fields: parsedFields, stamps: stampsOf(parsedStamps) };
  if (bases !== null) {
    row.bases = JSON.parse(bases);
    if (!isTextMap(row.bases)) return undefined;
  }
  if (history !== null) {
    row.history = JSON.parse(history);
    if (!isHistory(row.history)) return undefined;
  }
  return { row, ownerId };
}

const textOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** A JSON object that a record schema would copy whole: zod's records drop a `__proto__` key. */
const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  Object.getPrototypeOf(v) === Object.prototype &&
  !Object.hasOwn(v, '__proto__');

const isTexts = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

function isTextMap(v: unknown): v is Record<string, string> {
  if (!isMap(v)) return false;
  for (const key in v) if (typeof v[key] !== 'string') return false;
  return true;
}

function isHistory(v: unknown): v is Record<string, z.infer<typeof FieldHistory>> {
  if (!isMap(v)) return false;
  for (const key in v) {
    const h = v[key];
    // Exactly the two lists: FieldHistory would drop any other key.
    if (!isMap(h) || Object.keys(h).length !== 2 || !isTexts(h.texts) || !isTexts(h.builtOn)) {
      return false;
    }
  }
  return true;
}

function parsedLoaded(id: string, raw: unknown): Loaded {
  const cols = StoredRowColumns.parse(raw);
  const row: StoredRow = {
    id,
    fields: Fields.parse(JSON.parse(cols.fields)),
    stamps: stampsOf(Stamps.parse(JSON.parse(cols.stamps))),
  };
  if (cols.bases !== null) row.bases = Stamps.parse(JSON.parse(cols.bases));
  if (cols.history !== null) row.history = History.parse(JSON.parse(cols.history));
  return { row, ownerId: cols.owner_id };
}

function loadRow(db: Db, teamId: string, table: TableName, id: string): Loaded | undefined {
  const raw = stmt(
    db,
    'SELECT fields, stamps, bases, history, owner_id FROM rows WHERE team_id = ? AND tbl = ? AND id = ?',
  ).get(teamId, table, id);
  return raw === undefined ? undefined : loadedFromColumns(id, raw);
}

function writeRow(db: Db, teamId: string, w: RowWrite): void {
  const { table, row } = w;
  stmt(
    db,
    `INSERT INTO rows (team_id, tbl, id, fields, stamps, bases, history, kept_stamps, deleted, seq, owner_id, parent_id, author)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, tbl, id) DO UPDATE SET
       fields = excluded.fields, stamps = excluded.stamps, bases = excluded.bases,
       history = excluded.history, kept_stamps = excluded.kept_stamps, deleted = excluded.deleted,
       seq = excluded.seq, owner_id = excluded.owner_id, parent_id = excluded.parent_id,
       author = excluded.author`,
  ).run(
    teamId,
    table,
    row.id,
    JSON.stringify(row.fields),
    stampsText(row.stamps),
    jsonOrNull(row.bases),
    jsonOrNull(row.history),
    keptStamps(table, row),
    row.fields.deleted === true ? 1 : 0,
    w.seq,
    w.ownerId,
    w.parentId,
    authorOf(row.stamps),
  );
}

/**
 * What a push's first two statements found out for all of its mutations at once, instead of two
 * statements per mutation: the ids they newly recorded, and the rows they name as stored then.
 * The steps ask in mutation order; each stored row is handed out once, and any write to a row
 * drops it, so a row asked for again (two mutations of one row) is read from the database.
 */
interface Prefetched {
  /** Mutation ids recorded by this push: the first ask for one answers true, later ones false. */
  readonly fresh: Set<string>;
  /** Every mutation id of the push: one not in `fresh` was recorded before (a retry). */
  readonly ids: ReadonlySet<string>;
  /** By table, then id: undefined for a row not stored. */
  readonly stored: Map<string, Map<string, Loaded | undefined>>;
}

/** The prefetched rows of a table, made on first use. */
function storedOf(pre: Prefetched, table: string): Map<string, Loaded | undefined> {
  let rows = pre.stored.get(table);
  if (!rows) {
    rows = new Map();
    pre.stored.set(table, rows);
  }
  return rows;
}

function prefetch(db: Db, ctx: PushContext, mutations: readonly Mutation[]): Prefetched {
  const ids = mutations.map((m) => m.mutationId);
  // `WHERE true` keeps ON CONFLICT from being read as part of the SELECT's join.
  const recorded = stmt(
    db,
    `INSERT INTO applied_mutations (team_id, mutation_id, applied_at)
     SELECT ?, value, ? FROM json_each(?) WHERE true
     ON CONFLICT DO NOTHING RETURNING mutation_id`,
  )
    .pluck()
    .all(ctx.teamId, ctx.now, JSON.stringify(ids));
  const pre: Prefetched = {
    fresh: new Set(recorded.map(String)),
    ids: new Set(ids),
    stored: new Map(),
  };
  for (const m of mutations) storedOf(pre, m.table).set(m.id, undefined);
  const found = stmt(
    db,
    // CROSS JOIN: one index search per pair; the planner would otherwise scan the team's rows.
    `SELECT r.tbl, r.id, r.fields, r.stamps, r.bases, r.history, r.owner_id
     FROM json_each(?) AS j CROSS JOIN rows AS r
       ON r.team_id = ? AND r.tbl = j.value ->> 0 AND r.id = j.value ->> 1`,
  ).all(JSON.stringify(mutations.map((m) => [m.table, m.id])), ctx.teamId);
  for (const raw of found) {
    const { tbl, id } = raw as { tbl: unknown; id: unknown };
    storedOf(pre, String(tbl)).set(String(id), loadedFromColumns(String(id), raw));
  }
  return pre;
}

/** Answers the push steps' reads and writes on this connection, inside its transaction. */
function answer(db: Db, ctx: PushContext, pre: Prefetched, op: PushOp): unknown {
  const teamId = ctx.teamId;
  switch (op.op) {
    case 'markApplied':
      if (pre.fresh.delete(op.mutationId)) return true;
      if (pre.ids.has(op.mutationId)) return false;
      return (
        stmt(
          db,
          'INSERT INTO applied_mutations (team_id, mutation_id, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        ).run(teamId, op.mutationId, ctx.now).changes > 0
      );
    case 'load': {
      const rows = pre.stored.get(op.table);
      if (rows?.has(op.id)) {
        const loaded = rows.get(op.id);
        rows.delete(op.id);
        return loaded;
      }
      return loadRow(db, teamId, op.table, op.id);
    }
    case 'isMember':
      return getMember(db, teamId, op.memberId) !== undefined;
    case 'write':
      pre.stored.get(op.table)?.delete(op.row.id);
      return writeRow(db, teamId, op);
    case 'writeMeta':
      pre.stored.get(op.table)?.delete(op.row.id);
      return stmt(
        db,
        'UPDATE rows SET stamps = ?, bases = ?, history = ?, author = ? WHERE team_id = ? AND tbl = ? AND id = ?',
      ).run(
        stampsText(op.row.stamps),
        jsonOrNull(op.row.bases),
        jsonOrNull(op.row.history),
        authorOf(op.row.stamps),
        teamId,
        op.table,
        op.row.id,
      );
    case 'revisionIds':
      return z
        .array(z.string())
        .parse(
          stmt(
            db,
            "SELECT id FROM rows WHERE team_id = ? AND tbl = 'note_revisions' AND parent_id = ?",
          )
            .pluck()
            .all(teamId, op.noteId),
        );
    case 'restamp':
      pre.stored.get('note_revisions')?.delete(op.id);
      return stmt(
        db,
        "UPDATE rows SET owner_id = ?, seq = ? WHERE team_id = ? AND tbl = 'note_revisions' AND id = ?",
      ).run(op.ownerId, op.seq, teamId, op.id);
    case 'revisionExists':
      return (
        stmt(db, "SELECT 1 FROM rows WHERE team_id = ? AND tbl = 'note_revisions' AND id = ?")
          .pluck()
          .get(teamId, op.id) !== undefined
      );
  }
}

/**
 * How long a pushed mutation's id is remembered. The ids make a retried push (its answer lost on
 * the way back) a no-op; a browser retries within seconds, and even a stale retry merges by its
 * stamp without effect, so ids need not be kept forever.
 */
export const MUTATION_ID_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Forget mutation ids older than the retention; returns how many were dropped. */
export function pruneAppliedMutations(
  db: Db,
  now: number,
  retentionMs = MUTATION_ID_RETENTION_MS,
): number {
  return stmt(db, 'DELETE FROM applied_mutations WHERE applied_at < ?').run(now - retentionMs)
    .changes;
}

/**
 * Apply a batch of mutations in one transaction: every mutation is checked and merged, or
 * none is (the first bad one throws and the transaction rolls back). Mutation ids already
 * applied are acknowledged again without effect.
 */
export function applyPush(db: Db, ctx: PushContext, mutations: readonly Mutation[]): PushOutcome {
  return db.transaction(() => applyInTransaction(db, ctx, mutations)).immediate();
}

/**
 * Several pushes (from different browsers) in one transaction, each inside its own savepoint:
 * a bad push rolls back alone and reports its error, the others commit together. One COMMIT,
 * so one fsync, for the whole group: this is what lets many browsers push at once.
 */
export function applyPushGroup(
  db: Db,
  pushes: readonly { ctx: PushContext; mutations: readonly Mutation[] }[],
): GroupResult[] {
  const one = db.transaction((ctx: PushContext, mutations: readonly Mutation[]) =>
    applyInTransaction(db, ctx, mutations),
  );
  return db
    .transaction(() =>
      pushes.map((p): GroupResult => {
        try {
          // Called inside a transaction, better-sqlite3 runs this as a savepoint.
          return { ok: true, outcome: one(p.ctx, p.mutations) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    )
    .immediate();
}

function applyInTransaction(db: Db, ctx: PushContext, mutations: readonly Mutation[]): PushOutcome {
  const start = teamSeq(db, ctx.teamId);
  const pre = prefetch(db, ctx, mutations);
  const outcome = runSync(pushSteps(ctx, mutations, start), (op) => answer(db, ctx, pre, op));
  if (outcome.seq !== start) {
    stmt(db, 'UPDATE teams SET seq = ? WHERE id = ?').run(outcome.seq, ctx.teamId);
  }
  return outcome;
}

/** Every live row of a table, parsed fields: the inputs of the team's segmentation. */
export function liveRows(
  db: Db,
  teamId: string,
  table: TableName,
): { id: string; fields: Record<string, unknown> }[] {
  const raw = stmt(db, 'SELECT id, fields FROM rows WHERE team_id = ? AND tbl = ? AND deleted = 0')
    .raw()
    .all(teamId, table);
  const Tuple = z.tuple([z.string(), z.string()]);
  return raw.map((r) => {
    const [id, fields] = Tuple.parse(r);
    return { id, fields: Fields.parse(JSON.parse(fields)) };
  });
}

/** Stored server-authored rows of a table (id → fields JSON text), tombstones included. */
export function storedFieldsText(db: Db, teamId: string, table: TableName): Map<string, string> {
  const raw = stmt(db, 'SELECT id, fields FROM rows WHERE team_id = ? AND tbl = ?')
    .raw()
    .all(teamId, table);
  const Tuple = z.tuple([z.string(), z.string()]);
  const out = new Map<string, string>();
  for (const r of raw) {
    const [id, fields] = Tuple.parse(r);
    out.set(id, fields);
  }
  return out;
}

/**
 * Write server-authored rows (e.g. account insights) in one transaction, each with a new seq
 * and every field stamped now. Returns the team's seq afterwards.
 */
export function writeServerRows(
  db: Db,
  teamId: string,
  table: TableName,
  rows: readonly { id: string; fields: Record<string, unknown> }[],
  clock: HlcClock,
): number {
  const run = db.transaction((): number => {
    const start = teamSeq(db, teamId);
    for (const w of serverRowWrites(table, rows, clock, start)) writeRow(db, teamId, w);
    const seq = start + rows.length;
    if (seq !== start) stmt(db, 'UPDATE teams SET seq = ? WHERE id = ?').run(seq, teamId);
    return seq;
  });
  return run.immediate();
}

/**
 * The latest clock stamp on any field of the team's rows of these tables: a writer outside a
 * browser (the import command) lets its clock receive it first, so its edits order after every
 * edit already stored and win over them, as a browser's do after it pulled.
 */
export function latestStamp(
  db: Db,
  teamId: string,
  tables: readonly TableName[],
): string | undefined {
  const marks = tables.map(() => '?').join(',');
  const max = stmt(
    db,
    `SELECT max(s.value) FROM rows, json_each(rows.stamps) AS s WHERE rows.team_id = ? AND rows.tbl IN (${marks})`,
  )
    .pluck()
    .get(teamId, ...tables);
  return typeof max === 'string' ? max : undefined;
}

export function teamSeq(db: Db, teamId: string): number {
  const seq = stmt(db, 'SELECT seq FROM teams WHERE id = ?').pluck().get(teamId);
  return typeof seq === 'number' ? seq : 0;
}
