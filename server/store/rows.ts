import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import { z } from 'zod';
import {
  ClientTableSchema,
  type HlcClock,
  HlcDriftError,
  KEEP_LOSING_FIELDS,
  type Mutation,
  mergeMutation,
  parseMutationFields,
  parseOrThrow,
  parseRow,
  type StoredRow,
  type TableName,
  ValidationError,
} from '../../shared/index.ts';
import { HttpFailure } from '../errors.ts';
import { type Db, stmt } from './db.ts';
import { getMember } from './identity.ts';

const KEEP: Readonly<Partial<Record<TableName, readonly string[]>>> = KEEP_LOSING_FIELDS;

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

interface Loaded {
  readonly row: StoredRow;
  readonly ownerId: string | null;
}

function loadRow(db: Db, teamId: string, table: TableName, id: string): Loaded | undefined {
  const raw = stmt(
    db,
    'SELECT fields, stamps, bases, history, owner_id FROM rows WHERE team_id = ? AND tbl = ? AND id = ?',
  ).get(teamId, table, id);
  if (raw === undefined) return undefined;
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

const jsonOrNull = (o: Record<string, unknown> | undefined): string | null =>
  o !== undefined && Object.keys(o).length > 0 ? JSON.stringify(o) : null;

function keptStamps(table: TableName, row: StoredRow): string | null {
  const keep = KEEP[table];
  if (!keep) return null;
  const out: Record<string, string> = {};
  for (const f of keep) {
    const s = row.stamps[f];
    if (s !== undefined) out[f] = s;
  }
  return jsonOrNull(out);
}

/**
 * The clock node every stamp of the row is from (a browser's client id: its stamps end in it),
 * or null when more than one wrote its fields. A browser pulling a row that it wrote wholly
 * itself already holds it as it is (extension/sync/apply.ts).
 */
export function authorOf(stamps: Readonly<Record<string, string>>): string | null {
  let node: string | null = null;
  for (const s of Object.values(stamps)) {
    const n = s.slice(s.lastIndexOf(':') + 1);
    if (node === null) node = n;
    else if (n !== node) return null;
  }
  return node;
}

function writeRow(
  db: Db,
  teamId: string,
  table: TableName,
  row: StoredRow,
  seq: number,
  ownerId: string | null,
  parentId: string | null,
): void {
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
    seq,
    ownerId,
    parentId,
    authorOf(row.stamps),
  );
}

/** Bookkeeping changed but no field did (a replayed edit): no new seq, nothing to pull. */
function writeRowMeta(db: Db, teamId: string, table: TableName, row: StoredRow): void {
  stmt(
    db,
    'UPDATE rows SET stamps = ?, bases = ?, history = ?, author = ? WHERE team_id = ? AND tbl = ? AND id = ?',
  ).run(
    JSON.stringify(row.stamps),
    jsonOrNull(row.bases),
    jsonOrNull(row.history),
    authorOf(row.stamps),
    teamId,
    table,
    row.id,
  );
}

/** Hands out the team's next seq numbers inside one write transaction. */
class SeqCounter {
  private seq: number;
  private readonly start: number;
  constructor(
    private readonly db: Db,
    private readonly teamId: string,
  ) {
    const current = stmt(db, 'SELECT seq FROM teams WHERE id = ?').pluck().get(teamId);
    this.seq = typeof current === 'number' ? current : 0;
    this.start = this.seq;
  }
  next(): number {
    this.seq += 1;
    return this.seq;
  }
  get current(): number {
    return this.seq;
  }
  save(): void {
    if (this.seq !== this.start)
      stmt(this.db, 'UPDATE teams SET seq = ? WHERE id = ?').run(this.seq, this.teamId);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of the revision that keeps a losing note text: derived from the note and the text's
 * clock stamp, so the same loss found twice (a retried or replayed push) is stored once.
 * It is a valid ULID whose time part is the stamp's wall time.
 */
export function revisionId(noteId: string, hlc: string): string {
  const wall = Number(hlc.slice(0, 15));
  const time = encodeTime(Number.isSafeInteger(wall) && wall >= 0 && wall < 2 ** 48 ? wall : 0, 10);
  const digest = createHash('sha256').update(`${noteId}\u0000${hlc}`).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) & 31];
  return time + random;
}

export interface PushContext {
  readonly teamId: string;
  readonly memberId: string;
  readonly clock: HlcClock;
  readonly now: number;
}

