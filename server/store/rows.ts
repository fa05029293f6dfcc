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
  const cols = StoredRowColumns.parse(raw);
  const row: StoredRow = {
    id,
    fields: Fields.parse(JSON.parse(cols.fields)),
    stamps: Stamps.parse(JSON.parse(cols.stamps)),
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
    JSON.stringify(row.stamps),
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

/** Answers the push steps' reads and writes on this connection, inside its transaction. */
function answer(db: Db, ctx: PushContext, op: PushOp): unknown {
  const teamId = ctx.teamId;
  switch (op.op) {
    case 'markApplied':
      return (
        stmt(
          db,
          'INSERT INTO applied_mutations (team_id, mutation_id, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        ).run(teamId, op.mutationId, ctx.now).changes > 0
      );
    case 'load':
      return loadRow(db, teamId, op.table, op.id);
    case 'isMember':
      return getMember(db, teamId, op.memberId) !== undefined;
    case 'write':
      return writeRow(db, teamId, op);
    case 'writeMeta':
      return stmt(
        db,
        'UPDATE rows SET stamps = ?, bases = ?, history = ?, author = ? WHERE team_id = ? AND tbl = ? AND id = ?',
      ).run(
        JSON.stringify(op.row.stamps),
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
  const outcome = runSync(pushSteps(ctx, mutations, start), (op) => answer(db, ctx, op));
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
