import { z } from 'zod';
import {
  ApiError,
  ChangeEvent,
  InvitePreview,
  InvitePreviewRequest,
  JoinRequest,
  JoinResponse,
  MAX_PUSH_MUTATIONS,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  TABLE_NAMES,
  TeamSettings,
} from '../shared/index.ts';
import { AboutReply, HealthReply, MeReply, SettingsPatch, SettingsReply } from './replies.ts';

/**
 * The HTTP API, described in one place: every route the app serves, with who may call it, what
 * it reads and each answer it gives. The OpenAPI 3.1 document served at /v1/openapi.json (and the
 * page at /v1/docs) is generated from this list and from the zod schemas the routes validate
 * and type their answers with (zod's own JSON Schema output, draft 2020-12, which OpenAPI 3.1
 * uses as is). tests/server/openapi.test.ts fails when a route of the app is missing here, when
 * an operation here is no route, and when a real answer does not match its schema.
 */

export type Method = 'get' | 'post' | 'put';

/** Who may call an operation: anyone, any device of a team, or an admin's device. */
export type Access = 'public' | 'device' | 'admin';

/** An error status an operation can answer with, and when. */
type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;

/** A 200 answer: JSON of a schema, or something else (text, HTML, an event stream). */
type Success =
  | { readonly json: z.ZodType; readonly text?: undefined }
  | { readonly json?: undefined; readonly text: { readonly mediaType: string } };

export interface ApiOperation {
  readonly method: Method;
  /** The path as the app routes it (no path parameters in this API). */
  readonly path: string;
  readonly operationId: string;
  readonly tag: 'About' | 'Auth' | 'Team' | 'Sync';
  readonly summary: string;
  readonly description: string;
  readonly access: Access;
  /** The query the route parses, with a line about each parameter. */
  readonly query?: {
    readonly schema: z.ZodObject;
    readonly about: Readonly<Record<string, string>>;
  };
  /** The JSON body the route parses. */
  readonly body?: z.ZodType;
  readonly ok: Success & { readonly description: string; readonly alsoJson?: z.ZodType };
  /** Error answers particular to the operation (those of access, body and size are added). */
  readonly errors?: Partial<Record<ErrorStatus, string>>;
}

