/**
 * Hostile requests to every route of the sync server, as fast-check arbitraries. Shared by the
 * fuzz test in `npm test` (tests/server/fuzz.test.ts) and the long run, `npm run fuzz`
 * (tests/fuzz/run.ts).
 *
 * The routes are read from the server's own app (appRoutes walks Hono's route table): a route
 * with no entry in ROUTE_FUZZERS, or an entry for a route that no longer exists, fails both, so
 * a new route cannot go unfuzzed. Bodies are shaped like the real schemas (the field names and
 * the values each field accepts are read from the zod schemas, not written out here) and then
 * mutated: wrong types, missing and extra fields, keys named like built-in properties, keys
 * twice, deep nesting, huge strings, bodies that are not JSON at all, wrong content types, odd
 * queries, headers and paths.
 */
import fc from 'fast-check';
import { inspectRoutes } from 'hono/dev';
import { ulid } from 'ulid';
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../../server/app.ts';
import {
  ChangeEvent,
  CLIENT_TABLES,
  DEFAULT_SETTINGS,
  formatHlc,
  InvitePreview,
  JoinResponse,
  MAX_COUNTER,
  MAX_PUSH_MUTATIONS,
  PullResponse,
  PushResponse,
  TABLE_NAMES,
  TABLE_SCHEMAS,
  type TableName,
  TableNameSchema,
  TeamSettings,
} from '../../shared/index.ts';
import { BUILT_IN_NAMES } from '../built-in-names.ts';
import { bareApp } from '../server/helpers.ts';

// ---------------------------------------------------------------------------------------------
// JSON written by hand

/**
 * A JSON object as a list of entries, written out by writeJson: it can hold what an object
 * literal cannot, an own `__proto__` key (a literal's sets the prototype instead) or one key
 * twice (JSON.parse keeps the last).
 */
export class Obj {
  constructor(readonly entries: readonly (readonly [string, Json])[]) {}
}

