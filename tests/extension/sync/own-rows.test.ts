import 'fake-indexeddb/auto';
import type { DBCore, Middleware } from 'dexie';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { createRow, writeRow } from '../../../extension/db/write.ts';
import { applyPage } from '../../../extension/sync/apply.ts';
import { clientIdOf, joinTeam, SyncApi } from '../../../extension/sync/index.ts';
import { HlcClock, type PulledRow } from '../../../shared/index.ts';
import { Browser, nodeFetch, SyncServer, waitFor } from './helpers.ts';

let server: SyncServer;
let team: ReturnType<SyncServer['team']>;
const open: Browser[] = [];
let n = 0;

beforeAll(async () => {
  server = await SyncServer.start();
});
beforeEach(() => {
  team = server.team();
});
afterAll(() => server.close());
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});

/** What the database was asked to do: rows written per table, records read from the outbox. */
interface Tally {
  written: Map<string, number>;
  outboxRead: number;
}

/** A database that counts the rows written to each table and the outbox records read. */
function countingDb(): { db: AccountLensDB; tally: Tally } {
  const db = new AccountLensDB(`own-rows-${process.pid}-${n++}`);
  const tally: Tally = { written: new Map(), outboxRead: 0 };
  const counter: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'tally',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            const count =
              'values' in req ? req.values.length : req.type === 'delete' ? req.keys.length : 1;
            tally.written.set(name, (tally.written.get(name) ?? 0) + count);
            return table.mutate(req);
          },
          query: async (req) => {
            const res = await table.query(req);
            if (name === 'outbox') tally.outboxRead += res.result.length;
            return res;
          },
          openCursor: async (req) => {
            const cursor = await table.openCursor(req);
            if (name !== 'outbox' || cursor === null) return cursor;
            // Each record the cursor stops at is one read.
            return new Proxy(cursor, {
              get(target, prop) {
                if (prop === 'start')
                  return (onNext: () => void) =>
                    target.start(() => {
                      tally.outboxRead++;
                      onNext();
                    });
                const value: unknown = Reflect.get(target, prop, target);
                return typeof value === 'function' ? value.bind(target) : value;
              },
            });
          },
        };
      },
    }),
  };
  db.use(counter);
  return { db, tally };
}

function browser(db?: AccountLensDB): Browser {
  const b = new Browser(db ? { db } : {});
  open.push(b);
  return b;
}

const join = (b: Browser) =>
  joinTeam(b.db, nodeFetch, {
    serverUrl: `${server.url}/`,
    inviteCode: team.invite(),
    deviceName: 'laptop',
  });

describe('pulling back what this browser pushed', () => {
  it("a client's own pushed rows pulled back are not rewritten; a teammate's edit of one is", async () => {
    const { db, tally } = countingDb();
    const alice = browser(db);
    const bob = browser();
    const { account } = await join(alice);
    await join(bob);
    // The first sync is done: from now on her pulls are incremental.
    await alice.client.sync();
    const ctx = { db, clientId: await clientIdOf(db) };
    const acme = await createRow(ctx, 'accounts', { name: 'Acme Robotics', domains: ['acme.com'] });
    await createRow(ctx, 'accounts', { name: 'Brandt & Sons' });
    const ann = await createRow(ctx, 'contacts', { accountId: acme.id, name: 'Ann Lee' });
    await writeRow(ctx, 'contacts', ann.id, { title: 'Buyer' });
    const before = { accounts: await db.accounts.toArray(), contacts: await db.contacts.toArray() };

    tally.written.clear();
    await alice.client.sync();
    // The server sends them back named as hers...
    const page = await new SyncApi(server.url, nodeFetch, account.token).pull({
      cursor: 0,
      limit: 100,
    });
    const mine = page.rows.filter((r) => r.table === 'accounts' || r.table === 'contacts');
    expect(mine).toHaveLength(3);
    for (const r of mine) expect(r.by).toBe(ctx.clientId);
    // ...and her pull leaves her rows as they are: not one of them is written again.
    expect(tally.written.get('accounts') ?? 0).toBe(0);
    expect(tally.written.get('contacts') ?? 0).toBe(0);
    expect(await db.accounts.toArray()).toEqual(before.accounts);
    expect(await db.contacts.toArray()).toEqual(before.contacts);
    expect(await db.outbox.count()).toBe(0);

    // A teammate's edit makes the row no longer hers alone: it is applied, merged by field.
    await bob.client.sync();
    await writeRow({ db: bob.db, clientId: await clientIdOf(bob.db) }, 'accounts', acme.id, {
      industry: 'Robotics',
    });
    await bob.client.sync();
    await writeRow(ctx, 'accounts', acme.id, { phone: '+1 555 0100' });
    tally.written.clear();
    await alice.client.sync();
    expect(tally.written.get('accounts')).toBeGreaterThan(0);
    const merged = await db.accounts.get(acme.id);
    expect(merged).toMatchObject({ industry: 'Robotics', phone: '+1 555 0100' });
    await bob.client.sync();
    expect(await bob.db.accounts.get(acme.id)).toEqual(merged);
  });

  it("a first sync stores the rows a browser wrote itself, as any other's", async () => {
    const alice = browser();
    const { account } = await join(alice);
    const ctx = { db: alice.db, clientId: await clientIdOf(alice.db) };
    const acme = await createRow(ctx, 'accounts', { name: 'Acme Robotics' });
    await alice.client.sync();
    // The same browser's rows, pulled from scratch into an empty store (a restored server).
    const { db } = countingDb();
    const page = await new SyncApi(server.url, nodeFetch, account.token).pull({
      cursor: 0,
      limit: 100,
    });
    expect(page.rows.find((r) => r.id === acme.id)?.by).toBe(ctx.clientId);
    await applyPage(db, page.rows, []);
    expect((await db.accounts.get(acme.id))?.name).toBe('Acme Robotics');
    db.close();
    await db.delete();
  });
});

