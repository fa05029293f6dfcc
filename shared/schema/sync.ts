import { z } from 'zod';
import { describeInput, EpochMs, ID_PATTERN, Id, List } from './common.ts';
import {
  Account,
  AccountInsight,
  ActionDecision,
  Contact,
  Note,
  NoteRevision,
  Opportunity,
  Task,
} from './entities.ts';

/** Every table that syncs, with the schema of one full row. */
export const TABLE_SCHEMAS = {
  accounts: Account,
  contacts: Contact,
  notes: Note,
  note_revisions: NoteRevision,
  opportunities: Opportunity,
  tasks: Task,
  action_decisions: ActionDecision,
  account_insights: AccountInsight,
} as const;
export type TableName = keyof typeof TABLE_SCHEMAS;
export const TABLE_NAMES = Object.keys(TABLE_SCHEMAS) as TableName[];
export const TableNameSchema = z.enum(TABLE_NAMES as [TableName, ...TableName[]], {
  error: (issue) =>
    typeof issue.input === 'string'
      ? `unknown table ${describeInput(issue.input)}`
      : issue.input === undefined
        ? 'is required'
        : `must be a table name, not ${describeInput(issue.input)}`,
});

/** Tables clients may write. note_revisions and account_insights are written only by the server. */
export const CLIENT_TABLES = [
  'accounts',
  'contacts',
  'notes',
  'opportunities',
  'tasks',
  'action_decisions',
] as const satisfies readonly TableName[];
export type ClientTable = (typeof CLIENT_TABLES)[number];
export const ClientTableSchema = z.enum(CLIENT_TABLES, {
  error: (issue) =>
    `table ${describeInput(issue.input)} cannot be written by clients (writable: ${CLIENT_TABLES.join(', ')})`,
});

const HLC_PATTERN = /^\d{15}:[0-9a-z]{5}:[0-9A-Za-z_-]{1,32}$/;
const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
const CLIENT_ID_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;

/** Hybrid logical clock stamp, see shared/sync/hlc.ts. */
export const HlcString = z.string().regex(HLC_PATTERN, 'must be a hybrid logical clock stamp');

/** Field names: plain identifiers, never `id` (that is the row's address). */
const FieldName = z
  .string()
  .regex(FIELD_NAME_PATTERN, 'must be a field name')
  .refine((name) => name !== 'id', 'id cannot be changed');

/**
 * A record keyed by field names. zod leaves a `__proto__` key out of a record without a word
 * (JSON.parse makes it an ordinary own key), so a push naming it would lose it silently or be
 * told "must change at least one field": it is refused here, by name, like any bad field name.
 */
const FieldRecord = <V extends z.ZodType>(value: V) =>
  z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a field name',
          path: ['__proto__'],
          input,
        });
      }
      return input;
    },
    z.record(FieldName, value),
  );

export const ClientId = z.string().regex(CLIENT_ID_PATTERN, 'must be 1–32 letters, digits, _ or -');

/**
 * One change to one row: the named fields take these values at this clock stamp.
 * `null` clears an optional field. `base` holds, per field, the stamp the writer had
 * seen when it edited (used to keep concurrently edited note text as a revision).
 */