/** JSON text spliced in as is: numbers JSON.stringify never writes (`1e999`, `-0`), deep nesting. */
export class Raw {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | number | string | Raw | Obj | readonly Json[];

export function writeJson(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  return JSON.stringify(value);
}

/** A plain value (a schema's sample) as Json. */
function fromPlain(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value === 'object')
    return new Obj(Object.entries(value).map(([k, v]) => [k, fromPlain(v)] as const));
  throw new TypeError(`not a JSON value: ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** The server's body limit: bodies are drawn just inside it and over it. */
export const BODY_LIMIT = MAX_BODY_BYTES;

/** A string of `size` UTF-16 units made of `unit` repeated; cut anywhere (a lone surrogate too). */
export const bigString = (size: number, unit = 'x'): string =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const HUGE_UNITS = ['x', 'é', '😀', '\u0000', '"\\', '\ud800', '客户'] as const;

/** Huge strings for places inside a body: a field, a key, an invite code. */
const hugeString = fc
  .record({
    size: fc.constantFrom(256, 4_097, 65_536, 100_001, 1_048_576),
    unit: fc.constantFrom(...HUGE_UNITS),
  })
  .map(({ size, unit }) => bigString(size, unit));

export type DeepKind = 'arrays' | 'objects' | 'proto' | 'mixed';

/** `levels` of nesting as JSON text, e.g. `[[[…]]]` or `{"__proto__":{"__proto__":…}}`. */
export function deepJson(kind: DeepKind, levels: number): string {
  switch (kind) {
    case 'arrays':
      return `${'['.repeat(levels)}${']'.repeat(levels)}`;
    case 'objects':
      return `${'{"a":'.repeat(levels)}null${'}'.repeat(levels)}`;
    case 'proto':
      return `${'{"__proto__":'.repeat(levels)}{}${'}'.repeat(levels)}`;
    case 'mixed':
      return `${'[{"constructor":'.repeat(levels)}0${'}]'.repeat(levels)}`;
  }
}

/** Nesting deep enough to hurt a recursive walk, as a value inside a body (text ≤ ~1.6 MB). */
const deepValue = fc
  .record({
    kind: fc.constantFrom<DeepKind>('arrays', 'objects', 'proto', 'mixed'),
    levels: fc.constantFrom(100, 1_000, 10_000, 100_000),
  })
  .map(({ kind, levels }) => new Raw(deepJson(kind, levels)));

/** Numbers as JSON text that JSON.stringify would never write. */
const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '-0',
  '1e-400',
  '5e-324',
  '1.7976931348623157e308',
  '9007199254740993',
  '123456789012345678901234567890',
  '0.1e1',
  '1E3',
] as const;

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u2028\u2029',
  '\ufeff',
  '\ud800',
  'null',
  'true',
  '0',
  '-1',
  '1e3',
  'NaN',
  'Infinity',
  '[object Object]',
  '00000000000000000000000000',
  '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
  'IIIIIIIIIIIIIIIIIIIIIIIIII',
  '01arz3ndektsv4rrffq69g5fav',
  '<script>alert(1)</script>',
  "'; DROP TABLE rows; --",
  '../../etc/passwd',
  '%00%ff',
  '客户透镜',
  '\u202eevil',
] as const;

/** Object keys a body should not have: Object.prototype's own names first. */
const junkKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...BUILT_IN_NAMES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('', 'id', ' ', '\u0000', 'a.b', '[0]', '$where') },
  { weight: 2, arbitrary: fc.constantFrom(...new Set(allFieldNames())) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** A scalar of the wrong kind for wherever it lands. */
const junkScalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(...BUILT_IN_NAMES),
  fc.constantFrom(...ODD_STRINGS),
  fc.ulid(),
);

/** Anything but what a place expects: wrong types, nested junk, and (rarely) heavy values. */
export const junk: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'junk' },
    { weight: 12, arbitrary: junkScalar },
    { weight: 3, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(junkKey, tie('value')), { maxLength: 4 })
        .map((entries) => new Obj(entries)),
    },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: deepValue },
  ),
})).value;

/** A valid value most of the time, junk otherwise. */
const mostly = (valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: junk });

type Entry = readonly [string, fc.Arbitrary<Json>];

/**
 * A body drawn well-formed two times in five (so the fuzz reaches what runs after validation:
 * merges, kept note text, settings, joins) and mutated otherwise.
 */
const wellFormedOrNot = (build: (hostile: boolean) => fc.Arbitrary<Json>): fc.Arbitrary<Json> =>
  fc.oneof({ weight: 2, arbitrary: build(false) }, { weight: 3, arbitrary: build(true) });

/**
 * An object shaped like a schema's, mutated (unless `hostile` is false): each required key now and then left out, the
 * optional ones a random subset, values now and then junk, sometimes extra keys (built-in
 * names, the object's own keys again) and now and then not an object at all.
 */
function objectOf(
  required: readonly Entry[],
  optional: readonly Entry[] = [],
  hostile = true,
): fc.Arbitrary<Json> {
  if (!hostile) {
    // Well-formed: every required key, a subset of the optional ones, valid values.
    const keyed = ([key, arb]: Entry) => arb.map((v) => [key, v] as const);
    return fc
      .tuple(
        fc.tuple(...required.map(keyed)),
        fc.subarray([...optional]).chain((entries) => fc.tuple(...entries.map(keyed))),
      )
      .map(([req, opt]) => new Obj([...req, ...opt]));
  }
  const ownKeys = [...required, ...optional].map(([k]) => k);
  const keyed = ([key, arb]: Entry) => mostly(arb).map((v) => [key, v] as const);
  const present = fc.tuple(
    ...required.map((e) =>
      fc.option(keyed(e), { freq: 12, nil: undefined }).map((kv) => (kv ? [kv] : [])),
    ),
  );
  const chosen = fc.subarray([...optional]).chain((entries) => fc.tuple(...entries.map(keyed)));
  const extraKey =
    ownKeys.length > 0
      ? fc.oneof(junkKey, fc.constantFrom(...ownKeys)) // an own key again: a duplicate
      : junkKey;
  const extras = fc.oneof(
    { weight: 6, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(extraKey, junk), { minLength: 1, maxLength: 4 }) },
  );
  const shaped = fc
    .tuple(present, chosen, extras, fc.boolean())
    .map(([req, opt, extra, extraFirst]) => {
      const own = [...req.flat(), ...opt];
      return new Obj(extraFirst ? [...extra, ...own] : [...own, ...extra]);
    });
  return fc.oneof({ weight: 25, arbitrary: shaped }, { weight: 1, arbitrary: junk });
}

// ---------------------------------------------------------------------------------------------
// What the fuzz can aim at

/** The ids and secrets of the fixture: see tests/fuzz/harness.ts (setUpFuzz). */
export interface FuzzTargets {
  /** The fuzzed team. */
  readonly teamId: string;
  readonly teamName: string;
  readonly adminToken: string;
  readonly memberToken: string;
  /** A token of the fuzzed team, revoked before the run. */
  readonly revokedToken: string;
  /** The members whose devices have the admin's and the member's token. */
  readonly adminId: string;
  readonly memberId: string;
  /** The fuzzed team's members: fields naming a member may name these. */
  readonly memberIds: readonly string[];
  /** Unused invite codes of the fuzzed team: a join with one works once. */
  readonly inviteCodes: readonly string[];
  /** The other team's id, members and row ids: the fuzzed team must never reach them. */
  readonly foreignTeamId: string;
  readonly foreignIds: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Field values, read from the schemas

function tableFieldNames(table: TableName): string[] {
  return Object.keys(TABLE_SCHEMAS[table].shape).filter((n) => n !== 'id');
}

function allFieldNames(): string[] {
  return TABLE_NAMES.flatMap(tableFieldNames);
}

/** The enum options a field takes, as itself or as a list's items. */
function enumOptions(schema: z.core.$ZodType): string[] {
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodDefault
  )
    return enumOptions(schema.unwrap());
  if (schema instanceof z.ZodArray) return enumOptions(schema.element);
  if (schema instanceof z.ZodPipe) return enumOptions(schema.in);
  if (schema instanceof z.ZodEnum) return schema.options.map(String);
  return [];
}

/**
 * Values a field might take, valid for some field or other: each field keeps those its schema
 * accepts. A field none of them fits gets junk only (its validation is still fuzzed).
 */
function samplePool(t: FuzzTargets, now: number): unknown[] {
  return [
    'Acme Ltd',
    'x',
    '  padded  ',
    '客户透镜',
    'acme.com',
    'https://acme.com/about',
    'info@acme.com',
    'USD',
    'CNY',
    'a'.repeat(64),
    ulid(),
    ...t.memberIds,
    ...t.foreignIds.slice(0, 3),
    now,
    now + 86_400_000,
    0,
    0.5,
    1,
    3,
    42,
    12_000,
    true,
    false,
    [],
    ['acme.com', 'acme.cn'],
    ['info@acme.com'],
    ['+1 555 0100'],
    ['Rival Inc'],
    [ulid()],
    [{ at: now, amount: 1_200 }],
    [{ email: 'info@acme.com', label: 'General enquiries' }],
    { tier: 'key', reason: 'strategic' },
    { name: { source: 'json-ld', element: 'h1' } },
    {},
  ];
}

/**
 * Fields the server checks against the team beyond their schema (server/store/rows.ts): a note
 * and a decision are written by the device's own member, an owner or assignee is a teammate.
 * Well-formed rows mostly keep to that, so the fuzz gets past it to the merge.
 */
const PUSHER_FIELDS = new Set(['authorId', 'decidedBy']);
const TEAMMATE_FIELDS = new Set(['ownerId', 'assigneeId']);

/**
 * Per table, per field: valid values from the schema's own acceptance. `pusher` is the member
 * whose device sends the push, when it has a valid token.
 */
function fieldArbs(
  t: FuzzTargets,
  now: number,
  pusher: string | undefined,
): Map<string, Map<string, fc.Arbitrary<Json>>> {
  const pool = samplePool(t, now);
  const mostlyOneOf = (preferred: readonly string[], valid: Json[]) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...preferred) },
      { weight: 1, arbitrary: fc.constantFrom(...valid) },
    );
  const out = new Map<string, Map<string, fc.Arbitrary<Json>>>();
  for (const table of TABLE_NAMES) {
    const fields = new Map<string, fc.Arbitrary<Json>>();
    for (const [name, schema] of Object.entries(TABLE_SCHEMAS[table].shape)) {
      if (name === 'id') continue;
      const s: z.ZodType = schema;
      const options = enumOptions(s);
      const candidates = [...pool, ...options, ...options.map((o) => [o])];
      const valid = candidates.filter((v) => s.safeParse(v).success).map(fromPlain);
      // A field none of the samples fits is left out of well-formed rows (junk otherwise).
      if (valid.length === 0) continue;
      if (PUSHER_FIELDS.has(name) && pusher !== undefined)
        fields.set(name, mostlyOneOf([pusher], valid));
      else if (TEAMMATE_FIELDS.has(name)) fields.set(name, mostlyOneOf(t.memberIds, valid));
      else fields.set(name, fc.constantFrom(...valid));
    }
    out.set(table, fields);
  }
  return out;
}

const requiredFields = (table: TableName): string[] =>
  Object.entries(TABLE_SCHEMAS[table].shape)
    .filter(([name, s]) => name !== 'id' && !s.safeParse(undefined).success)
    .map(([name]) => name);

// ---------------------------------------------------------------------------------------------
// Route bodies and queries

const NODE_ID = /^[0-9A-Za-z_-]{1,32}$/;
const clientIdArb = fc.stringMatching(NODE_ID);

/** Clock stamps: around now, far ahead (refused), at the extremes, malformed. */
function hlcArb(now: number, hostile = true): fc.Arbitrary<Json> {
  const stamp = (wall: number, counter: number, node: string) => formatHlc(wall, counter, node);
  const good = fc
    .tuple(
      fc.integer({ min: now - 1_000_000_000, max: now + 60_000 }),
      fc.nat({ max: MAX_COUNTER }),
      clientIdArb,
    )
    .map(([w, c, n]) => stamp(w, c, n));
  if (!hostile) return good;
  return fc.oneof(
    { weight: 8, arbitrary: good },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        stamp(now + 3 * 86_400_000, 0, 'ahead'),
        stamp(10 ** 15 - 1, MAX_COUNTER, 'zzzz'),
        stamp(0, 0, '0'),
        stamp(now, MAX_COUNTER, 'edge'),
        `${now}:00000:short-wall`,
        '999999999999999:zzzzz:',
        '000000000000000:ZZZZZ:x',
      ),
    },
  );
}

/** Row ids: new ones, a few reused so edits meet (merges, kept note text), the other team's. */
function rowIdArb(t: FuzzTargets, reused: readonly string[]): fc.Arbitrary<Json> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.ulid() },
    { weight: 4, arbitrary: fc.constantFrom(...reused) },
    { weight: 1, arbitrary: fc.constantFrom(...t.foreignIds) },
  );
}

function mutationArb(
  t: FuzzTargets,
  fields: Map<string, Map<string, fc.Arbitrary<Json>>>,
  reusedRows: readonly string[],
  reusedMutations: readonly string[],
  now: number,
  hostile: boolean,
): fc.Arbitrary<Json> {
  // Server-written tables and unknown names are in the hostile draw: each must be refused.
  const tables: readonly string[] = hostile
    ? [...TABLE_NAMES, 'rows', 'teams', '__proto__', 'constructor', 'ACCOUNTS']
    : CLIENT_TABLES;
  return fc.constantFrom(...tables).chain((table) => {
    // A name that is no table gets an account's fields: only the table name is wrong.
    const schemaTable = TableNameSchema.safeParse(table).data ?? 'accounts';
    const known = fields.get(schemaTable) ?? new Map<string, fc.Arbitrary<Json>>();
    const required = requiredFields(schemaTable);
    const all: Entry[] = hostile
      ? tableFieldNames(schemaTable).map((n) => [n, known.get(n) ?? junk])
      : [...known.entries()];
    const reused = fc.constantFrom(...reusedRows);
    // What a mutation does, with the row it does it to: a new row mostly to a new id, an edit
    // or a tombstone mostly to a row pushed before (by this device or another).
    const change = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.tuple(
          rowIdArb(t, reusedRows),
          objectOf(
            all.filter(([n]) => required.includes(n)),
            all.filter(([n]) => !required.includes(n)),
            hostile,
          ),
        ),
      },
      {
        weight: 4,
        arbitrary: fc.tuple(
          fc.oneof(
            { weight: 6, arbitrary: reused },
            { weight: 1, arbitrary: rowIdArb(t, reusedRows) },
          ),
          objectOf([], all, hostile).filter((o) => !(o instanceof Obj) || o.entries.length > 0),
        ),
      },
      { weight: 1, arbitrary: fc.tuple(reused, fc.constant(new Obj([['deleted', true]]))) },
    );
    const base = objectOf(
      [],
      all.slice(0, 8).map(([n]) => [n, hlcArb(now, hostile)] as const),
      hostile,
    );
    return change.chain(([id, fields]) =>
      objectOf(
        [
          [
            'mutationId',
            fc.oneof(
              { weight: 6, arbitrary: fc.ulid() },
              { weight: 1, arbitrary: fc.constantFrom(...reusedMutations) },
            ),
          ],
          ['table', fc.constant(table)],
          ['id', fc.constant(id)],
          ['hlc', hlcArb(now, hostile)],
          ['fields', fc.constant(fields)],
        ],
        [['base', base]],
        hostile,
      ),
    );
  });
}

/**
 * Row ids every device's pushes draw from, so edits meet: merges, notes edited by another
 * member, private notes, text kept from concurrent edits. Mutation ids too: a retried push.
 */
const REUSED_ROWS = Array.from({ length: 12 }, () => ulid());
const REUSED_MUTATIONS = Array.from({ length: 6 }, () => ulid());

/** One more mutation than a push may hold: refused before validation (413). */
const TOO_MANY_MUTATIONS = new Raw(
  `[${Array(MAX_PUSH_MUTATIONS + 1)
    .fill('{}')
    .join(',')}]`,
);

function pushBody(t: FuzzTargets, now: number, pusher: string | undefined): fc.Arbitrary<Json> {
  const fields = fieldArbs(t, now, pusher);
  return wellFormedOrNot((hostile) => {
    const mutation = mutationArb(t, fields, REUSED_ROWS, REUSED_MUTATIONS, now, hostile);
    const batch = fc.array(mutation, { minLength: 1, maxLength: 4 });
    return objectOf(
      [
        ['clientId', clientIdArb],
        [
          'mutations',
          hostile
            ? fc.oneof(
                { weight: 30, arbitrary: batch },
                { weight: 1, arbitrary: fc.constant([]) },
                { weight: 1, arbitrary: fc.constant(TOO_MANY_MUTATIONS) },
              )
            : batch,
        ],
      ],
      [],
      hostile,
    );
  });
}

const inviteCodeArb = (t: FuzzTargets): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...t.inviteCodes) },
    { weight: 3, arbitrary: fc.base64String({ minLength: 24, maxLength: 24 }) },
    { weight: 1, arbitrary: fc.constantFrom(...t.inviteCodes).map((c) => ` ${c}\t`) },
    { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
  );

const nameArb: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('laptop', 'Alice Chen', '   ', '王小明', 'x'.repeat(101)),
);

function joinBody(t: FuzzTargets): fc.Arbitrary<Json> {
  return wellFormedOrNot((hostile) =>
    objectOf(
      [
        ['inviteCode', inviteCodeArb(t)],
        ['deviceName', nameArb],
      ],
      [['memberName', nameArb]],
      hostile,
    ),
  );
}

/** A patch of the team settings: a subset of real settings, values near and far from valid. */
function settingsBody(): fc.Arbitrary<Json> {
  const numberNear = (v: number): fc.Arbitrary<Json> =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(v) },
      { weight: 3, arbitrary: fc.double({ min: -1, max: 5_000, noNaN: true }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 4_000 }) },
    );
  const valueArb = (v: unknown, hostile: boolean): fc.Arbitrary<Json> => {
    if (typeof v === 'number') return numberNear(v);
    if (typeof v === 'string')
      return fc.constantFrom(v, v.toLowerCase(), 'EUR', 'CNY', 'US', '€€€', '');
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      return objectOf(
        [],
        Object.entries(v).map(([k, inner]) => [k, valueArb(inner, hostile)] as const),
        hostile,
      );
    return fc.constant(fromPlain(v));
  };
  // Every setting has a default: the defaults name them all, with a value of the right kind.
  return wellFormedOrNot((hostile) =>
    objectOf(
      [],
      Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, valueArb(v, hostile)] as const),
      hostile,
    ),
  );
}

/** A query string's parts; `undefined` is a key with no `=`. */
type QueryPart = readonly [string, string | undefined];

const ODD_PARAM_VALUES = [
  '',
  '-1',
  '1.5',
  '1e3',
  'abc',
  '9'.repeat(400),
  'Infinity',
  'NaN',
  ' 1 ',
  '0x1f',
  '１',
  '1,2',
  '[1]',
  '9007199254740993',
  '-0',
  '1e-7',
  '%',
  '%zz',
  '\u0000',
] as const;

/** Extra parameters nobody asked for: built-in names, another team's id, array syntax. */
function extraParams(t: FuzzTargets): fc.Arbitrary<QueryPart[]> {
  const key = fc.oneof(
    fc.constantFrom(...BUILT_IN_NAMES),
    fc.constantFrom('teamId', 'memberId', 'cursor[]', 'cursor[__proto__]', 'a[b][c]', '', '='),
    fc.string({ maxLength: 10 }),
  );
  const value = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(t.foreignTeamId, ...ODD_PARAM_VALUES),
    fc.string({ maxLength: 20 }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant<QueryPart[]>([]) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 5 })
        .map((parts): QueryPart[] => parts),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Array.from({ length: 1_000 }, (_, i): QueryPart => [`p${i}`, '1']),
        [['x', 'y'.repeat(6_000)] as QueryPart],
      ),
    },
  );
}

function pullQuery(t: FuzzTargets): fc.Arbitrary<QueryPart[]> {
  const param = (name: string, valid: fc.Arbitrary<string>, odd: readonly string[]) =>
    fc.option(
      fc
        .oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...odd) })
        .map((v): QueryPart => [name, v]),
      { freq: 3, nil: undefined },
    );
  const tables = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.subarray([...TABLE_NAMES], { minLength: 1 }).map((l) => l.join(',')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'accounts,accounts',
        ',',
        'accounts,,notes',
        ' accounts ',
        'ACCOUNTS',
        '__proto__',
        'constructor',
        'toString',
        'rows',
        '*',
        'accounts,'.repeat(100),
        'x'.repeat(501),
      ),
    },
  );
  return fc
    .tuple(
      param('cursor', fc.nat({ max: 400 }).map(String), ODD_PARAM_VALUES),
      param('limit', fc.integer({ min: 1, max: 5_000 }).map(String), [
        ...ODD_PARAM_VALUES,
        '0',
        '5001',
      ]),
      param('tables', tables, ODD_PARAM_VALUES),
      param('total', fc.constantFrom('0', '1'), ['true', '2', '01', ...ODD_PARAM_VALUES]),
      extraParams(t),
      fc.boolean(),
    )
    .map(([cursor, limit, tablesPart, total, extra, repeat]) => {
      const parts = [cursor, limit, tablesPart, total].filter(
        (p): p is QueryPart => p !== undefined,
      );
      // A parameter given twice: which one wins must not matter to the server's health.
      const again = repeat && parts[0] ? [[parts[0][0], '7'] as QueryPart] : [];
      return [...parts, ...again, ...extra];
    });
}

// ---------------------------------------------------------------------------------------------
// Routes

/** An answer as the harness read it. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text (an event stream: up to its first event). */
  readonly text: string;
}

const header = (a: Answer, name: string): string => {
  const v = a.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

/** A problem with a 2xx answer, or undefined. */
type OkCheck = (answer: Answer, t: FuzzTargets) => string | undefined;

const jsonOk =
  <S extends z.ZodType>(
    schema: S,
    more?: (value: z.infer<S>, t: FuzzTargets) => string | undefined,
  ): OkCheck =>
  (answer, t) => {
    if (!header(answer, 'content-type').startsWith('application/json'))
      return `content-type ${header(answer, 'content-type')}, not JSON`;
    let value: unknown;
    try {
      value = JSON.parse(answer.text);
    } catch {
      return 'the body is not JSON';
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) return `unexpected body: ${parsed.error.issues[0]?.message ?? '?'}`;
    return more?.(parsed.data, t);
  };

/** How a route is fuzzed. */
export interface RouteFuzzer {
  /** Who may call it: anyone, any device of a team, or a team admin's device. */
  readonly auth: 'public' | 'device' | 'admin';
  /**
   * The body, when the route reads one as JSON. `pusher`: the member whose valid token the
   * request carries, if any.
   */
  readonly body?: (t: FuzzTargets, now: number, pusher: string | undefined) => fc.Arbitrary<Json>;
  /** The query, when the route reads one. */
  readonly query?: (t: FuzzTargets) => fc.Arbitrary<QueryPart[]>;
  /** An event stream: the harness reads its first event, then hangs up. */
  readonly stream?: boolean;
  /** What a 2xx answer must look like. */
  readonly ok: OkCheck;
}

const aboutOk = jsonOk(z.object({ name: z.string(), ok: z.literal(true), version: z.string() }));

const MeBody = z.object({
  member: z.object({ id: z.string(), role: z.string() }),
  team: z.object({ id: z.string() }),
  members: z.array(z.object({ id: z.string() })),
});

/**
 * Every route of the app, keyed `METHOD path` as Hono lists it. The fuzz test and the long run
 * fail when this and the app's routes differ: add a route here when adding it to the server.
 */
export const ROUTE_FUZZERS: Readonly<Record<string, RouteFuzzer>> = {
  'GET /': {
    auth: 'public',
    // JSON for programs, plain text for a browser (Accept: text/html).
    ok: (answer, t) =>
      header(answer, 'content-type').startsWith('text/plain')
        ? answer.text.includes('Account Lens')
          ? undefined
          : 'the text does not say what the server is'
        : aboutOk(answer, t),
  },
  'GET /v1/health': {
    auth: 'public',
    ok: jsonOk(z.object({ ok: z.literal(true), version: z.string() })),
  },
  'GET /v1/openapi.json': {
    auth: 'public',
    ok: jsonOk(z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })),
  },
  'GET /v1/docs': {
    auth: 'public',
    ok: (answer) =>
      header(answer, 'content-type').startsWith('text/html')
        ? undefined
        : `content-type ${header(answer, 'content-type')}, not HTML`,
  },
  'POST /v1/auth/join': {
    auth: 'public',
    body: (t) => joinBody(t),
    ok: jsonOk(JoinResponse, (v, t) =>
      v.teamId === t.teamId ? undefined : `joined team ${v.teamId}, not the invite's`,
    ),
  },
  'POST /v1/auth/invite': {
    auth: 'public',
    body: (t) =>
      wellFormedOrNot((hostile) => objectOf([['inviteCode', inviteCodeArb(t)]], [], hostile)),
    ok: jsonOk(InvitePreview, (v, t) =>
      v.teamName === t.teamName ? undefined : `previewed team ${v.teamName}, not the invite's`,
    ),
  },
  'GET /v1/me': {
    auth: 'device',
    ok: jsonOk(MeBody, (v, t) =>
      v.team.id === t.teamId ? undefined : `answered with team ${v.team.id}`,
    ),
  },
  'POST /v1/sync/push': {
    auth: 'device',
    body: (t, now, pusher) => pushBody(t, now, pusher),
    ok: jsonOk(PushResponse),
  },
  'GET /v1/sync/pull': {
    auth: 'device',
    query: (t) => pullQuery(t),
    ok: jsonOk(PullResponse),
  },
  'GET /v1/events': {
    auth: 'device',
    stream: true,
    ok: (answer) => {
      if (!header(answer, 'content-type').startsWith('text/event-stream'))
        return `content-type ${header(answer, 'content-type')}, not an event stream`;
      const m = /^event: change\ndata: (.*)\n/m.exec(answer.text);
      if (!m?.[1]) return `no change event first: ${JSON.stringify(answer.text.slice(0, 200))}`;
      return ChangeEvent.safeParse(JSON.parse(m[1])).success ? undefined : 'a malformed event';
    },
  },
  'PUT /v1/team/settings': {
    auth: 'admin',
    body: () => settingsBody(),
    ok: jsonOk(z.object({ settings: TeamSettings })),
  },
};

