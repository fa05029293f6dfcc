import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, Client, makeTeam, note, startTestServer, type TestServer } from './helpers.ts';

describe('a retried push is acknowledged again and changes nothing', () => {
  let server: TestServer;
  let client: Client;
  let teamId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const team = await makeTeam(server, 'Retry team', 0);
    teamId = team.teamId;
    client = new Client(server.url, team.admin);
  });
  afterAll(() => server.close());

  it('the same push sent three times changes nothing after the first', async () => {
    const accountId = ulid();
    const noteId = ulid();
    const batch = [
      client.mutation(
        'accounts',
        accountId,
        account('Acme Robotics', { domains: ['acme-robotics.com'] }),
      ),
      client.mutation('notes', noteId, note(client.member.memberId, 'Met the CTO')),
      client.mutation('accounts', accountId, { industry: 'Robotics' }),
    ];
    const ids = batch.map((m) => m.mutationId);

    expect(await client.push(batch)).toEqual(ids);
    // The account triggers the team's segmentation: let it write its insight first.
    await server.segmentation.flush();
    const seqAfterFirst = await server.store.teamSeq(teamId);
    await client.sync();
    const firstView = JSON.stringify([...client.rows.values()]);

    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await client.push(batch)).toEqual(ids);
      expect(await server.store.teamSeq(teamId)).toBe(seqAfterFirst);
    }
    const fresh = new Client(server.url, client.member);
    await fresh.sync();
    expect(JSON.stringify([...fresh.rows.values()])).toBe(firstView);
    expect(fresh.row('accounts', accountId)?.fields).toMatchObject({
      name: 'Acme Robotics',
      industry: 'Robotics',
    });
  });

  it('a retry mixed with new mutations applies only the new ones', async () => {
    const id = ulid();
    const first = client.mutation('accounts', id, account('Globex'));
    await client.push([first]);
    await server.segmentation.flush();
    const seq = await server.store.teamSeq(teamId);
    const second = client.mutation('accounts', id, { phone: '+1 555 0100' });
    // The phone edit schedules a recompute, which changes no insight: seq moves by one only.
    expect(await client.push([first, second])).toEqual([first.mutationId, second.mutationId]);
    expect(await server.store.teamSeq(teamId)).toBe(seq + 1);
  });

  it('a mutation id repeated inside one batch is applied once', async () => {
    const id = ulid();
    const m = client.mutation('notes', id, note(client.member.memberId, 'Twice?'));
    await server.segmentation.flush();
    const seq = await server.store.teamSeq(teamId);
    expect(await client.push([m, m])).toEqual([m.mutationId, m.mutationId]);
    expect(await server.store.teamSeq(teamId)).toBe(seq + 1);
  });
});
