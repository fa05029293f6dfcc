/**
 * A fresh browser's initial pull of 100,000 rows (accounts, contacts, notes) from a real server
 * on 127.0.0.1: every page fetched and parsed, as the sync client does, from cursor 0 until
 * hasMore is false. Pages of 5,000, the protocol's maximum.
 */
import { ulid } from 'ulid';
import { createTeam } from '../../server/store/identity.ts';
import { applyPush } from '../../server/store/rows.ts';
import { DEFAULT_SETTINGS, HlcClock, type Mutation, PullResponse } from '../../shared/index.ts';
import { inviteCode, joinOverHttp, startBenchServer } from './fixtures.ts';
import { percentile, report } from './report.ts';

const ROWS = 100_000;

const isPage = (v: unknown): v is { rows: unknown[]; cursor: number; hasMore: boolean } =>
  typeof v === 'object' &&
  v !== null &&
  'rows' in v &&
  Array.isArray(v.rows) &&
  'cursor' in v &&
  typeof v.cursor === 'number' &&
  'hasMore' in v &&
  typeof v.hasMore === 'boolean';
const RUNS = 3;

export default async function main(): Promise<void> {
  const bench = await startBenchServer(
    'pull', // The insights of 30k accounts are part of a real initial sync: let them be written.
    { refreshEveryMs: 0 },
  );
  const { server } = bench;
  try {
    const team = createTeam(bench.db, 'Bench', DEFAULT_SETTINGS, Date.now());
    const code = inviteCode(bench.db, team.id, 'admin');
    const { token, memberId } = await joinOverHttp(server.url, code, 'bench');

    // Seed straight through the store (the push path is measured by server-push.bench.ts).
    const clock = new HlcClock('seed');
    let batch: Mutation[] = [];
    const flush = () => {
      applyPush(bench.db, { teamId: team.id, memberId, clock, now: Date.now() }, batch);
      batch = [];
    };
    const add = (table: Mutation['table'], fields: Record<string, unknown>, id = ulid()) => {
      batch.push({ mutationId: ulid(), table, id, hlc: clock.tick(), fields });
      if (batch.length === 5_000) flush();
      return id;
    };
    const accounts = Math.round(ROWS * 0.25);
    const accountIds: string[] = [];
    for (let i = 0; i < accounts; i++) {
      accountIds.push(
        add('accounts', {
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
    await server.segmentation.recompute(team.id); // + 25k insights
    const rest = ROWS - accounts * 2;
    for (let i = 0; i < rest; i++) {
      const accountId = accountIds[i % accountIds.length] ?? '';
      if (i % 5 < 3) {
        add('contacts', {
          accountId,
          name: `Contact ${i}`,
          title: 'Purchasing manager',
          createdAt: Date.now(),
          emails: [`contact${i}@account-${i}.com`],
          roles: ['purchaser'],
        });
      } else {
        add('notes', {
          kind: 'visit',
          body: 'Visited the plant; they plan to add a second line next year. '.repeat(2),
          authorId: memberId,
          at: Date.now(),
          createdAt: Date.now(),
          accountId,
        });
      }
    }
    if (batch.length > 0) flush();
    // Seeding held the event loop for seconds: let the server drop the idle join connection
    // before the timed pulls, or the first of them may reuse a socket that is being closed.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const pullAll = async (): Promise<number> => {
      let cursor = 0;
      let rows = 0;
      for (;;) {
        const res = await fetch(`${server.url}/v1/sync/pull?cursor=${cursor}&limit=5000`, {
          headers: { authorization: `Bearer ${token}` },
        });
        // Parsed as the sync client parses it; the schema check is done once, after timing.
        const page: unknown = await res.json();
        if (!isPage(page)) throw new Error('pull: unexpected reply');
        rows += page.rows.length;
        cursor = page.cursor;
        if (!page.hasMore) return rows;
      }
    };
    const samples: number[] = [];
    let count = 0;
    for (let run = 0; run <= RUNS; run++) {
      const t0 = performance.now();
      count = await pullAll();
      if (run > 0) samples.push(performance.now() - t0);
    }
    if (count !== ROWS) throw new Error(`pulled ${count} rows, expected ${ROWS}`);
    // Checked once, outside the timing: the pages really are what the schema promises.
    const first = await fetch(`${server.url}/v1/sync/pull?cursor=0&limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    PullResponse.parse(await first.json());
    report({
      name: 'server: fresh client pull of 100k rows (pages of 5,000), median',
      value: percentile(samples, 50),
      unit: 'ms',
      budget: 2_000,
      scale: 'memory',
      kind: 'max',
    });
  } finally {
    await bench.close();
  }
}