export const Mutation = z.object({
  mutationId: Id,
  table: TableNameSchema,
  id: Id,
  hlc: HlcString,
  fields: FieldRecord(z.unknown())
    .refine((f) => Object.keys(f).length > 0, 'must change at least one field')
    .refine((f) => Object.keys(f).length <= 64, 'must change at most 64 fields'),
  base: FieldRecord(HlcString).optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_PUSH_MUTATIONS = 5_000;

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: List(Mutation, MAX_PUSH_MUTATIONS).min(1, 'must hold at least one mutation'),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * The push request as `PushRequest` would return it, checked without running the schema, which
 * for 1,000 mutations makes tens of thousands of small schema runs and copies of a body that is
 * nearly always well-formed. The same rules with the same patterns, for the plain shape browsers
 * send: JSON objects with no key the schema would strip. Returns the input itself (the schema
 * would return an equal copy), or undefined for anything else, valid or not: parsePushRequest
 * (validate.ts) then runs the schema, whose words every refusal keeps.
 */
export function exactPushRequest(input: unknown): PushRequest | undefined {
  if (!isJsonObject(input) || Object.keys(input).length !== 2) return undefined;
  const { clientId, mutations } = input;
  if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) return undefined;
  if (!Array.isArray(mutations) || mutations.length < 1 || mutations.length > MAX_PUSH_MUTATIONS) {
    return undefined;
  }
  for (const m of mutations) if (!isExactMutation(m)) return undefined;
  return input as PushRequest;
}

const TABLE_NAME_SET: ReadonlySet<unknown> = new Set(TABLE_NAMES);

/** A mutation that Mutation accepts and copies unchanged: its keys and no others. */
function isExactMutation(m: unknown): boolean {
  if (!isJsonObject(m)) return false;
  const hasBase = Object.hasOwn(m, 'base');
  if (Object.keys(m).length !== (hasBase ? 6 : 5)) return false;
  const { mutationId, table, id, hlc, fields, base } = m;
  return (
    typeof mutationId === 'string' &&
    ID_PATTERN.test(mutationId) &&
    TABLE_NAME_SET.has(table) &&
    typeof id === 'string' &&
    ID_PATTERN.test(id) &&
    typeof hlc === 'string' &&
    HLC_PATTERN.test(hlc) &&
    isExactFieldRecord(fields, 1, 64, undefined) &&
    (!hasBase || isExactFieldRecord(base, 0, Number.POSITIVE_INFINITY, HLC_PATTERN))
  );
}

/**
 * A FieldRecord that the schema accepts and copies unchanged: field names for keys (never `id`;
 * `__proto__`, which the record would drop, fails the pattern), no symbol keys, between `min`
 * and `max` of them, and when `values` is given, strings matching it.
 */
function isExactFieldRecord(r: unknown, min: number, max: number, values: RegExp | undefined) {
  if (!isJsonObject(r) || Object.getOwnPropertySymbols(r).length > 0) return false;
  const keys = Object.keys(r);
  if (keys.length < min || keys.length > max) return false;
  for (const key of keys) {
    if (key === 'id' || !FIELD_NAME_PATTERN.test(key)) return false;
    if (values !== undefined) {
      const value = r[key];
      if (typeof value !== 'string' || !values.test(value)) return false;
    }
  }
  return true;
}

/** An object as JSON.parse makes them, of Object.prototype (an array is not one). */
const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

export const PushResponse = z.object({ acked: z.array(Id) });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  cursor: z.coerce
    .number({ error: 'cursor must be a number' })
    .int('cursor must be a whole number')
    .min(0, 'cursor must not be negative')
    .default(0),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(5_000, 'limit must be at most 5000')
    .default(1_000),
  /**
   * Only rows of these tables (comma-separated names), e.g. `accounts,account_insights`, so a
   * first sync can bring what the badge needs before the rest. A filtered page that reaches the
   * end answers with the team's latest seq as its cursor: nothing of these tables lies before it.
   */
  tables: z
    .string()
    .max(500, 'tables is too long')
    .transform((s) => [...new Set(s.split(',').map((t) => t.trim()))])
    .pipe(z.array(TableNameSchema).min(1, 'tables must name at least one table'))
    .optional(),
  /**
   * The asking browser's client id, when its store holds every row it wrote: a row it wrote
   * wholly (`by` would be this id) comes without its fields, which it holds already.
   */
  mine: ClientId.optional(),
  /** `1`: also count the rows still to come after `cursor` (the page included), for a progress bar. */
  total: z
    .enum(['0', '1'], { error: 'total must be 0 or 1' })
    .transform((v) => v === '1')
    .optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

export const PulledRow = z.object({
  table: TableNameSchema,
  id: Id,
  seq: z.number().int().min(1),
  fields: z.record(z.string(), z.unknown()),
  deleted: z.boolean(),
  /** Clock stamps of the fields whose losing text is kept (a note's body): a client sends the
   * one it edited as its mutation's `base`. Other fields' stamps stay on the server. */
  stamps: z.record(z.string(), HlcString).optional(),
  /**
   * The client id of the browser whose writes make up the whole row (every field's stamp is
   * its), absent when several wrote it: that browser already holds the row as it is.
   */
  by: ClientId.optional(),
});
export type PulledRow = z.infer<typeof PulledRow>;

export const PullResponse = z.object({
  rows: z.array(PulledRow),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  /** Rows after the request's cursor, this page's included; sent only when asked (`total=1`). */
  total: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const JoinRequest = z.object({
  inviteCode: z
    .string()
    .trim()
    .min(8, 'inviteCode is too short')
    .max(100, 'inviteCode is too long'),
  deviceName: z
    .string()
    .trim()
    .min(1, 'deviceName must not be empty')
    .max(100, 'deviceName is too long'),
  /**
   * The person joining, as teammates will see them on notes, decisions and tasks. Absent: the
   * name the admin gave in the invite, else the device's name.
   */
  memberName: z
    .string()
    .trim()
    .min(1, 'memberName must not be empty')
    .max(100, 'memberName is too long')
    .optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** What an invite is for, shown before joining so the form can be filled in. */
export const InvitePreviewRequest = JoinRequest.pick({ inviteCode: true });
export type InvitePreviewRequest = z.infer<typeof InvitePreviewRequest>;

export const InvitePreview = z.object({
  teamName: z.string(),
  role: z.enum(['admin', 'member']),
  /** The person's name as the admin gave it (or the existing member's, for another device). */
  memberName: z.string().optional(),
  /** True when the invite adds a device to an existing member, whose name stays theirs. */
  existingMember: z.boolean(),
});
export type InvitePreview = z.infer<typeof InvitePreview>;

export const JoinResponse = z.object({ token: z.string(), teamId: Id, memberId: Id });
export type JoinResponse = z.infer<typeof JoinResponse>;

export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

export const ChangeEvent = z.object({ seq: z.number().int().min(0), at: EpochMs });
export type ChangeEvent = z.infer<typeof ChangeEvent>;
