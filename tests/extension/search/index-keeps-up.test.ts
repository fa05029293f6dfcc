import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { LOCAL_FIELDS, stripLocal } from '../../../extension/db/derive.ts';
import { createRow, deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import {
  AccountSearch,
  BASE_KEY,
  normalise,
  pageSearch,
  type SearchHit,
} from '../../../extension/search/index.ts';
import { applyPage } from '../../../extension/sync/apply.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let n = 0;
const dbName = () => `search-keeps-up-${process.pid}-${n++}`;

beforeEach(async () => {
  db = new AccountLensDB(dbName());
  await db.open();
  ctx = { db, clientId: 'test-client' };
});

afterEach(async () => {
  db.close();
  await db.delete();
});

const account = (name: string, domains: string[] = []) =>
  createRow(ctx, 'accounts', { name, domains });
const contact = (accountId: string, name: string, emails: string[] = []) =>
  createRow(ctx, 'contacts', { accountId, name, emails });
const names = (hits: SearchHit[]) =>
  hits.map((h) => (h.kind === 'account' ? h.account.name : h.contact.name));
/** A search as a new page (popup, Book page) makes it: persisting even a tiny index. */
const newPage = (options: ConstructorParameters<typeof AccountSearch>[1] = {}) =>
  new AccountSearch(db, { persistMinEntries: 0, ...options });

describe('the search index keeps up with changes', () => {
  it('a contact added after the index was built is found by a substring of its name without a rebuild', async () => {
    const huawei = await account('华为技术有限公司', ['huawei.com']);
    await contact(huawei.id, '李雷');
    const search = newPage();
    expect(await search.search('雷')).toHaveLength(1);
    expect(search.stats?.builds).toBe(1);

    await contact(huawei.id, '王小明', ['xm.wang@huawei.com']);
    expect(names(await search.search('小明'))).toEqual(['王小明']);
    expect(names(await search.search('wang@hua'))).toEqual(['王小明']);
    expect(search.stats?.builds).toBe(1);
  });

  it('a renamed account is no longer found by its old name, and is found by its new one', async () => {
    const a = await account('Umbrella Corporation');
    const search = newPage();
    expect(names(await search.search('brella'))).toEqual(['Umbrella Corporation']);
    await writeRow(ctx, 'accounts', a.id, { name: 'Parasol Corp', domains: ['parasol.example'] });
    expect(await search.search('brella')).toEqual([]);
    expect(names(await search.search('rasol'))).toEqual(['Parasol Corp']);
    expect(names(await search.search('sol.exam'))).toEqual(['Parasol Corp']);
    expect(search.stats?.builds).toBe(1);
  });

  it('a deleted contact is never returned, whether deleted before or after the index was built', async () => {
    const acme = await account('Acme');
    const early = await contact(acme.id, 'Peter Gibbons', ['peter@initech.com']);
    const late = await contact(acme.id, 'Samir Gibbonsson', ['samir@initech.com']);
    await deleteRow(ctx, 'contacts', early.id);
    const search = newPage();
    expect(names(await search.search('ibbons'))).toEqual(['Samir Gibbonsson']);
    await deleteRow(ctx, 'contacts', late.id);
    expect(await search.search('ibbons')).toEqual([]);
    expect(await search.search('initech')).toEqual([]);
    // A new page, from the persisted index: still gone.
    expect(await newPage().search('ibbons')).toEqual([]);
  });

  it('a new page finds substring matches from the persisted index without scanning the book', async () => {
    const acme = await account('Acme Robotics', ['acme-robotics.com']);
    await contact(acme.id, 'Jane Doe', ['jane.doe@acme-robotics.com']);
    const first = newPage();
    await first.warm(); // nothing persisted yet: warming does not scan either
    expect(first.stats).toBeUndefined();
    expect(names(await first.search('me rob'))).toEqual(['Acme Robotics']);
    expect(first.stats).toMatchObject({ source: 'built', builds: 1 });
    expect(await db.search_index.get(BASE_KEY)).toBeDefined();

    // Changed after the index was persisted: read as the delta by the next page.
    await contact(acme.id, '王小明', ['xm.wang@acme-robotics.com']);

    const second = newPage();
    const scans = vi.spyOn(db.accounts, 'toCollection');
    await second.warm();
    expect(second.stats).toMatchObject({ source: 'persisted', builds: 0 });
    expect(names(await second.search('me rob'))).toEqual(['Acme Robotics']);
    expect(names(await second.search('.doe@'))).toEqual(['Jane Doe']);
    expect(names(await second.search('小明'))).toEqual(['王小明']);
    expect(second.stats).toMatchObject({ source: 'persisted', builds: 0 });
    expect(scans).not.toHaveBeenCalled();
    scans.mockRestore();
  });

  it('rows pulled from the server after the index was built are found by substring', async () => {
    const search = newPage();
    await account('Globex');
    expect(names(await search.search('lobe'))).toEqual(['Globex']);
    const id = ulid();
    await applyPage(
      db,
      [
        {
          table: 'accounts',
          id,
          seq: 1,
          deleted: false,
          fields: { name: 'Initech', domains: ['initech.com'], createdAt: 1 },
        },
        {
          table: 'contacts',
          id: ulid(),
          seq: 2,
          deleted: false,
          fields: {
            accountId: id,
            name: 'Bill Lumbergh',
            emails: ['bill@initech.com'],
            createdAt: 1,
          },
        },
      ],
      [],
    );
    expect(names(await search.search('nitec'))).toEqual(['Initech', 'Bill Lumbergh']);
    expect(names(await search.search('umber'))).toEqual(['Bill Lumbergh']);
    expect(search.stats?.builds).toBe(1);
  });

  it('a change made in another page (another connection to the database) is found by substring', async () => {
    const search = newPage();
    await account('Hooli');
    expect(names(await search.search('ooli'))).toEqual(['Hooli']);
    const other = new AccountLensDB(db.name);
    await createRow({ db: other, clientId: 'test-client' }, 'accounts', { name: 'Pied Piper' });
    other.close();
    expect(names(await search.search('ed pip'))).toEqual(['Pied Piper']);
  });

  it('when many rows changed, the index is rebuilt in the background and persisted again', async () => {
    await account('Seed Row');
    const search = newPage({ deltaChunk: 5 });
    expect(names(await search.search('eed r'))).toEqual(['Seed Row']);
    const before = (await db.search_index.get(BASE_KEY))?.value as { rows: number };
    for (let i = 0; i < 12; i++) await account(`Bulk ${i}`);
    // Answered at once (the delta holds what has been read), rebuilt meanwhile.
    expect((await search.search('ulk 1', { limit: 50 })).length).toBeGreaterThan(0);
    await search.settled();
    expect(search.stats).toMatchObject({ builds: 2, delta: 0 });
    const after = (await db.search_index.get(BASE_KEY))?.value as { rows: number };
    expect(after.rows).toBeGreaterThan(before.rows);
    expect(names(await search.search('ulk 1', { limit: 50 })).sort()).toEqual([
      'Bulk 1',
      'Bulk 10',
      'Bulk 11',
    ]);
  });

  it('a page keeps finding matches after other pages rebuilt the index, and old builds are deleted', async () => {
    const acme = await account('Acme Robotics', ['acme-robotics.com']);
    await contact(acme.id, '王小明', ['xm.wang@acme-robotics.com']);
    const early = newPage();
    expect(names(await early.search('小明'))).toEqual(['王小明']);
    const builds = async () => {
      const keys = (await db.search_index.toCollection().primaryKeys()) as string[];
      return new Set(keys.filter((k) => k !== BASE_KEY).map((k) => k.split(':')[0]));
    };
    const other = newPage();
    await other.rebuildIndex();
    await other.rebuildIndex();
    await other.rebuildIndex();
    // The current build and the one before are kept, older ones deleted.
    expect((await builds()).size).toBe(2);
    // The first page's build is gone: it reads the current one instead.
    expect(names(await early.search('小明'))).toEqual(['王小明']);
    expect(names(await early.search('me robot'))).toEqual(['Acme Robotics']);
    expect(early.stats?.builds).toBe(1);
  });

  it('a book stored before the upgrade (no change stamps) is found by substring after it', async () => {
    const name = dbName();
    const v1 = new Dexie(name);
    v1.version(1).stores({
      accounts: 'id, *matchKeys, *registrables, name',
      contacts: 'id, accountId, *emails, name',
    });
    const id = ulid();
    await v1.table('accounts').put({
      id,
      createdAt: 1,
      name: 'Old Corp',
      domains: ['old.example'],
      orders: [],
      matchKeys: ['old.example'],
      registrables: ['old.example'],
    });
    v1.close();
    const upgraded = new AccountLensDB(name);
    try {
      const search = new AccountSearch(upgraded, { persistMinEntries: 0 });
      expect(names(await search.search('ld co'))).toEqual(['Old Corp']);
      await createRow({ db: upgraded, clientId: 'c' }, 'accounts', { name: 'New Corp' });
      expect(names(await search.search('w co'))).toEqual(['New Corp']);
      expect(names(await new AccountSearch(upgraded).search('ld co'))).toEqual(['Old Corp']);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('the background builds the index, so a page opened later never scans the book', async () => {
    const acme = await account('Acme Robotics');
    await contact(acme.id, '王小明');
    const background = newPage();
    await background.maintain();
    expect(background.stats).toMatchObject({ source: 'built', builds: 1 });
    // Changes after it: read by the next maintenance without a scan, and found by pages.
    await contact(acme.id, '李小龙');
    await background.maintain();
    expect(background.stats?.builds).toBe(1);
    const popup = newPage();
    expect(names(await popup.search('小')).sort()).toEqual(['李小龙', '王小明']);
    expect(popup.stats).toMatchObject({ source: 'persisted', builds: 0 });
  });

  it('the background leaves a book too small to persist to the pages', async () => {
    await account('Acme Robotics');
    const background = new AccountSearch(db, { persistMinEntries: 10 });
    await background.maintain();
    expect(background.stats).toBeUndefined();
    expect(await db.search_index.count()).toBe(0);
  });

  it('a page has one search: every search box of it shares the loaded index', () => {
    expect(pageSearch(db)).toBe(pageSearch(db));
  });
});

describe('change stamps', () => {
  it('every write to an account or contact gets a higher stamp, and the stamp is never pushed', async () => {
    const a = await account('Acme');
    const first = (await db.accounts.get(a.id))?.rev;
    await writeRow(ctx, 'accounts', a.id, { name: 'Acme Inc' });
    const second = (await db.accounts.get(a.id))?.rev;
    await db.accounts.update(a.id, { name: 'Acme GmbH' });
    const third = (await db.accounts.get(a.id))?.rev;
    expect(typeof first).toBe('number');
    expect(second).toBeGreaterThan(first as number);
    expect(third).toBeGreaterThan(second as number);
    const c = await contact(a.id, 'Jane');
    expect(typeof (await db.contacts.get(c.id))?.rev).toBe('number');

    expect(LOCAL_FIELDS.has('rev')).toBe(true);
    expect(stripLocal((await db.accounts.get(a.id)) as object)).not.toHaveProperty('rev');
    for (const entry of await db.outbox.toArray()) expect(entry.fields).not.toHaveProperty('rev');
  });

  it('a stamp is not handed out again after the newest row is deleted', async () => {
    const a = await account('A');
    const top = (await db.accounts.get(a.id))?.rev as number;
    await db.accounts.delete(a.id);
    const b = await account('B');
    expect((await db.accounts.get(b.id))?.rev).toBeGreaterThan(top);
  });
});

// ---------------------------------------------------------------------------------------------

type Op =
  | { op: 'putAccount'; slot: number; name: string; domain: string }
  | { op: 'putContact'; slot: number; owner: number; name: string; email: string }
  | { op: 'deleteAccount'; slot: number }
  | { op: 'deleteContact'; slot: number }
  | { op: 'newPage' }
  | { op: 'search'; query: string };

// A tiny alphabet, so that queries hit the middle of texts as often as their start.
const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'C', '小', ' '),
  minLength: 1,
  maxLength: 5,
});
const name = text.filter((t) => t.trim().length > 0);
const label = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('putAccount' as const),
    slot: fc.nat(5),
    name,
    domain: label,
  }),
  fc.record({
    op: fc.constant('putContact' as const),
    slot: fc.nat(7),
    owner: fc.nat(5),
    name,
    email: label,
  }),
  fc.record({ op: fc.constant('deleteAccount' as const), slot: fc.nat(5) }),
  fc.record({ op: fc.constant('deleteContact' as const), slot: fc.nat(7) }),
  fc.constant({ op: 'newPage' as const }),
  fc.record({ op: fc.constant('search' as const), query: text }),
);

