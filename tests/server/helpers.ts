import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { ulid } from 'ulid';
import { z } from 'zod';
import { createApp } from '../../server/app.ts';
import { ChangeNotifier } from '../../server/events.ts';
import { createLogger } from '../../server/log.ts';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../server/server.ts';
import type { Db } from '../../server/store/db.ts';
import type { Role } from '../../server/store/identity.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import {
  DEFAULT_SETTINGS,
  HlcClock,
  JoinResponse,
  PulledRow,
  PullResponse,
  PushResponse,
  type TableName,
} from '../../shared/index.ts';
import { freshPostgresUrl } from './postgres-db.ts';

/** A pulled row as the server sends it: note rows also carry the stamps of their kept fields. */
export const ServerRow = PulledRow.extend({ stamps: z.record(z.string(), z.string()).optional() });
export type ServerRow = z.infer<typeof ServerRow>;
const ServerPage = PullResponse.extend({ rows: z.array(ServerRow) });

export interface TestServer extends RunningServer {
  readonly dir: string;
  /** The PostgreSQL database the server runs on (TEST_STORE 'postgres'); undefined on SQLite. */
  readonly databaseUrl: string | undefined;
}

/**
 * The store the server suite runs on: SQLite by default, PostgreSQL when the suite runs as the
 * `server-postgres` project (vitest.config.ts), so every server test holds on both stores.
 */
export const TEST_STORE: 'sqlite' | 'postgres' =
  process.env.ACCOUNT_LENS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A real server on 127.0.0.1 (free port) over a fresh store: a SQLite file in a temp folder, or
 * (TEST_STORE) a new PostgreSQL database dropped at close.
 */
