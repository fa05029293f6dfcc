import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorBody,
  account,
  type Client,
  type Fetched,
  inviteCode,
  join,
  makeTeamOfTwo,
  note,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('bad input gets a 4xx naming the problem, and the server keeps serving', () => {
  let server: TestServer;
  let c: Client;
  let member: Client;
  let teamId: string;
  let existingAccount: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ teamId, admin: c, rep: member } = await makeTeamOfTwo(server, 'Edge cases'));
    existingAccount = ulid();
    await c.push([c.mutation('accounts', existingAccount, account('Existing Co'))]);
    // Let the segmentation this push triggers finish, so each case below sees a quiet team.
    await server.segmentation.flush();
  });
  afterAll(() => server.close());

  const push = (mutations: unknown[]) =>
    c.request('POST', '/v1/sync/push', { clientId: c.clientId, mutations });
  const expectError = (
    res: Fetched,
    status: number,
    expected: { code?: string; field?: string; message?: RegExp },
  ) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const body = ApiErrorBody.parse(res.body);
    if (expected.code) expect(body.error.code).toBe(expected.code);
    if (expected.field) expect(body.error.field).toBe(expected.field);
    if (expected.message) expect(body.error.message).toMatch(expected.message);
  };

  const cases: [
    string,
    () => Promise<Fetched>,
    number,
    { code?: string; field?: string; message?: RegExp },
  ][] = [
    [
      'malformed JSON',
      () => c.request('POST', '/v1/sync/push', '{"clientId": "x", mutations: ['),
      400,
      { code: 'invalid_json' },
    ],
    ['an empty body', () => c.request('POST', '/v1/sync/push', ''), 400, { code: 'invalid_json' }],
    [
      'a JSON array instead of an object',
      () => c.request('POST', '/v1/sync/push', []),
      400,
      { code: 'invalid_input' },
    ],
    [
      'a number as clientId',
      () => c.request('POST', '/v1/sync/push', { clientId: 5, mutations: [] }),
      400,
      { field: 'clientId' },
    ],
    ['an empty batch', () => push([]), 400, { field: 'mutations', message: /at least one/ }],
    [
      'mutations that are not a list',
      () => c.request('POST', '/v1/sync/push', { clientId: 'x', mutations: 'all' }),
      400,
      { field: 'mutations' },
    ],
    [
      'an unknown table',
      () =>
        push(
          [c.mutation('accounts', ulid(), account('x'))].map((m) => ({ ...m, table: 'widgets' })),
        ),
      400,
      { field: 'mutations[0].table', message: /unknown table "widgets"/ },
    ],
    [
      'a push to account_insights (server-only)',
      () => push([c.mutation('account_insights', ulid(), { tier: 'key' })]),
      400,
      { field: 'mutations[0].table', message: /cannot be written by clients/ },
    ],
    [
      'a push to note_revisions (server-only)',
      () => push([c.mutation('note_revisions', ulid(), { body: 'x' })]),
      400,
      { field: 'mutations[0].table', message: /cannot be written by clients/ },
    ],
    [
      'a wrong type',
      () => push([c.mutation('accounts', ulid(), account('x', { revenue12m: 'lots' }))]),
      400,
      { field: 'mutations[0].fields.revenue12m' },
    ],
    [
      'an unknown field',
      () => push([c.mutation('accounts', ulid(), account('x', { colour: 'red' }))]),
      400,
      { field: 'mutations[0].fields.colour', message: /unknown field/ },
    ],
    [
      'a huge string',
      () => push([c.mutation('accounts', ulid(), account('x'.repeat(1_000_000)))]),
      400,
      { field: 'mutations[0].fields.name', message: /at most 200/ },
    ],
    [
      'a note body over 100,000 characters',
      () => push([c.mutation('notes', ulid(), note(c.member.memberId, 'y'.repeat(100_001)))]),
      400,
      { field: 'mutations[0].fields.body' },
    ],
    [
      'deeply nested JSON',
      () =>
        c.request(
          'POST',
          '/v1/sync/push',
          `{"clientId":"x","mutations":[{"mutationId":"${ulid()}","table":"accounts","id":"${ulid()}","hlc":"${c.clock.tick()}","fields":{"orders":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`,
        ),
      400,
      { field: 'mutations[0].fields.orders[0]' },
    ],
    [
      'a __proto__ field',
      () =>
        c.request(
          'POST',
          '/v1/sync/push',
          `{"clientId":"x","mutations":[{"mutationId":"${ulid()}","table":"accounts","id":"${ulid()}","hlc":"${c.clock.tick()}","fields":{"__proto__":{"name":"x"}}}]}`,
        ),
      400,
      { field: 'mutations[0].fields.__proto__', message: /must be a field name/ },
    ],
    [
      'an id that is not a ULID',
      () => push([{ ...c.mutation('accounts', ulid(), account('x')), id: 'acme' }]),
      400,
      { field: 'mutations[0].id' },
    ],
    [
      'a clock stamp that is not one',
      () => push([{ ...c.mutation('accounts', ulid(), account('x')), hlc: 'yesterday' }]),
      400,
      { field: 'mutations[0].hlc' },
    ],
    [
      'a clock stamp far in the future',
      () =>
        push([
          {
            ...c.mutation('accounts', ulid(), account('x')),
            hlc: `${String(Date.now() + 365 * 86_400_000).padStart(15, '0')}:00000:evil`,
          },
        ]),
      400,
      { field: 'mutations[0].hlc' },
    ],
    [
      'a new row without its required fields',
      () => push([c.mutation('accounts', ulid(), { industry: 'Robotics' })]),
      400,
      { field: 'mutations[0].fields.createdAt', message: /required/ },
    ],
    [
      'clearing a required field',
      () => push([c.mutation('accounts', existingAccount, { name: null })]),
      400,
      { field: 'mutations[0].fields.name', message: /cannot be cleared/ },
    ],
    [
      'a note in someone else’s name',
      () => push([c.mutation('notes', ulid(), note(member.member.memberId, 'forged'))]),
      403,
      { field: 'mutations[0].fields.authorId' },
    ],
    [
      'over 5,000 mutations',
      () => push(Array.from({ length: 5_001 }, () => c.mutation('accounts', ulid(), account('x')))),
      413,
      { code: 'too_many_mutations', field: 'mutations' },
    ],
    [
      'a body over 5 MB',
      () =>
        c.request('POST', '/v1/sync/push', {
          clientId: 'x',
          mutations: [],
          pad: 'p'.repeat(5 * 1024 * 1024),
        }),
      413,
      { code: 'payload_too_large' },
    ],
    [
      'a negative cursor',
      () => c.request('GET', '/v1/sync/pull?cursor=-1'),
      400,
      { field: 'cursor' },
    ],
    [
      'a cursor that is not a number',
      () => c.request('GET', '/v1/sync/pull?cursor=abc'),
      400,
      { field: 'cursor' },
    ],
    [
      'a fractional cursor',
      () => c.request('GET', '/v1/sync/pull?cursor=1.5'),
      400,
      { field: 'cursor' },
    ],
    [
      'a cursor ahead of the server',
      () => c.request('GET', '/v1/sync/pull?cursor=999999'),
      409,
      { code: 'cursor_ahead', field: 'cursor' },
    ],
    ['a limit of 0', () => c.request('GET', '/v1/sync/pull?limit=0'), 400, { field: 'limit' }],
    [
      'a limit over 5,000',
      () => c.request('GET', '/v1/sync/pull?limit=5001'),
      400,
      { field: 'limit' },
    ],
    [
      'no token',
      () => c.request('GET', '/v1/me', undefined, { authorization: '' }),
      401,
      { code: 'unauthorized' },
    ],
    [
      'a malformed token',
      () => c.request('GET', '/v1/me', undefined, { authorization: 'Bearer abc' }),
      401,
      { code: 'unauthorized' },
    ],
    [
      'another auth scheme',
      () => c.request('GET', '/v1/me', undefined, { authorization: 'Basic YWRtaW46YWRtaW4=' }),
      401,
      { code: 'unauthorized' },
    ],
    [
      'an unknown token',
      () => c.request('GET', '/v1/me', undefined, { authorization: `Bearer ${'A'.repeat(43)}` }),
      401,
      { code: 'unauthorized' },
    ],
    [
      'a join without an invite code',
      () => c.request('POST', '/v1/auth/join', { deviceName: 'x' }),
      400,
      { field: 'inviteCode' },
    ],
    [
      'a join with an unknown invite code',
      () => c.request('POST', '/v1/auth/join', { inviteCode: 'nope-nope-nope', deviceName: 'x' }),
      400,
      { code: 'invite_unknown', field: 'inviteCode' },
    ],
    ['an unknown route', () => c.request('GET', '/v1/nothing-here'), 404, { code: 'not_found' }],
    ['a wrong method', () => c.request('DELETE', '/v1/sync/push'), 404, { code: 'not_found' }],
    [
      'settings that do not add up',
      () =>
        c.request('PUT', '/v1/team/settings', {
          tierShares: { keyStrategic: 0.5, key: 0.5, ordinary: 0.5, small: 0.5 },
        }),
      400,
      { field: 'tierShares' },
    ],
    [
      'an unknown setting',
      () => c.request('PUT', '/v1/team/settings', { coffee: 'black' }),
      400,
      { field: 'coffee' },
    ],
    [
      'settings that are not an object',
      () => c.request('PUT', '/v1/team/settings', [1, 2]),
      400,
      { code: 'invalid_input' },
    ],
    [
      'a setting of the wrong type',
      () => c.request('PUT', '/v1/team/settings', { staleStageDays: 'soon' }),
      400,
      { field: 'staleStageDays' },
    ],
  ];

  for (const [name, run, status, expected] of cases) {
    it(`${name} → ${status}`, async () => {
      const seq = await server.store.teamSeq(teamId);
      expectError(await run(), status, expected);
      expect(await server.store.teamSeq(teamId)).toBe(seq);
      const health = await fetch(`${server.url}/v1/health`);
      expect(health.status).toBe(200);
    });
  }

  it('one bad mutation rejects the whole batch: nothing is half-written', async () => {
    const seq = await server.store.teamSeq(teamId);
    const good = ulid();
    const res = await push([
      c.mutation('accounts', good, account('Fine Co')),
      c.mutation('notes', ulid(), note(c.member.memberId, 'fine too')),
      c.mutation('accounts', ulid(), account('Bad Co', { marginPct: 400 })),
    ]);
    expectError(res, 400, { field: 'mutations[2].fields.marginPct' });
    expect(await server.store.teamSeq(teamId)).toBe(seq);
    await c.sync();
    expect(c.row('accounts', good)).toBeUndefined();
  });

  it('pushes arriving together are committed together, and a bad one fails alone', async () => {
    const ids = Array.from({ length: 6 }, () => ulid());
    const results = await Promise.all(
      ids.map((id, i) =>
        push([c.mutation('accounts', id, account(i === 3 ? '' : `Together ${i}`))]),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 400, 200, 200]);
    expectError(results[3] as Fetched, 400, { field: 'mutations[0].fields.name' });
    await c.sync();
    expect(ids.map((id) => c.row('accounts', id)?.fields.name ?? null)).toEqual([
      'Together 0',
      'Together 1',
      'Together 2',
      null,
      'Together 4',
      'Together 5',
    ]);
  });

  it('a body over 5 MB streamed without a length is refused too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 6 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    // Node's fetch needs duplex 'half' to send a stream; the DOM typings do not know it.
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: { authorization: `Bearer ${c.member.token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    };
    const res = await fetch(`${server.url}/v1/sync/push`, init);
    expect(res.status).toBe(413);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });

  it('an invite code works once', async () => {
    const code = await inviteCode(server.store, teamId);
    await join(server.url, code, 'first');
    const again = await fetch(`${server.url}/v1/auth/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: code, deviceName: 'second' }),
    });
    expect(again.status).toBe(409);
    expect(ApiErrorBody.parse(await again.json()).error).toMatchObject({
      code: 'invite_used',
      field: 'inviteCode',
    });
  });
});
