/**
 * What the fuzz (tests/server/fuzz.test.ts, `npm run fuzz`) found, one focused case each, so a
 * regression fails here by name rather than somewhere in a random run.
 */
import { connect } from 'node:net';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepJson } from '../fuzz/arbitraries.ts';
import {
  ApiErrorBody,
  type Client,
  makeTeamOfTwo,
  startTestServer,
  type TestServer,
} from './helpers.ts';

/** One request written byte for byte on its own connection; the raw answer. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      answer += d;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.end(head);
  });
}

interface RawAnswer {
  readonly status: number;
  /** The answer said Connection: close. */
  readonly close: boolean;
}

/**
 * `first` on a new connection; once its answer is in, `then` on the same connection unless the
 * answer said it closes: what an HTTP client with kept-alive connections does. The answers, as
 * many as came before the server closed the connection (or a second went by).
 */
function keptAliveExchange(port: number, first: string, then: string): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const answers: RawAnswer[] = [];
    let buffer = '';
    const timer = setTimeout(() => socket.destroy(), 1_500);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      buffer += d;
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.slice(end + 4 + length);
        const answer = {
          status: Number(head.slice(9, 12)),
          close: /^connection: close$/im.test(head),
        };
        answers.push(answer);
        if (answers.length === 1 && !answer.close) socket.write(then);
        if (answers.length === 2 || answer.close) socket.end();
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answers);
    });
    socket.on('error', reject);
    socket.write(first);
  });
}

const bodyOf = (raw: string): unknown => {
  const at = raw.indexOf('\r\n\r\n');
  const chunked = /transfer-encoding: chunked/i.test(raw.slice(0, at));
  let body = raw.slice(at + 4);
  if (chunked) {
    // One chunk then the last: `<size>\r\n<data>\r\n0\r\n\r\n`.
    const nl = body.indexOf('\r\n');
    body = body.slice(nl + 2, nl + 2 + Number.parseInt(body.slice(0, nl), 16));
  }
  return JSON.parse(Buffer.from(body, 'latin1').toString('utf8'));
};

describe('inputs the fuzz found a 5xx or an unreadable answer for', () => {
  let server: TestServer;
  let admin: Client;
  let member: Client;

  beforeAll(async () => {
    server = await startTestServer();
    ({ admin, rep: member } = await makeTeamOfTwo(server, 'Found by fuzzing'));
  });
  afterAll(() => server.close());

  const pushWithTable = (table: string) =>
    admin.request(
      'POST',
      '/v1/sync/push',
      `{"clientId":"c1","mutations":[{"mutationId":"${ulid()}","table":${table},"id":"${ulid()}","hlc":"${admin.clock.tick()}","fields":{"name":"x"}}]}`,
    );

  // The table's error message quoted the input with JSON.stringify: nested 10,000 levels deep
  // it overflowed the stack (500), and a megabyte of text came back in the message.
  it.each([
    ['an array nested 100,000 levels deep', deepJson('arrays', 100_000)],
    ['an object nested 10,000 levels deep', deepJson('proto', 10_000)],
    ['a 1 MB string', JSON.stringify('w'.repeat(1_048_576))],
    ['an object', '{"toString":"accounts"}'],
  ])(
    'a mutation whose table is %s gets a 400 naming the field, in a short message',
    async (_, table) => {
      const res = await pushWithTable(table);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      const { error } = ApiErrorBody.parse(res.body);
      expect(error).toMatchObject({ code: 'invalid_input', field: 'mutations[0].table' });
      expect(error.message).toMatch(
        /^mutations\[0\]\.table: (unknown table "w+…"|must be a table name, not an? (list|object))$/,
      );
      expect(error.message.length).toBeLessThan(300);
    },
  );

  it('an unknown table name is still quoted in the message', async () => {
    const res = await pushWithTable('"widgets"');
    expect(ApiErrorBody.parse(res.body).error.message).toBe(
      'mutations[0].table: unknown table "widgets"',
    );
  });

  // Answered before its body was read (a 401 to a big upload), a kept-alive connection was
  // dropped half a second later, when the adapter gave up draining the body it had left unread:
  // a request the client had sent on it meanwhile got no answer at all.
  it.each([
    ['a 401 to a push without a token', 'POST', '/v1/sync/push', {}],
    ['a 403 to a member changing settings', 'PUT', '/v1/team/settings', 'member'],
    ['a 404 to an upload to no route', 'PATCH', '/v1/health', {}],
  ] as const)(
    '%s closes the connection with the answer, so no later request is lost on it',
    async (_, method, path, auth) => {
      const body = JSON.stringify({ a: 'x'.repeat(1_000_000) });
      const headers = auth === 'member' ? `Authorization: Bearer ${member.member.token}\r\n` : '';
      const answers = await keptAliveExchange(
        server.port,
        `${method} ${path} HTTP/1.1\r\nHost: x\r\n${headers}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        'GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const [first, second] = answers;
      expect(first?.status).toBe(auth === 'member' ? 403 : path === '/v1/health' ? 404 : 401);
      // Either the server says it closes (the client opens a new connection for the next
      // request), or it answers the next request too: never silence.
      if (first?.close !== true) expect(second?.status).toBe(200);
    },
  );

  // Refused by the HTTP adapter before the app ran, with a bare 400 and no body.
  it.each([
    ['a space', 'ex ample'],
    ['an unclosed bracket', '[::1'],
    ['a port out of range', 'localhost:99999'],
  ])('a Host header with %s gets a 400 with a JSON error naming the header', async (_, host) => {
    const raw = await rawRequest(
      server.port,
      `GET /v1/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    );
    expect(raw.startsWith('HTTP/1.1 400 '), raw.slice(0, 200)).toBe(true);
    expect(raw).toMatch(/content-type: application\/json/i);
    const { error } = ApiErrorBody.parse(bodyOf(raw));
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/host/i);
    // And the server goes on serving.
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });
});
