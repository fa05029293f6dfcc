import { request } from 'node:http';
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, normalizeAddress } from '../../server/auth.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { newToken } from '../../server/secrets.ts';
import { ApiErrorBody, makeTeam, startTestServer, type TestServer } from './helpers.ts';

interface Answer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: unknown;
}

/**
 * GET /v1/me over a connection from `from` (any 127.x.y.z is this machine on Linux), so the
 * server sees a socket from that address, as it would from another computer.
 */
function getMe(
  port: number,
  from: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/me',
        localAddress: from,
        agent: false,
        headers: { authorization: `Bearer ${token}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            body: JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const expectLimited = (a: Answer) => {
  expect(a.status).toBe(429);
  expect(ApiErrorBody.parse(a.body).error.code).toBe('rate_limited');
  expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
};

describe('unknown tokens are rate-limited per client address', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a burst of unknown tokens from one address gets 429 with Retry-After; another address is unaffected', async () => {
    // Refilled once a hundred seconds: a slow test run never sees a token come back.
    server = await startTestServer({ rateLimit: { perSecond: 0.01, burst: 5 } });
    const team = await makeTeam(server, 'Sprayed', 0);
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < 8; i++) {
      last = await getMe(server.port, '127.0.0.2', newToken());
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    if (last) expectLimited(last);

    // While it lasts, the address gets no lookup at all, whatever it sends: a valid token, or
    // an X-Forwarded-For naming someone else (no trusted proxy is configured).
    expectLimited(await getMe(server.port, '127.0.0.2', team.admin.token));
    expectLimited(
      await getMe(server.port, '127.0.0.2', newToken(), { 'x-forwarded-for': '203.0.113.9' }),
    );

    // Another address: its unknown token is told so, its valid token works.
    expect((await getMe(server.port, '127.0.0.3', newToken())).status).toBe(401);
    expect((await getMe(server.port, '127.0.0.3', team.admin.token)).status).toBe(200);
  });

  it('behind a trusted proxy, the address the proxy saw is the one limited', async () => {
    server = await startTestServer({
      rateLimit: { perSecond: 0.01, burst: 3 },
      trustedProxies: ['127.0.0.1'],
    });
    const viaProxy = (client: string, spoofed?: string) =>
      getMe(server?.port ?? 0, '127.0.0.1', newToken(), {
        'x-forwarded-for': spoofed === undefined ? client : `${spoofed}, ${client}`,
      });
    for (let i = 0; i < 3; i++) expect((await viaProxy('198.51.100.7')).status).toBe(401);
    expectLimited(await viaProxy('198.51.100.7'));
    // What a client writes on the left proves nothing: the proxy's entry is the last one.
    expectLimited(await viaProxy('198.51.100.7', '198.51.100.8'));
    expect((await viaProxy('198.51.100.8')).status).toBe(401);
    // A connection that is not from the proxy is not believed.
    expect(
      (await getMe(server.port, '127.0.0.4', newToken(), { 'x-forwarded-for': '198.51.100.7' }))
        .status,
    ).toBe(401);
  });
});

describe('the client address is the socket’s unless a trusted proxy names it', () => {
  const TRUSTED = new Set(['127.0.0.1', '10.0.0.1', '10.0.0.2']);
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, TRUSTED)));
  const addressOf = async (socket: string, xff: string | undefined) => {
    const headers: Record<string, string> = xff === undefined ? {} : { 'x-forwarded-for': xff };
    // What @hono/node-server's conninfo reads: the connecting socket.
    const env = { incoming: { socket: { remoteAddress: socket, remotePort: 1 } } };
    return (await app.request('/', { headers }, env)).text();
  };
  const headerText = fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:,[] x') });
  const outsider = fc
    .oneof(fc.ipV4(), fc.ipV6())
    .filter((ip) => !TRUSTED.has(normalizeAddress(ip)));

  it('from any other socket, X-Forwarded-For is ignored (property)', async () => {
    await fc.assert(
      fc.asyncProperty(outsider, fc.option(headerText, { nil: undefined }), async (socket, xff) => {
        expect(await addressOf(socket, xff)).toBe(normalizeAddress(socket));
      }),
    );
  });

  it('through trusted proxies, whatever the client wrote first, the address they saw wins (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(headerText, { maxLength: 4 }),
        fc.ipV4().filter((ip) => !TRUSTED.has(ip)),
        fc.array(fc.constantFrom('10.0.0.1', '10.0.0.2'), { maxLength: 2 }),
        fc.constantFrom('127.0.0.1', '::ffff:127.0.0.1', '10.0.0.2'),
        async (written, client, hops, socket) => {
          const xff = [...written, client, ...hops].join(', ');
          expect(await addressOf(socket, xff)).toBe(client);
        },
      ),
    );
  });

  it('TRUSTED_PROXIES takes IP addresses only, and names a bad one', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, ::1' }, '/srv').trustedProxies).toEqual([
      '127.0.0.1',
      '::1',
    ]);
    expect(loadConfig({}, '/srv').trustedProxies).toEqual([]);
    expect(() => loadConfig({ TRUSTED_PROXIES: '127.0.0.1,proxy.local' }, '/srv')).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.local' }, '/srv')).toThrow(
      /TRUSTED_PROXIES.*proxy\.local/,
    );
  });
});
