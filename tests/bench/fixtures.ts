/**
 * Helpers shared by the benchmarks (not itself a benchmark: run.ts only runs *.bench.ts).
 * Generated data comes from a seeded PRNG so that every run measures the same book, and the
 * servers are started the same way so that server figures stay comparable between benchmarks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { newInviteCode, sha256 } from '../../server/secrets.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../server/server.ts';
import type { Db } from '../../server/store/db.ts';
import { createInvite } from '../../server/store/identity.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { type HlcClock, JoinResponse, type Mutation } from '../../shared/index.ts';
import type { ExtensionBrowser } from '../e2e/harness.ts';
import { type ChromeGlobal, installOptionsPage } from '../e2e/seed.ts';

/** mulberry32: a small seeded PRNG, so a fixed seed gives the same data on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A uniformly chosen element of `xs`, drawn from `rand`. */
export function picker(rand: () => number): <T>(xs: readonly T[]) => T {
  return <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
}

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The n-th of a run of ULIDs with one fixed time part: distinct, sorted by n, no PRNG draws. */
export function sequentialUlid(n: number): string {
  let s = '';
  let rest = n;
  for (let i = 0; i < 16; i++) {
    s = (CROCKFORD[rest % 32] as string) + s;
    rest = Math.floor(rest / 32);
  }
  return `01HZ000000${s}`;
}

/** A real-looking ULID: 10 characters of creation time, 16 random ones (16 draws of `rand`). */
export function timedUlid(time: number, rand: () => number): string {
  const chars = new Array<string>(26);
  let t = time;
  for (let i = 9; i >= 0; i--) {
    chars[i] = CROCKFORD[t % 32] as string;
    t = Math.floor(t / 32);
  }
  for (let i = 10; i < 26; i++) chars[i] = CROCKFORD[Math.floor(rand() * 32)] as string;
  // join() gives a flat string, as JSON.parse or SQLite would; concatenation would leave
  // rope strings that a timed region would have to flatten.
  return chars.join('');
}