/** The app's routes (`METHOD path`, middleware left out), read from Hono's own route table. */
export function appRoutes(): string[] {
  const { app, close } = bareApp('fuzz');
  try {
    const routes = inspectRoutes(app)
      .filter((r) => !r.isMiddleware)
      .map((r) => `${r.method} ${r.path}`);
    return [...new Set(routes)];
  } finally {
    close();
  }
}

/** Routes the app has and the fuzzer does not, and the other way round. */
export function routeCoverage(routes: readonly string[] = appRoutes()): {
  unfuzzed: string[];
  stale: string[];
} {
  return {
    unfuzzed: routes.filter((r) => !Object.hasOwn(ROUTE_FUZZERS, r)),
    stale: Object.keys(ROUTE_FUZZERS).filter((r) => !routes.includes(r)),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

export type AuthKind = 'none' | 'garbage' | 'revoked' | 'member' | 'admin';

/** What a body is, for the report and for what the answer must be. */
export type BodyKind =
  | 'none'
  | 'shaped'
  | 'json'
  | 'deep'
  | 'huge'
  | 'over-limit'
  | 'not-json'
  | 'empty'
  | 'bytes';

export interface FuzzRequest {
  /** The route it aims at (`METHOD path`), or 'unrouted'. */
  readonly route: string;
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string | Uint8Array | undefined;
  readonly bodyKind: BodyKind;
  /** Sent without a length, in chunks (Transfer-Encoding: chunked). */
  readonly chunked: boolean;
  /** The client sends half the body, then hangs up: there is no answer to check. */
  readonly abortMidBody: boolean;
  readonly auth: AuthKind;
  /**
   * Node's HTTP parser refuses it before the server's code sees it (a header block over 16 KB,
   * an unknown method, bytes it does not take in a path): a bare 400 or 431, or a dropped
   * connection, is its answer.
   */
  readonly protocolOdd: boolean;
  /** The status (and error code) it must get, where that is certain; see expectationOf. */
  readonly expect?: { readonly status: readonly number[]; readonly code?: readonly string[] };
}

const authHeader = (token: string) => `Bearer ${token}`;

/** Authorization headers that are no valid token (a few are, spelt oddly: still allowed). */
function garbageAuth(t: FuzzTargets): fc.Arbitrary<string | readonly string[]> {
  return fc.oneof(
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      `Token ${t.memberToken}`,
      `Bearer ${t.memberToken} extra`,
      `Bearer ${t.memberToken.slice(0, -1)}`,
      `bearer ${t.memberToken}`,
      `Bearer \t${t.adminToken}  `,
      `Bearer ${'A'.repeat(10_000)}`,
      `Bearer ${'A'.repeat(43)}`,
      'Bearer ../../../../etc/passwd',
      'Bearer null',
      'Bearer __proto__',
    ),
    fc.base64String({ minLength: 44, maxLength: 44 }).map((s) => authHeader(s.slice(0, 43))),
    fc.string({ maxLength: 60 }).map((s) => authHeader(latin1(s))),
    fc.constantFrom(
      [authHeader(t.memberToken), 'Bearer garbage'],
      ['Bearer garbage', authHeader(t.adminToken)],
      [authHeader(t.memberToken), authHeader(t.adminToken)],
    ),
  );
}

/** A string as the bytes of its UTF-8, one latin1 character each: what a header can carry. */
export const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const headerName = fc
  .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 24 })
  .filter((n) => !FRAMING_HEADERS.has(n.toLowerCase()));
