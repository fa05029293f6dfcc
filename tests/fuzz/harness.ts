/**
 * Sends the fuzz's requests over real HTTP and judges the answers; sets up the two teams the
 * fuzz runs against and checks afterwards that the server still works and kept them apart.
 * Shared by tests/server/fuzz.test.ts and `npm run fuzz` (tests/fuzz/run.ts).
 */
import { Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from 'node:http';
import type { Socket } from 'node:net';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { Store } from '../../server/store/store.ts';
import { DEFAULT_SETTINGS, TABLE_NAMES, type TableName } from '../../shared/index.ts';
import {
  ApiErrorBody,
  account,
  Client,
  inviteCode,
  join,
  type Member,
  note,
} from '../server/helpers.ts';
import { type Answer, type FuzzRequest, type FuzzTargets, ROUTE_FUZZERS } from './arbitraries.ts';

// ---------------------------------------------------------------------------------------------
// Sending

export type Outcome =
  | { readonly kind: 'answer'; readonly answer: Answer; readonly ms: number }
  | {
      readonly kind: 'no-answer';
      /** Why, in words that repeat from one request to the next (the histogram's key). */
      readonly reason: string;
      /**
       * The request had a body and the connection ended before an answer that kept it open:
       * the server refused the upload without reading it (a 401, a 413) and closed.
       */
      readonly midUpload: boolean;
      readonly detail?: string;
      readonly ms: number;
    };

export interface Target {
  readonly host: string;
  readonly port: number;
  /** Keep-alive connections, as a browser's: a request the server closes one of must not hurt the next. */
  readonly agent: Agent;
}

export const targetOf = (url: string, sockets = 8): Target => {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port),
    agent: new Agent({ keepAlive: true, maxSockets: sockets }),
  };
};

/** Answers larger than this are cut (a pull page is at most a few MB). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/**
 * Node's server closes a kept-alive connection idle for 5 s (its keepAliveTimeout). A request
 * that goes out on one just then is lost on the way: a race every HTTP client meets, and
 * resends once on a new connection, as browsers and Node's own docs do.
 */
const IDLE_RACE_MS = 4_500;

/** When each kept-alive connection last finished an answer. */
const lastAnswerAt = new WeakMap<Socket, number>();

/** One request over HTTP/1.1, as the fuzz drew it; never rejects. */
export function send(target: Target, req: FuzzRequest, timeoutMs = 30_000): Promise<Outcome> {
  return attempt(target, req, timeoutMs, true);
}

function attempt(
  target: Target,
  req: FuzzRequest,
  timeoutMs: number,
  mayRetry: boolean,
): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const silence = (reason: string, midUpload = false, detail?: string) =>
      done({
        kind: 'no-answer',
        reason,
        midUpload,
        ms: ms(),
        ...(detail === undefined ? {} : { detail }),
      });
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = typeof v === 'string' ? v : [...v];
    const body =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? Buffer.from(req.body)
          : req.body;
    // Framed explicitly: Node's client frames a GET's body in no way at all (the server would
    // read it as the next request), and chunked only where it chooses to.
    if (body !== undefined) {
      if (req.chunked && !req.abortMidBody) headers['transfer-encoding'] = 'chunked';
      else headers['content-length'] = String(body.length);
    }
    let r: ReturnType<typeof request>;
    try {
      r = request({
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.path,
        headers,
        // A request the client hangs up on takes its connection along: not one of the pool's.
        agent: req.abortMidBody || !mayRetry ? false : target.agent,
        setHost: !('host' in req.headers),
      });
    } catch (error) {
      // Refused by Node's client before anything was sent: the fuzz drew something unsendable.
      resolve({
        kind: 'no-answer',
        reason: 'unsendable',
        midUpload: false,
        detail: message(error),
        ms: 0,
      });
      return;
    }
    let socket: Socket | undefined;
    let idleMs: number | undefined;
    /** The answer's head, once it is in: its status, and whether it said Connection: close. */
    let head: { status: number; close: boolean } | undefined;
    r.on('socket', (s: Socket) => {
      guard(s);
      socket = s;
      const last = lastAnswerAt.get(s);
      idleMs = last === undefined ? undefined : performance.now() - last;
    });
    const timer = setTimeout(() => {
      silence(`no answer in ${timeoutMs} ms`);
      r.destroy();
    }, timeoutMs);
    r.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      const code = error.code ?? error.message;
      if (!head && mayRetry && idleMs !== undefined && idleMs >= IDLE_RACE_MS) {
        settled = true;
        clearTimeout(timer);
        resolve(attempt(target, req, timeoutMs, false));
        return;
      }
      silence(
        head ? `${code} while reading the answer` : code,
        body !== undefined && (head === undefined || head.close),
        [
          head ? `the answer began ${head.status}${head.close ? ', Connection: close' : ''}` : '',
          idleMs === undefined
            ? 'on a new connection'
            : `on a connection kept alive after an answer ${Math.round(idleMs)} ms before`,
        ]
          .filter(Boolean)
          .join(', '),
      );
    });
    r.on('response', (res) => {
      head = {
        status: res.statusCode ?? 0,
        close: String(res.headers.connection).toLowerCase() === 'close',
      };
      const chunks: Buffer[] = [];
      let size = 0;
      const stream =
        ROUTE_FUZZERS[req.route]?.stream === true &&
        String(res.headers['content-type']).startsWith('text/event-stream');
      const finish = () => {
        if (socket) lastAnswerAt.set(socket, performance.now());
        done({
          kind: 'answer',
          answer: {
            status: res.statusCode ?? 0,
            headers: flatHeaders(res.headers),
            text: Buffer.concat(chunks).toString('utf8'),
          },
          ms: ms(),
        });
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        // An event stream never ends: its first event is the answer, then the client leaves.
        if (stream && Buffer.concat(chunks).includes('\n\n')) {
          finish();
          r.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', (error: NodeJS.ErrnoException) =>
        silence(`${error.code ?? error.message} while reading the answer`),
      );
    });
    if (body === undefined) {
      r.end();
    } else if (req.abortMidBody) {
      // Half the announced body, then the client is gone: a closed tab mid-upload.
      r.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => {
          silence('client aborted');
          r.destroy();
        }, 5);
      });
    } else if (req.chunked) {
      for (let i = 0; i < body.length; i += CHUNK_BYTES) r.write(body.subarray(i, i + CHUNK_BYTES));
      r.end();
    } else {
      r.end(body);
    }
  });
}

