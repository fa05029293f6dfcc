/**
 * The server on PostgreSQL beside the server on SQLite, in the same run, and events crossing
 * server instances on one PostgreSQL.
 *
 * - Push of 10,000 mutations (two HTTP batches of 5,000: accounts, then contacts and notes)
 *   and a fresh client's pull of 100,000 rows (pages of 5,000: accounts and contacts),
 *   each against a real server on 127.0.0.1 started in this process (startServer), once over a
 *   fresh SQLite file and once over a fresh PostgreSQL database (DATABASE_URL), the same code
 *   for both: teams, invites and seeded rows go through the server's Store, whichever it is.
 *   Medians of both stores, and PostgreSQL ÷ SQLite for information. The design's budgets (push
 *   ≤ 500 ms, pull ≤ 2 s) are the server's whatever holds its rows, so both stores are judged
 *   against them, scaled by the sqlite and memory calibration (it stands for a database's
 *   commit, CPU and one fsync; there is no PostgreSQL calibration).
 * - Event fan-out across instances: two server processes on one fresh PostgreSQL; a client of
 *   instance A pushes one note, a client of instance B holds an event stream; the figure is the
 *   time from sending the push to B's stream delivering a `change` event with a seq at least
 *   the push's (the team's seq before it + 1: nothing else writes to the team). 40 samples
 *   after a warm-up; p95 ≤ 100 ms (the budget) and the median. Not scaled by the
 *   calibration: like live-sync.bench.ts, the figure is a chain of waits (a commit's fsync, a
 *   NOTIFY crossing to another process, socket wake-ups in three processes), not an amount of
 *   CPU, memory or SQLite work that a slower machine would multiply.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { type RunningServer, startServer } from '../../server/server.ts';
import { openStore } from '../../server/store/open.ts';
import type { Store } from '../../server/store/store.ts';
import { DEFAULT_SETTINGS, HlcClock, type Mutation } from '../../shared/index.ts';
import { type ChildServer, spawnServer } from '../server/child.ts';
import { EventReader, inviteCode, join as joinTeam, note } from '../server/helpers.ts';
import { freshPostgresUrl, type TestDatabase } from '../server/postgres-db.ts';
import { isPullPage, joinOverHttp } from './fixtures.ts';
import { type Figure, percentile, report } from './report.ts';

type Kind = 'sqlite' | 'postgres';
const KINDS: readonly Kind[] = ['sqlite', 'postgres'];
const LABEL: Readonly<Record<Kind, string>> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const PUSH_RUNS = 5;
const PULL_RUNS = 3;
const PULL_ROWS = 100_000;
const FANOUT_WARMUP = 5;
const FANOUT_SAMPLES = 40;

interface StoreServer {
  readonly server: RunningServer;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 over a fresh store of the kind, without rate limits or logging
 * (as startBenchServer in fixtures.ts starts it), and with no periodic segmentation refresh.
 */