const headerValue = fc.oneof(
  // Control characters but tab end a header line: Node's client refuses them.
  fc
    .string({ maxLength: 80 })
    .map((s) => [...s].filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f')).join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(latin1),
  fc.constantFrom(...BUILT_IN_NAMES),
);

/** Headers that frame the message: set by the HTTP client, never by the fuzz. */
const FRAMING_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'host',
  'authorization',
  'connection',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'keep-alive',
]);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/xml',
  'application/JSON',
  '',
  '*/*',
  'application/json, text/html',
] as const;

function headersArb(jsonBody: boolean): fc.Arbitrary<Record<string, string | readonly string[]>> {
  const contentType = fc.oneof(
    { weight: jsonBody ? 12 : 1, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );
  const optional = (name: string, arb: fc.Arbitrary<string>, freq = 4) =>
    fc.option(
      arb.map((v): [string, string] => [name, v]),
      { freq, nil: undefined },
    );
  return fc
    .tuple(
      contentType,
      optional(
        'accept',
        fc.constantFrom('text/html', 'application/json', '*/*', 'text/event-stream', ''),
        2,
      ),
      optional(
        'origin',
        fc.constantFrom(
          `chrome-extension://${'a'.repeat(32)}`,
          'moz-extension://01234567-89ab-cdef-0123-456789abcdef',
          'https://crm.example.com',
          'https://evil.example',
          'null',
          '',
        ),
      ),
      optional('x-forwarded-for', fc.constantFrom('10.0.0.1', '::1, 127.0.0.1', 'garbage', '')),
      fc.boolean(),
      fc.option(fc.array(fc.tuple(headerName, headerValue), { minLength: 1, maxLength: 6 }), {
        freq: 4,
        nil: undefined,
      }),
      // Rare and heavy: hundreds of headers, one huge header (under and over Node's 16 KB).
      fc.oneof(
        { weight: 30, arbitrary: fc.constant<[string, string][]>([]) },
        {
          weight: 1,
          arbitrary: fc.constant(
            Array.from({ length: 300 }, (_, i): [string, string] => [`x-many-${i}`, 'v']),
          ),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(8_000, 17_000)
            .map((n): [string, string][] => [['x-huge', bigString(n, 'h')]]),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              'evil.example',
              '',
              'a'.repeat(300),
              'localhost:99999',
              '[::1',
              'ex ample',
              'EXAMPLE.com',
              latin1('über.de'),
            )
            .map((h): [string, string][] => [['host', h]]),
        },
        {
          weight: 1,
          arbitrary: fc.constant<[string, string][]>([
            ['expect', '100-continue'],
            ['connection', 'keep-alive'],
          ]),
        },
      ),
    )
    .map(([type, accept, origin, xff, preflight, random, heavy]) => {
      const headers: Record<string, string | readonly string[]> = {};
      for (const [k, v] of [
        ...(random ?? []),
        ...[accept, origin, xff].filter((h): h is [string, string] => h !== undefined),
        ...heavy,
      ])
        headers[k.toLowerCase()] = v;
      if (type !== undefined) headers['content-type'] = type;
      if (origin && preflight) headers['access-control-request-method'] = 'PUT';
      return headers;
    });
}