const guarded = new WeakSet<Socket>();

/**
 * A server that answers before reading the whole body (a 401, a 413) may close the connection
 * while the client is still writing it; the write fails after the request is done with its
 * socket, and an 'error' nobody listens to would end the fuzz run. What the request saw is
 * already recorded.
 */
function guard(socket: Socket): void {
  if (guarded.has(socket)) return;
  guarded.add(socket);
  socket.on('error', () => {});
}

const flatHeaders = (h: IncomingHttpHeaders): Record<string, string | string[] | undefined> => ({
  ...h,
});

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

// ---------------------------------------------------------------------------------------------
// Judging

/** Error codes are words with underscores, as the server writes them. */
const ERROR_CODE = /^[a-z][a-z_]*$/;

/**
 * Silences that are no fault of the server's: the client hung up itself; or the connection
 * ended while the client was still sending its body (the server answered an upload it refused
 * without reading it, a 401 or a 413, and closed the connection, which may cut that answer
 * off); or Node's HTTP parser refused the request outright and dropped the connection.
 */
function expectedSilence(
  req: FuzzRequest,
  outcome: Extract<Outcome, { kind: 'no-answer' }>,
): boolean {
  if (req.abortMidBody || outcome.midUpload) return true;
  return req.protocolOdd && /^(ECONNRESET|EPIPE)\b/.test(outcome.reason);
}

/**
 * What is wrong with the server's answer to a request: nothing (an empty list), a 5xx, a
 * missing answer, an error body that does not name the problem, a 2xx the route's check
 * refuses, the other team's secret.
 */
