/**
 * What a push does, written once for both stores. The steps are a generator that asks for each
 * read and write it needs (a `PushOp`) and receives the answer: the SQLite store answers
 * synchronously inside one better-sqlite3 transaction, the PostgreSQL store asynchronously inside
 * one SQL transaction. The rules (who may write what, how rows merge, which losing texts are kept)
 * therefore exist in one place, whichever database holds the rows.
 */
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
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
  parseWholeRow,
  type StoredRow,
  type TableName,
  ValidationError,
} from '../../shared/index.ts';
import { HttpFailure } from '../errors.ts';

export const KEEP: Readonly<Partial<Record<TableName, readonly string[]>>> = KEEP_LOSING_FIELDS;

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

export type GroupResult = { ok: true; outcome: PushOutcome } | { ok: false; error: unknown };

/** A stored row with who may read it. */
export interface Loaded {
  readonly row: StoredRow;
  readonly ownerId: string | null;
}

/** A row to store under a new seq. */
export interface RowWrite {
  readonly table: TableName;
  readonly row: StoredRow;
  readonly seq: number;
  readonly ownerId: string | null;
  readonly parentId: string | null;
}

/**
 * The reads and writes a push asks its store for, each with the answer it expects (the `R` of
 * `Ask<R>`). All are scoped to the pushing team.
 */
export type PushOp =
  /** Record a mutation id; answers false when it was recorded before (a retry). */
  | { readonly op: 'markApplied'; readonly mutationId: string }
  /** Answers the stored row, or undefined. */
  | { readonly op: 'load'; readonly table: TableName; readonly id: string }
  /** Answers whether the member belongs to the team. */
  | { readonly op: 'isMember'; readonly memberId: string }
  | ({ readonly op: 'write' } & RowWrite)
  /** Bookkeeping changed but no field did (a replayed edit): no new seq, nothing to pull. */
  | { readonly op: 'writeMeta'; readonly table: TableName; readonly row: StoredRow }
  /** Answers the ids of a note's revisions. */
  | { readonly op: 'revisionIds'; readonly noteId: string }
  /** A revision follows its note's visibility, under a new seq. */
  | {
      readonly op: 'restamp';
      readonly id: string;
      readonly ownerId: string | null;
      readonly seq: number;
    }
  /** Answers whether a revision with this id exists. */
  | { readonly op: 'revisionExists'; readonly id: string };

/** The steps of one push: yields ops, is resumed with their answers, returns the outcome. */
export type PushSteps = Generator<PushOp, PushOutcome, unknown>;

type Ask<R> = Generator<PushOp, R, unknown>;

// The store answers each op with the type documented on it; this is the one place that relies on it.
function* ask<R>(op: PushOp): Ask<R> {
  return (yield op) as R;
}

/** Run push steps against a store that answers synchronously (SQLite). */
export function runSync<T>(
  steps: Generator<PushOp, T, unknown>,
  answer: (op: PushOp) => unknown,
): T {
  let next = steps.next();
  while (!next.done) next = steps.next(answer(next.value));
  return next.value;
}

/** Run push steps against a store that answers asynchronously (PostgreSQL). */
export async function runAsync<T>(
  steps: Generator<PushOp, T, unknown>,
  answer: (op: PushOp) => Promise<unknown>,
): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await answer(next.value));
  return next.value;
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

/**
 * The stamps column's text. A mutation stamps every field it writes with its one clock stamp, so a
 * row's stamps are mostly a few stamps repeated: fields that share one are stored under a single
 * key, their names joined by commas (`{"kind,body,at":"…:a1","nextStep":"…:b2"}`; each field is
 * under exactly one key). That is about half the bytes a note row writes, and a push of
 * 10,000 notes spends less of its time writing them (docs/scaling.md). A row whose stamps all
 * differ is written as plain `{"field":"stamp"}`, which is also how every row written before this
 * reads: a key without a comma names one field. Both stores and every reader of the column go
 * through stampsText and stampsOf; `max(value)` over the column's values still finds the latest
 * stamp.
 */
export function stampsText(stamps: Readonly<Record<string, string>>): string {
  const fields = Object.keys(stamps);
  for (const field of fields) {
    // Field names come from the tables' schemas, none of which has a comma (a unit test keeps it so).
    if (field.includes(',')) throw new Error(`field name with a comma cannot be stored: ${field}`);
  }
  // Most rows: written by one mutation, one stamp throughout.
  const first = fields.length > 0 ? stamps[fields[0] as string] : undefined;
  if (first !== undefined && fields.every((f) => stamps[f] === first)) {
    return `{${JSON.stringify(fields.join(','))}:${JSON.stringify(first)}}`;
  }
  const byStamp = new Map<string, string[]>();
  for (const field of fields) {
    const stamp = stamps[field] as string;
    const same = byStamp.get(stamp);
    if (same) same.push(field);
    else byStamp.set(stamp, [field]);
  }
  const out: Record<string, string> = {};
  for (const [stamp, same] of byStamp) out[same.join(',')] = stamp;
  return JSON.stringify(out);
}