/** About the size of a header block: Node refuses one over 16 KB (431) before the app runs. */
const headerBytes = (headers: FuzzRequest['headers']): number =>
  Object.entries(headers).reduce(
    (n, [k, v]) =>
      n + (typeof v === 'string' ? [v] : v).reduce((m, x) => m + k.length + x.length + 4, 0),
    0,
  );

/**
 * A request target Node's HTTP parser refuses itself (bytes outside printable ASCII, a
 * backslash) or that makes the request line too long: a bare 400 or 431 before the app runs.
 */
const oddTarget = (target: string): boolean =>
  /[^\u0021-\u007e]|\\/.test(target) || target.length > 8_000;

/** Odd ids for a path parameter (none of today's routes has one; a new one gets these). */
const oddIds = fc.oneof(
  fc.ulid(),
  fc.constantFrom(
    '0',
    '-1',
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%',
    '%zz',
    '__proto__',
    'constructor',
    'toString',
    '01arz3ndektsv4rrffq69g5fav',
    'A'.repeat(5_000),
    '%F0%9F%98%80',
    '%ED%A0%80',
    '%C0%AF',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

const fillParams = (path: string, ids: readonly string[]): string => {
  let i = 0;
  return path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?\??|\*/g, () => ids[i++] ?? 'x');
};

/** The route's path, now and then mangled: each mangling is a different route or none. */
function pathArb(path: string): fc.Arbitrary<{ path: string; exact: boolean }> {
  const params = (path.match(/:[A-Za-z0-9_]+|\*/g) ?? []).length;
  const filled = fc.array(oddIds, { minLength: params, maxLength: params }).map((ids) => ({
    path: fillParams(path, ids),
    exact: params === 0,
  }));
  const mangled = fc
    .constantFrom(
      (p: string) => `${p}/`,
      (p: string) => p.toUpperCase(),
      (p: string) =>
        p.replace(
          /([a-z])([a-z]*)$/,
          (_, a: string, rest: string) => `%${a.charCodeAt(0).toString(16)}${rest}`,
        ),
      (p: string) => p.replace('/', '//'),
      (p: string) => `${p}/..`,
      (p: string) => `${p}/%2e%2e`,
      (p: string) => `${p}/./`,
      (p: string) => `${p}%00`,
      (p: string) => `${p};x=1`,
      (p: string) => `/../../..${p}`,
      (p: string) => `${p}#frag`,
      (p: string) => p.replace(/\//g, '\\'),
      (p: string) => `${p}/${'a'.repeat(9_000)}`,
      (p: string) => `${p}/%ED%A0%80`,
      (p: string) => `${p}/${latin1('客户')}`,
    )
    .chain((f) => filled.map((x) => ({ path: f(x.path), exact: false })));
  return fc.oneof({ weight: 20, arbitrary: filled }, { weight: 3, arbitrary: mangled });
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE'] as const;

function methodArb(method: string): fc.Arbitrary<{ method: string; protocolOdd: boolean }> {
  const same = fc.constant({ method, protocolOdd: false });
  return fc.oneof(
    { weight: 30, arbitrary: same },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...OTHER_METHODS.filter((m) => m !== method), 'OPTIONS')
        .map((m) => ({ method: m, protocolOdd: false })),
    },
    {
      weight: method === 'GET' ? 1 : 0,
      arbitrary: fc.constant({ method: 'HEAD', protocolOdd: false }),
    },
    { weight: 1, arbitrary: fc.constant({ method: 'FOO', protocolOdd: true }) },
  );
}

/** Bodies that are no JSON at all. */
const notJson = fc.oneof(
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => !isJson(s)),
  fc.constantFrom(
    '{"clientId": "x", mutations: [',
    "{'inviteCode': 'x'}",
    '{"a":1} trailing',
    '{"a":1,}',
    '[1,2',
    'NaN',
    'undefined',
    '{"a": 1 /* comment */}',
    '<xml/>',
    'inviteCode=x&deviceName=y',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    '"\\ud800',
    '{"a":"\\u00"}',
    `{"a":"${'\u0001'}"}`,
  ),
);

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

