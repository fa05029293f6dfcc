import 'fake-indexeddb/auto';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lookupHostname } from '../../../extension/db/read.ts';
import { createRow } from '../../../extension/db/write.ts';
import {
  clientIdOf,
  joinTeam,
  META,
  OfflineError,
  type Progress,
  pullAll,
  SyncApi,
} from '../../../extension/sync/index.ts';
import { account, Client, join as joinHttp, note } from '../../server/helpers.ts';
import { Browser, nodeFetch, SyncServer, waitFor } from './helpers.ts';

let server: SyncServer;
const open: Browser[] = [];
beforeAll(async () => {
  server = await SyncServer.start();
});
afterAll(() => server.close());
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});

function browser(options: ConstructorParameters<typeof Browser>[0] = {}): Browser {
  const b = new Browser(options);
  open.push(b);
  return b;
}

/** A team whose server already holds `n` accounts, each with a contact and a note, interleaved. */
async function seededTeam(n: number) {
  const team = server.team(`Seeded ${n}`);
  const seeder = new Client(server.url, await joinHttp(server.url, team.invite(), 'seeder'));
  const ids: string[] = [];
  for (let start = 0; start < n; start += 500) {
    const mutations = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const id = ulid();
      ids.push(id);
      mutations.push(
        seeder.mutation(
          'accounts',
          id,
          account(`Account ${i}`, { domains: [`account${i}.example.com`] }),
        ),
        seeder.mutation('contacts', ulid(), {
          accountId: id,
          name: `Contact ${i}`,
          createdAt: Date.now(),
          deleted: false,
        }),
        seeder.mutation(
          'notes',
          ulid(),
          note(seeder.member.memberId, `note ${i}`, { accountId: id }),
        ),
      );
    }
    await seeder.push(mutations);
  }
  return { ...team, ids, seeder };
}

/** Records, in the order they were received, the tables of the rows of every pulled page. */
function recordingFetch(log: string[][]) {
  return async (input: string, init?: RequestInit) => {
    const res = await fetch(input, init);
    // limit=1 is the request that only counts the rest for the progress bar: nothing is applied.
    if (!input.includes('/v1/sync/pull') || input.includes('limit=1&') || !res.ok) return res;
    const text = await res.text();
    const body = JSON.parse(text) as { rows: { table: string }[] };
    log.push(body.rows.map((r) => r.table));
    return new Response(text, { status: res.status, headers: res.headers });
  };
}