export interface BenchServer {
  readonly server: RunningServer;
  /** The server's SQLite connection: teams, invites and seeded rows go straight through it. */
  readonly db: Db;
  /** A temporary directory holding the database; a benchmark may keep its own files there. */
  readonly dir: string;
  /** Stop the server and remove its database directory. */
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 (a free port) over a fresh SQLite file in a temporary directory,
 * without rate limits or logging, which would otherwise be part of what is measured.
 */
export async function startBenchServer(
  name: string,
  segmentation: NonNullable<ServerOptions['segmentation']>,
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), `al-bench-${name}-`));
  const server = await startServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      databasePath: join(dir, 'account-lens.db'),
      corsOrigins: [],
      rateLimit: { perSecond: 0, burst: 0 },
      logLevel: 'silent',
    },
    segmentation,
  });
  if (!(server.store instanceof SqliteStore)) throw new Error('the bench server runs on SQLite');
  return {
    server,
    db: server.store.db,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new invite code of the team, valid for an hour (longer than any benchmark runs). */
export function inviteCode(
  db: Parameters<typeof createInvite>[0],
  teamId: string,
  role: Parameters<typeof createInvite>[1]['role'],
): string {
  const code = newInviteCode();
  createInvite(
    db,
    { teamId, hash: sha256(code), role, expiresAt: Date.now() + 3_600_000 },
    Date.now(),
  );
  return code;
}

/** Join a team over HTTP, as the options page does: the device's token and member id. */
export async function joinOverHttp(
  serverUrl: string,
  code: string,
  deviceName: string,
): Promise<JoinResponse> {
  const joined = await fetch(`${serverUrl}/v1/auth/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inviteCode: code, deviceName }),
  });
  return JoinResponse.parse(await joined.json());
}

/**
 * The book a browser bench reads: `accounts` accounts (`Company <i>` at `co<i>.com`) with
 * `perAccount` contacts each (`p<j>@co<i>.com`; the first is the decision maker), put with plain
 * IndexedDB from an extension page in transactions of 10k rows, in the layout Dexie reads (the
 * background's Dexie creates the database first). Returns the milliseconds it took.
 */
export async function seedLocalBook(
  browser: ExtensionBrowser,
  accounts: number,
  perAccount: number,
): Promise<number> {
  return seedBookFrom(await installOptionsPage(browser), accounts, perAccount);
}

/**
 * An extension page of either browser, as the seeding needs it: `evaluate` with one argument
 * (Playwright's Page, or a Firefox page through tests/e2e/firefox/sites.ts's asSeedPage).
 */
export type SeedPage = Pick<Page, 'evaluate'>;

/** seedLocalBook from a given extension page (Firefox's, or any Chromium one). */
export async function seedBookFrom(
  page: SeedPage,
  accounts: number,
  perAccount: number,
): Promise<number> {
  // Let the background's Dexie create the database and its indexes.
  await page.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({
      type: 'lookup',
      hostname: 'warm.example',
    }),
  );
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(...)`.
  await page.evaluate('globalThis.__name = (f) => f');
  const t0 = performance.now();
  await page.evaluate(
    async ({ accounts, perAccount, crockford }) => {
      const ulidOf = (n: number) => {
        let s = '';
        for (let i = 0; i < 16; i++) {
          s = (crockford[n % 32] as string) + s;
          n = Math.floor(n / 32);
        }
        return `01HZ000000${s}`;
      };
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('account-lens');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const now = Date.now();
      const BATCH = 10_000;
      for (let start = 0; start < accounts; start += BATCH) {
        const tx = db.transaction(['accounts', 'contacts'], 'readwrite');
        const a = tx.objectStore('accounts');
        const c = tx.objectStore('contacts');
        for (let i = start; i < Math.min(accounts, start + BATCH); i++) {
          const domain = `co${i}.com`;
          a.put({
            id: ulidOf(i),
            createdAt: now,
            deleted: false,
            name: `Company ${i}`,
            domains: [domain],
            orders: [],
            matchKeys: [domain],
            registrables: [domain],
          });
          for (let j = 0; j < perAccount; j++) {
            c.put({
              id: ulidOf(accounts + i * perAccount + j),
              createdAt: now,
              deleted: false,
              accountId: ulidOf(i),
              name: `Person ${j} of ${i}`,
              emails: [`p${j}@${domain}`],
              phones: [],
              roles: j === 0 ? ['decisionMaker'] : [],
            });
          }
        }
        await new Promise<void>((ok, fail) => {
          tx.oncomplete = () => ok();
          tx.onerror = () => fail(tx.error);
        });
      }
      // Rows put behind Dexie's back are not recorded: ask for the derived tables to be rebuilt,
      // as a cleared table would (extension/db/change-logs.ts).
      const tx = db.transaction(['book_changes', 'search_changes'], 'readwrite');
      tx.objectStore('book_changes').add({ accountIds: ['*'] });
      tx.objectStore('search_changes').add({ accountIds: ['*'] });
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    },
    { accounts, perAccount, crockford: CROCKFORD },
  );
  return performance.now() - t0;
}

/**
 * Wait until the background has built the search index over a freshly seeded book: the one-off
 * build after a first sync keeps a core busy for a while, and a benchmark of steady browsing
 * must not measure it. Returns the seconds waited.
 */
export async function searchIndexBuilt(
  browser: ExtensionBrowser,
  timeoutMs = 600_000,
): Promise<number> {
  return searchIndexBuiltFrom(await installOptionsPage(browser), timeoutMs);
}

/** searchIndexBuilt, asked from a given extension page. */
export async function searchIndexBuiltFrom(page: SeedPage, timeoutMs = 600_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const built = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('account-lens');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const tx = db.transaction(['meta', 'search_changes']);
      const ask = <T>(req: IDBRequest<T>) =>
        new Promise<T>((ok, fail) => {
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
      const [header, pending] = await Promise.all([
        ask(tx.objectStore('meta').get('search.index')),
        ask(tx.objectStore('search_changes').count()),
      ]);
      db.close();
      return header !== undefined && pending === 0;
    });
    if (built) return (performance.now() - t0) / 1000;
    await new Promise((ok) => setTimeout(ok, 1_000));
  }
  throw new Error(`the background did not build the search index in ${timeoutMs / 1000} s`);
}

/** A pull reply's shape, checked without a schema (the benches time pulls). */
export const isPullPage = (
  v: unknown,
): v is { rows: unknown[]; cursor: number; hasMore: boolean } =>
  typeof v === 'object' &&
  v !== null &&
  'rows' in v &&
  Array.isArray(v.rows) &&
  'cursor' in v &&
  typeof v.cursor === 'number' &&
  'hasMore' in v &&
  typeof v.hasMore === 'boolean';

/** What a load-test browser pushes each time: a call note and a new contact of one account. */
export function loadPush(
  b: { readonly clock: HlcClock; readonly memberId: string },
  accountId: string,
): Mutation[] {
  return [
    {
      mutationId: ulid(),
      table: 'notes',
      id: ulid(),
      hlc: b.clock.tick(),
      fields: {
        kind: 'call',
        body: 'Quick call: confirmed the delivery date.',
        authorId: b.memberId,
        at: Date.now(),
        createdAt: Date.now(),
        accountId,
      },
    },
    {
      mutationId: ulid(),
      table: 'contacts',
      id: ulid(),
      hlc: b.clock.tick(),
      fields: { accountId, name: 'New Contact', createdAt: Date.now(), roles: ['user'] },
    },
  ];
}