interface BodyDraw {
  readonly body: string | Uint8Array | undefined;
  readonly kind: BodyKind;
}

/**
 * A body for a route: shaped and mutated mostly where the route reads JSON; now and then any
 * JSON, deep nesting, huge, over the limit, not JSON, empty or raw bytes. Routes that read no
 * body get one now and then too.
 */
function bodyArb(
  shaped: fc.Arbitrary<Json> | undefined,
  kinds?: readonly BodyKind[],
): fc.Arbitrary<BodyDraw> {
  const text =
    (kind: BodyKind) =>
    (body: string): BodyDraw => ({ body, kind });
  const all: { kind: BodyKind; weight: number; arbitrary: fc.Arbitrary<BodyDraw> }[] = [
    shaped
      ? { kind: 'shaped', weight: 60, arbitrary: shaped.map((j) => text('shaped')(writeJson(j))) }
      : {
          kind: 'none',
          weight: 60,
          arbitrary: fc.constant<BodyDraw>({ body: undefined, kind: 'none' }),
        },
    {
      kind: 'json',
      weight: 6,
      arbitrary: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => text('json')(JSON.stringify(v) ?? 'null')),
        junk.map((j) => text('json')(writeJson(j))),
      ),
    },
    {
      kind: 'deep',
      weight: 1,
      arbitrary: fc
        .record({
          kind: fc.constantFrom<DeepKind>('arrays', 'objects', 'proto', 'mixed'),
          levels: fc.constantFrom(10_000, 100_000, 500_000),
        })
        .map(({ kind, levels }) => text('deep')(deepJson(kind, levels))),
    },
    {
      kind: 'huge',
      weight: 1,
      // A JSON string just inside the limit: in fields, as a key, as the whole body.
      arbitrary: fc
        .record({
          size: fc.constantFrom(1_048_576, BODY_LIMIT - 64),
          unit: fc.constantFrom('x', 'é', '\\u0000'),
          wrap: fc.constantFrom('field', 'key', 'string'),
        })
        .map(({ size, unit, wrap }) => {
          const inner = bigString(Math.floor(size / Buffer.byteLength(unit) / 2), unit);
          const s = `"${inner}"`;
          return text('huge')(
            wrap === 'field'
              ? `{"clientId":${s},"inviteCode":${s}}`
              : wrap === 'key'
                ? `{${s}:1}`
                : s,
          );
        }),
    },
    {
      kind: 'over-limit',
      weight: 1,
      arbitrary: fc
        .constantFrom(BODY_LIMIT + 1, BODY_LIMIT + 100_000)
        .map((size) => text('over-limit')(`{"clientId":"${bigString(size, 'o')}"}`)),
    },
    { kind: 'not-json', weight: 4, arbitrary: notJson.map(text('not-json')) },
    {
      kind: 'empty',
      weight: 2,
      arbitrary: fc.constantFrom('', ' ', '\r\n\t ').map(text('empty')),
    },
    {
      kind: 'bytes',
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.uint8Array({ minLength: 1, maxLength: 300 }),
          // UTF-16 with a byte-order mark; UTF-8 cut in the middle of a character.
          fc.constant(Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
          fc.constant(
            Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
          ),
        )
        .map((body): BodyDraw => ({ body, kind: 'bytes' })),
    },
  ];
  const chosen = all.filter((b) => !kinds || kinds.includes(b.kind));
  if (chosen.length === 0) throw new Error(`no body of the kinds ${String(kinds)}`);
  return fc.oneof(...chosen.map(({ weight, arbitrary }) => ({ weight, arbitrary })));
}