/** The OpenAPI document itself, as far as a client needs to know it to read it. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

const TABLES = TABLE_NAMES.join(', ');

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'about',
    tag: 'About',
    summary: 'What this server is',
    description:
      'For an admin who opens the address in a browser or with curl: JSON for programs, and plain text in English and Chinese for a browser (Accept: text/html).',
    access: 'public',
    ok: {
      description: 'The server, its version and where to read more.',
      json: AboutReply,
    },
  },
  {
    method: 'get',
    path: '/v1/health',
    operationId: 'health',
    tag: 'About',
    summary: 'Health check',
    description: 'Answers while the server is up; for load balancers and monitoring.',
    access: 'public',
    ok: { description: 'The server is up.', json: HealthReply },
  },
  {
    method: 'get',
    path: '/v1/openapi.json',
    operationId: 'openapi',
    tag: 'About',
    summary: 'This description, as OpenAPI 3.1',
    description: 'The API as an OpenAPI 3.1 document, generated from the schemas the server uses.',
    access: 'public',
    ok: { description: 'The OpenAPI document.', json: OpenApiDocument },
  },
  {
    method: 'get',
    path: '/v1/docs',
    operationId: 'docs',
    tag: 'About',
    summary: 'This description, as a page to read',
    description:
      'Every operation with its parameters and schemas, as one HTML page that loads nothing else.',
    access: 'public',
    ok: { description: 'The reference page.', text: { mediaType: 'text/html' } },
  },
  {
    method: 'post',
    path: '/v1/auth/join',
    operationId: 'join',
    tag: 'Auth',
    summary: 'Join a team with an invite code',
    description:
      'Spends the invite and answers with a device token, shown this once: the extension keeps it and sends it as a bearer token. Rate-limited per address.',
    access: 'public',
    body: JoinRequest,
    ok: { description: 'Joined: the device token, the team and the member.', json: JoinResponse },
    errors: {
      400: 'invite_unknown: the invite code is not valid on this server (field inviteCode).',
      409: 'invite_used or invite_expired: the invite was spent or is too old (field inviteCode).',
    },
  },
  {
    method: 'post',
    path: '/v1/auth/invite',
    operationId: 'previewInvite',
    tag: 'Auth',
    summary: 'What an invite is for, before joining',
    description:
      'The team and the person an invite is for, so the join form can be filled in. Spends nothing; rate-limited per address.',
    access: 'public',
    body: InvitePreviewRequest,
    ok: { description: 'What the invite is for.', json: InvitePreview },
    errors: {
      400: 'invite_unknown: the invite code is not valid on this server (field inviteCode).',
      409: 'invite_used or invite_expired: the invite was spent or is too old (field inviteCode).',
    },
  },
  {
    method: 'get',
    path: '/v1/me',
    operationId: 'me',
    tag: 'Team',
    summary: 'The caller, their team and its settings',
    description: "The token's member and team, the team's settings and every member's name.",
    access: 'device',
    ok: { description: 'The member, the team and its settings.', json: MeReply },
  },
  {
    method: 'put',
    path: '/v1/team/settings',
    operationId: 'changeSettings',
    tag: 'Team',
    summary: "Change the team's settings (admins)",
    description:
      'A partial body changes only what it names, at any depth; the merged result must be valid settings as a whole. A key the settings lack is refused by name. Segmentation is recomputed.',
    access: 'admin',
    body: SettingsPatch,
    ok: { description: "The team's settings after the change.", json: SettingsReply },
  },
  {
    method: 'post',
    path: '/v1/sync/push',
    operationId: 'push',
    tag: 'Sync',
    summary: 'Send changes',
    description:
      'Field-level changes stamped with hybrid logical clocks. Idempotent per mutationId: a mutation sent again is acknowledged again and applied once.',
    access: 'device',
    body: PushRequest,
    ok: {
      description: 'The mutation ids now stored (durably, before this answer).',
      json: PushResponse,
    },
    errors: {
      413: `too_many_mutations: more than ${MAX_PUSH_MUTATIONS} mutations in one push (field mutations).`,
    },
  },
  {
    method: 'get',
    path: '/v1/sync/pull',
    operationId: 'pull',
    tag: 'Sync',
    summary: 'Fetch changes after a cursor',
    description:
      "A page of the team's rows changed after the cursor, in the order they changed; pull again from the answer's cursor while hasMore.",
    access: 'device',
    query: {
      schema: PullQuery,
      about: {
        cursor: 'The cursor of the previous page; 0 for everything.',
        limit: 'Rows per page.',
        tables: `Only rows of these tables, comma-separated (${TABLES}).`,
        mine: "The asking browser's client id: a row it wrote wholly comes without its fields.",
        total: '1: also count the rows after the cursor (this page included), for a progress bar.',
      },
    },
    ok: { description: 'A page of rows.', json: PullResponse },
    errors: {
      409: 'cursor_ahead: the cursor is ahead of this server (reset or restored): pull again from 0 (field cursor).',
    },
  },
  {
    method: 'get',
    path: '/v1/events',
    operationId: 'events',
    tag: 'Sync',
    summary: 'Be told of changes (server-sent events)',
    description:
      "A text/event-stream that stays open: a `change` event (data: a ChangeEvent) at once with the team's latest seq, then one for each push that changes something, and a comment line as heartbeat. Closed when the device is revoked or the server stops.",
    access: 'device',
    ok: {
      description: 'The event stream.',
      text: { mediaType: 'text/event-stream' },
      alsoJson: ChangeEvent,
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The document

type Json = Record<string, unknown>;

const ERROR_TEXT: Readonly<Record<ErrorStatus | 500 | 503, string>> = {
  400: 'invalid_json or invalid_input: the body or query is not what the operation takes (field names the part at fault); bad_request: the request cannot be read.',
  401: 'unauthorized: no token, a malformed one, or one revoked or unknown: join again.',
  403: 'forbidden: only a team admin may do this.',
  404: 'not_found: no such endpoint.',
  409: 'conflict.',
  413: 'payload_too_large: the body is over 5 MB.',
  429: 'rate_limited: too many requests; the Retry-After header says in how many seconds to retry.',
  500: 'internal: a fault of the server, logged.',
  503: "unavailable: the database is away for a moment (a restart or failover); retry after the Retry-After header's seconds, nothing of the request was kept.",
};

/** The error answers of an operation, by status: its own, then those of access, body and all. */
function errorsOf(op: ApiOperation): Map<number, string> {
  const out = new Map<number, string>();
  const add = (status: ErrorStatus | 500 | 503, text: string) => {
    const had = out.get(status);
    out.set(status, had === undefined ? text : `${had} ${text}`);
  };
  if (op.body || op.query) add(400, ERROR_TEXT[400]);
  if (op.access !== 'public') add(401, ERROR_TEXT[401]);
  if (op.access === 'admin') add(403, ERROR_TEXT[403]);
  if (op.body) add(413, ERROR_TEXT[413]);
  if (op.access !== 'public' || op.path.startsWith('/v1/auth/')) add(429, ERROR_TEXT[429]);
  for (const [status, text] of Object.entries(op.errors ?? {}))
    add(Number(status) as ErrorStatus, text);
  add(500, ERROR_TEXT[500]);
  // Everything that reads or writes the team's data waits for the database.
  if (op.access !== 'public' || op.path.startsWith('/v1/auth/')) add(503, ERROR_TEXT[503]);
  return new Map([...out].sort(([a], [b]) => a - b));
}

const REF = (id: string) => `#/components/schemas/${id}`;

