/**
 * 50 concurrent browsers doing push + pull loops over HTTP keep-alive for 30 s against the
 * server in its own process (so this load generator does not share its event loop), with
 * request logging on (to a file) as in production. Each browser has its own device token,
 * pushes a note and a contact (and every tenth time an account edit, which schedules the
 * team's segmentation in its worker), then pulls everything since its cursor. Closed loop: a browser sends
 * its next request when the previous one has answered.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ulid } from 'ulid';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import { openDatabase } from '../../server/store/db.ts';
import { createInvite, createTeam } from '../../server/store/identity.ts';
import { applyPush } from '../../server/store/rows.ts';
import { DEFAULT_SETTINGS, HlcClock, JoinResponse, type Mutation } from '../../shared/index.ts';
import { loadPush } from './fixtures.ts';
import { percentile, report } from './report.ts';

const CLIENTS = 50;
const WARMUP_MS = 3_000;
const DURATION_MS = 30_000;
const ACCOUNTS = 1_000;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where there is none. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Browser {
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

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'al-bench-load-'));
  const databasePath = join(dir, 'account-lens.db');

  // The team, its accounts and one invite per browser, written before the server starts.
  const db = openDatabase(databasePath);
  const team = createTeam(db, 'Load', DEFAULT_SETTINGS, Date.now());
  const codes = Array.from({ length: CLIENTS }, () => {
    const code = newInviteCode();
    createInvite(
      db,
      { teamId: team.id, hash: sha256(code), role: 'member', expiresAt: Date.now() + 3_600_000 },
      Date.now(),
    );
    return code;
  });
  const seedClock = new HlcClock('seed');
  const accountIds = Array.from({ length: ACCOUNTS }, () => ulid());
  const seed: Mutation[] = accountIds.map((id, i) => ({
    mutationId: ulid(),
    table: 'accounts',
    id,
    hlc: seedClock.tick(),
    fields: {
      name: `Account ${i}`,
      createdAt: Date.now(),
      domains: [`load-${i}.com`],
      revenue12m: i * 1_000,
    },
  }));
  applyPush(db, { teamId: team.id, memberId: ulid(), clock: seedClock, now: Date.now() }, seed);
  db.close();

  const port = await freePort();
  const logFile = openSync(join(dir, 'server.log'), 'w');
  // BENCH_SERVER_ARGS: extra node flags for the server, e.g. "--cpu-prof" to see where time goes.
  const extra = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'server/main.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RATE_LIMIT: '200,400',
    },
    stdio: ['ignore', logFile, 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const call = (method: string, path: string, token: string | undefined, body?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await call('GET', '/v1/health', undefined).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }

    const browsers: Browser[] = [];
    for (const code of codes) {
      const res = await call(
        'POST',
        '/v1/auth/join',
        undefined,
        JSON.stringify({ inviteCode: code, deviceName: 'load' }),
      );
      const { token, memberId } = JoinResponse.parse(JSON.parse(res.body));
      browsers.push({
        token,
        memberId,
        clock: new HlcClock(`load${browsers.length}`),
        cursor: 0,
        pushes: 0,
      });
    }

    const tail = /"cursor":(\d+),"hasMore":(true|false)\}$/;
    const pullAll = async (b: Browser, latencies?: number[]) => {
      for (;;) {
        const t0 = performance.now();
        const res = await call('GET', `/v1/sync/pull?cursor=${b.cursor}&limit=1000`, b.token);
        latencies?.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.body.slice(0, 200)}`);
        const m = tail.exec(res.body);
        if (!m) throw new Error('pull: no cursor in reply');
        b.cursor = Number(m[1]);
        if (m[2] === 'false') return;
      }
    };
    // Each browser has done its initial sync before the load starts.
    for (const b of browsers) await pullAll(b);

    let measuring = false;
    let stop = false;
    const latencies: number[] = [];
    let errors = 0;
    const loop = async (b: Browser) => {
      while (!stop) {
        b.pushes++;
        const accountId = accountIds[(b.pushes * 7 + b.cursor) % ACCOUNTS] ?? '';
        const mutations: Mutation[] = loadPush(b, accountId);
        if (b.pushes % 10 === 0) {
          // An edit of the account file: it schedules a recompute, which moves no insight.
          mutations.push({
            mutationId: ulid(),
            table: 'accounts',
            id: accountId,
            hlc: b.clock.tick(),
            fields: { phone: `+1 555 ${b.pushes}` },
          });
        }
        const t0 = performance.now();
        const res = await call(
          'POST',
          '/v1/sync/push',
          b.token,
          JSON.stringify({ clientId: `load${b.memberId.slice(-6)}`, mutations }),
        );
        const ms = performance.now() - t0;
        if (res.status !== 200) errors++;
        if (measuring) latencies.push(ms);
        await pullAll(b, measuring ? latencies : undefined);
      }
    };

    const loops = browsers.map((b) => loop(b));
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    measuring = true;
    const t0 = performance.now();
    const serverCpu0 = cpuSeconds(child.pid);
    const loadCpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, DURATION_MS));
    measuring = false;
    const elapsed = performance.now() - t0;
    const serverCpu = cpuSeconds(child.pid) - serverCpu0;
    const loadCpu = process.cpuUsage(loadCpu0);
    const requests = latencies.length;
    stop = true;
    await Promise.all(loops);
    if (errors > 0) throw new Error(`${errors} pushes failed`);

    report({
      name: 'server: 50 clients push+pull over keep-alive, throughput',
      value: requests / (elapsed / 1000),
      unit: 'req/s',
      budget: 2_000,
      scale: ['sqlite', 'memory'],
      kind: 'min',
    });
    report({
      name: 'server: 50 clients push+pull, p99 latency',
      value: percentile(latencies, 99),
      unit: 'ms',
      budget: 50,
      scale: ['sqlite', 'memory'],
      kind: 'max',
    });
    report({
      name: 'server: 50 clients push+pull, p50 latency',
      value: percentile(latencies, 50),
      unit: 'ms',
    });
    // On a shared machine the first two depend on what else runs; CPU per request does not.
    report({
      name: 'server: CPU per request (server process)',
      value: (serverCpu * 1000) / requests,
      unit: 'ms',
    });
    report({
      name: 'server: share of a core used by the server process',
      value: (serverCpu * 100_000) / elapsed,
      unit: '%',
    });
    report({
      name: 'server: share of a core used by the load generator',
      value: ((loadCpu.user + loadCpu.system) / 1000 / elapsed) * 100,
      unit: '%',
    });
  } finally {
    agent.destroy();
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) console.log(`server exited with ${code}`);
    rmSync(dir, { recursive: true, force: true });
  }
}