export async function startTestServer(
  options: Partial<
    Pick<ServerOptions, 'heartbeatMs' | 'segmentation' | 'log' | 'revocationCheckMs'>
  > & {
    rateLimit?: { perSecond: number; burst: number };
    trustedProxies?: readonly string[];
    pullCacheBytes?: number;
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(joinPath(tmpdir(), 'al-server-'));
  const postgres = TEST_STORE === 'postgres' ? await freshPostgresUrl() : undefined;
  const server = await startServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      databasePath: joinPath(dir, 'account-lens.db'),
      ...(postgres === undefined ? {} : { databaseUrl: postgres.url }),
      corsOrigins: ['https://crm.example.com'],
      rateLimit: options.rateLimit ?? { perSecond: 0, burst: 0 },
      logLevel: 'silent',
      ...(options.trustedProxies === undefined ? {} : { trustedProxies: options.trustedProxies }),
      ...(options.pullCacheBytes === undefined ? {} : { pullCacheBytes: options.pullCacheBytes }),
    },
    segmentation: {
      debounceMs: 20,
      maxWaitMs: 200,
      refreshEveryMs: 0,
      worker: false,
      ...options.segmentation,
    },
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.revocationCheckMs === undefined
      ? {}
      : { revocationCheckMs: options.revocationCheckMs }),
    drainMs: 2_000,
  });
  return {
    ...server,
    dir,
    databaseUrl: postgres?.url,
    close: async () => {
      await server.close();
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment a CLI command (`npm run server -- ...`) needs to work on this test server's
 * store: its SQLite file, or its PostgreSQL database.
 */
export const storeEnv = (server: TestServer): Record<string, string> =>
  server.databaseUrl === undefined
    ? { DATABASE_PATH: joinPath(server.dir, 'account-lens.db') }
    : { DATABASE_URL: server.databaseUrl };

/**
 * The raw SQLite connection under a server: for the tests about SQLite itself, which the
 * `server-postgres` project leaves out (vitest.config.ts).
 */
export function sqliteDb(server: RunningServer): Db {
  if (!(server.store instanceof SqliteStore))
    throw new Error(`this test is about SQLite; the server runs on ${server.store.kind}`);
  return server.store.db;
}

export async function inviteCode(
  store: Store,
  teamId: string,
  role: Role = 'member',
  memberId?: string,
): Promise<string> {
  const code = newInviteCode();
  await store.createInvite(
    { teamId, hash: sha256(code), role, expiresAt: Date.now() + 3_600_000, memberId },
    Date.now(),
  );
  return code;
}

export interface Member {
  readonly token: string;
  readonly teamId: string;
  readonly memberId: string;
}

export async function join(
  url: string,
  code: string,
  deviceName = 'test browser',
): Promise<Member> {
  const res = await fetch(`${url}/v1/auth/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inviteCode: code, deviceName }),
  });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  return JoinResponse.parse(await res.json());
}

/** A team with an admin and `members` more people, each joined over HTTP. */
export async function makeTeam(server: TestServer, name = 'Acme sales', members = 1) {
  const team = await server.store.createTeam(name, DEFAULT_SETTINGS, Date.now());
  const admin = await join(
    server.url,
    await inviteCode(server.store, team.id, 'admin'),
    'admin laptop',
  );
  const others: Member[] = [];
  for (let i = 0; i < members; i++)
    others.push(await join(server.url, await inviteCode(server.store, team.id), `rep ${i}`));
  return { teamId: team.id, admin, members: others };
}

/**
 * A team of an admin and one rep, each with a client of their own: the two-browser setup most
 * server tests start from.
 */
export async function makeTeamOfTwo(server: TestServer, name: string) {
  const team = await makeTeam(server, name, 1);
  const rep = team.members[0];
  if (!rep) throw new Error('no member');
  return {
    teamId: team.teamId,
    admin: new Client(server.url, team.admin),
    rep: new Client(server.url, rep),
  };
}

export interface Fetched {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export const ApiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** A browser's view of the server: its token and its own clock, like the extension's sync client. */
export class Client {
  readonly clock: HlcClock;
  cursor = 0;
  readonly rows = new Map<string, ServerRow>();

  constructor(
    readonly url: string,
    readonly member: Member,
    readonly clientId = `c${ulid().slice(-8).toLowerCase()}`,
    now?: () => number,
  ) {
    this.clock = new HlcClock(clientId, now);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Fetched> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.member.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the assertion message.
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** One mutation stamped by this client's clock. */
  mutation(
    table: TableName,
    id: string,
    fields: Record<string, unknown>,
    base?: Record<string, string>,
  ) {
    return {
      mutationId: ulid(),
      table,
      id,
      hlc: this.clock.tick(),
      fields,
      ...(base ? { base } : {}),
    };
  }

  async push(mutations: readonly unknown[]): Promise<string[]> {
    const res = await this.request('POST', '/v1/sync/push', { clientId: this.clientId, mutations });
    if (res.status !== 200)
      throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body)}`);
    return PushResponse.parse(res.body).acked;
  }

  async pullPage(cursor: number, limit?: number) {
    const q = limit === undefined ? `cursor=${cursor}` : `cursor=${cursor}&limit=${limit}`;
    const res = await this.request('GET', `/v1/sync/pull?${q}`);
    if (res.status !== 200)
      throw new Error(`pull failed: ${res.status} ${JSON.stringify(res.body)}`);
    return ServerPage.parse(res.body);
  }

  /** Pull everything since this client's cursor into its local copy. */
  async sync(): Promise<void> {
    for (;;) {
      const page = await this.pullPage(this.cursor);
      for (const row of page.rows) this.rows.set(`${row.table}/${row.id}`, row);
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  row(table: TableName, id: string): ServerRow | undefined {
    return this.rows.get(`${table}/${id}`);
  }

  rowsOf(table: TableName): ServerRow[] {
    return [...this.rows.values()].filter((r) => r.table === table);
  }
}

export const account = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  createdAt: Date.now(),
  deleted: false,
  ...extra,
});

export const note = (authorId: string, body: string, extra: Record<string, unknown> = {}) => ({
  kind: 'note',
  body,
  authorId,
  at: Date.now(),
  createdAt: Date.now(),
  visibility: 'team',
  deleted: false,
  ...extra,
});

/** Poll until `check` returns a value (not undefined/false) or fail after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * An event-stream reader over fetch, as the extension's service worker reads it (no EventSource).
 * Collects `change` events; close() ends the request.
 */
export class EventReader {
  readonly events: { event: string; data: string; at: number }[] = [];
  readonly comments: string[] = [];
  private readonly abort = new AbortController();
  ended = false;
  status = 0;
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, token: string): Promise<EventReader> {
    const reader = new EventReader();
    const res = await fetch(`${url}/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: reader.abort.signal,
    });
    reader.status = res.status;
    if (res.body) reader.done = reader.read(res.body);
    return reader;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let idx = buffer.indexOf('\n\n');
        while (idx >= 0) {
          const block = buffer.slice(0, idx);
          buffer = buffer.slice(idx + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0)
            this.events.push({ event, data: data.join('\n'), at: performance.now() });
          idx = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close() or the server going away: either ends the stream.
    }
    this.ended = true;
  }

  changeSeqs(): number[] {
    return this.events
      .filter((e) => e.event === 'change')
      .map((e) => z.object({ seq: z.number() }).parse(JSON.parse(e.data)).seq);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

/** What a browser shows of its rows (insights aside), in one order: two browsers converged when equal. */
export const visible = (c: Client) =>
  JSON.stringify(
    [...c.rows.values()]
      .filter((r) => r.table !== 'account_insights')
      .map((r) => ({ table: r.table, id: r.id, fields: r.fields, deleted: r.deleted }))
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : x.table < y.table ? -1 : 1)),
  );

/**
 * The app over an in-memory SQLite store, without a listening server: for what reads the routes
 * and their description, which are the same on either store.
 */
export function bareApp(version = 'test') {
  const store = SqliteStore.open(':memory:');
  const app = createApp({
    store,
    log: createLogger('silent', () => {}),
    notifier: new ChangeNotifier(),
    scheduleSegmentation: () => {},
    clock: new HlcClock('server'),
    corsOrigins: [],
    rateLimit: { perSecond: 0, burst: 0 },
    version,
  });
  return { app, close: () => store.db.close() };
}