/** Named schemas: what requests take (read as zod reads input) and what answers hold. */
function componentSchemas(): { schemas: Json; names: Map<z.ZodType, string> } {
  const requests = z.registry<{ id: string }>();
  const replies = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  const name = (registry: typeof requests, schema: z.ZodType, id: string) => {
    registry.add(schema, { id });
    names.set(schema, id);
  };
  name(requests, JoinRequest, 'JoinRequest');
  name(requests, InvitePreviewRequest, 'InvitePreviewRequest');
  name(requests, PushRequest, 'PushRequest');
  name(requests, SettingsPatch, 'SettingsPatch');
  name(replies, ApiError, 'Error');
  name(replies, AboutReply, 'About');
  name(replies, HealthReply, 'Health');
  name(replies, OpenApiDocument, 'OpenApiDocument');
  name(replies, JoinResponse, 'JoinResponse');
  name(replies, InvitePreview, 'InvitePreview');
  name(replies, TeamSettings, 'TeamSettings');
  name(replies, MeReply, 'Me');
  name(replies, SettingsReply, 'SettingsReply');
  name(replies, PushResponse, 'PushResponse');
  name(replies, PullResponse, 'PullResponse');
  name(replies, ChangeEvent, 'ChangeEvent');
  const convert = (registry: typeof requests, io: 'input' | 'output') =>
    z.toJSONSchema(registry, { io, uri: REF, unrepresentable: 'any' }).schemas;
  const schemas: Json = {};
  for (const [id, schema] of Object.entries({
    ...convert(requests, 'input'),
    ...convert(replies, 'output'),
  })) {
    const { $schema: _, $id: __, ...rest } = schema as Json;
    schemas[id] = rest;
  }
  return { schemas, names };
}

/** A schema of the document: a reference when the schema is a named one. */
function schemaRef(schema: z.ZodType, names: Map<z.ZodType, string>): Json {
  const id = names.get(schema);
  if (id === undefined) throw new Error('openapi: a schema used by an operation has no name');
  return { $ref: REF(id) };
}

const json = (schema: Json) => ({ 'application/json': { schema } });

function operationOf(op: ApiOperation, names: Map<z.ZodType, string>): Json {
  const out: Json = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description:
      op.access === 'admin' ? `${op.description} Only a team admin's token may.` : op.description,
  };
  if (op.access !== 'public') out.security = [{ bearerAuth: [] }];
  if (op.query) {
    const query = z.toJSONSchema(op.query.schema, { io: 'input', unrepresentable: 'any' }) as Json;
    const required = new Set((query.required as string[] | undefined) ?? []);
    out.parameters = Object.entries((query.properties ?? {}) as Record<string, Json>).map(
      ([name, schema]) => ({
        name,
        in: 'query',
        required: required.has(name),
        ...(op.query?.about[name] === undefined ? {} : { description: op.query.about[name] }),
        schema,
      }),
    );
  }
  if (op.body) out.requestBody = { required: true, content: json(schemaRef(op.body, names)) };
  const ok: Json = { description: op.ok.description };
  if (op.ok.json) {
    const content: Json = json(schemaRef(op.ok.json, names));
    // GET / also answers a browser, in plain text.
    if (op.path === '/') content['text/plain'] = { schema: { type: 'string' } };
    ok.content = content;
  } else if (op.ok.text) {
    ok.content = {
      [op.ok.text.mediaType]: {
        schema: { type: 'string' },
        // The event stream's data, event by event (OpenAPI 3.1 has no word for it).
        ...(op.ok.alsoJson ? { 'x-event-data': { change: schemaRef(op.ok.alsoJson, names) } } : {}),
      },
    };
  }
  const responses: Json = { 200: ok };
  for (const [status, text] of errorsOf(op)) {
    responses[status] = {
      description: text,
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
      content: json({ $ref: REF('Error') }),
    };
  }
  out.responses = responses;
  return out;
}

const RETRY_AFTER = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', minimum: 1 },
};

/** The OpenAPI 3.1 document of this server. */
export function openApiDocument(version: string): Json {
  const { schemas, names } = componentSchemas();
  const paths: Record<string, Json> = {};
  for (const op of API_OPERATIONS) {
    paths[op.path] ??= {};
    (paths[op.path] as Json)[op.method] = operationOf(op, names);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Account Lens sync server',
      version,
      description:
        'The sync server of the Account Lens browser extension. Every error is answered as JSON, `{ "error": { "code", "message", "field"? } }` (schema Error): `code` for programs, `message` for people, `field` naming the part of the request at fault. A path the server does not have is answered 404 `not_found`. Bodies are at most 5 MB.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'About', description: 'What the server is, and this description.' },
      { name: 'Auth', description: 'Joining a team with an invite code.' },
      { name: 'Team', description: 'The caller and their team.' },
      { name: 'Sync', description: 'Push, pull and change events.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A device token, from POST /v1/auth/join: `Authorization: Bearer <token>`. Each token is rate-limited.',
        },
      },
    },
  };
}
