import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../../shared/index.ts';
import {
  account,
  Client,
  EventReader,
  makeTeam,
  note,
  startTestServer,
  type TestServer,
  waitFor,
} from './helpers.ts';

const SECRET = 'TEAM-B-CONFIDENTIAL';

/** The id of a member's one device token. */
async function tokenIdOf(server: TestServer, teamId: string, memberId: string): Promise<string> {
  const member = (await server.store.listMembers(teamId)).find((m) => m.id === memberId);
  const [device, ...more] = member?.devices ?? [];
  if (!device || more.length > 0) throw new Error(`not one token for member ${memberId}`);
  return device.tokenId;
}

describe("one team's token never reads or changes another team's rows", () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  let teamB: string;
  const bIds: string[] = [];

  /**
   * Team B as stored: every row's fields (tombstones included), its latest stamp, its seq (which
   * any write to any of its rows moves) and its settings.
   */
  const snapshotB = async () => {
    const team = await server.store.getTeam(teamB);
    const rows = [];
    for (const table of TABLE_NAMES) {
      const stored = await server.store.storedFieldsText(teamB, table);
      rows.push([table, [...stored].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))]);
    }
    return JSON.stringify([
      rows,
      await server.store.latestStamp(teamB, TABLE_NAMES),
      await server.store.teamSeq(teamB),
      team?.settings,
    ]);
  };

  beforeAll(async () => {
    server = await startTestServer();
    const teamA = await makeTeam(server, 'Team A', 0);
    const tb = await makeTeam(server, 'Team B', 0);
    teamB = tb.teamId;
    a = new Client(server.url, teamA.admin);
    b = new Client(server.url, tb.admin);
    const mutations = [];
    for (let i = 0; i < 5; i++) {
      const accountId = ulid();
      const noteId = ulid();
      bIds.push(accountId, noteId);
      mutations.push(b.mutation('accounts', accountId, account(`${SECRET} account ${i}`)));
      mutations.push(
        b.mutation('notes', noteId, note(b.member.memberId, `${SECRET} note ${i}`, { accountId })),
      );
    }
    await b.push(mutations);
    // B's own segmentation writes B's rows: let it settle before taking snapshots.
    await server.segmentation.flush();
  });
  afterAll(() => server.close());

  it('holds for any sequence of requests made with team A’s token (property)', async () => {
    const idArb = fc.oneof(
      fc.constantFrom(...bIds),
      fc.constant(null).map(() => ulid()),
    );
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('pushAccount' as const),
        id: idArb,
        name: fc.string({ minLength: 1, maxLength: 20 }),
      }),
      fc.record({
        kind: fc.constant('pushNote' as const),
        id: idArb,
        body: fc.string({ maxLength: 50 }),
      }),
      fc.record({ kind: fc.constant('deleteRow' as const), id: idArb }),
      fc.record({
        kind: fc.constant('pull' as const),
        cursor: fc.nat({ max: 200 }),
        limit: fc.integer({ min: 1, max: 5_000 }),
      }),
      fc.record({ kind: fc.constant('me' as const) }),
      fc.record({
        kind: fc.constant('settings' as const),
        cadence: fc.integer({ min: 1, max: 3650 }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        const before = await snapshotB();
        for (const cmd of commands) {
          let text = '';
          switch (cmd.kind) {
            case 'pushAccount': {
              const name = cmd.name.trim() === '' ? 'x' : cmd.name;
              text = JSON.stringify(
                await a.request('POST', '/v1/sync/push', {
                  clientId: a.clientId,
                  mutations: [a.mutation('accounts', cmd.id, account(name))],
                }),
              );
              break;
            }
            case 'pushNote':
              text = JSON.stringify(
                await a.request('POST', '/v1/sync/push', {
                  clientId: a.clientId,
                  mutations: [a.mutation('notes', cmd.id, { body: cmd.body })],
                }),
              );
              break;
            case 'deleteRow':
              text = JSON.stringify(
                await a.request('POST', '/v1/sync/push', {
                  clientId: a.clientId,
                  mutations: [a.mutation('accounts', cmd.id, { deleted: true })],
                }),
              );
              break;
            case 'pull':
              // A team id in the query is not a way in: the token alone says which team.
              text = JSON.stringify(
                await a.request(
                  'GET',
                  `/v1/sync/pull?cursor=${cmd.cursor}&limit=${cmd.limit}&teamId=${teamB}`,
                ),
              );
              break;
            case 'me':
              text = JSON.stringify(await a.request('GET', '/v1/me'));
              expect(text).not.toContain(teamB);
              break;
            case 'settings':
              text = JSON.stringify(
                await a.request('PUT', '/v1/team/settings', {
                  cadenceDays: { small: cmd.cadence },
                }),
              );
              break;
          }
          expect(text).not.toContain(SECRET);
        }
        expect(await snapshotB()).toBe(before);
      }),
      { numRuns: 100 },
    );

    // And team B still sees exactly its own rows.
    await b.sync();
    expect(b.rowsOf('accounts')).toHaveLength(5);
    expect(b.rowsOf('accounts').every((r) => String(r.fields.name).startsWith(SECRET))).toBe(true);
  });

  it('a revoked token gets 401 at once, on every route, and loses its event stream', async () => {
    const team = await makeTeam(server, 'Team C', 1);
    const member = team.members[0];
    if (!member) throw new Error('no member');
    const c = new Client(server.url, member);
    expect((await c.request('GET', '/v1/me')).status).toBe(200);
    const tokenId = await tokenIdOf(server, team.teamId, member.memberId);
    expect(await server.store.revokeToken(tokenId, Date.now())).toBe(true);
    for (const [method, path, body] of [
      ['GET', '/v1/me', undefined],
      ['GET', '/v1/sync/pull', undefined],
      [
        'POST',
        '/v1/sync/push',
        { clientId: 'x', mutations: [c.mutation('accounts', ulid(), account('Nope'))] },
      ],
      ['GET', '/v1/events', undefined],
      ['PUT', '/v1/team/settings', {}],
    ] as const) {
      const res = await c.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('an open event stream ends when its token is revoked', async () => {
    const quick = await startTestServer({ heartbeatMs: 50 });
    try {
      const team = await makeTeam(quick, 'Team D', 0);
      const reader = await EventReader.open(quick.url, team.admin.token);
      expect(reader.status).toBe(200);
      await waitFor(() => reader.events.length > 0, 2_000, 'the first event');
      const tokenId = await tokenIdOf(quick, team.teamId, team.admin.memberId);
      await quick.store.revokeToken(tokenId, Date.now());
      await waitFor(() => reader.ended, 2_000, 'the stream to end');
      await reader.close();
    } finally {
      await quick.close();
    }
  });
});
