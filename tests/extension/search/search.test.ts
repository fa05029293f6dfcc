import 'fake-indexeddb/auto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountLensDB } from '../../../extension/db/database.ts';
import { deleteRow, type WriteContext, writeRow } from '../../../extension/db/write.ts';
import {
  AccountSearch,
  catchUp,
  MatchRank,
  rankMatch,
  type SearchHit,
} from '../../../extension/search/index.ts';
import { rowWriters } from './rows.ts';

let db: AccountLensDB;
let ctx: WriteContext;
let search: Pick<AccountSearch, 'search'>;
let closeSearch: () => void;
let n = 0;

/**
 * The same behaviour whatever the index's state: before its first build (a scan held in
 * memory), built but behind the writes (changed accounts read directly), and caught up before
 * every search (shards small enough to split as the book grows).
 */
const MODES = [
  'before the index is built',
  'with writes not yet indexed',
  'with the index caught up',
] as const;
type Mode = (typeof MODES)[number];
let mode: Mode = MODES[0];

beforeEach(async () => {
  db = new AccountLensDB(`search-test-${n++}`);
  await db.open();
  ctx = { db, clientId: 'test-client' };
  const inner = new AccountSearch(db, { catchUp: false });
  closeSearch = () => inner.close();
  if (mode === MODES[0]) {
    search = inner;
    return;
  }
  await catchUp(db);
  search = {
    search: async (query, options) => {
      if (mode === MODES[2]) await catchUp(db, { shardChars: 64 });
      return inner.search(query, options);
    },
  };
});

afterEach(async () => {
  closeSearch();
  db.close();
  await db.delete();
});

const { account, contact } = rowWriters(() => ctx);
const names = (hits: SearchHit[]) =>
  hits.map((h) => (h.kind === 'account' ? h.account.name : h.contact.name));

describe('rankMatch', () => {
  it('ranks exact, prefix, word prefix and substring in that order', () => {
    expect(rankMatch('acme', 'acme')).toBe(MatchRank.exact);
    expect(rankMatch('acme robotics', 'acme')).toBe(MatchRank.prefix);
    expect(rankMatch('big acme', 'acme')).toBe(MatchRank.wordPrefix);
    expect(rankMatch('jane@acme.com', 'acme')).toBe(MatchRank.wordPrefix);
    expect(rankMatch('bigacme', 'acme')).toBe(MatchRank.substring);
    expect(rankMatch('bigacm', 'acme')).toBeUndefined();
  });
});

