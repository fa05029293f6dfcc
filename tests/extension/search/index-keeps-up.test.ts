import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { createRow, deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import { AccountSearch, catchUp, normalise } from '../../../extension/search/index.ts';
import { readHeader } from '../../../extension/search/maintain.ts';
import { rowWriters } from './rows.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let search: AccountSearch;
let n = 0;

beforeEach(async () => {
  db = new AccountLensDB(`search-index-test-${n++}`);
  await db.open();
  ctx = { db, clientId: 'test-client' };
  search = new AccountSearch(db, { catchUp: false });
});

afterEach(async () => {
  search.close();
  db.close();
  await db.delete();
});

const { account, contact } = rowWriters(() => ctx);
const ids = async (query: string) =>
  (await search.search(query, { limit: 1_000 })).map((h) => h.id).sort();

describe('the persisted search index', () => {
  it('is built on the first catch-up and answers substring searches from its shards', async () => {
    const a = await account('Brandt Logistik', ['brandt-logistik.de']);
    await contact(a.id, '王小明', ['xiaoming@brandt-logistik.de']);
    const built = await catchUp(db);
    expect(built.rebuilt).toBe(true);
    expect(await db.search_changes.count()).toBe(0);
    expect(await db.search_shards.count()).toBeGreaterThan(0);
    expect((await search.search('ndt logi')).map((h) => h.id)).toEqual([a.id]);
    expect((await search.search('小明')).map((h) => h.kind)).toEqual(['contact']);
  });

  it('finds rows written after the last catch-up without waiting for one', async () => {
    await catchUp(db);
    const a = await account('Nordwerk Logistik SE');
    const c = await contact(a.id, 'Anna Berg', ['anna.berg@nordwerk.example']);
    expect(await db.search_changes.count()).toBeGreaterThan(0);
    expect(await ids('werk log')).toEqual([a.id]);
    expect(await ids('na.ber')).toEqual([c.id]);
  });

  it('records no change for writes that cannot change what search finds', async () => {
    const a = await account('Acme');
    await catchUp(db);
    await createRow(ctx, 'notes', {
      accountId: a.id,
      kind: 'call',
      body: 'x',
      at: 1,
      authorId: '01M8VFQXM28Z23TH1TBZHSC50T',
    });
    expect(await db.search_changes.count()).toBe(0);
    // An account's write is recorded (the log cannot tell fields apart), but its shard's texts
    // come out the same and nothing is rewritten.
    await writeRow(ctx, 'accounts', a.id, { industry: 'Robotics' });
    expect(await catchUp(db)).toEqual({ rebuilt: false, shardsWritten: 0 });
  });

  it('forgets renamed and deleted texts once caught up', async () => {
    const a = await account('Umbrella Corp');
    const c = await contact(a.id, 'Albert Wesker', ['wesker@umbrella.example']);
    await catchUp(db);
    await writeRow(ctx, 'accounts', a.id, { name: 'Parasol Corp' });
    await deleteRow(ctx, 'contacts', c.id);
    await catchUp(db);
    expect(await ids('brella')).toEqual([]);
    expect(await ids('esker')).toEqual([]);
    expect(await ids('rasol')).toEqual([a.id]);
    const shards = await db.search_shards.toArray();
    expect(shards.map((s) => s.texts).join('\n')).not.toContain('wesker');
  });

  it('files a contact under its new account once a search has seen it moved', async () => {
    const from = await account('Alpha Handel');
    const to = await account('Beta Handel');
    const c = await contact(from.id, 'Jonas Meyer', ['jonas@alpha.example']);
    await catchUp(db, { shardChars: 10 });
    await writeRow(ctx, 'contacts', c.id, { accountId: to.id });
    await catchUp(db, { shardChars: 10 });
    const [hit] = await search.search('onas mey');
    expect(hit?.kind === 'contact' && hit.account?.name).toBe('Beta Handel');
    await catchUp(db, { shardChars: 10 });
    const holding = (await db.search_shards.toArray()).filter((s) => s.texts.includes('jonas'));
    expect(holding).toHaveLength(1);
    expect(holding[0]?.owners).toContain(to.id);
  });

  it('splits a shard that grew past twice its size, and every row stays findable', async () => {
    await catchUp(db, { shardChars: 100 });
    const made: string[] = [];
    for (let i = 0; i < 40; i++) made.push((await account(`Company ${i} GmbH`)).id);
    await catchUp(db, { shardChars: 100 });
    const header = await readHeader(db);
    expect(header?.shards.length).toBeGreaterThan(4);
    const los = header?.shards.map((s) => s.lo) ?? [];
    expect(los).toEqual([...los].sort());
    for (let i = 0; i < 40; i++) expect(await ids(`pany ${i} g`)).toEqual([made[i]]);
  });

  it('reads only the shards whose grams can hold the query', async () => {
    for (let i = 0; i < 30; i++) await account(`Firma ${i}`);
    const rare = await account('Zyxwv Handel');
    await catchUp(db, { shardChars: 20 });
    expect((await readHeader(db))?.shards.length).toBeGreaterThan(10);
    const reads = vi.spyOn(db.search_shards, 'bulkGet');
    expect(await ids('yxwv')).toEqual([rare.id]);
    const read = reads.mock.calls.flatMap(([keys]) => keys);
    expect(read).toHaveLength(1);
    reads.mockRestore();
  });

  it('still finds every substring while the index is behind by more than it reads directly', async () => {
    await catchUp(db);
    const a = await account('Kowalczyk Logistyka');
    // As rows written behind Dexie's back ask: everything may have changed.
    await db.search_changes.add({ accountIds: ['*'] });
    expect(await ids('czyk logi')).toEqual([a.id]);
  });

  it('rebuilds whole when a table was cleared', async () => {
    const a = await account('Initech');
    await catchUp(db);
    await db.accounts.clear();
    expect((await catchUp(db)).rebuilt).toBe(true);
    expect(await ids('nitec')).toEqual([]);
    expect(await db.accounts.get(a.id)).toBeUndefined();
  });
});

const ALPHABET = ['a', 'b', 'c', '王', '小', '明', ' ', '.', '@'];
const text = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(''))
  .filter((s) => s.trim() !== '');