/** A row's stamps from the column's parsed text (see stampsText): one entry per field. */
export function stampsOf(stored: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in stored) {
    const stamp = stored[key] as string;
    if (!key.includes(',')) {
      out[key] = stamp;
      continue;
    }
    for (const field of key.split(',')) {
      // Assigning it would replace the object's prototype instead of storing a stamp.
      if (field === '__proto__') throw new Error('stored stamps name __proto__');
      out[field] = stamp;
    }
  }
  return out;
}

export const jsonOrNull = (o: Record<string, unknown> | undefined): string | null =>
  o !== undefined && Object.keys(o).length > 0 ? JSON.stringify(o) : null;

/** The stamps of a row's kept fields, sent with pulled rows so an editor can name its base. */
export function keptStamps(table: TableName, row: StoredRow): string | null {
  const keep = KEEP[table];
  if (!keep) return null;
  const out: Record<string, string> = {};
  for (const f of keep) {
    const s = row.stamps[f];
    if (s !== undefined) out[f] = s;
  }
  return jsonOrNull(out);
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
      refuse(prefix, 'fields.authorId', `a new note must be written by you (${memberId})`);
    }
    return;
  }
  if (author === memberId) {
    if ('authorId' in fields && fields.authorId !== memberId) {
      refuse(prefix, 'fields.authorId', "a note's author cannot be changed");
    }
    return;
  }
  if (existing.fields.visibility === 'private') {
    refuse(prefix, 'id', 'a private note can be edited only by its author');
  }
  if ('authorId' in fields && fields.authorId !== author) {
    refuse(prefix, 'fields.authorId', "a note's author cannot be changed");
  }
  if ('visibility' in fields && fields.visibility !== (existing.fields.visibility ?? 'team')) {
    refuse(prefix, 'fields.visibility', "only the note's author can change who sees it");
  }
}

// Module-level rather than a closure per note checked: under tsx every function made at run
// time also goes through a naming call (esbuild's keepNames).
function refuse(prefix: string, field: string, why: string): never {
  throw new HttpFailure(403, 'forbidden', `${prefix}.${field}: ${why}`, `${prefix}.${field}`);
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
function* checkMemberFields(
  ctx: PushContext,
  table: TableName,
  fields: Record<string, unknown>,
  prefix: string,
): Ask<void> {
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
    if (!(yield* ask<boolean>({ op: 'isMember', memberId: value }))) {
      throw new HttpFailure(
        400,
        'invalid_input',
        `${field}: ${value} is not a member of this team`,
        field,
      );
    }
  }
}

export const noteOwner = (fields: Record<string, unknown>): string | null =>
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

/** Hands out the team's next seq numbers within one push. */
class SeqCounter {
  constructor(private seq: number) {}
  next(): number {
    this.seq += 1;
    return this.seq;
  }
  get current(): number {
    return this.seq;
  }
}

/**
 * The steps of one push, starting from the team's stored seq: every mutation is checked and
 * merged, or the first bad one throws (and the store rolls the push back). Mutation ids already
 * applied are acknowledged again without effect. The store saves `outcome.seq` as the team's.
 */