describe.each(MODES)('AccountSearch, %s', (current) => {
  beforeAll(() => {
    mode = current;
  });

  it('finds CJK names by any substring, not only by prefix', async () => {
    const huawei = await account('华为技术有限公司', ['huawei.com']);
    await account('小米科技', ['mi.com']);
    await contact(huawei.id, '王小明', ['xiaoming.wang@huawei.com']);
    await contact(huawei.id, '李雷');

    expect(names(await search.search('华为'))).toEqual(['华为技术有限公司']);
    expect(names(await search.search('技术'))).toEqual(['华为技术有限公司']);
    expect(names(await search.search('王'))).toEqual(['王小明']);
    const xiaoming = await search.search('小明');
    expect(names(xiaoming)).toEqual(['王小明']);
    const hit = xiaoming[0];
    expect(hit?.kind === 'contact' && hit.account?.name).toBe('华为技术有限公司');
    // "小" is a prefix of 小米 and inside 王小明: the prefix match comes first.
    expect(names(await search.search('小'))).toEqual(['小米科技', '王小明']);
  });

  it('is case-insensitive for Latin and folds full-width letters', async () => {
    await account('Acme Robotics', ['acme-robotics.com']);
    expect(names(await search.search('acme'))).toEqual(['Acme Robotics']);
    expect(names(await search.search('ROBOT'))).toEqual(['Acme Robotics']);
    expect(names(await search.search('ＡＣＭＥ'))).toEqual(['Acme Robotics']);
  });

  it('finds contacts by e-mail, whole or in part', async () => {
    const acme = await account('Acme Robotics', ['acme-robotics.com']);
    await contact(acme.id, 'Jane Doe', ['Jane.Doe@Acme-Robotics.com']);
    await contact(acme.id, 'John Roe', ['john@acme-robotics.com']);

    const exact = await search.search('jane.doe@acme-robotics.com');
    expect(exact.map((h) => [h.kind, h.field, h.rank])).toEqual([
      ['contact', 'email', MatchRank.exact],
    ]);
    expect(names(await search.search('doe@acme'))).toEqual(['Jane Doe']);
    expect(names(await search.search('john@'))).toEqual(['John Roe']);
  });

  it('finds accounts by domain, and by a part of it', async () => {
    await account('Acme Robotics', ['www.acme-robotics.com', 'acme.de']);
    await account('Globex', ['globex.com']);
    const byDomain = await search.search('acme-robotics.com');
    expect(byDomain.map((h) => [h.kind, h.field, h.matched])).toEqual([
      ['account', 'domain', 'www.acme-robotics.com'],
    ]);
    expect(names(await search.search('robotics.com'))).toEqual(['Acme Robotics']);
    expect(names(await search.search('globex.c'))).toEqual(['Globex']);
  });

  it('ranks exact, then prefix, then word prefix, then substring; accounts before contacts', async () => {
    const a = await account('Nova', ['nova.io']);
    await account('Casanova Ltd');
    await account('Nova Systems');
    await account('Big Nova');
    await contact(a.id, 'Nova Chen');
    const hits = await search.search('nova');
    expect(names(hits)).toEqual(['Nova', 'Nova Systems', 'Nova Chen', 'Big Nova', 'Casanova Ltd']);
    expect(hits.map((h) => h.rank)).toEqual([0, 1, 1, 2, 3]);
  });

  it('leaves out deleted rows, even when the in-memory index still holds them', async () => {
    const gone = await account('Initech', ['initech.com']);
    const kept = await account('Initech Europe', ['initech.eu']);
    const person = await contact(kept.id, 'Peter Gibbons', ['peter@initech.com']);
    expect(names(await search.search('initech'))).toContain('Initech');
    await deleteRow(ctx, 'accounts', gone.id);
    await deleteRow(ctx, 'contacts', person.id);
    expect(names(await search.search('initech'))).toEqual(['Initech Europe']);
    expect(await search.search('gibbons')).toEqual([]);
    // A tombstone that reached the table (as a pulled row could) is never shown either.
    await db.accounts.put({ ...kept, deleted: true });
    expect(await search.search('initech')).toEqual([]);
  });

  it('sees renamed and new rows after a change', async () => {
    const a = await account('Umbrella');
    expect(names(await search.search('brell'))).toEqual(['Umbrella']);
    await writeRow(ctx, 'accounts', a.id, { name: 'Parasol Corp' });
    await account('Sombrella');
    // The stale index may still answer this query; re-checking every candidate keeps it right.
    expect(names(await search.search('brell'))).toEqual(['Sombrella']);
    expect(names(await search.search('parasol'))).toEqual(['Parasol Corp']);
    expect(names(await search.search('asol'))).toEqual(['Parasol Corp']);
  });

  it('reports prefix matches first, then the full answer, while the index is not built', async () => {
    await account('Contoso');
    await account('Micro Contoso');
    const early: SearchHit[][] = [];
    const full = await search.search('contoso', { onPrefix: (hits) => early.push(hits) });
    // Only while the full answer is slow to come, before the index's first build.
    expect(early.map(names)).toEqual(mode === MODES[0] ? [['Contoso']] : []);
    expect(names(full)).toEqual(['Contoso', 'Micro Contoso']);
  });

  it('returns nothing for an empty query and honours the limit', async () => {
    for (let i = 0; i < 30; i++) await account(`Shop ${String(i).padStart(2, '0')}`);
    expect(await search.search('   ')).toEqual([]);
    const hits = await search.search('shop', { limit: 5 });
    expect(names(hits)).toEqual(['Shop 00', 'Shop 01', 'Shop 02', 'Shop 03', 'Shop 04']);
  });
});
