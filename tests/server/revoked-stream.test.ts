import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './child.ts';
import {
  account,
  Client,
  EventReader,
  makeTeam,
  startTestServer,
  storeEnv,
  type TestServer,
  waitFor,
} from './helpers.ts';

/** The token id of a device, as `member list` shows it to the admin. */
async function tokenIdOf(server: TestServer, teamId: string, deviceName: string): Promise<string> {
  const device = (await server.store.listMembers(teamId))
    .flatMap((m) => m.devices)
    .find((d) => d.deviceName === deviceName);
  if (!device) throw new Error(`no device ${deviceName}`);
  return device.tokenId;
}

describe("a revoked device's event stream ends at its revocation", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // The heartbeat stays at its 25 s: it cannot be what ends the streams below.
  it('revoked with `token revoke` while a teammate keeps pushing: no change event reaches it', async () => {
    server = await startTestServer();
    const team = await makeTeam(server, 'Revocations', 1);
    const rep = team.members[0];
    if (!rep) throw new Error('no member');
    const admin = new Client(server.url, team.admin);
    const revokedStream = await EventReader.open(server.url, rep.token);
    const adminStream = await EventReader.open(server.url, team.admin.token);
    try {
      await waitFor(
        () => revokedStream.events.length > 0 && adminStream.events.length > 0,
        2_000,
        'the initial events',
      );
      const heard = revokedStream.changeSeqs().length;

      const revoked = cli(
        ['token', 'revoke', await tokenIdOf(server, team.teamId, 'rep 0')],
        storeEnv(server),
      );
      expect(revoked.status, revoked.stderr).toBe(0);
      // A change committed right after the revocation: whether this push or the server's check
      // notices the revocation first, the revoked stream hears nothing of it.
      await admin.push([admin.mutation('accounts', ulid(), account('Pushed after the revoke'))]);
      await waitFor(() => revokedStream.ended, 5_000, 'the revoked stream to end');
      await waitFor(() => adminStream.changeSeqs().length > 1, 2_000, 'the admin to hear the push');
      await admin.push([admin.mutation('accounts', ulid(), account('Pushed later'))]);
      await waitFor(() => adminStream.changeSeqs().length > 2, 2_000, 'the admin to hear it');

      expect(revokedStream.changeSeqs()).toHaveLength(heard);
      expect(adminStream.ended).toBe(false);
      const again = await EventReader.open(server.url, rep.token);
      expect(again.status).toBe(401);
      await again.close();
    } finally {
      await revokedStream.close();
      await adminStream.close();
    }
  });

  it('revoked with `token revoke` while the team is quiet: the stream still ends promptly', async () => {
    server = await startTestServer();
    const team = await makeTeam(server, 'Quiet revocation', 0);
    const stream = await EventReader.open(server.url, team.admin.token);
    try {
      await waitFor(() => stream.events.length > 0, 2_000, 'the initial event');
      const revoked = cli(
        ['token', 'revoke', await tokenIdOf(server, team.teamId, 'admin laptop')],
        storeEnv(server),
      );
      expect(revoked.status, revoked.stderr).toBe(0);
      const t0 = performance.now();
      await waitFor(() => stream.ended, 5_000, 'the revoked stream to end');
      // Within the revocation check (500 ms), far from the 25 s heartbeat.
      expect(performance.now() - t0).toBeLessThan(3_000);
      await waitFor(
        () => server?.notifier.listenerCount === 0,
        2_000,
        'the stream to be unsubscribed',
      );
    } finally {
      await stream.close();
    }
  });
});