export interface PushOutcome {
  readonly acked: string[];
  /** The team's seq after the push: unchanged if nothing changed. */
  readonly seq: number;
  readonly changed: boolean;
  readonly tablesChanged: ReadonlySet<TableName>;
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The rules a note write must keep beyond its schema: a note is written in its author's name,
 * only the author edits a private note or changes who may see it, and nobody takes a note over.
 */
function checkNoteWrite(
  existing: StoredRow | undefined,
  fields: Record<string, unknown>,
  memberId: string,
  prefix: string,
): void {
  const author = asString(existing?.fields.authorId);
  if (existing === undefined || author === undefined) {
    if ('authorId' in fields && fields.authorId !== memberId) {
      throw new HttpFailure(
        403,
        'forbidden',
        `${prefix}.fields.authorId: a new note must be written by you (${memberId})`,
        `${prefix}.fields.authorId`,
      );
    }
    return;
  }
  if (author === memberId) {
    if ('authorId' in fields && fields.authorId !== memberId) {
      throw new HttpFailure(
        403,
        'forbidden',
        `${prefix}.fields.authorId: a note's author cannot be changed`,
        `${prefix}.fields.authorId`,
      );
    }
    return;
  }
  if (existing.fields.visibility === 'private') {
    throw new HttpFailure(
      403,
      'forbidden',
      `${prefix}.id: a private note can be edited only by its author`,
      `${prefix}.id`,
    );
  }
  if ('authorId' in fields && fields.authorId !== author) {
    throw new HttpFailure(
      403,
      'forbidden',
      `${prefix}.fields.authorId: a note's author cannot be changed`,
      `${prefix}.fields.authorId`,
    );
  }
  if ('visibility' in fields && fields.visibility !== (existing.fields.visibility ?? 'team')) {
    throw new HttpFailure(
      403,
      'forbidden',
      `${prefix}.fields.visibility: only the note's author can change who sees it`,
      `${prefix}.fields.visibility`,
    );
  }
}

/** Fields that name a member of the team: a row may not point at someone outside it. */
const MEMBER_FIELDS: Partial<Record<TableName, readonly string[]>> = {
  accounts: ['ownerId'],
  tasks: ['assigneeId'],
  action_decisions: ['decidedBy'],
};

/**
 * Who a write may name: a decision is recorded in the name of the member who made it (as a note
 * is written in its author's), and an owner or assignee must be someone in the team. A rep may
 * assign a task to a teammate, so only `decidedBy` is tied to the pusher.
 */
function checkMemberFields(
  db: Db,
  ctx: { teamId: string; memberId: string },
  table: TableName,
  fields: Record<string, unknown>,
  prefix: string,
): void {
  for (const name of MEMBER_FIELDS[table] ?? []) {
    const value = fields[name];
    if (typeof value !== 'string') continue;
    const field = `${prefix}.fields.${name}`;
    if (name === 'decidedBy' && value !== ctx.memberId) {
      throw new HttpFailure(
        403,
        'forbidden',
        `${field}: a decision must be recorded by you (${ctx.memberId})`,
        field,
      );
    }
    if (!getMember(db, ctx.teamId, value)) {
      throw new HttpFailure(
        400,
        'invalid_input',
        `${field}: ${value} is not a member of this team`,
        field,
      );
    }
  }
}

const noteOwner = (fields: Record<string, unknown>): string | null =>
  fields.visibility === 'private' ? (asString(fields.authorId) ?? null) : null;

/** Re-key a whole-row error from `notes.body` to `mutations[3].fields.body`. */
function rowError(error: ValidationError, table: string, prefix: string): ValidationError {
  const field = error.field?.startsWith(`${table}.`)
    ? `${prefix}.fields.${error.field.slice(table.length + 1)}`
    : `${prefix}.fields`;
  const text =
    error.field && error.message.startsWith(error.field)
      ? error.message.slice(error.field.length)
      : `: ${error.message}`;
  return new ValidationError(`${field}${text}`, field);
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

export type GroupResult = { ok: true; outcome: PushOutcome } | { ok: false; error: unknown };

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
  const seq = new SeqCounter(db, ctx.teamId);
  const acked: string[] = [];
  const tablesChanged = new Set<TableName>();
  // One statement both records the id and tells a retry apart: no row inserted means the
  // mutation was applied before. If the batch fails, the rollback forgets the id again.
  const markApplied = stmt(
    db,
    'INSERT INTO applied_mutations (team_id, mutation_id, applied_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );

  mutations.forEach((m, i) => {
    const prefix = `mutations[${i}]`;
    if (markApplied.run(ctx.teamId, m.mutationId, ctx.now).changes === 0) {
      acked.push(m.mutationId);
      return;
    }
    const table = parseOrThrow(ClientTableSchema, m.table, `${prefix}.table`);
    const fields = parseMutationFields(table, m.fields, `${prefix}.fields`);
    try {
      ctx.clock.receive(m.hlc);
    } catch (error) {
      if (error instanceof HlcDriftError)
        throw new ValidationError(`${prefix}.hlc: ${error.message}`, `${prefix}.hlc`);
      throw error;
    }
    const existing = loadRow(db, ctx.teamId, table, m.id);
    if (table === 'notes') checkNoteWrite(existing?.row, fields, ctx.memberId, prefix);
    checkMemberFields(db, ctx, table, fields, prefix);

    const input =
      m.base === undefined
        ? { id: m.id, hlc: m.hlc, fields }
        : { id: m.id, hlc: m.hlc, fields, base: m.base };
    const result = mergeMutation(existing?.row, input, KEEP[table]);

    if (result.changed.length > 0 || existing === undefined) {
      // A tombstone need not be a complete row: a client may delete a row it never pushed whole.
      if (result.row.fields.deleted !== true) {
        try {
          parseRow(table, m.id, result.row.fields);
        } catch (error) {
          if (error instanceof ValidationError) throw rowError(error, table, prefix);
          throw error;
        }
      }
      const ownerId = table === 'notes' ? noteOwner(result.row.fields) : null;
      writeRow(db, ctx.teamId, table, result.row, seq.next(), ownerId, null);
      tablesChanged.add(table);
      if (table === 'notes' && existing !== undefined && existing.ownerId !== ownerId) {
        restampRevisions(db, ctx.teamId, m.id, ownerId, seq);
      }
    } else if (result.row !== existing.row) {
      writeRowMeta(db, ctx.teamId, table, result.row);
    }

    if (table === 'notes' && (result.losing.length > 0 || result.retracted.length > 0)) {
      const ownerId = noteOwner(result.row.fields);
      for (const loss of result.losing) {
        if (
          keepRevision(
            db,
            ctx,
            m.id,
            loss,
            loss.hlc === m.hlc ? ctx.memberId : undefined,
            ownerId,
            seq,
          )
        ) {
          tablesChanged.add('note_revisions');
        }
      }
      for (const r of result.retracted) {
        if (r.field === 'body' && withdrawRevision(db, ctx, revisionId(m.id, r.hlc), seq)) {
          tablesChanged.add('note_revisions');
        }
      }
    }
    acked.push(m.mutationId);
  });
  seq.save();
  return { acked, seq: seq.current, changed: tablesChanged.size > 0, tablesChanged };
}

/** A note changed who may see it: its revisions follow, with new seqs so every browser hears. */
function restampRevisions(
  db: Db,
  teamId: string,
  noteId: string,
  ownerId: string | null,
  seq: SeqCounter,
): void {
  const ids = z
    .array(z.string())
    .parse(
      stmt(db, "SELECT id FROM rows WHERE team_id = ? AND tbl = 'note_revisions' AND parent_id = ?")
        .pluck()
        .all(teamId, noteId),
    );
  const update = stmt(
    db,
    "UPDATE rows SET owner_id = ?, seq = ? WHERE team_id = ? AND tbl = 'note_revisions' AND id = ?",
  );
  for (const id of ids) update.run(ownerId, seq.next(), teamId, id);
}

function keepRevision(
  db: Db,
  ctx: PushContext,
  noteId: string,
  loss: { field: string; value: unknown; hlc: string },
  authorId: string | undefined,
  ownerId: string | null,
  seq: SeqCounter,
): boolean {
  if (loss.field !== 'body' || typeof loss.value !== 'string') return false;
  const id = revisionId(noteId, loss.hlc);
  const exists = stmt(
    db,
    "SELECT 1 FROM rows WHERE team_id = ? AND tbl = 'note_revisions' AND id = ?",
  )
    .pluck()
    .get(ctx.teamId, id);
  if (exists !== undefined) return false;
  const fields: Record<string, unknown> = {
    createdAt: ctx.now,
    deleted: false,
    noteId,
    body: loss.value,
    hlc: loss.hlc,
  };
  if (authorId !== undefined) fields.authorId = authorId;
  parseRow('note_revisions', id, fields);
  const stamp = ctx.clock.tick();
  const stamps = Object.fromEntries(Object.keys(fields).map((k) => [k, stamp]));
  writeRow(db, ctx.teamId, 'note_revisions', { id, fields, stamps }, seq.next(), ownerId, noteId);
  return true;
}

/**
 * A revision whose text turned out to live on in a later edit (someone had built on it) is
 * redundant: tombstone it, so browsers stop offering it as lost text.
 */
function withdrawRevision(db: Db, ctx: PushContext, id: string, seq: SeqCounter): boolean {
  const existing = loadRow(db, ctx.teamId, 'note_revisions', id);
  if (!existing || existing.row.fields.deleted === true) return false;
  const stamp = ctx.clock.tick();
  const row: StoredRow = {
    id,
    fields: { ...existing.row.fields, deleted: true },
    stamps: { ...existing.row.stamps, deleted: stamp },
  };
  const parent = asString(existing.row.fields.noteId) ?? null;
  writeRow(db, ctx.teamId, 'note_revisions', row, seq.next(), existing.ownerId, parent);
  return true;
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
    const seq = new SeqCounter(db, teamId);
    for (const r of rows) {
      const stamp = clock.tick();
      const stamps = Object.fromEntries(Object.keys(r.fields).map((k) => [k, stamp]));
      writeRow(db, teamId, table, { id: r.id, fields: r.fields, stamps }, seq.next(), null, null);
    }
    seq.save();
    return seq.current;
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
