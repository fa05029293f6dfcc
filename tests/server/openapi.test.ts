import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_PUSH_MUTATIONS } from '../../shared/index.ts';
import {
  account,
  bareApp,
  type Client,
  inviteCode,
  makeTeam,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

async function fetchDescription(url: string): Promise<Json> {
  const res = await fetch(`${url}/v1/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

/** `METHOD path` of every operation the description has. */
function describedOperations(doc: Json): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
    for (const method of METHODS) if (item[method]) out.push(`${method.toUpperCase()} ${path}`);
  return out.sort();
}

function operation(doc: Json, method: string, path: string): Json {
  const op = (doc.paths as Record<string, Json | undefined>)[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not described`);
  return op as Json;
}

/**
 * Checks answers against the description: the schema of the operation's answer for the status
 * and media type, its named schemas (`#/components/schemas/…`) read from the document.
 */
class DescriptionChecker {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: Json) {
    addFormats(this.ajv);
    const components = (doc.components as Json).schemas as Json;
    this.ajv.addSchema({ $id: 'urn:account-lens:api', $defs: this.relink(components) });
  }

  private relink<T>(schema: T): T {
    return JSON.parse(
      JSON.stringify(schema).replaceAll('"#/components/schemas/', '"urn:account-lens:api#/$defs/'),
    ) as T;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(this.relink(schema));
      this.cache.set(key, v);
    }
    return v;
  }

  /** Problems with an answer, as the description has it; [] when it matches. */
  check(method: string, path: string, status: number, contentType: string, body: unknown) {
    const op = operation(this.doc, method, path);
    const response = (op.responses as Record<string, Json | undefined>)[String(status)];
    if (!response) return [`${method} ${path}: status ${status} is not described`];
    const mediaType = contentType.split(';')[0]?.trim() ?? '';
    const media = (response.content as Record<string, Json | undefined> | undefined)?.[mediaType];
    if (!media) return [`${method} ${path} ${status}: ${mediaType} is not described`];
    const validate = this.validator(
      `${method} ${path} ${status} ${mediaType}`,
      media.schema as Json,
    );
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${method} ${path} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''}`,
    );
  }

  /** Problems with a value against a named schema. */
  checkNamed(ref: string, value: unknown): string[] {
    const validate = this.validator(ref, { $ref: ref });
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${ref}: ${e.instancePath} ${e.message ?? ''}`);
  }
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; query?: string; accept?: string } = {},
): Promise<Answer> {
  const res = await fetch(`${url}${path}${options.query ?? ''}`, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.accept === undefined ? {} : { accept: options.accept }),
    },
    ...(options.body === undefined
      ? {}
      : {
          body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }),
  });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return {
    status: res.status,
    contentType,
    body: contentType.startsWith('application/json') ? JSON.parse(text) : text,
  };
}