interface Model {
  name: string;
  texts: string[];
}

describe('search results equal a brute-force substring search of the current rows', () => {
  it('for random sequences of puts, renames, deletes and new pages', async () => {
    const accountIds = Array.from({ length: 6 }, () => ulid());
    const contactIds = Array.from({ length: 8 }, () => ulid());
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const local = new AccountLensDB(dbName());
        const lctx = { db: local, clientId: 'prop' };
        // Small chunks, so that rebuilds in the background happen too.
        const page = () => new AccountSearch(local, { persistMinEntries: 0, deltaChunk: 4 });
        let search = page();
        const accounts = new Map<string, Model>();
        const contacts = new Map<string, Model>();
        try {
          const check = async (query: string) => {
            const q = normalise(query);
            const got = (await search.search(query, { limit: 1_000 }))
              .map((h) => `${h.kind}:${h.id}`)
              .sort();
            if (q === '') return expect(got).toEqual([]);
            const want = [
              ...[...accounts]
                .filter(([, m]) => m.texts.some((t) => t.includes(q)))
                .map(([id]) => `account:${id}`),
              ...[...contacts]
                .filter(([, m]) => m.texts.some((t) => t.includes(q)))
                .map(([id]) => `contact:${id}`),
            ].sort();
            expect(got).toEqual(want);
          };
          for (const o of ops) {
            switch (o.op) {
              case 'putAccount': {
                const id = accountIds[o.slot] as string;
                await writeRow(lctx, 'accounts', id, {
                  createdAt: 1,
                  name: o.name,
                  domains: [`${o.domain}.com`],
                });
                const stored = await local.accounts.get(id);
                accounts.set(id, {
                  name: o.name,
                  texts: [stored?.name ?? '', ...(stored?.domains ?? [])].map(normalise),
                });
                break;
              }
              case 'putContact': {
                const id = contactIds[o.slot] as string;
                const accountId = accountIds[o.owner] as string;
                await writeRow(lctx, 'contacts', id, {
                  createdAt: 1,
                  accountId,
                  name: o.name,
                  emails: [`${o.email}@x.com`],
                });
                const stored = await local.contacts.get(id);
                contacts.set(id, {
                  name: o.name,
                  texts: [stored?.name ?? '', ...(stored?.emails ?? [])].map(normalise),
                });
                break;
              }
              case 'deleteAccount': {
                const id = accountIds[o.slot] as string;
                if (!accounts.has(id)) break; // nothing to delete
                await deleteRow(lctx, 'accounts', id);
                accounts.delete(id);
                break;
              }
              case 'deleteContact': {
                const id = contactIds[o.slot] as string;
                if (!contacts.has(id)) break; // nothing to delete
                await deleteRow(lctx, 'contacts', id);
                contacts.delete(id);
                break;
              }
              case 'newPage':
                await search.settled();
                search = page();
                break;
              case 'search':
                await check(o.query);
                break;
            }
          }
          // Every text of every row, whole and in part.
          for (const m of [...accounts.values(), ...contacts.values()]) {
            await check(m.name);
            if (m.name.length > 2) await check(m.name.slice(1, -1));
          }
          await search.settled();
        } finally {
          local.close();
          await local.delete();
        }
      }),
      { numRuns: 60 },
    );
  });
});
