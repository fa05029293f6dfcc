/**
 * Server instances on one PostgreSQL under load: 50 and 200 concurrent browsers against 1, 2
 * and 3 server processes (`serve`, each its own process, all on one fresh PostgreSQL database
 * per configuration), the browsers spread round-robin over the instances as a load balancer
 * would. Each browser has its own device token and runs a closed loop over HTTP keep-alive, as
 * in server-load.bench.ts: push a note and a contact, then pull everything since its cursor
 * (pages of 1,000), sending each request when the previous one has answered. All browsers are
 * members of one team of 1,000 accounts and have done their initial sync before the load
 * starts. 3 s of warm-up, then 12 s measured.
 *
 * For each configuration: requests a second and p99 latency (every push and every pull page
 * counts as a request), for information (no budget: the figures say how the instances scale on
 * this machine, not whether a target is met), and the CPU seconds used in the measured window
 * by the server processes (/proc/<pid>/stat), by PostgreSQL (the backends connected to the
 * bench's database and the cluster's background processes — walwriter, checkpointer and the
 * like — read from pg_stat_activity and /proc; the background processes also serve any other
 * database on the cluster) and by this load generator. The machine has 2 cores and the load
 * generator shares them with the instances and PostgreSQL: the sum of the three, against
 * 2 × 12 s, says whether throughput is bound by the cores or by something else (the team's row
 * lock, which serialises every commit of the team across instances, or round trips). The share
 * of the cores busy over the whole machine (/proc/stat) is reported beside it: what else ran
 * in the window (another test suite, say) shows as the difference.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import postgres from 'postgres';
import { ulid } from 'ulid';
import { openStore } from '../../server/store/open.ts';
import type { Store } from '../../server/store/store.ts';
import { DEFAULT_SETTINGS, HlcClock, JoinResponse, type Mutation } from '../../shared/index.ts';
import { type ChildServer, spawnServer } from '../server/child.ts';
import { inviteCode } from '../server/helpers.ts';
import { freshPostgresUrl } from '../server/postgres-db.ts';
import { loadPush } from './fixtures.ts';
import { percentile, report } from './report.ts';

const INSTANCES = [1, 2, 3] as const;
const CLIENTS = [50, 200] as const;
const WARMUP_MS = 3_000;
const DURATION_MS = 12_000;
const ACCOUNTS = 1_000;

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Jiffies the machine's cores have spent busy and in all, from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th columns.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/**
 * The CPU PostgreSQL spends on the bench: the backends of its database (each instance's pool,
 * its LISTEN connection, the segmentation worker's) and the background processes. Sampled every
 * 500 ms, so a backend that starts during the window is counted whole and one that ends in it
 * up to its last sample.
 */
class PostgresCpu {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly sql: postgres.Sql) {}

  private async sample(): Promise<void> {
    const rows = await this.sql`SELECT pid FROM pg_stat_activity
      WHERE pid <> pg_backend_pid() AND (datname = current_database() OR datname IS NULL)`;
    for (const row of rows) {
      const pid = Number(row.pid);
      const cpu = cpuSeconds(pid);
      if (Number.isFinite(cpu)) this.last.set(pid, cpu);
    }
  }

  async begin(): Promise<void> {
    await this.sample();
    for (const [pid, cpu] of this.last) this.start.set(pid, cpu);
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample()).catch(() => undefined);
    }, 500);
  }

  /** CPU seconds used since begin(). */
  async end(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    let total = 0;
    for (const [pid, cpu] of this.last) total += cpu - (this.start.get(pid) ?? 0);
    return total;
  }
}

interface Browser {
  readonly instance: number;
  readonly token: string;
  readonly memberId: string;
  readonly clock: HlcClock;
  cursor: number;
  pushes: number;
}

interface Reply {
  status: number;
  body: string;
}

interface Measured {
  readonly requests: number;
  readonly elapsedMs: number;
  readonly latencies: number[];
  readonly refused: number;
  readonly instancesCpu: number;
  readonly postgresCpu: number;
  readonly loadCpu: number;
  /** Share of the machine's cores busy in the window, whatever kept them busy. */
  readonly machineBusy: number;
}

