/**
 * The real server's push and pull against a floor measured in the same run: a minimal Hono app
 * on @hono/node-server over a fresh better-sqlite3 file (WAL, synchronous=FULL) that parses the
 * JSON body and upserts each mutation last-writer-wins in one transaction per request. Both push
 * the same 10,000 notes (~310 bytes of JSON each) in 10 requests of 1,000 to a freshly started
 * server, then pull them back from cursor 0; bodies are serialised before the clock starts. The
 * ratios need no calibration: both sides ran on this machine, in this process, in turn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import { DEFAULT_SETTINGS, HlcClock } from '../../shared/index.ts';
import { isPullPage, joinOverHttp, prng, startBenchServer, timedUlid } from './fixtures.ts';
import { percentile, report } from './report.ts';

const NOTES = 10_000;
const PER_REQUEST = 1_000;
/** Pages of the protocol's maximum, as the sync client asks for them. */
const PULL_LIMIT = 5_000;
const RUNS = 5;
/** Each side runs once unmeasured first, so neither pays for the other's JIT warm-up. */
const WARMUP = 1;

/**
 * Real-looking ULIDs from a seeded PRNG: the ulid package draws 16 bytes from the system's
 * random source per id, and the garbage of 20,000 of them would be collected inside the timed
 * region.
 */
const rand = prng(20_240_601);
const ulid = (): string => timedUlid(Date.now(), rand);

/** Start a timed region without the garbage of setting it up (run.ts passes --expose-gc). */
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();

interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The member the notes are written by (the real server checks a note's author). */
  readonly memberId: string;
  close(): Promise<void>;
}

interface Sample {
  readonly push: number;
  readonly pull: number;
}

// ---------------------------------------------------------------------------------------------
// The floor: parse, upsert last-writer-wins, commit, answer the ids.

