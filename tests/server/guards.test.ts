import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../server/log.ts';
import {
  account,
  Client,
  inviteCode,
  join,
  makeTeam,
  note,
  startTestServer,
  type TestServer,
} from './helpers.ts';

describe('the server guards itself and its users', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer();
    client = new Client(server.url, (await makeTeam(server, 'Guarded', 0)).admin);
  });
  afterAll(() => server.close());

  it('health answers without a token', async () => {
    const res = await fetch(`${server.url}/v1/health`);
    expect(await res.json()).toEqual({ ok: true, version: expect.any(String) });
  });

  it('CORS is open to extension origins and configured ones only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/sync/pull`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    for (const origin of [
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      'https://crm.example.com',
    ]) {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'authorization',
      );
    }
    for (const origin of [
      'https://evil.example',
      'chrome-extension://not-an-id',
      'http://localhost:3000',
    ]) {
      expect(
        (await preflight(origin)).headers.get('access-control-allow-origin'),
        origin,
      ).toBeNull();
    }
  });

  it('a token over its rate limit gets 429 with Retry-After; other tokens are unaffected', async () => {
    const limited = await startTestServer({ rateLimit: { perSecond: 1, burst: 5 } });
    try {
      const team = await makeTeam(limited, 'Busy', 1);
      const noisy = new Client(limited.url, team.admin);
      const quiet = team.members[0];
      if (!quiet) throw new Error('no member');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const res = await noisy.request('GET', '/v1/me');
        statuses.push(res.status);
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after');
          expect(res.body).toMatchObject({ error: { code: 'rate_limited' } });
        }
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await new Client(limited.url, quiet).request('GET', '/v1/me')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('request logs are structured and never hold tokens, invite codes or note text', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({
      log: createLogger('debug', (line) => lines.push(line)),
    });
    try {
      const team = await makeTeam(logged, 'Logged', 0);
      const code = await inviteCode(logged.store, team.teamId);
      const member = await join(logged.url, code, 'rep laptop');
      const c = new Client(logged.url, member);
      await c.push([
        c.mutation('accounts', ulid(), account('Logged Co')),
        c.mutation('notes', ulid(), note(member.memberId, 'CONFIDENTIAL-NOTE-TEXT')),
      ]);
      await c.request('POST', '/v1/sync/push', '{broken');
      await c.sync();
      const all = lines.join('');
      for (const secret of [member.token, team.admin.token, code, 'CONFIDENTIAL-NOTE-TEXT'])
        expect(all).not.toContain(secret);
      const Line = z.object({ level: z.string(), msg: z.string() }).passthrough();
      const requests = lines
        .map((l) => Line.parse(JSON.parse(l)))
        .filter((l) => l.msg === 'request');
      expect(requests).toContainEqual(
        expect.objectContaining({
          method: 'POST',
          path: '/v1/sync/push',
          status: 200,
          teamId: team.teamId,
          memberId: member.memberId,
          ms: expect.any(Number),
        }),
      );
      expect(requests).toContainEqual(
        expect.objectContaining({ path: '/v1/sync/push', status: 400 }),
      );
    } finally {
      await logged.close();
    }
  });

  it('me tells a browser who it is and its team settings', async () => {
    const res = await client.request('GET', '/v1/me');
    expect(res.body).toMatchObject({
      member: { id: client.member.memberId, role: 'admin' },
      team: { id: client.member.teamId, name: 'Guarded' },
      settings: { tierShares: { keyStrategic: 0.01 } },
    });
  });
});
