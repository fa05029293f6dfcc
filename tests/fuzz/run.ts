/**
 * `npm run fuzz`: the long fuzz run. Starts the server in its own process (as `npm run server --
 * serve` runs it, over a SQLite file in a temp folder), sets up two teams, sends it 20,000
 * hostile requests (tests/fuzz/arbitraries.ts) a few at a time, then checks that it still
 * pushes and pulls and that the other team saw and lost nothing. Prints the count, the status
 * histogram and every 5xx or other problem with the request that caused it; exits non-zero on
 * any problem, on an error in the server's log, or if the server died.
 *
 *   npm run fuzz                      20,000 requests, a fresh seed
 *   npm run fuzz -- --count 50000 --seed 42 --concurrency 8
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { type ChildServer, spawnServer } from '../server/child.ts';
import { type FuzzRequest, requestArb, routeCoverage } from './arbitraries.ts';
import {
  checkAfter,
  describeRequest,
  Histogram,
  type Outcome,
  outcomeKey,
  problemsOf,
  send,
  setUpFuzz,
  snapshotForeign,
  targetOf,
} from './harness.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
  },
});
const count = Number(values.count);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const concurrency = Number(values.concurrency);
if (!(count > 0) || !Number.isInteger(seed) || !(concurrency >= 1)) {
  console.error('usage: npm run fuzz -- [--count N] [--seed S] [--concurrency C]');
  process.exit(2);
}

// A route the fuzz has no generator for is a route nobody fuzzes: refuse to run without it.
const coverage = routeCoverage();
if (coverage.unfuzzed.length > 0 || coverage.stale.length > 0) {
  for (const r of coverage.unfuzzed)
    console.error(`route ${r} has no fuzzer: add it to ROUTE_FUZZERS in tests/fuzz/arbitraries.ts`);
  for (const r of coverage.stale)
    console.error(`ROUTE_FUZZERS names ${r}, which the app no longer has`);
  process.exit(1);
}

interface Failure {
  readonly index: number;
  readonly request: FuzzRequest;
  readonly outcome: Outcome;
  readonly problems: readonly string[];
}

const dir = mkdtempSync(join(tmpdir(), 'al-fuzz-'));
const databasePath = join(dir, 'account-lens.db');
// The schema, the teams and the snapshots go through this connection; the server has its own.
const store = SqliteStore.open(databasePath);
const server: ChildServer = await spawnServer('serve', {
  DATABASE_PATH: databasePath,
  LOG_LEVEL: 'error',
  RATE_LIMIT: 'off',
  CORS_ORIGINS: 'https://crm.example.com',
});
let died: string | undefined;
void server.exited.then((code) => {
  died = `the server exited (${code})`;
});
// Whatever ends this process (an exception in the fuzz itself included) ends the server too.
process.on('exit', () => server.child.kill('SIGKILL'));

const fx = await setUpFuzz(store, server.url);
const before = await snapshotForeign(store, fx);
const target = targetOf(server.url, concurrency);
const arb = requestArb(fx.targets);

const statuses = new Histogram();
const byRoute = new Map<string, Histogram>();
const byBody = new Map<string, Histogram>();
const tally = (by: Map<string, Histogram>, group: string, key: string) => {
  let h = by.get(group);
  if (!h) {
    h = new Histogram();
    by.set(group, h);
  }
  h.add(key);
};
const printTally = (title: string, by: Map<string, Histogram>) => {
  console.log(`${title}:`);
  for (const [group, h] of [...by].sort((a, b) => a[0].localeCompare(b[0])))
    console.log(`  ${group.padEnd(24)} ${String(h.total).padStart(6)}  ${h.format()}`);
};
const failures: Failure[] = [];
let fivexx = 0;
const inFlight = new Map<number, FuzzRequest>();
let inFlightAtDeath: FuzzRequest[] = [];

const t0 = performance.now();
const BATCH = 100;
let sent = 0;
let reportAt = 5_000;
for (let batch = 0; sent < count && died === undefined; batch++) {
  // Drawn a batch at a time: a huge body lives only while its batch is in flight.
  const requests = fc.sample(arb, { numRuns: Math.min(BATCH, count - sent), seed: seed + batch });
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      const request = requests[i];
      if (request === undefined || died !== undefined) return;
      const index = sent + i;
      inFlight.set(index, request);
      const outcome = await send(target, request);
      if (died !== undefined && inFlightAtDeath.length === 0)
        inFlightAtDeath = [...inFlight.values()];
      inFlight.delete(index);
      const key = outcomeKey(outcome);
      statuses.add(key);
      tally(byRoute, request.route, key);
      tally(byBody, request.bodyKind, key);
      if (outcome.kind === 'answer' && outcome.answer.status >= 500) fivexx++;
      const problems = problemsOf(request, outcome, fx.targets, fx.secret);
      if (problems.length > 0) failures.push({ index, request, outcome, problems });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  sent += requests.length;
  if (sent >= reportAt && sent < count) {
    console.log(`  ${sent}/${count} requests, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    reportAt += 5_000;
  }
}
const seconds = (performance.now() - t0) / 1000;

const after = died === undefined ? await snapshotForeign(store, fx) : before;
const afterProblems = died === undefined ? await checkAfter(server.url, fx) : [];
if (after !== before) afterProblems.push("the other team's rows, settings or devices changed");
const errorLines = server
  .output()
  .split('\n')
  .filter((l) => l.includes('"level":"error"'));

console.log(
  `\nfuzz: ${statuses.total} requests in ${seconds.toFixed(1)} s (${Math.round(statuses.total / seconds)}/s), seed ${seed}, concurrency ${concurrency}`,
);
console.log(`status: ${statuses.format()}`);
printTally('by route', byRoute);
printTally('by body', byBody);
console.log(`5xx: ${fivexx}`);

let failed = false;
if (died !== undefined) {
  failed = true;
  console.log(`\nCRASH: ${died}. In flight then:`);
  for (const r of inFlightAtDeath) console.log(describeRequest(r));
  console.log(`server stderr:\n${server.errorOutput().slice(-5_000)}`);
}
if (failures.length > 0) {
  failed = true;
  console.log(`\n${failures.length} requests with problems (the first 20):`);
  for (const f of failures.slice(0, 20)) {
    console.log(`\n#${f.index}: ${f.problems.join('; ')}`);
    console.log(describeRequest(f.request));
  }
  const file = join(dir, 'failures.json');
  writeFileSync(
    file,
    JSON.stringify(
      failures.map((f) => ({
        ...f,
        request: {
          ...f.request,
          body:
            f.request.body instanceof Uint8Array
              ? { hex: Buffer.from(f.request.body).toString('hex') }
              : f.request.body,
        },
      })),
      null,
      1,
    ),
  );
  console.log(`\nevery failing request in full: ${file}`);
}
if (errorLines.length > 0) {
  failed = true;
  console.log(`\nthe server logged ${errorLines.length} errors, the first:`);
  for (const l of errorLines.slice(0, 5)) console.log(`  ${l.slice(0, 1_000)}`);
}
if (afterProblems.length > 0) {
  failed = true;
  console.log('\nafter the fuzz:');
  for (const p of afterProblems) console.log(`  ${p}`);
} else if (died === undefined) {
  console.log(
    "after: the server answers, both teams push and pull, the other team's rows are its own and unchanged",
  );
}

target.agent.destroy();
if (died === undefined) {
  server.child.kill('SIGTERM');
  await server.exited;
}
await store.close();
if (!failed) rmSync(dir, { recursive: true, force: true });
console.log(failed ? '\nFUZZ FAILED' : '\nfuzz passed');
process.exit(failed ? 1 : 0);
