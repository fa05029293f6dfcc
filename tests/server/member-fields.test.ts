import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableName } from '../../shared/index.ts';
import {
  account,
  type Client,
  makeTeam,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('rows that name a member of the team', () => {
  let server: TestServer;
  let admin: Client;
  let rep: Client;
  let outsider: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ admin, rep } = await makeTeamOfTwo(server, 'Acme sales'));
    // Someone real, but in another team.
    outsider = (await makeTeam(server, 'Rival sales', 0)).admin.memberId;
  });
  afterAll(() => server.close());

  const pushOne = (c: Client, table: TableName, id: string, fields: Record<string, unknown>) =>
    c.request('POST', '/v1/sync/push', {
      clientId: c.clientId,
      mutations: [c.mutation(table, id, fields)],
    });

  it('a decision on a next action is recorded in the name of the member who made it', async () => {
    const accountId = ulid();
    await rep.push([rep.mutation('accounts', accountId, account('Acme Robotics'))]);
    const decision = {
      createdAt: Date.now(),
      actionKey: `touch:${accountId}`,
      accountId,
      decision: 'done',
    };
    const forged = await pushOne(rep, 'action_decisions', ulid(), {
      ...decision,
      decidedBy: admin.member.memberId,
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({
      error: { code: 'forbidden', field: 'mutations[0].fields.decidedBy' },
    });
    const own = await pushOne(rep, 'action_decisions', ulid(), {
      ...decision,
      decidedBy: rep.member.memberId,
    });
    expect(own.status).toBe(200);
  });

  it('a task goes to a teammate, never to someone outside the team or made up', async () => {
    const accountId = ulid();
    const task = { createdAt: Date.now(), title: 'Send the quote', accountId };
    const toTeammate = await pushOne(rep, 'tasks', ulid(), {
      ...task,
      assigneeId: admin.member.memberId,
    });
    expect(toTeammate.status).toBe(200);
    for (const stranger of [outsider, ulid()]) {
      const res = await pushOne(rep, 'tasks', ulid(), { ...task, assigneeId: stranger });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { code: 'invalid_input', field: 'mutations[0].fields.assigneeId' },
      });
      expect(JSON.stringify(res.body)).toContain('is not a member of this team');
    }
  });

  it("an account's owner is a member of the team; clearing the owner is allowed", async () => {
    const id = ulid();
    expect(
      (await pushOne(rep, 'accounts', id, account('Globex', { ownerId: outsider }))).status,
    ).toBe(400);
    expect(
      (await pushOne(rep, 'accounts', id, account('Globex', { ownerId: rep.member.memberId })))
        .status,
    ).toBe(200);
    expect((await pushOne(rep, 'accounts', id, { ownerId: null })).status).toBe(200);
  });
});
