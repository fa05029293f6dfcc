import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeResponse } from '../../extension/sync/api.ts';
import {
  type Client,
  makeTeam,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('GET /v1/me', () => {
  let server: TestServer;
  let rep: Client;
  let admin: Client;

  beforeAll(async () => {
    server = await startTestServer();
    ({ admin, rep } = await makeTeamOfTwo(server, 'Acme sales'));
    await makeTeam(server, 'Rival sales', 1);
  });
  afterAll(() => server.close());

  it("names the team's members, so the Book page shows owners as people, and no one else's", async () => {
    const res = await rep.request('GET', '/v1/me');
    expect(res.status).toBe(200);
    const me = MeResponse.parse(res.body);
    expect(me.members.map((m) => m.id).sort()).toEqual(
      [admin.member.memberId, rep.member.memberId].sort(),
    );
    expect(me.members.every((m) => typeof m.name === 'string' && m.name.length > 0)).toBe(true);
  });

  it('reads a server without the member list as an empty one', () => {
    const { members, ...older } = MeResponse.parse({
      member: { id: '01HZ0000000000000000000001', name: 'Ann', role: 'member' },
      team: { id: '01HZ0000000000000000000002', name: 'Acme sales' },
      settings: {},
    });
    expect(members).toEqual([]);
    expect(older.member.name).toBe('Ann');
  });
});