// Domains and e-mails are validated as such: letters only before the suffix.
const label = fc
  .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 5 })
  .map((cs) => cs.join(''));

describe('search over the index, whatever the writes and catch-ups', () => {
  it('finds exactly the rows whose texts contain the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('account', 'contact', 'rename', 'move', 'delete', 'catchUp'),
            pick: fc.nat(),
            other: fc.nat(),
            value: text,
            handle: label,
          }),
          { maxLength: 30 },
        ),
        fc.array(text, { minLength: 1, maxLength: 4 }),
        async (ops, queries) => {
          await Promise.all(db.tables.map((t) => t.clear()));
          await catchUp(db, { shardChars: 24 });
          for (const { op, pick, other, value, handle } of ops) {
            const accounts = await db.accounts.toArray();
            const contacts = await db.contacts.toArray();
            const target = accounts[pick % Math.max(1, accounts.length)];
            const person = contacts[pick % Math.max(1, contacts.length)];
            if (op === 'catchUp') await catchUp(db, { shardChars: 24 });
            else if (op === 'account' || !target) await account(value, [`${handle}.cn`]);
            else if (op === 'contact') await contact(target.id, value, [`${handle}@x.cn`]);
            else if (op === 'rename') await writeRow(ctx, 'accounts', target.id, { name: value });
            else if (op === 'move' && person) {
              const to = accounts[other % accounts.length];
              if (to) await writeRow(ctx, 'contacts', person.id, { accountId: to.id, name: value });
            } else if (op === 'delete') {
              if (person && other % 2 === 0) await deleteRow(ctx, 'contacts', person.id);
              else await deleteRow(ctx, 'accounts', target.id);
            }
          }
          for (const query of queries) {
            const q = normalise(query);
            if (q === '') continue;
            const expected = [
              ...(await db.accounts.toArray())
                .filter((a) => [a.name, ...a.domains].some((t) => normalise(t).includes(q)))
                .map((a) => a.id),
              ...(await db.contacts.toArray())
                .filter((c) => [c.name, ...c.emails].some((t) => normalise(t).includes(q)))
                .map((c) => c.id),
            ].sort();
            expect(await ids(query)).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