const bodyLength = (b: string | Uint8Array | undefined): number =>
  b === undefined ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.length;

/**
 * What a request must get, where that does not depend on the fuzz's luck: the auth wall, the
 * body limit, unreadable JSON, unknown methods. Anything else need only be a well-formed 4xx or
 * a 2xx the route's check accepts.
 */
function expectationOf(
  r: Omit<FuzzRequest, 'expect'>,
  fuzzer: RouteFuzzer | undefined,
  exactPath: boolean,
  routeMethod: string,
): FuzzRequest['expect'] {
  // An odd Host may or may not make a URL: the adapter's 400 or the route's answer.
  if (!fuzzer || !exactPath || r.protocolOdd || r.abortMidBody || 'host' in r.headers)
    return undefined;
  // CORS answers every preflight, before anything else looks at the request.
  if (r.method === 'OPTIONS') return { status: [204] };
  const underV1 = r.path.startsWith('/v1/');
  const overLimit = bodyLength(r.body) > BODY_LIMIT;
  const sameMethod = r.method === routeMethod || (r.method === 'HEAD' && routeMethod === 'GET');
  const valid = r.auth === 'member' || r.auth === 'admin';
  const walled = fuzzer.auth !== 'public';
  const sendsBody = r.body !== undefined && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
  // The body limit comes before the token is looked at.
  if (underV1 && sendsBody && overLimit) return { status: [413], code: ['payload_too_large'] };
  if (walled && (r.auth === 'none' || r.auth === 'revoked'))
    return { status: [401], code: ['unauthorized'] };
  if (!sameMethod) {
    if (walled && !valid) return undefined;
    return sendsBody && overLimit ? undefined : { status: [404], code: ['not_found'] };
  }
  if (fuzzer.auth === 'admin' && r.auth === 'member') return { status: [403], code: ['forbidden'] };
  if (!fuzzer.body || (walled && !valid)) return undefined;
  if (overLimit) return { status: [413], code: ['payload_too_large'] };
  if (r.bodyKind === 'not-json' || r.bodyKind === 'empty')
    return { status: [400], code: ['invalid_json'] };
  if (r.bodyKind === 'deep' || r.bodyKind === 'huge')
    return { status: [400], code: ['invalid_json', 'invalid_input'] };
  return undefined;
}