export function* pushSteps(
  ctx: PushContext,
  mutations: readonly Mutation[],
  startSeq: number,
): PushSteps {
  const seq = new SeqCounter(startSeq);
  const acked: string[] = [];
  const tablesChanged = new Set<TableName>();

  for (const [i, m] of mutations.entries()) {
    const prefix = `mutations[${i}]`;
    // One step both records the id and tells a retry apart; a failed push forgets it again.
    if (!(yield* ask<boolean>({ op: 'markApplied', mutationId: m.mutationId }))) {
      acked.push(m.mutationId);
      continue;
    }
    const table = parseOrThrow(ClientTableSchema, m.table, `${prefix}.table`);
    // A mutation holding a whole row (a new row, mostly) is checked whole, in one schema run.
    const whole = parseWholeRow(table, m.id, m.fields);
    const fields = whole ?? parseMutationFields(table, m.fields, `${prefix}.fields`);
    try {
      ctx.clock.receive(m.hlc);
    } catch (error) {
      if (error instanceof HlcDriftError)
        throw new ValidationError(`${prefix}.hlc: ${error.message}`, `${prefix}.hlc`);
      throw error;
    }
    const existing = yield* ask<Loaded | undefined>({ op: 'load', table, id: m.id });
    if (table === 'notes') checkNoteWrite(existing?.row, fields, ctx.memberId, prefix);
    if (MEMBER_FIELDS[table] !== undefined) yield* checkMemberFields(ctx, table, fields, prefix);

    const input =
      m.base === undefined
        ? { id: m.id, hlc: m.hlc, fields }
        : { id: m.id, hlc: m.hlc, fields, base: m.base };
    const result = mergeMutation(existing?.row, input, KEEP[table]);

    if (result.changed.length > 0 || existing === undefined) {
      // A tombstone need not be a complete row: a client may delete a row it never pushed whole.
      // A new row made of a whole row's fields passed the row's schema already (parseWholeRow).
      if (result.row.fields.deleted !== true && (existing !== undefined || whole === undefined)) {
        try {
          parseRow(table, m.id, result.row.fields);
        } catch (error) {
          if (error instanceof ValidationError) throw rowError(error, table, prefix);
          throw error;
        }
      }
      const ownerId = table === 'notes' ? noteOwner(result.row.fields) : null;
      yield { op: 'write', table, row: result.row, seq: seq.next(), ownerId, parentId: null };
      tablesChanged.add(table);
      if (table === 'notes' && existing !== undefined && existing.ownerId !== ownerId) {
        // A note changed who may see it: its revisions follow, with new seqs so every browser hears.
        for (const id of yield* ask<string[]>({ op: 'revisionIds', noteId: m.id })) {
          yield { op: 'restamp', id, ownerId, seq: seq.next() };
        }
      }
    } else if (result.row !== existing.row) {
      yield { op: 'writeMeta', table, row: result.row };
    }

    if (table === 'notes' && (result.losing.length > 0 || result.retracted.length > 0)) {
      const ownerId = noteOwner(result.row.fields);
      for (const loss of result.losing) {
        const author = loss.hlc === m.hlc ? ctx.memberId : undefined;
        if (yield* keepRevision(ctx, m.id, loss, author, ownerId, seq)) {
          tablesChanged.add('note_revisions');
        }
      }
      for (const r of result.retracted) {
        if (r.field === 'body' && (yield* withdrawRevision(ctx, revisionId(m.id, r.hlc), seq))) {
          tablesChanged.add('note_revisions');
        }
      }
    }
    acked.push(m.mutationId);
  }
  return { acked, seq: seq.current, changed: tablesChanged.size > 0, tablesChanged };
}

function* keepRevision(
  ctx: PushContext,
  noteId: string,
  loss: { field: string; value: unknown; hlc: string },
  authorId: string | undefined,
  ownerId: string | null,
  seq: SeqCounter,
): Ask<boolean> {
  if (loss.field !== 'body' || typeof loss.value !== 'string') return false;
  const id = revisionId(noteId, loss.hlc);
  if (yield* ask<boolean>({ op: 'revisionExists', id })) return false;
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
  yield {
    op: 'write',
    table: 'note_revisions',
    row: { id, fields, stamps },
    seq: seq.next(),
    ownerId,
    parentId: noteId,
  };
  return true;
}

/**
 * A revision whose text turned out to live on in a later edit (someone had built on it) is
 * redundant: tombstone it, so browsers stop offering it as lost text.
 */
function* withdrawRevision(ctx: PushContext, id: string, seq: SeqCounter): Ask<boolean> {
  const existing = yield* ask<Loaded | undefined>({ op: 'load', table: 'note_revisions', id });
  if (!existing || existing.row.fields.deleted === true) return false;
  const stamp = ctx.clock.tick();
  const row: StoredRow = {
    id,
    fields: { ...existing.row.fields, deleted: true },
    stamps: { ...existing.row.stamps, deleted: stamp },
  };
  yield {
    op: 'write',
    table: 'note_revisions',
    row,
    seq: seq.next(),
    ownerId: existing.ownerId,
    parentId: asString(existing.row.fields.noteId) ?? null,
  };
  return true;
}

/**
 * Server-authored rows (account insights) as writes under the team's next seqs, every field
 * stamped now by the server's clock.
 */
export function serverRowWrites(
  table: TableName,
  rows: readonly { id: string; fields: Record<string, unknown> }[],
  clock: HlcClock,
  startSeq: number,
): RowWrite[] {
  return rows.map((r, i) => {
    const stamp = clock.tick();
    const stamps = Object.fromEntries(Object.keys(r.fields).map((k) => [k, stamp]));
    return {
      table,
      row: { id: r.id, fields: r.fields, stamps },
      seq: startSeq + i + 1,
      ownerId: null,
      parentId: null,
    };
  });
}