async function startOn(kind: Kind, name: string): Promise<StoreServer> {
  const dir = mkdtempSync(join(tmpdir(), `al-bench-${name}-`));
  let database: TestDatabase | undefined;
  try {
    database = kind === 'postgres' ? await freshPostgresUrl() : undefined;
    const server = await startServer({
      config: {
        port: 0,
        host: '127.0.0.1',
        databasePath: join(dir, 'account-lens.db'),
        ...(database === undefined ? {} : { databaseUrl: database.url }),
        corsOrigins: [],
        rateLimit: { perSecond: 0, burst: 0 },
        logLevel: 'silent',
      },
      segmentation: { refreshEveryMs: 0 },
    });
    if (server.store.kind !== kind) throw new Error(`asked for ${kind}, got ${server.store.kind}`);
    const db = database;
    return {
      server,
      close: async () => {
        await server.close();
        await db?.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A new team with an admin joined over HTTP. */
async function benchTeam(server: RunningServer) {
  const team = await server.store.createTeam('Bench', DEFAULT_SETTINGS, Date.now());
  const code = await inviteCode(server.store, team.id, 'admin');
  const { token, memberId } = await joinOverHttp(server.url, code, 'bench');
  return { teamId: team.id, token, memberId };
}

/** ms of each measured push of 10k mutations to a server (the first run warms up). */
async function measurePush(kind: Kind): Promise<number[]> {
  const bench = await startOn(kind, 'stores-push');
  const { server } = bench;
  try {
    const { token, memberId } = await benchTeam(server);
    const clock = new HlcClock('bench');
    const bodies = (): string[] => {
      const accounts = [];
      const others = [];
      for (let i = 0; i < 2_500; i++) {
        const accountId = ulid();
        accounts.push({
          mutationId: ulid(),
          table: 'accounts',
          id: accountId,
          hlc: clock.tick(),
          fields: {
            name: `Account ${i}`,
            createdAt: Date.now(),
            domains: [`account-${i}-${accountId.slice(-6).toLowerCase()}.com`],
            revenue12m: i * 100,
            marginPct: 20,
          },
        });
        accounts.push({
          mutationId: ulid(),
          table: 'accounts',
          id: accountId,
          hlc: clock.tick(),
          fields: { industry: 'Manufacturing', phone: '+1 555 0100' },
        });
        others.push({
          mutationId: ulid(),
          table: 'contacts',
          id: ulid(),
          hlc: clock.tick(),
          fields: {
            accountId,
            name: `Contact ${i}`,
            createdAt: Date.now(),
            emails: [`c${i}@example.com`],
            roles: ['user'],
          },
        });
        others.push({
          mutationId: ulid(),
          table: 'notes',
          id: ulid(),
          hlc: clock.tick(),
          fields: {
            kind: 'call',
            body: 'Talked about the renewal and next quarter volumes. '.repeat(3),
            authorId: memberId,
            at: Date.now(),
            createdAt: Date.now(),
            accountId,
          },
        });
      }
      return [
        JSON.stringify({ clientId: 'bench', mutations: accounts }),
        JSON.stringify({ clientId: 'bench', mutations: others }),
      ];
    };

    const samples: number[] = [];
    for (let run = 0; run <= PUSH_RUNS; run++) {
      const batch = bodies();
      const t0 = performance.now();
      for (const body of batch) {
        const res = await fetch(`${server.url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
      if (run > 0) samples.push(performance.now() - t0); // run 0 warms up
      await server.segmentation.flush();
    }
    return samples;
  } finally {
    await bench.close();
  }
}

/** A book of 100k accounts and contacts, written through the store in groups of 5,000. */
async function seedPullBook(server: RunningServer, teamId: string, memberId: string) {
  const store: Store = server.store;
  const clock = new HlcClock('seed');
  let batch: Mutation[] = [];
  const flush = async () => {
    const [result] = await store.applyPushGroup([
      { ctx: { teamId, memberId, clock, now: Date.now() }, mutations: batch },
    ]);
    if (!result?.ok) throw new Error(`seeding failed: ${String(result?.error)}`);
    batch = [];
  };
  const add = async (table: Mutation['table'], fields: Record<string, unknown>, id = ulid()) => {
    batch.push({ mutationId: ulid(), table, id, hlc: clock.tick(), fields });
    if (batch.length === 5_000) await flush();
    return id;
  };
  const accounts = Math.round(PULL_ROWS * 0.25);
  const accountIds: string[] = [];
  for (let i = 0; i < accounts; i++) {
    accountIds.push(
      await add('accounts', {
        name: `Account ${i}`,
        createdAt: Date.now(),
        domains: [`account-${i}.com`],
        revenue12m: (i % 997) * 1_000,
        marginPct: 15,
        industry: 'Manufacturing',
        address: `${i} Industrial Park Road, Springfield`,
      }),
    );
  }
  if (batch.length > 0) await flush();
  await server.segmentation.recompute(teamId); // + 25k insights
  const rest = PULL_ROWS - accounts * 2;
  for (let i = 0; i < rest; i++) {
    const accountId = accountIds[i % accountIds.length] ?? '';
    if (i % 5 < 3) {
      await add('contacts', {
        accountId,
        name: `Contact ${i}`,
        title: 'Purchasing manager',
        createdAt: Date.now(),
        emails: [`contact${i}@account-${i}.com`],
        roles: ['purchaser'],
      });
    } else {
      await add('notes', {
        kind: 'visit',
        body: 'Visited the plant; they plan to add a second line next year. '.repeat(2),
        authorId: memberId,
        at: Date.now(),
        createdAt: Date.now(),
        accountId,
      });
    }
  }
  if (batch.length > 0) await flush();
}

/** ms of each measured fresh pull of 100k rows from a server. */
async function measurePull(kind: Kind): Promise<number[]> {
  const bench = await startOn(kind, 'stores-pull');
  const { server } = bench;
  try {
    const { teamId, token, memberId } = await benchTeam(server);
    await seedPullBook(server, teamId, memberId);
    // Let the server drop the idle join connection before the timed pulls.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const pullAll = async (): Promise<number> => {
      let cursor = 0;
      let rows = 0;
      for (;;) {
        const res = await fetch(`${server.url}/v1/sync/pull?cursor=${cursor}&limit=5000`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const page: unknown = await res.json();
        if (!isPullPage(page)) throw new Error('pull: unexpected reply');
        rows += page.rows.length;
        cursor = page.cursor;
        if (!page.hasMore) return rows;
      }
    };
    const samples: number[] = [];
    for (let run = 0; run <= PULL_RUNS; run++) {
      const t0 = performance.now();
      const count = await pullAll();
      if (run > 0) samples.push(performance.now() - t0); // run 0 warms up
      if (count !== PULL_ROWS) throw new Error(`${kind}: pulled ${count} rows, not ${PULL_ROWS}`);
    }
    return samples;
  } finally {
    await bench.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Push on instance A → `change` event on instance B: ms of each measured sample. */
async function measureFanOut(): Promise<number[]> {
  const database = await freshPostgresUrl();
  let store: Store | undefined;
  const instances: ChildServer[] = [];
  let stream: EventReader | undefined;
  try {
    // Opened (and so migrated) before the instances start: they find the schema in place.
    store = await openStore({ kind: 'postgres', url: database.url });
    const env = { DATABASE_URL: database.url, RATE_LIMIT: '0' };
    for (const started of await Promise.allSettled([
      spawnServer('serve', env),
      spawnServer('serve', env),
    ])) {
      if (started.status === 'fulfilled') instances.push(started.value);
    }
    const [a, b] = instances;
    if (!a || !b) throw new Error('an instance did not start');
    const team = await store.createTeam('Fan-out', DEFAULT_SETTINGS, Date.now());
    const writer = await joinTeam(a.url, await inviteCode(store, team.id), 'writer');
    const reader = await joinTeam(b.url, await inviteCode(store, team.id), 'reader');
    const events = await EventReader.open(b.url, reader.token);
    stream = events;
    if (events.status !== 200) throw new Error(`event stream: ${events.status}`);

    const changes = (from: number) =>
      events.events
        .slice(from)
        .filter((e) => e.event === 'change')
        .map((e) => ({ seq: (JSON.parse(e.data) as { seq: number }).seq, at: e.at }));
    const until = async <T>(check: () => T | undefined, what: string): Promise<T> => {
      const deadline = performance.now() + 5_000;
      for (;;) {
        const value = check();
        if (value !== undefined) return value;
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        // The event's time is taken as the reader parses it, not when this poll sees it.
        await sleep(1);
      }
    };
    await until(() => changes(0)[0], 'the stream to open');

    const clock = new HlcClock('fanout');
    const samples: number[] = [];
    for (let k = 0; k < FANOUT_WARMUP + FANOUT_SAMPLES; k++) {
      // Quiet before each sample: B has heard of every change so far.
      const before = await store.teamSeq(team.id);
      await until(
        () => (changes(0).some((c) => c.seq >= before) ? true : undefined),
        'the stream to catch up',
      );
      await sleep(20);
      const body = JSON.stringify({
        clientId: 'fanout',
        mutations: [
          {
            mutationId: ulid(),
            table: 'notes',
            id: ulid(),
            hlc: clock.tick(),
            fields: note(writer.memberId, `Fan-out ${k}`),
          },
        ],
      });
      const from = events.events.length;
      const t0 = performance.now();
      const pushed = fetch(`${a.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
        body,
      });
      const heard = await until(
        () => changes(from).find((c) => c.seq >= before + 1),
        `the change event of push ${k} on instance B`,
      );
      const res = await pushed;
      if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      if (k >= FANOUT_WARMUP) samples.push(heard.at - t0);
    }
    return samples;
  } finally {
    await stream?.close();
    for (const instance of instances) instance.child.kill('SIGTERM');
    await Promise.all(instances.map((i) => i.exited));
    await store?.close();
    await database.drop();
  }
}

export default async function main(): Promise<void> {
  const push = new Map<Kind, number[]>();
  const pull = new Map<Kind, number[]>();
  for (const kind of KINDS) push.set(kind, await measurePush(kind));
  for (const kind of KINDS) pull.set(kind, await measurePull(kind));

  const median = (m: Map<Kind, number[]>, kind: Kind) => percentile(m.get(kind) ?? [], 50);
  for (const kind of KINDS) {
    report({
      name: `server on ${LABEL[kind]}: push of 10k mutations (2 × 5,000), median of ${PUSH_RUNS}`,
      value: median(push, kind),
      unit: 'ms',
      budget: 500,
      scale: ['sqlite', 'memory'],
      kind: 'max',
    });
  }
  report({
    name: 'server: push of 10k mutations, PostgreSQL ÷ SQLite (medians)',
    value: median(push, 'postgres') / median(push, 'sqlite'),
    unit: '×',
  });
  for (const kind of KINDS) {
    report({
      name: `server on ${LABEL[kind]}: fresh client pull of 100k rows (pages of 5,000), median of ${PULL_RUNS}`,
      value: median(pull, kind),
      unit: 'ms',
      budget: 2_000,
      scale: 'memory',
      kind: 'max',
    });
  }
  report({
    name: 'server: fresh client pull of 100k rows, PostgreSQL ÷ SQLite (medians)',
    value: median(pull, 'postgres') / median(pull, 'sqlite'),
    unit: '×',
  });

  const fanOut = await measureFanOut();
  const figures: Figure[] = [
    {
      name: `server on PostgreSQL, 2 instances: push on A → change event on B, p95 of ${fanOut.length}`,
      value: percentile(fanOut, 95),
      unit: 'ms',
      budget: 100,
      kind: 'max',
    },
    {
      name: 'server on PostgreSQL, 2 instances: push on A → change event on B, median',
      value: percentile(fanOut, 50),
      unit: 'ms',
    },
  ];
  for (const f of figures) report(f);
}