/** The team, its accounts and one invite per browser, written before the instances start. */
async function seed(store: Store, clients: number) {
  const team = await store.createTeam('Load', DEFAULT_SETTINGS, Date.now());
  const codes: string[] = [];
  for (let i = 0; i < clients; i++) codes.push(await inviteCode(store, team.id, 'member'));
  const clock = new HlcClock('seed');
  const accountIds = Array.from({ length: ACCOUNTS }, () => ulid());
  const mutations: Mutation[] = accountIds.map((id, i) => ({
    mutationId: ulid(),
    table: 'accounts',
    id,
    hlc: clock.tick(),
    fields: {
      name: `Account ${i}`,
      createdAt: Date.now(),
      domains: [`load-${i}.com`],
      revenue12m: i * 1_000,
    },
  }));
  const [seeded] = await store.applyPushGroup([
    { ctx: { teamId: team.id, memberId: ulid(), clock, now: Date.now() }, mutations },
  ]);
  if (!seeded?.ok) throw new Error(`seeding failed: ${String(seeded?.error)}`);
  return { accountIds, codes };
}

async function measure(instanceCount: number, clientCount: number): Promise<Measured> {
  const database = await freshPostgresUrl();
  let store: Store | undefined;
  let monitor: postgres.Sql | undefined;
  const instances: ChildServer[] = [];
  const agents: Agent[] = [];
  try {
    // Opened (and so migrated) before the instances start: they find the schema in place.
    store = await openStore({ kind: 'postgres', url: database.url }, { connections: 2 });
    const { accountIds, codes } = await seed(store, clientCount);
    monitor = postgres(database.url, { max: 1, onnotice: false });

    const env = { DATABASE_URL: database.url, RATE_LIMIT: '0' };
    const started = await Promise.allSettled(
      Array.from({ length: instanceCount }, () => spawnServer('serve', env)),
    );
    for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const ports = instances.map((i) => Number(new URL(i.url).port));
    for (let i = 0; i < instanceCount; i++) {
      agents.push(new Agent({ keepAlive: true, maxSockets: clientCount }));
    }

    const call = (instance: number, method: string, path: string, token?: string, body?: string) =>
      new Promise<Reply>((resolve, reject) => {
        const headers: Record<string, string | number> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (body !== undefined) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = Buffer.byteLength(body);
        }
        const req = request(
          {
            host: '127.0.0.1',
            port: ports[instance],
            method,
            path,
            headers,
            agent: agents[instance],
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    // Joined through the instance each browser is sent to, 20 at a time.
    const browsers: Browser[] = [];
    for (let from = 0; from < codes.length; from += 20) {
      const joined = await Promise.all(
        codes.slice(from, from + 20).map(async (code, k) => {
          const n = from + k;
          const instance = n % instanceCount;
          const res = await call(
            instance,
            'POST',
            '/v1/auth/join',
            undefined,
            JSON.stringify({ inviteCode: code, deviceName: `load ${n}` }),
          );
          if (res.status !== 200) throw new Error(`join: ${res.status} ${res.body.slice(0, 200)}`);
          const { token, memberId } = JoinResponse.parse(JSON.parse(res.body));
          return {
            instance,
            token,
            memberId,
            clock: new HlcClock(`load${n}`),
            cursor: 0,
            pushes: 0,
          };
        }),
      );
      browsers.push(...joined);
    }

    let refused = 0;
    const tail = /"cursor":(\d+),"hasMore":(true|false)\}$/;
    const pullAll = async (b: Browser, latencies?: number[]) => {
      for (;;) {
        const t0 = performance.now();
        const res = await call(
          b.instance,
          'GET',
          `/v1/sync/pull?cursor=${b.cursor}&limit=1000`,
          b.token,
        );
        const ms = performance.now() - t0;
        if (res.status !== 200) {
          // Counted, not timed; the browser tries again from the same cursor.
          refused++;
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        latencies?.push(ms);
        const m = tail.exec(res.body);
        if (!m) throw new Error('pull: no cursor in reply');
        b.cursor = Number(m[1]);
        if (m[2] === 'false') return;
      }
    };
    // Each browser has done its initial sync before the load starts.
    for (let from = 0; from < browsers.length; from += 20) {
      await Promise.all(browsers.slice(from, from + 20).map((b) => pullAll(b)));
    }

    let measuring = false;
    let stop = false;
    const latencies: number[] = [];
    const loop = async (b: Browser) => {
      while (!stop) {
        b.pushes++;
        const accountId = accountIds[(b.pushes * 7 + b.cursor) % ACCOUNTS] ?? '';
        const mutations: Mutation[] = loadPush(b, accountId);
        const t0 = performance.now();
        const res = await call(
          b.instance,
          'POST',
          '/v1/sync/push',
          b.token,
          JSON.stringify({ clientId: `load${b.memberId.slice(-6)}`, mutations }),
        );
        const ms = performance.now() - t0;
        if (res.status !== 200) {
          refused++;
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        if (measuring) latencies.push(ms);
        await pullAll(b, measuring ? latencies : undefined);
      }
    };

    const loops = browsers.map((b) => loop(b));
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const pgCpu = new PostgresCpu(monitor);
    await pgCpu.begin();
    measuring = true;
    refused = 0;
    const t0 = performance.now();
    const instancesCpu0 = instances.map((i) => cpuSeconds(i.child.pid));
    const loadCpu0 = process.cpuUsage();
    const machine0 = machineJiffies();
    await new Promise((r) => setTimeout(r, DURATION_MS));
    measuring = false;
    const elapsedMs = performance.now() - t0;
    const instancesCpu = instances.reduce(
      (sum, i, n) => sum + cpuSeconds(i.child.pid) - (instancesCpu0[n] ?? Number.NaN),
      0,
    );
    const load = process.cpuUsage(loadCpu0);
    const machine = machineJiffies();
    const requests = latencies.length;
    const refusedInWindow = refused;
    const postgresCpu = await pgCpu.end();
    stop = true;
    await Promise.all(loops);
    return {
      requests,
      elapsedMs,
      latencies,
      refused: refusedInWindow,
      instancesCpu,
      postgresCpu,
      loadCpu: (load.user + load.system) / 1e6,
      machineBusy: (machine.busy - machine0.busy) / (machine.total - machine0.total),
    };
  } finally {
    for (const agent of agents) agent.destroy();
    for (const instance of instances) instance.child.kill('SIGTERM');
    await Promise.all(instances.map((i) => i.exited));
    await monitor?.end();
    await store?.close();
    await database.drop();
  }
}

export default async function main(): Promise<void> {
  for (const clients of CLIENTS) {
    for (const instances of INSTANCES) {
      const m = await measure(instances, clients);
      const label = `server on PostgreSQL, ${instances} instance${instances === 1 ? '' : 's'}, ${clients} clients`;
      const seconds = m.elapsedMs / 1000;
      report({
        name: `${label}: push+pull throughput`,
        value: m.requests / seconds,
        unit: 'req/s',
      });
      report({ name: `${label}: p99 latency`, value: percentile(m.latencies, 99), unit: 'ms' });
      report({
        name: `${label}: CPU of the server processes in ${seconds.toFixed(0)} s`,
        value: m.instancesCpu,
        unit: 's',
      });
      report({
        name: `${label}: CPU of PostgreSQL in ${seconds.toFixed(0)} s`,
        value: m.postgresCpu,
        unit: 's',
      });
      report({
        name: `${label}: CPU of the load generator in ${seconds.toFixed(0)} s`,
        value: m.loadCpu,
        unit: 's',
      });
      // What a request costs does not depend on what else ran on the machine; throughput does.
      report({
        name: `${label}: CPU per request, server processes + PostgreSQL`,
        value: ((m.instancesCpu + m.postgresCpu) * 1000) / m.requests,
        unit: 'ms',
      });
      // Of the machine's 2 cores: 100 % is both busy all the window long.
      report({
        name: `${label}: share of the 2 cores used by the three`,
        value: ((m.instancesCpu + m.postgresCpu + m.loadCpu) / (2 * seconds)) * 100,
        unit: '%',
      });
      // Anything else running on the machine shows here and not in the line above.
      report({
        name: `${label}: share of the 2 cores busy (every process on the machine)`,
        value: m.machineBusy * 100,
        unit: '%',
      });
      if (m.refused > 0) {
        report({ name: `${label}: requests refused`, value: m.refused, unit: 'requests' });
      }
    }
  }
}