export interface RequestOptions {
  /** Only these routes (default: every route, and now and then none). */
  readonly routes?: readonly string[];
  /** Only bodies of these kinds. */
  readonly bodyKinds?: readonly BodyKind[];
  /** Only these kinds of Authorization. */
  readonly auths?: readonly AuthKind[];
}

/** Hostile requests to the routes of ROUTE_FUZZERS, and now and then to no route at all. */
export function requestArb(
  t: FuzzTargets,
  options: RequestOptions = {},
  now = Date.now(),
): fc.Arbitrary<FuzzRequest> {
  const routes = options.routes ?? Object.keys(ROUTE_FUZZERS);
  const perRoute = routes.map((route) => {
    const fuzzer = ROUTE_FUZZERS[route];
    if (!fuzzer) throw new Error(`no fuzzer for ${route}`);
    const [method = 'GET', path = '/'] = route.split(' ');
    // A body per member a valid token speaks for, built once: a note it writes is its own.
    const bodies = new Map<string | undefined, fc.Arbitrary<BodyDraw>>();
    const bodyFor = (auth: AuthKind) => {
      const pusher = auth === 'admin' ? t.adminId : auth === 'member' ? t.memberId : undefined;
      let arb = bodies.get(pusher);
      if (!arb) {
        arb = bodyArb(fuzzer.body?.(t, now, pusher), options.bodyKinds);
        bodies.set(pusher, arb);
      }
      return arb;
    };
    const rest = {
      m: methodArb(method),
      p: pathArb(path),
      query: fuzzer.query ? fuzzer.query(t) : extraParams(t),
      rawQuery: fc.boolean(),
      h: headersArb(fuzzer.body !== undefined),
      chunked: fc.boolean(),
      abort: fc.oneof(
        { weight: 60, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    };
    return authArb(t, fuzzer.auth, options.auths)
      .chain((auth) => fc.record({ ...rest, auth: fc.constant(auth), b: bodyFor(auth.kind) }))
      .map(({ m, p, query, rawQuery, h, auth, b, chunked, abort }): FuzzRequest => {
        const headers = { ...h };
        if (auth.value !== undefined) headers.authorization = auth.value;
        const q = writeQuery(query, rawQuery);
        const full = q === '' ? p.path : `${p.path}?${q}`;
        const request: Omit<FuzzRequest, 'expect'> = {
          route,
          method: m.method,
          path: full,
          headers,
          body: b.body,
          bodyKind: b.kind,
          chunked,
          abortMidBody: abort && bodyLength(b.body) > 1 && m.method !== 'GET',
          auth: auth.kind,
          protocolOdd:
            m.protocolOdd || oddTarget(full) || headerBytes(headers) + full.length > 14_000,
        };
        const expect = expectationOf(request, fuzzer, p.exact, method);
        return expect === undefined ? request : { ...request, expect };
      });
  });
  const unrouted = fc
    .record({
      method: fc.constantFrom(...OTHER_METHODS),
      path: fc.oneof(
        fc.webPath(),
        fc.constantFrom(
          '/v1',
          '/v1/',
          '/v1/sync',
          '/v1/team',
          '/v1/auth',
          '/v2/me',
          '/favicon.ico',
          '*',
        ),
      ),
      auth: authArb(t, 'device'),
      h: headersArb(false),
    })
    .map(({ method, path, auth, h }): FuzzRequest => {
      const headers = { ...h };
      if (auth.value !== undefined) headers.authorization = auth.value;
      return {
        route: 'unrouted',
        method,
        path: path.startsWith('/') ? path : `/${path}`,
        headers,
        body: undefined,
        bodyKind: 'none',
        chunked: false,
        abortMidBody: false,
        auth: auth.kind,
        protocolOdd: oddTarget(path) || headerBytes(headers) + path.length > 14_000,
      };
    });
  const arbs = perRoute.map((arbitrary) => ({ weight: 10, arbitrary }));
  if (!options.routes) arbs.push({ weight: 3, arbitrary: unrouted });
  return fc.oneof(...arbs);
}

interface AuthDraw {
  readonly kind: AuthKind;
  readonly value: string | readonly string[] | undefined;
}

function authArb(
  t: FuzzTargets,
  auth: RouteFuzzer['auth'],
  only?: readonly AuthKind[],
): fc.Arbitrary<AuthDraw> {
  const none = fc.constant<AuthDraw>({ kind: 'none', value: undefined });
  const garbage = garbageAuth(t).map((value): AuthDraw => ({ kind: 'garbage', value }));
  const revoked = fc.constant<AuthDraw>({ kind: 'revoked', value: authHeader(t.revokedToken) });
  const member = fc.constant<AuthDraw>({ kind: 'member', value: authHeader(t.memberToken) });
  const admin = fc.constant<AuthDraw>({ kind: 'admin', value: authHeader(t.adminToken) });
  const publicRoute = auth === 'public';
  const all: { kind: AuthKind; weight: number; arbitrary: fc.Arbitrary<AuthDraw> }[] = [
    { kind: 'none', weight: publicRoute ? 12 : 3, arbitrary: none },
    { kind: 'garbage', weight: 4, arbitrary: garbage },
    { kind: 'revoked', weight: 1, arbitrary: revoked },
    { kind: 'member', weight: publicRoute ? 2 : 8, arbitrary: member },
    { kind: 'admin', weight: publicRoute ? 2 : 8, arbitrary: admin },
  ];
  const kinds = all.filter((k) => !only || only.includes(k.kind));
  return fc.oneof(...kinds.map(({ weight, arbitrary }) => ({ weight, arbitrary })));
}

/** Query parts as a string: percent-encoded, or raw (then `%zz`, `&` and `=` do as they like). */
function writeQuery(parts: readonly QueryPart[], raw: boolean): string {
  const enc = raw
    ? // Node refuses a path with bytes outside 0x21–0xff: those are encoded even when raw.
      (s: string) => s.replace(/[^\u0021-\u00ff]|#/g, (c) => encodeURIComponent(c))
    : encodeURIComponent;
  return parts.map(([k, v]) => (v === undefined ? enc(k) : `${enc(k)}=${enc(v)}`)).join('&');
}