describe('the first sync', () => {
  it('brings every account before any contact or note, with a progress total, and ends at the team’s latest seq', async () => {
    const team = await seededTeam(1_200);
    const pages: string[][] = [];
    const b = browser({ fetch: recordingFetch(pages) });
    const progress: Progress[] = [];
    const { account: joined } = await joinTeam(b.db, nodeFetch, {
      serverUrl: server.url,
      inviteCode: team.invite(),
      deviceName: 'new laptop',
    });
    await pullAll(b.db, new SyncApi(server.url, recordingFetch(pages), joined.token), (p) => {
      if (p) progress.push(p);
    });

    const order = pages.flat();
    const lastAccount = order.lastIndexOf('accounts');
    const firstOther = order.findIndex((t) => t === 'contacts' || t === 'notes');
    expect(lastAccount).toBeGreaterThanOrEqual(0);
    expect(firstOther).toBeGreaterThan(lastAccount);
    expect(await b.db.accounts.count()).toBe(1_200);
    expect(await b.db.contacts.count()).toBe(1_200);
    expect(await b.db.notes.count()).toBe(1_200);
    expect(progress.length).toBeGreaterThan(0);
    // The bar knows its length while rows are still arriving.
    expect(progress.some((p) => p.total === 3_600 && p.received < 3_600)).toBe(true);
    expect(progress.every((p) => p.received <= p.total || p.total === 0)).toBe(true);
    // Nothing pulled twice afterwards: the general cursor is the team's seq, not the last account's.
    const latest = (await team.seeder.pullPage(0, 5_000)).cursor;
    expect((await b.db.meta.get(META.cursor))?.value).toBe(latest);
    expect(await b.db.meta.get(META.initial)).toBeUndefined();
  });

  it('lets the badge work for the first accounts while the rest is still arriving', async () => {
    const team = await seededTeam(1_200);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // Hold every page after the first: the first accounts must already be looked up.
    let pulls = 0;
    const b = browser({
      fetch: async (input, init) => {
        if (input.includes('/v1/sync/pull') && input.includes('limit=5000') && pulls++ >= 0)
          await gate;
        return fetch(input, init);
      },
    });
    await joinTeam(b.db, nodeFetch, {
      serverUrl: server.url,
      inviteCode: team.invite(),
      deviceName: 'x',
    });
    const syncing = b.client.sync();
    // Every seeded domain is under example.com, so until account0 itself has arrived the lookup
    // may fall back to another account under the same registrable domain: wait for the exact one.
    const found = await waitFor(
      async () => {
        const match = await lookupHostname(b.db, 'www.account0.example.com');
        return match?.accountId === team.ids[0] ? match : undefined;
      },
      5_000,
      'first badge',
    );
    expect(found.domain).toBe('account0.example.com');
    expect(await b.db.contacts.count()).toBe(0);
    release();
    await syncing;
    expect(await b.db.contacts.count()).toBe(1_200);
  });

  it('resumes where it stopped when the worker is stopped midway, without starting over', async () => {
    const team = await seededTeam(1_200);
    let pulls = 0;
    const flaky = browser({
      fetch: async (input, init) => {
        // The first page, the two counts, the last accounts page; then the connection drops.
        if (input.includes('/v1/sync/pull') && ++pulls > 4) throw new TypeError('fetch failed');
        return fetch(input, init);
      },
    });
    await joinTeam(flaky.db, nodeFetch, {
      serverUrl: server.url,
      inviteCode: team.invite(),
      deviceName: 'x',
    });
    await flaky.client.sync();
    expect((await flaky.client.status()).state).toBe('offline');
    await flaky.client.stop();
    const stored = await flaky.db.meta.get(META.initial);
    expect(stored?.value).toMatchObject({ phase: 2 });
    const accountsBefore = await flaky.db.accounts.count();
    expect(accountsBefore).toBe(1_200);

    const woken = flaky.restartWorker();
    open.push(woken);
    await woken.client.sync();
    expect((await woken.client.status()).state).toBe('synced');
    // No pull of accounts again from 0.
    expect(woken.requests.filter((r) => r.includes('tables=accounts')).length).toBe(0);
    expect(await woken.db.notes.count()).toBe(1_200);
  });
});

describe('the local insight preview', () => {
  it('gives accounts a tier before the server has computed one, and yields to the server’s', async () => {
    const b = browser();
    const ctx = { db: b.db, clientId: await clientIdOf(b.db) };
    const big = await createRow(ctx, 'accounts', { name: 'Big', revenue12m: 1_000_000 });
    await createRow(ctx, 'accounts', { name: 'Small', revenue12m: 10 });
    // Not joined: the client computes the preview after the run.
    await b.client.sync();
    await waitFor(async () => (await b.db.account_insights.count()) === 2, 5_000, 'preview');
    const preview = await b.db.account_insights.get(big.id);
    expect(preview?.local).toBe(true);

    const team = server.team('Insights');
    await joinTeam(b.db, nodeFetch, {
      serverUrl: server.url,
      inviteCode: team.invite(),
      deviceName: 'x',
    });
    await b.client.sync();
    await server.server.segmentation.recompute(team.teamId);
    await waitFor(
      async () => {
        await b.client.sync();
        const row = await b.db.account_insights.get(big.id);
        return row !== undefined && row.local !== true;
      },
      10_000,
      'server insights',
    );
    expect((await b.db.account_insights.toArray()).every((i) => i.local !== true)).toBe(true);
    // Never pushed: the table is the server's.
    expect(await b.db.outbox.count()).toBe(0);
  });
});

it('reports an unreachable server as offline, with a typed error', async () => {
  const b = browser();
  await expect(
    joinTeam(b.db, nodeFetch, {
      serverUrl: 'http://127.0.0.1:9',
      inviteCode: 'whatever-code',
      deviceName: 'x',
    }),
  ).rejects.toBeInstanceOf(OfflineError);
});
