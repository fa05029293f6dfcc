import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import { DEFAULT_SETTINGS, InvitePreview } from '../../shared/index.ts';
import { inviteCode, startTestServer, type TestServer } from './helpers.ts';

const post = (server: TestServer, path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));

describe('members are people, their browsers are devices', () => {
  let server: TestServer;
  let teamId: string;
  beforeAll(async () => {
    server = await startTestServer();
    teamId = (await server.store.createTeam('Acme sales', DEFAULT_SETTINGS, Date.now())).id;
  });
  afterAll(() => server.close());

  const namedInvite = async (memberName: string) => {
    const code = newInviteCode();
    await server.store.createInvite(
      { teamId, hash: sha256(code), role: 'member', expiresAt: Date.now() + 60_000, memberName },
      Date.now(),
    );
    return code;
  };

  it('shows what an invite is for before joining (team, role, the name the admin gave) and spends nothing', async () => {
    const code = await namedInvite('Alice Wang');
    const preview = await post(server, '/v1/auth/invite', { inviteCode: code });
    expect(preview.status).toBe(200);
    expect(InvitePreview.parse(preview.body)).toEqual({
      teamName: 'Acme sales',
      role: 'member',
      memberName: 'Alice Wang',
      existingMember: false,
    });
    // Still spendable after the preview.
    const joined = await post(server, '/v1/auth/join', {
      inviteCode: code,
      deviceName: 'Work laptop',
      memberName: 'Alice Wang',
    });
    expect(joined.status).toBe(200);
    const again = await post(server, '/v1/auth/invite', { inviteCode: code });
    expect(again).toMatchObject({
      status: 409,
      body: { error: { code: 'invite_used', field: 'inviteCode' } },
    });
  });

  it('names the member after the person joining, and the device after the device', async () => {
    const res = await post(server, '/v1/auth/join', {
      inviteCode: await inviteCode(server.store, teamId),
      deviceName: 'Office desktop',
      memberName: '王小明',
    });
    expect(res.status).toBe(200);
    const { memberId } = res.body as { memberId: string };
    const member = (await server.store.listMembers(teamId)).find((m) => m.id === memberId);
    expect(member?.name).toBe('王小明');
    expect(member?.devices.map((d) => d.deviceName)).toEqual(['Office desktop']);
  });

  it("keeps an existing member's name when they add another device", async () => {
    const first = await post(server, '/v1/auth/join', {
      inviteCode: await inviteCode(server.store, teamId),
      deviceName: 'Laptop',
      memberName: 'Bob Li',
    });
    const { memberId } = first.body as { memberId: string };
    const code = await inviteCode(server.store, teamId, 'member', memberId);
    const preview = await post(server, '/v1/auth/invite', { inviteCode: code });
    expect(InvitePreview.parse(preview.body)).toMatchObject({
      memberName: 'Bob Li',
      existingMember: true,
    });
    await post(server, '/v1/auth/join', {
      inviteCode: code,
      deviceName: 'Phone',
      memberName: 'Someone else',
    });
    const member = (await server.store.listMembers(teamId)).find((m) => m.id === memberId);
    expect(member?.name).toBe('Bob Li');
    expect(member?.devices.map((d) => d.deviceName)).toEqual(['Laptop', 'Phone']);
  });

  it('refuses an unknown invite or an empty name, naming the field', async () => {
    const unknown = await post(server, '/v1/auth/invite', { inviteCode: newInviteCode() });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { code: 'invite_unknown', field: 'inviteCode' } },
    });
    const empty = await post(server, '/v1/auth/join', {
      inviteCode: await inviteCode(server.store, teamId),
      deviceName: 'Laptop',
      memberName: '   ',
    });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('memberName');
  });
});