export function problemsOf(
  req: FuzzRequest,
  outcome: Outcome,
  t: FuzzTargets,
  secret: string,
): string[] {
  if (outcome.kind === 'no-answer')
    return expectedSilence(req, outcome)
      ? []
      : [`no answer: ${outcome.reason}${outcome.detail ? ` (${outcome.detail})` : ''}`];
  const { answer } = outcome;
  const problems: string[] = [];
  const { status } = answer;
  if (status >= 500) problems.push(`server error ${status}: ${answer.text.slice(0, 300)}`);
  if (answer.text.includes(secret)) problems.push("the answer holds the other team's data");
  const head = req.method === 'HEAD';
  const type = String(answer.headers['content-type'] ?? '');
  let error: z.infer<typeof ApiErrorBody>['error'] | undefined;
  if (status >= 400 && !head) {
    // Node's parser and the adapter refuse some requests before the app runs, with no body.
    const bare = type === '' && answer.text === '' && req.protocolOdd && status < 500;
    if (!bare) {
      const parsed = type.startsWith('application/json')
        ? ApiErrorBody.safeParse(parseJson(answer.text))
        : undefined;
      if (!parsed?.success) {
        problems.push(
          `${status} without a JSON error body: ${JSON.stringify(answer.text.slice(0, 200))}`,
        );
      } else {
        error = parsed.data.error;
        if (!ERROR_CODE.test(error.code)) problems.push(`error code ${JSON.stringify(error.code)}`);
        if (error.message.trim() === '') problems.push('an error without a message');
        // The server's promise: a refused input names its field, and the message starts with it.
        if (
          error.field !== undefined &&
          error.code === 'invalid_input' &&
          !error.message.startsWith(`${error.field}: `)
        )
          problems.push(
            `message ${JSON.stringify(error.message)} does not start with its field ${error.field}`,
          );
      }
    }
  }
  if (status === 429 && answer.headers['retry-after'] === undefined)
    problems.push('429 without Retry-After');
  if (req.expect) {
    if (!req.expect.status.includes(status))
      problems.push(
        `expected ${req.expect.status.join(' or ')}, got ${status}: ${answer.text.slice(0, 200)}`,
      );
    else if (req.expect.code && error && !req.expect.code.includes(error.code))
      problems.push(`expected error ${req.expect.code.join(' or ')}, got ${error.code}`);
  }
  const fuzzer = ROUTE_FUZZERS[req.route];
  const [routeMethod] = req.route.split(' ');
  if (status >= 200 && status < 300 && fuzzer && req.method === routeMethod) {
    const wrong = fuzzer.ok(answer, t);
    if (wrong !== undefined) problems.push(`${status} but ${wrong}`);
  }
  return problems;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request, short enough to print: its body cut to its first bytes. */
export function describeRequest(req: FuzzRequest, max = 600): string {
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s);
  const body =
    req.body === undefined
      ? '(no body)'
      : typeof req.body === 'string'
        ? cut(JSON.stringify(req.body))
        : `bytes ${cut(Buffer.from(req.body).toString('hex'))}`;
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `  ${k}: ${cut(JSON.stringify(v))}`)
    .join('\n');
  return [
    `${req.method} ${cut(req.path)}  [route ${req.route}, auth ${req.auth}, body ${req.bodyKind}${req.chunked ? ', chunked' : ''}${req.abortMidBody ? ', aborted mid-body' : ''}]`,
    headers,
    `  body: ${body}`,
  ].join('\n');
}

/** Counts by key, printed largest first. */
export class Histogram {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }
  entries(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }
  format(): string {
    return this.entries()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  }
}

/** The key a request's outcome is counted under: its status, or why there was none. */
export const outcomeKey = (o: Outcome): string =>
  o.kind === 'answer' ? String(o.answer.status) : `no answer (${o.reason})`;

// ---------------------------------------------------------------------------------------------
// The teams

export interface Fixture {
  readonly targets: FuzzTargets;
  /** Text in every row of the other team: no answer to the fuzzed team may hold it. */
  readonly secret: string;
  /** The fuzzed team's admin, for the normal push and pull afterwards. */
  readonly admin: Client;
  readonly foreign: {
    readonly teamId: string;
    readonly member: Member;
    /** What it pushed: table, id and the text that holds the secret. */
    readonly rows: readonly { table: 'accounts' | 'notes'; id: string; text: string }[];
  };
}

const tokenIdOf = async (store: Store, teamId: string, memberId: string): Promise<string> => {
  const member = (await store.listMembers(teamId)).find((m) => m.id === memberId);
  const id = member?.devices[0]?.tokenId;
  if (id === undefined) throw new Error(`no token for ${memberId}`);
  return id;
};

/**
 * Two teams on a running server: the fuzzed one (an admin, a member, a revoked device and a few
 * unused invite codes), and another with rows that hold a secret, which the fuzz must never see
 * or change. `store` is a connection to the server's store (its own, or another process's).
 */
export async function setUpFuzz(store: Store, url: string): Promise<Fixture> {
  const now = Date.now();
  const team = await store.createTeam('Fuzzed', DEFAULT_SETTINGS, now);
  const admin = await join(url, await inviteCode(store, team.id, 'admin'), 'fuzz admin');
  const member = await join(url, await inviteCode(store, team.id), 'fuzz member');
  const revoked = await join(url, await inviteCode(store, team.id), 'revoked laptop');
  await store.revokeToken(await tokenIdOf(store, team.id, revoked.memberId), now);
  const inviteCodes: string[] = [];
  for (let i = 0; i < 8; i++) inviteCodes.push(await inviteCode(store, team.id));

  const secret = `TEAM-B-SECRET-${ulid()}`;
  const other = await store.createTeam('Bystanders', DEFAULT_SETTINGS, now);
  const foreignMember = await join(url, await inviteCode(store, other.id, 'admin'), 'bystander');
  const b = new Client(url, foreignMember);
  const rows: { table: 'accounts' | 'notes'; id: string; text: string }[] = [];
  const mutations = [];
  for (let i = 0; i < 5; i++) {
    const accountId = ulid();
    const noteId = ulid();
    rows.push({ table: 'accounts', id: accountId, text: `${secret} account ${i}` });
    rows.push({ table: 'notes', id: noteId, text: `${secret} note ${i}` });
    mutations.push(b.mutation('accounts', accountId, account(`${secret} account ${i}`)));
    mutations.push(
      b.mutation(
        'notes',
        noteId,
        note(foreignMember.memberId, `${secret} note ${i}`, { accountId }),
      ),
    );
  }
  await b.push(mutations);

  return {
    targets: {
      teamId: team.id,
      teamName: team.name,
      adminToken: admin.token,
      memberToken: member.token,
      revokedToken: revoked.token,
      adminId: admin.memberId,
      memberId: member.memberId,
      memberIds: [admin.memberId, member.memberId],
      inviteCodes,
      foreignTeamId: other.id,
      foreignIds: [foreignMember.memberId, ...rows.map((r) => r.id)],
    },
    secret,
    admin: new Client(url, admin),
    foreign: { teamId: other.id, member: foreignMember, rows },
  };
}

