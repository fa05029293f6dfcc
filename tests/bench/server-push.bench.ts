/**
 * A push of 10,000 mutations (two HTTP batches of 5,000, the protocol's maximum) to a real
 * server on 127.0.0.1 over a real SQLite file: from sending the first byte to the second
 * acknowledgement. Bodies are serialised before the clock starts.
 */
import { ulid } from 'ulid';
import { createTeam } from '../../server/store/identity.ts';
import { DEFAULT_SETTINGS, HlcClock } from '../../shared/index.ts';
import { inviteCode, joinOverHttp, startBenchServer } from './fixtures.ts';
import { percentile, report } from './report.ts';

const RUNS = 5;

export default async function main(): Promise<void> {
  const bench = await startBenchServer('push', { refreshEveryMs: 0 });
  const { server } = bench;
  try {
    const team = createTeam(bench.db, 'Bench', DEFAULT_SETTINGS, Date.now());
    const code = inviteCode(bench.db, team.id, 'admin');
    const { token, memberId } = await joinOverHttp(server.url, code, 'bench');
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
    for (let run = 0; run <= RUNS; run++) {
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
    report({
      name: 'server: push of 10k mutations (2 × 5,000), median',
      value: percentile(samples, 50),
      unit: 'ms',
      budget: 500,
      scale: ['sqlite', 'memory'],
      kind: 'max',
    });
    report({
      name: 'server: push of 10k mutations, worst of 5',
      value: Math.max(...samples),
      unit: 'ms',
    });
  } finally {
    await bench.close();
  }
}
