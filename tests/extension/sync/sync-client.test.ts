import 'fake-indexeddb/auto';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountLensDB } from '../../../extension/db/database.ts';
import { lookupHostname } from '../../../extension/db/read.ts';
import { createRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import {
  clientIdOf,
  currentAuthorId,
  joinTeam,
  leaveTeam,
  loadAccount,
  loadTeamSettings,
  META,
  pullAll,
  SyncApi,
} from '../../../extension/sync/index.ts';
import { revokeToken, setTeamSettings } from '../../../server/store/identity.ts';
import { DEFAULT_SETTINGS } from '../../../shared/index.ts';
import { Browser, nodeFetch, SyncServer, waitFor } from './helpers.ts';

let server: SyncServer;
let team: ReturnType<SyncServer['team']>;
const open: Browser[] = [];

beforeAll(async () => {
  server = await SyncServer.start();
});
// A team per test: what one test's browsers write is not in the next one's pulls.
beforeEach(() => {
  team = server.team();
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

async function writer(db: AccountLensDB): Promise<WriteContext> {
  return { db, clientId: await clientIdOf(db) };
}

const join = (b: Browser, deviceName = 'laptop') =>
  joinTeam(b.db, nodeFetch, { serverUrl: `${server.url}/`, inviteCode: team.invite(), deviceName });

async function note(db: AccountLensDB, accountId: string, body: string) {
  return createRow(await writer(db), 'notes', {
    kind: 'note',
    body,
    accountId,
    authorId: await currentAuthorId(db),
    at: Date.now(),
  });
}

describe('joining a team', () => {
  it('shows the team name and keeps the token in the database, not in the worker’s memory', async () => {
    const b = browser();
    expect((await b.client.status()).state).toBe('notJoined');
    const joined = await join(b);
    expect(joined.team.teamName).toBe('Acme sales');
    const stored = await loadAccount(b.db);
    expect(stored?.serverUrl).toBe(server.url);
    expect(stored?.memberId).toBe(joined.account.memberId);
    // A new worker over the same database knows it has joined, and syncs.
    const restarted = b.restartWorker();
    open.push(restarted);
    await restarted.client.sync();
    expect(await restarted.client.status()).toMatchObject({
      state: 'synced',
      teamName: 'Acme sales',
    });
  });

  it('picks up the tier cutoffs an admin changed, without joining again', async () => {
    let clock = Date.now();
    const b = browser({ now: () => clock });
    await join(b);
    await b.client.sync();
    const before = await loadTeamSettings(b.db);
    const shares = { ...DEFAULT_SETTINGS.tierShares, keyStrategic: 0.05, key: 0.15 };
    expect(before?.tierShares.keyStrategic).not.toBe(0.05);
    setTeamSettings(server.db, team.teamId, { ...DEFAULT_SETTINGS, tierShares: shares });
    await b.client.sync();
    // Read at most every five minutes when nothing else says they changed.
    expect((await loadTeamSettings(b.db))?.tierShares.keyStrategic).toBe(
      before?.tierShares.keyStrategic,
    );
    clock += 5 * 60_000 + 1;
    await b.client.sync();
    expect((await loadTeamSettings(b.db))?.tierShares.keyStrategic).toBe(0.05);
  });

  it('refuses a wrong invite code with the server’s reason, storing nothing', async () => {
    const b = browser();
    await expect(
      joinTeam(b.db, nodeFetch, {
        serverUrl: server.url,
        inviteCode: 'not-a-real-code',
        deviceName: 'x',
      }),
    ).rejects.toMatchObject({ name: 'RequestRejectedError', field: 'inviteCode' });
    expect(await loadAccount(b.db)).toBeUndefined();
  });

  it('keeps notes written before joining and pushes them as the member’s own', async () => {
    const b = browser();
    const account = await createRow(await writer(b.db), 'accounts', {
      name: 'Before Co',
      domains: ['before.example'],
    });
    const placeholder = await currentAuthorId(b.db);
    const n = await note(b.db, account.id, 'met them at the fair');
    expect(n.authorId).toBe(placeholder);
    const { account: joined } = await join(b);
    expect(await currentAuthorId(b.db)).toBe(joined.memberId);
    expect((await b.db.notes.get(n.id))?.authorId).toBe(joined.memberId);
    await b.client.sync();
    expect(await b.db.outbox.count()).toBe(0);
    // A teammate's browser receives it, authored by the member.
    const mate = browser();
    await join(mate);
    await mate.client.sync();
    expect((await mate.db.notes.get(n.id))?.authorId).toBe(joined.memberId);
    expect((await mate.db.notes.get(n.id))?.body).toBe('met them at the fair');
  });

  it('leaving forgets the token, and on request the local data', async () => {
    const b = browser();
    await join(b);
    await createRow(await writer(b.db), 'accounts', { name: 'Leaving Co' });
    await b.client.sync();
    await leaveTeam(b.db, { clearData: false });
    expect((await b.client.status()).state).toBe('notJoined');
    expect(await b.db.accounts.count()).toBe(1);
    await leaveTeam(b.db, { clearData: true });
    expect(await b.db.accounts.count()).toBe(0);
    expect(await b.db.meta.get(META.cursor)).toBeUndefined();
  });
});

describe('syncing between browsers', () => {
  it('a note written in one browser reaches a teammate’s browser', async () => {
    const alice = browser();
    const bob = browser();
    await join(alice);
    await join(bob);
    const acct = await createRow(await writer(alice.db), 'accounts', {
      name: 'Acme Robotics',
      domains: ['acme-robotics.com'],
    });
    const n = await note(alice.db, acct.id, 'call back Tuesday');
    await alice.client.sync();
    await bob.client.sync();
    expect((await bob.db.notes.get(n.id))?.body).toBe('call back Tuesday');
    expect((await lookupHostname(bob.db, 'www.acme-robotics.com'))?.accountId).toBe(acct.id);
  });

  it('two browsers editing the same account converge to the same row', async () => {
    const alice = browser();
    const bob = browser();
    await join(alice);
    await join(bob);
    const acct = await createRow(await writer(alice.db), 'accounts', { name: 'Converge Ltd' });
    await alice.client.sync();
    await bob.client.sync();
    await writeRow(await writer(alice.db), 'accounts', acct.id, {
      industry: 'Logistics',
      phone: '+1 555 0100',
    });
    await writeRow(await writer(bob.db), 'accounts', acct.id, {
      industry: 'Shipping',
      address: '1 Harbour Rd',
    });
    await Promise.all([alice.client.sync(), bob.client.sync()]);
    await alice.client.sync();
    await bob.client.sync();
    const a = await alice.db.accounts.get(acct.id);
    const b = await bob.db.accounts.get(acct.id);
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      phone: '+1 555 0100',
      address: '1 Harbour Rd',
      industry: 'Shipping',
    });
  });

  it('a row created with only some fields arrives whole: lists the schema defaults are there', async () => {
    const alice = browser();
    const bob = browser();
    await join(alice);
    await join(bob);
    const acct = await createRow(await writer(alice.db), 'accounts', { name: 'Sparse Ltd' });
    const person = await createRow(await writer(alice.db), 'contacts', {
      accountId: acct.id,
      name: 'Mia Sparse',
    });
    await alice.client.sync();
    await bob.client.sync();
    // The side panel iterates these lists: a pulled row without them used to crash it.
    expect(await bob.db.accounts.get(acct.id)).toMatchObject({ domains: [], orders: [] });
    expect(await bob.db.contacts.get(person.id)).toMatchObject({
      emails: [],
      phones: [],
      roles: [],
    });
  });

  it('a pull never undoes a local edit the server has not acknowledged yet', async () => {
    const alice = browser();
    const bob = browser();
    const { account } = await join(alice);
    await join(bob);
    const acct = await createRow(await writer(alice.db), 'accounts', { name: 'Pending Inc' });
    await alice.client.sync();
    await bob.client.sync();
    await writeRow(await writer(bob.db), 'accounts', acct.id, {
      name: 'Pending Incorporated',
      industry: 'Chemicals',
    });
    await bob.client.sync();
    // Alice edits the name, then pulls before her edit is pushed.
    await writeRow(await writer(alice.db), 'accounts', acct.id, { name: 'Pending Inc (EMEA)' });
    await pullAll(alice.db, new SyncApi(server.url, nodeFetch, account.token));
    expect(await alice.db.accounts.get(acct.id)).toMatchObject({
      name: 'Pending Inc (EMEA)',
      industry: 'Chemicals',
    });
    expect(await alice.db.outbox.count()).toBe(1);
    await alice.client.sync();
    await bob.client.sync();
    expect((await bob.db.accounts.get(acct.id))?.name).toBe('Pending Inc (EMEA)');
  });

  it('a teammate’s change arrives within a second, woken by the event stream', async () => {
    const alice = browser();
    const bob = browser();
    await join(alice);
    await join(bob);
    bob.client.start();
    await waitFor(async () => (await bob.client.status()).state === 'synced', 5_000, 'bob synced');
    await waitFor(() => bob.requests.some((r) => r.endsWith('/v1/events')), 5_000, 'stream open');
    const acct = await createRow(await writer(alice.db), 'accounts', { name: 'Streamed SA' });
    await alice.client.sync();
    const pushedAt = Date.now();
    await waitFor(() => bob.db.accounts.get(acct.id), 1_000, 'the account at bob');
    expect(Date.now() - pushedAt).toBeLessThan(1_000);
  });

  it('a write anywhere is pushed promptly once the client is running', async () => {
    const alice = browser();
    await join(alice);
    alice.client.start();
    await waitFor(async () => (await alice.client.status()).state === 'synced');
    await createRow(await writer(alice.db), 'accounts', { name: 'Prompt GmbH' });
    alice.client.schedulePush();
    await waitFor(async () => (await alice.db.outbox.count()) === 0, 2_000, 'outbox drained');
  });
});

describe('offline', () => {
  it('writes made while the server is down are pushed when it comes back', async () => {
    const alice = browser();
    await join(alice);
    await alice.client.sync();
    await server.stop();
    try {
      await createRow(await writer(alice.db), 'accounts', { name: 'Offline Oy' });
      await alice.client.sync();
      expect((await alice.client.status()).state).toBe('offline');
      expect(await alice.db.outbox.count()).toBe(1);
    } finally {
      await server.resume();
    }
    // The retry timer (backoff) brings it through without anyone asking.
    alice.client.start();
    await waitFor(async () => (await alice.db.outbox.count()) === 0, 5_000, 'outbox drained');
    const bob = browser();
    await join(bob);
    await bob.client.sync();
    expect((await bob.db.accounts.toArray()).map((a) => a.name)).toContain('Offline Oy');
    expect((await alice.client.status()).state).toBe('synced');
  });

  it('while the server is unreachable, retries come at most 15 s apart and writes do not delay them', async () => {
    // Timers that record what the client schedules; the test fires the retries itself.
    const scheduled: { fn: () => void; ms: number; cleared: boolean }[] = [];
    const timers = {
      setTimeout: (fn: () => void, ms: number) => {
        const t = { fn, ms, cleared: false };
        scheduled.push(t);
        return t;
      },
      clearTimeout: (t: unknown) => {
        for (const s of scheduled) if (s === t) s.cleared = true;
      },
    };
    const alice = browser({ timers, backoffMs: 1_000, maxBackoffMs: 60_000 });
    await join(alice);
    await alice.client.sync();
    // Retries and stream reconnects; the short push/preview delays are not waits for the server.
    const from = scheduled.length;
    const waits = () => scheduled.slice(from).filter((t) => t.ms >= 500);
    await server.stop();
    try {
      await alice.client.sync();
      expect((await alice.client.status()).state).toBe('offline');
      const afterFailure = waits().length;
      expect(afterFailure).toBeGreaterThan(0);
      // A rep keeps writing while the server is down: each write tries at once and fails, but
      // what is already scheduled stays as it is instead of moving further out.
      for (let i = 0; i < 5; i++) {
        await createRow(await writer(alice.db), 'accounts', { name: `Offline ${i}` });
        await alice.client.sync();
      }
      expect(waits()).toHaveLength(afterFailure);
      expect(Math.max(...waits().map((t) => t.ms))).toBeLessThanOrEqual(1_200);
      // Failed retries back off, but never beyond 15 s (+20% jitter) for an unreachable server.
      for (let round = 0; round < 10; round++) {
        const due = waits().filter((t) => !t.cleared);
        if (due.length === 0) throw new Error('nothing scheduled: the client gave up');
        const before = waits().length;
        for (const t of due) {
          t.cleared = true;
          t.fn();
        }
        await waitFor(() => waits().length > before, 5_000, `round ${round} rescheduled`);
      }
      const longest = Math.max(...waits().map((t) => t.ms));
      expect(longest).toBeLessThanOrEqual(18_000);
      expect(longest).toBeGreaterThanOrEqual(12_000);
    } finally {
      await server.resume();
    }
  });

  it('a revoked device stops with “signed out” and does not retry', async () => {
    const alice = browser();
    await join(alice);
    await alice.client.sync();
    const tokens = server.db
      .prepare('SELECT id FROM tokens ORDER BY rowid DESC LIMIT 1')
      .pluck()
      .get();
    expect(revokeToken(server.db, String(tokens), Date.now())).toBe(true);
    await alice.client.sync();
    expect(await alice.client.status()).toMatchObject({ state: 'error', message: 'signed out' });
    const before = alice.requests.length;
    await alice.client.sync();
    expect(alice.requests.length).toBe(before);
  });

  it('a write the server refuses does not hold back the others', async () => {
    const alice = browser();
    await join(alice);
    const ctx = await writer(alice.db);
    const acct = await createRow(ctx, 'accounts', { name: 'Refused AB' });
    // A note claiming someone else wrote it: the server refuses it (403).
    await createRow(ctx, 'notes', {
      kind: 'note',
      body: 'forged',
      accountId: acct.id,
      authorId: ulid(),
      at: Date.now(),
    });
    const good = await note(alice.db, acct.id, 'genuine');
    await alice.client.sync();
    expect(await alice.db.outbox.count()).toBe(0);
    const status = await alice.client.status();
    expect(status.state).toBe('synced');
    expect(status.message).toContain('authorId');
    const bob = browser();
    await join(bob);
    await bob.client.sync();
    expect((await bob.db.notes.get(good.id))?.body).toBe('genuine');
    expect(await bob.db.notes.count()).toBe(1);
  });
});