describe('the API description at /v1/openapi.json', () => {
  it('describes every route the server serves, and no operation the server lacks', async () => {
    const { app, close } = bareApp();
    try {
      const routes = [
        ...new Set(
          app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
        ),
      ].sort();
      const res = await app.request('/v1/openapi.json');
      expect(res.status).toBe(200);
      const doc = (await res.json()) as Json;
      expect(doc.openapi).toBe('3.1.0');
      expect(describedOperations(doc)).toEqual(routes);
      // The ones named in the issue, so an empty app could not pass.
      for (const route of [
        'GET /',
        'GET /v1/health',
        'POST /v1/auth/join',
        'GET /v1/me',
        'PUT /v1/team/settings',
        'POST /v1/sync/push',
        'GET /v1/sync/pull',
        'GET /v1/events',
        'GET /v1/openapi.json',
        'GET /v1/docs',
      ])
        expect(routes).toContain(route);
    } finally {
      close();
    }
  });

  it('marks as needing a bearer token exactly the operations that refuse a request without one', async () => {
    const { app, close } = bareApp();
    try {
      const doc = (await (await app.request('/v1/openapi.json')).json()) as Json;
      const schemes = (doc.components as Json).securitySchemes as Json;
      expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const route of describedOperations(doc)) {
        const [method = 'GET', path = '/'] = route.split(' ');
        const op = operation(doc, method, path);
        const secured = Array.isArray(op.security) && op.security.length > 0;
        const res = await app.request(path, { method });
        expect(res.status === 401, `${route} without a token answered ${res.status}`).toBe(secured);
        if (secured) expect(op.responses, route).toHaveProperty('401');
        await res.body?.cancel();
      }
    } finally {
      close();
    }
  });

  it('names its schemas and gives every error answer the error body `{ error: { code, message, field? } }`', async () => {
    const { app, close } = bareApp();
    try {
      const doc = (await (await app.request('/v1/openapi.json')).json()) as Json;
      const checker = new DescriptionChecker(doc); // compiles: every reference resolves
      const error = ((doc.components as Json).schemas as Json).Error as Json;
      expect(error).toMatchObject({ required: ['error'] });
      expect(
        checker.checkNamed('#/components/schemas/Error', {
          error: { code: 'invalid_input', message: 'x: bad', field: 'x' },
        }),
      ).toEqual([]);
      expect(
        checker.checkNamed('#/components/schemas/Error', { error: { code: 'x' } }),
      ).not.toEqual([]);
      for (const route of describedOperations(doc)) {
        const [method = 'GET', path = '/'] = route.split(' ');
        const responses = operation(doc, method, path).responses as Record<string, Json>;
        expect(Object.keys(responses), route).toContain('200');
        expect(Object.keys(responses), route).toContain('500');
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) < 400) continue;
          expect(response.content, `${route} ${status}`).toEqual({
            'application/json': { schema: { $ref: '#/components/schemas/Error' } },
          });
        }
      }
    } finally {
      close();
    }
  });
});