async function startFloor(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'al-bench-floor-'));
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE rows (
    id TEXT PRIMARY KEY,
    tbl TEXT NOT NULL,
    hlc TEXT NOT NULL,
    fields TEXT NOT NULL,
    seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX rows_seq ON rows (seq)`);
  const upsert = db.prepare(
    `INSERT INTO rows (id, tbl, hlc, fields, seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET hlc = excluded.hlc, fields = excluded.fields, seq = excluded.seq
     WHERE excluded.hlc > hlc`,
  );
  const page = db
    .prepare('SELECT tbl, id, seq, fields FROM rows WHERE seq > ? ORDER BY seq LIMIT ?')
    .raw();
  let seq = 0;
  const push = db.transaction((mutations: FloorMutation[]): string[] => {
    const acked: string[] = [];
    for (const m of mutations) {
      seq += 1;
      if (upsert.run(m.id, m.table, m.hlc, JSON.stringify(m.fields), seq).changes === 0) seq -= 1;
      acked.push(m.mutationId);
    }
    return acked;
  });

  const app = new Hono();
  app.post('/push', async (c) => {
    const body = (await c.req.json()) as { mutations: FloorMutation[] };
    return c.json({ acked: push.immediate(body.mutations) });
  });
  app.get('/pull', (c) => {
    const cursor = Number(c.req.query('cursor') ?? 0);
    const limit = Number(c.req.query('limit') ?? 1_000);
    const raw = page.all(cursor, limit + 1) as [string, string, number, string][];
    const rows = raw.slice(0, limit);
    const parts = rows.map(
      ([tbl, id, s, fields]) => `{"table":"${tbl}","id":"${id}","seq":${s},"fields":${fields}}`,
    );
    const last = rows.at(-1)?.[2] ?? cursor;
    return c.body(
      `{"rows":[${parts.join(',')}],"cursor":${last},"hasMore":${raw.length > limit}}`,
      200,
      { 'content-type': 'application/json; charset=utf-8' },
    );
  });

  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(s as Server),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    headers: {},
    memberId: ulid(),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface FloorMutation {
  mutationId: string;
  table: string;
  id: string;
  hlc: string;
  fields: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The real server: a fresh SQLite file, a team and a member joined over HTTP.

async function startReal(): Promise<Target> {
  const bench = await startBenchServer('push-floor', { refreshEveryMs: 0 });
  const { server } = bench;
  const team = await server.store.createTeam('Bench', DEFAULT_SETTINGS, Date.now());
  const code = newInviteCode();
  await server.store.createInvite(
    { teamId: team.id, hash: sha256(code), role: 'admin', expiresAt: Date.now() + 3_600_000 },
    Date.now(),
  );
  const { token, memberId } = await joinOverHttp(server.url, code, 'bench');
  return {
    url: `${server.url}/v1/sync`,
    headers: { authorization: `Bearer ${token}` },
    memberId,
    close: () => bench.close(),
  };
}

// ---------------------------------------------------------------------------------------------

/** 10 request bodies of 1,000 notes each, as a browser's outbox sends them. */
function pushBodies(memberId: string): { bodies: string[]; bytesPerMutation: number } {
  const clock = new HlcClock('bench');
  const accountId = ulid();
  const bodies: string[] = [];
  let bytes = 0;
  for (let start = 0; start < NOTES; start += PER_REQUEST) {
    const mutations = [];
    for (let i = start; i < start + PER_REQUEST; i++) {
      const m = {
        mutationId: ulid(),
        table: 'notes',
        id: ulid(),
        hlc: clock.tick(),
        fields: {
          kind: 'call',
          body: `Call ${String(i).padStart(5, '0')}: renewal.`,
          authorId: memberId,
          at: Date.now(),
          createdAt: Date.now(),
          accountId,
        },
      };
      bytes += JSON.stringify(m).length;
      mutations.push(m);
    }
    bodies.push(JSON.stringify({ clientId: 'bench', mutations }));
  }
  return { bodies, bytesPerMutation: bytes / NOTES };
}

/** One run on a freshly started server: push every body, then pull every row from 0. */
async function runOnce(start: () => Promise<Target>): Promise<Sample & { bytes: number }> {
  const target = await start();
  try {
    const { bodies, bytesPerMutation } = pushBodies(target.memberId);
    collect();
    const t0 = performance.now();
    for (const body of bodies) {
      const res = await fetch(`${target.url}/push`, {
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
      const { acked } = (await res.json()) as { acked: unknown[] };
      if (acked.length !== PER_REQUEST) throw new Error(`push acked ${acked.length} mutations`);
    }
    const push = performance.now() - t0;

    collect();
    const t1 = performance.now();
    let cursor = 0;
    let rows = 0;
    for (;;) {
      const res = await fetch(`${target.url}/pull?cursor=${cursor}&limit=${PULL_LIMIT}`, {
        headers: target.headers,
      });
      if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
      const page: unknown = await res.json();
      if (!isPullPage(page)) throw new Error('pull: unexpected page');
      rows += page.rows.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pull = performance.now() - t1;
    if (rows !== NOTES) throw new Error(`pulled ${rows} rows, pushed ${NOTES}`);
    return { push, pull, bytes: bytesPerMutation };
  } finally {
    await target.close();
  }
}

export default async function main(): Promise<void> {
  const floor: Sample[] = [];
  const real: Sample[] = [];
  let bytes = 0;
  // Interleaved, so that a machine getting busier or quieter during the run slows both alike.
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const f = await runOnce(startFloor);
    const r = await runOnce(startReal);
    bytes = r.bytes;
    if (run >= WARMUP) {
      floor.push(f);
      real.push(r);
    }
  }
  const median = (samples: number[]) => percentile(samples, 50);
  const floorPush = median(floor.map((s) => s.push));
  const realPush = median(real.map((s) => s.push));
  const floorPull = median(floor.map((s) => s.pull));
  const realPull = median(real.map((s) => s.pull));

  report({ name: 'push floor: mutation size, mean', value: bytes, unit: 'B' });
  report({
    name: 'push floor: minimal Hono + better-sqlite3 LWW upsert, 10k notes (10 × 1,000), median',
    value: floorPush,
    unit: 'ms',
  });
  report({
    name: 'push floor: real server, the same 10k notes (10 × 1,000), median',
    value: realPush,
    unit: 'ms',
  });
  report({
    name: 'push floor: real ÷ floor, push',
    value: realPush / floorPush,
    unit: '×',
    budget: 2,
    kind: 'max',
  });
  report({
    name: 'push floor: minimal server, fresh pull of the 10k notes (pages of 5,000), median',
    value: floorPull,
    unit: 'ms',
  });
  report({
    name: 'push floor: real server, fresh pull of the 10k notes (pages of 5,000), median',
    value: realPull,
    unit: 'ms',
  });
  report({ name: 'push floor: real ÷ floor, pull', value: realPull / floorPull, unit: '×' });
}
