import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../server/log.ts';
import { makeTeam, startTestServer, type TestServer, waitFor } from './helpers.ts';

const LogLine = z.object({ level: z.string(), msg: z.string() }).passthrough();

interface HalfRequest {
  readonly method: string;
  readonly path: string;
  readonly token?: string;
  /** Send the body without a length (chunked), as a streaming upload does. */
  readonly chunked: boolean;
}

/**
 * Open a connection, send a request's head, wait until the server has taken the request up (it
 * answers `Expect: 100-continue` as it hands the request to the app), send part of the body and
 * destroy the socket: a browser tab closed mid-upload.
 */
async function sendHalfAndHangUp(port: number, r: HalfRequest): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const part = `{"clientId":"gone","mutations":[${'{"pad":"xxxxxxxx"},'.repeat(100)}`;
  const head = [
    `${r.method} ${r.path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    'Expect: 100-continue',
    ...(r.token === undefined ? [] : [`Authorization: Bearer ${r.token}`]),
    r.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${part.length * 10}`,
  ];
  let received = '';
  socket.setEncoding('utf8').on('data', (d: string) => {
    received += d;
  });
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  await waitFor(() => received.startsWith('HTTP/1.1 100'), 5_000, '100 Continue');
  const body = r.chunked ? `${part.length.toString(16)}\r\n${part}\r\n1000\r\n${part}` : part;
  await new Promise<void>((resolve, reject) =>
    socket.write(body, (error) => (error ? reject(error) : resolve())),
  );
  socket.destroy();
}

describe('a client that disconnects mid-body is a client abort, not a server error', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    vi.restoreAllMocks();
  });

  it('is logged at debug level, never as an error, and no 500 is attempted (real sockets)', async () => {
    const lines: string[] = [];
    server = await startTestServer({ log: createLogger('debug', (line) => lines.push(line)) });
    const consoleError = vi.spyOn(console, 'error');
    const team = await makeTeam(server, 'Hang-ups', 0);
    const token = team.admin.token;
    const cases: HalfRequest[] = [
      { method: 'POST', path: '/v1/sync/push', token, chunked: false },
      { method: 'POST', path: '/v1/sync/push', token, chunked: true },
      { method: 'PUT', path: '/v1/team/settings', token, chunked: false },
      { method: 'POST', path: '/v1/auth/join', chunked: false },
    ];
    const entries = () => lines.map((l) => LogLine.parse(JSON.parse(l)));
    for (const [i, c] of cases.entries()) {
      await sendHalfAndHangUp(server.port, c);
      await waitFor(
        () => entries().filter((e) => e.msg === 'client aborted').length > i,
        5_000,
        `the abort of ${c.method} ${c.path}${c.chunked ? ' (chunked)' : ''} to be logged`,
      );
    }
    // Its request line is written after the abort's: wait for the last one.
    await waitFor(
      () =>
        entries().filter((e) => e.msg === 'request' && e.status === 499).length === cases.length,
      5_000,
      'the request lines',
    );

    const all = entries();
    expect(all.filter((e) => e.level === 'error' || e.level === 'warn')).toEqual([]);
    for (const c of cases) {
      expect(all).toContainEqual(
        expect.objectContaining({
          level: 'debug',
          msg: 'client aborted',
          method: c.method,
          path: c.path,
        }),
      );
    }
    expect(all.filter((e) => e.msg === 'request' && e.status === 500)).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();

    // The server carries on as before.
    const health = await fetch(`${server.url}/v1/health`);
    expect(health.status).toBe(200);
  });
});