describe('pending edits during a pull', () => {
  it("a pulled page reads only its own rows' pending edits", async () => {
    const { db, tally } = countingDb();
    await db.open();
    const clock = new HlcClock('me');
    // An import's worth of unpushed writes to other rows...
    const others = Array.from({ length: 2_000 }, () => ({
      mutationId: ulid(),
      table: 'contacts' as const,
      rowId: ulid(),
      hlc: clock.tick(),
      fields: { name: 'Someone' },
      createdAt: 0,
    }));
    await db.outbox.bulkAdd(others);
    // ...and two to a row the page brings, the later one last.
    const id = ulid();
    const accountId = ulid();
    await db.outbox.bulkAdd([
      {
        mutationId: ulid(),
        table: 'contacts',
        rowId: id,
        hlc: clock.tick(),
        fields: { title: 'Buyer' },
        createdAt: 0,
      },
      {
        mutationId: ulid(),
        table: 'contacts',
        rowId: id,
        hlc: clock.tick(),
        fields: { title: 'Head of Procurement' },
        createdAt: 0,
      },
    ]);
    const rows: PulledRow[] = [
      {
        table: 'contacts',
        id,
        seq: 1,
        fields: { name: 'Ann Lee', accountId, title: 'CEO', createdAt: 0 },
        deleted: false,
      },
      {
        table: 'contacts',
        id: ulid(),
        seq: 2,
        fields: { name: 'Bo Chen', accountId, createdAt: 0 },
        deleted: false,
      },
    ];
    tally.outboxRead = 0;
    await applyPage(db, rows, []);
    // The pending title, the later of the two, is laid over the pulled one...
    expect(await db.contacts.get(id)).toMatchObject({
      name: 'Ann Lee',
      title: 'Head of Procurement',
    });
    expect((await db.contacts.get(rows[1]?.id ?? ''))?.name).toBe('Bo Chen');
    // ...read with its row's entries, not the 2,000 others'.
    expect(tally.outboxRead).toBeGreaterThanOrEqual(2);
    expect(tally.outboxRead).toBeLessThan(300);
    db.close();
    await db.delete();
  });
});

describe('the local insight preview while syncs follow one another', () => {
  it('waits for the runs to pause (an import keeps them coming), then comes once', async () => {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers = {
      setTimeout: (fn: () => void) => {
        pending.set(++next, fn);
        return next;
      },
      clearTimeout: (h: unknown) => {
        pending.delete(h as number);
      },
    };
    const b = new Browser({ timers, previewDelayMs: 1_000 });
    open.push(b);
    const ctx = { db: b.db, clientId: await clientIdOf(b.db) };
    await createRow(ctx, 'accounts', { name: 'Big', revenue12m: 1_000_000 });
    // Not joined: each run ends by scheduling the preview...
    await b.client.sync();
    expect(pending.size).toBe(1);
    // ...and the next run holds it back while it runs, to schedule it again when it ends.
    for (let i = 0; i < 3; i++) {
      const run = b.client.sync();
      expect(pending.size).toBe(0);
      await run;
      expect(pending.size).toBe(1);
    }
    expect(await b.db.account_insights.count()).toBe(0);
    for (const fn of pending.values()) fn();
    await waitFor(async () => (await b.db.account_insights.count()) === 1, 5_000, 'preview');
  });
});