/**
 * The other team as stored: its rows (its segmentation's insights left out: they are rewritten
 * whenever its job runs) with the latest stamp on any of their fields, settings, members and
 * devices. Equal before and after the fuzz.
 */
export async function snapshotForeign(store: Store, fx: Fixture): Promise<string> {
  const teamId = fx.foreign.teamId;
  const byId = <T extends readonly [string, ...unknown[]]>(a: T, b: T) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  const tables = TABLE_NAMES.filter((t): t is TableName => t !== 'account_insights');
  const rows: [TableName, [string, string][]][] = [];
  for (const table of tables)
    rows.push([table, [...(await store.storedFieldsText(teamId, table))].sort(byId)]);
  const team = await store.getTeam(teamId);
  const members = (await store.listMembers(teamId))
    .map((m) => [m.id, m.name, m.role] as const)
    .sort(byId);
  const tokens = (await store.listMembers(teamId))
    .flatMap((m) => m.devices.map((d) => [d.tokenId, d.revokedAt] as const))
    .sort(byId);
  return JSON.stringify([
    rows,
    await store.latestStamp(teamId, tables),
    [team?.name, team?.settings],
    members,
    tokens,
  ]);
}

/**
 * After the fuzz: the server answers, a normal push and pull work for both teams, and the
 * other team's pull holds exactly its own rows (none of the fuzzed team's). Returns problems.
 */
export async function checkAfter(url: string, fx: Fixture): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (error) {
      problems.push(`${what}: ${message(error)}`);
    }
  };

  await attempt('health', async () => {
    const res = await fetch(`${url}/v1/health`);
    const body = z.object({ ok: z.literal(true) }).safeParse(await res.json());
    if (res.status !== 200 || !body.success) throw new Error(`status ${res.status}`);
  });

  await attempt('the fuzzed team pushes and pulls', async () => {
    const a = new Client(url, fx.admin.member);
    const id = ulid();
    const name = `After the fuzz ${id}`;
    const acked = await a.push([
      a.mutation('accounts', id, account(name, { domains: ['after.example'] })),
    ]);
    if (acked.length !== 1) throw new Error(`acked ${acked.length} of 1`);
    await a.sync();
    const row = a.row('accounts', id);
    if (row?.fields.name !== name) throw new Error('the pushed account is not in the pull');
    if (JSON.stringify(row.fields.domains) !== '["after.example"]')
      throw new Error(`domains came back as ${JSON.stringify(row.fields.domains)}`);
    for (const r of a.rows.values())
      if (JSON.stringify(r).includes(fx.secret))
        throw new Error("the pull holds the other team's row");
  });

  await attempt("the other team's pull holds its own rows only", async () => {
    const b = new Client(url, fx.foreign.member);
    await b.sync();
    const own = new Map(fx.foreign.rows.map((r) => [`${r.table}/${r.id}`, r]));
    const accounts = new Set(
      fx.foreign.rows.filter((r) => r.table === 'accounts').map((r) => r.id),
    );
    for (const row of b.rows.values()) {
      if (row.table === 'account_insights' && accounts.has(row.id)) continue;
      const mine = own.get(`${row.table}/${row.id}`);
      const text = row.table === 'notes' ? row.fields.body : row.fields.name;
      if (!mine || text !== mine.text)
        throw new Error(
          `a row that is not its own: ${row.table}/${row.id} ${JSON.stringify(row.fields).slice(0, 200)}`,
        );
    }
    for (const r of fx.foreign.rows)
      if (!b.row(r.table, r.id)) throw new Error(`its row ${r.table}/${r.id} is missing`);
    // And it still writes: a normal push comes back in its pull.
    const id = ulid();
    await b.push([b.mutation('accounts', id, account(`${fx.secret} after`))]);
    await b.sync();
    if (b.row('accounts', id)?.fields.name !== `${fx.secret} after`)
      throw new Error('its own new row is not in its pull');
  });

  return problems;
}