describe('real answers match the description', () => {
  let server: TestServer;
  let limited: TestServer;
  let checker: DescriptionChecker;
  let admin: Client;
  let rep: Client;
  const problems: string[] = [];
  const expectAnswer = async (
    method: string,
    route: string,
    status: number,
    answer: Promise<Answer>,
    query?: string,
  ) => {
    const a = await answer;
    expect(a.status, `${method} ${route}${query ?? ''}: ${JSON.stringify(a.body)}`).toBe(status);
    problems.push(...checker.check(method, route, a.status, a.contentType, a.body));
    return a;
  };

  beforeAll(async () => {
    server = await startTestServer();
    limited = await startTestServer({ rateLimit: { perSecond: 0.01, burst: 2 } });
    checker = new DescriptionChecker(await fetchDescription(server.url));
    ({ admin, rep } = await makeTeamOfTwo(server, 'Acme sales'));
  });
  afterAll(async () => {
    await server.close();
    await limited.close();
  });

  it("the server's address, health and the description itself", async () => {
    const url = server.url;
    await expectAnswer('GET', '/', 200, call(url, 'GET', '/'));
    await expectAnswer('GET', '/', 200, call(url, 'GET', '/', { accept: 'text/html' }));
    await expectAnswer('GET', '/v1/health', 200, call(url, 'GET', '/v1/health'));
    await expectAnswer('GET', '/v1/openapi.json', 200, call(url, 'GET', '/v1/openapi.json'));
    await expectAnswer('GET', '/v1/docs', 200, call(url, 'GET', '/v1/docs'));
    expect(problems).toEqual([]);
    // The check itself catches an answer that strays: a missing field, an extra one, a wrong type.
    const json = 'application/json';
    expect(checker.check('GET', '/v1/health', 200, json, { ok: true })).not.toEqual([]);
    expect(
      checker.check('GET', '/v1/health', 200, json, { ok: true, version: '1', x: 1 }),
    ).not.toEqual([]);
    expect(checker.check('GET', '/v1/health', 200, json, { ok: 'yes', version: '1' })).not.toEqual(
      [],
    );
    expect(checker.check('GET', '/v1/health', 200, 'text/plain', 'ok')).not.toEqual([]);
    expect(checker.check('GET', '/v1/health', 418, json, {})).not.toEqual([]);
  });

  it('joining: an invite previewed, redeemed, then refused when spent or unknown or malformed', async () => {
    const url = server.url;
    const team = await server.store.createTeam('Join test', DEFAULT_SETTINGS, Date.now());
    const code = await inviteCode(server.store, team.id);
    const body = { inviteCode: code, deviceName: 'laptop' };
    await expectAnswer(
      'POST',
      '/v1/auth/invite',
      200,
      call(url, 'POST', '/v1/auth/invite', { body: { inviteCode: code } }),
    );
    await expectAnswer('POST', '/v1/auth/join', 200, call(url, 'POST', '/v1/auth/join', { body }));
    await expectAnswer('POST', '/v1/auth/join', 409, call(url, 'POST', '/v1/auth/join', { body }));
    await expectAnswer(
      'POST',
      '/v1/auth/invite',
      409,
      call(url, 'POST', '/v1/auth/invite', { body: { inviteCode: code } }),
    );
    const unknown = { inviteCode: 'NOTAREALCODE1234', deviceName: 'laptop' };
    await expectAnswer(
      'POST',
      '/v1/auth/join',
      400,
      call(url, 'POST', '/v1/auth/join', { body: unknown }),
    );
    await expectAnswer(
      'POST',
      '/v1/auth/join',
      400,
      call(url, 'POST', '/v1/auth/join', { body: '{"inviteCode":' }),
    );
    await expectAnswer(
      'POST',
      '/v1/auth/join',
      400,
      call(url, 'POST', '/v1/auth/join', { body: { deviceName: 3 } }),
    );
    expect(problems).toEqual([]);
  });

  it('me and team settings, for an admin and a member', async () => {
    const url = server.url;
    const [a, r] = [admin.member.token, rep.member.token];
    await expectAnswer('GET', '/v1/me', 200, call(url, 'GET', '/v1/me', { token: r }));
    await expectAnswer('GET', '/v1/me', 401, call(url, 'GET', '/v1/me'));
    await expectAnswer('GET', '/v1/me', 401, call(url, 'GET', '/v1/me', { token: 'not-a-token' }));
    const path = '/v1/team/settings';
    await expectAnswer(
      'PUT',
      path,
      200,
      call(url, 'PUT', path, { token: a, body: { cadenceDays: { key: 10 } } }),
    );
    await expectAnswer(
      'PUT',
      path,
      403,
      call(url, 'PUT', path, { token: r, body: { staleStageDays: 20 } }),
    );
    await expectAnswer('PUT', path, 400, call(url, 'PUT', path, { token: a, body: { nope: 1 } }));
    await expectAnswer(
      'PUT',
      path,
      400,
      call(url, 'PUT', path, { token: a, body: { staleStageDays: 0 } }),
    );
    await expectAnswer('PUT', path, 401, call(url, 'PUT', path, { body: { staleStageDays: 20 } }));
    expect(problems).toEqual([]);
  });

  it('push and pull, with the refusals a sync client meets', async () => {
    const url = server.url;
    const token = rep.member.token;
    const id = ulid();
    const push = {
      clientId: rep.clientId,
      mutations: [rep.mutation('accounts', id, account('Globex'))],
    };
    await expectAnswer(
      'POST',
      '/v1/sync/push',
      200,
      call(url, 'POST', '/v1/sync/push', { token, body: push }),
    );
    await admin.push([admin.mutation('accounts', id, { name: 'Globex Corp' })]);
    const bad = { clientId: rep.clientId, mutations: [{ table: 'accounts', id: 'x' }] };
    await expectAnswer(
      'POST',
      '/v1/sync/push',
      400,
      call(url, 'POST', '/v1/sync/push', { token, body: bad }),
    );
    const many = {
      clientId: rep.clientId,
      mutations: Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, () => ({})),
    };
    await expectAnswer(
      'POST',
      '/v1/sync/push',
      413,
      call(url, 'POST', '/v1/sync/push', { token, body: many }),
    );
    await expectAnswer(
      'POST',
      '/v1/sync/push',
      401,
      call(url, 'POST', '/v1/sync/push', { body: push }),
    );

    const pull = '/v1/sync/pull';
    for (const query of [
      '?cursor=0',
      '?cursor=0&limit=1&total=1',
      `?tables=accounts&mine=${rep.clientId}`,
    ]) {
      const page = await expectAnswer(
        'GET',
        pull,
        200,
        call(url, 'GET', pull, { token, query }),
        query,
      );
      expect((page.body as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    }
    await expectAnswer(
      'GET',
      pull,
      409,
      call(url, 'GET', pull, { token, query: '?cursor=999999' }),
    );
    await expectAnswer('GET', pull, 400, call(url, 'GET', pull, { token, query: '?limit=0' }));
    await expectAnswer('GET', pull, 401, call(url, 'GET', pull));
    expect(problems).toEqual([]);
  });

  it('the event stream: its first change event is the described event data', async () => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}/v1/events`, {
      headers: { authorization: `Bearer ${rep.member.token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const media = ((operation(checker.doc, 'GET', '/v1/events').responses as Json)['200'] as Json)
      .content as Record<string, Json>;
    const eventStream = media['text/event-stream'];
    expect(eventStream, 'text/event-stream described').toBeDefined();
    const reader = res.body?.getReader();
    let text = '';
    while (reader && !/\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const data = /^event: change\ndata: (.*)$/m.exec(text)?.[1];
    expect(data, text).toBeDefined();
    const ref = ((eventStream?.['x-event-data'] as Json | undefined)?.change as Json | undefined)
      ?.$ref;
    expect(ref).toMatch(/^#\/components\/schemas\//);
    expect(checker.checkNamed(String(ref), JSON.parse(data ?? 'null'))).toEqual([]);
    await expectAnswer('GET', '/v1/events', 401, call(server.url, 'GET', '/v1/events'));
    expect(problems).toEqual([]);
  });

  it('a rate-limited caller and an unknown path get the described error body', async () => {
    const { admin: limitedAdmin } = await makeTeam(limited, 'Limited', 0);
    let answer: Answer | undefined;
    for (let i = 0; i < 5 && answer?.status !== 429; i++)
      answer = await call(limited.url, 'GET', '/v1/me', { token: limitedAdmin.token });
    expect(answer?.status).toBe(429);
    problems.push(...checker.check('GET', '/v1/me', 429, answer?.contentType ?? '', answer?.body));
    const missing = await call(server.url, 'GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(checker.checkNamed('#/components/schemas/Error', missing.body)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('the reference page at /v1/docs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('is one HTML page naming every operation, with its parameters and schemas, loading nothing else', async () => {
    const doc = await fetchDescription(server.url);
    const res = await fetch(`${server.url}/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const route of describedOperations(doc)) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const op = operation(doc, method, path);
      expect(html, route).toContain(`<code>${route}</code>`);
      expect(html, route).toContain(String(op.operationId));
    }
    // The pull's parameters, and the schemas by name.
    for (const name of ['cursor', 'limit', 'tables', 'mine', 'total'])
      expect(html).toContain(`<code>${name}</code>`);
    for (const name of Object.keys((doc.components as Json).schemas as Json))
      expect(html).toContain(`id="schema-${name}"`);
    // Nothing fetched from elsewhere: no script, no stylesheet, image or frame from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=/i);
  });

  it('escapes what it shows: markup in the description is text on the page', async () => {
    const { app, close } = bareApp('1.0 <script>alert(1)</script>');
    try {
      const html = await (await app.request('/v1/docs')).text();
      expect(html).not.toContain('<script>');
      expect(html).toContain('1.0 &lt;script&gt;alert(1)&lt;/script&gt;');
    } finally {
      close();
    }
  });
});
