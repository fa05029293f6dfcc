import type { Contact } from '../../shared/index.ts';
import { WHOLE_BOOK } from '../book/types.ts';
import type { AccountLensDB, LocalAccount } from '../db/database.ts';
import { scan } from '../db/scan.ts';
import { pause, slicer } from '../db/slices.ts';
import { BUCKETS, bucketOf, closeBucket, type GramBucket, openBucket } from './grams.ts';
import { type SearchShard, type ShardRange, ShardTexts, shardGrams } from './shards.ts';

/**
 * Keeping the persisted search index (extension/search) current.
 *
 * Every write to accounts or contacts leaves a record in `search_changes` naming the accounts it
 * touched, in the write's own transaction (extension/book/dirty.ts), whichever context wrote. A
 * catch-up recomputes the shards holding those accounts from the rows, writes the grams that
 * came or went, and deletes the records it has handled. Until then a search reads the changed
 * accounts directly (index.ts), so it is exact without waiting for the catch-up.
 */

/** Meta key of the index's header: format and the shards' ranges. */
export const SEARCH_INDEX = 'search.index';
const FORMAT = 2;

export interface SearchIndexHeader {
  readonly format: typeof FORMAT;
  readonly builtAt: number;
  /** Sorted by `lo`; the first is ''. */
  readonly shards: readonly ShardRange[];
}

export function parseHeader(value: unknown): SearchIndexHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Partial<SearchIndexHeader>;
  if (h.format !== FORMAT || !Array.isArray(h.shards) || h.shards.length === 0) return undefined;
  return h as SearchIndexHeader;
}

/**
 * Characters of text per shard. A search reads the shards its query's grams point to, a few at
 * a time: 16k characters (about 300 accounts with their contacts) read in about a millisecond,
 * and are few enough distinct grams that a rare query's grams rule most shards out.
 */
const SHARD_CHARS = 16_384;
/** Shard numbers are stored as 16-bit (grams.ts). */
const MAX_SHARDS = 65_536;

/** Above this many changed accounts, one scan of the book beats recomputing shard by shard. */
const REBUILD_ABOVE = 5_000;

export interface CatchUpOptions {
  /** Characters per shard (tests use small shards to exercise splitting). */
  readonly shardChars?: number;
}

export interface CatchUpResult {
  readonly rebuilt: boolean;
  /** Shards whose texts changed and were rewritten. */
  readonly shardsWritten: number;
}

/** The accounts changed since the last catch-up, and the last record read. */
export async function pendingChanges(
  db: AccountLensDB,
): Promise<{ ids: Set<string>; upTo: number }> {
  const changes = await db.search_changes.toArray();
  return {
    ids: new Set(changes.flatMap((c) => c.accountIds)),
    upTo: changes.reduce((max, c) => Math.max(max, c.seq ?? 0), 0),
  };
}

// One catch-up at a time per context; across contexts, a Web Lock where the platform has one.
let running: Promise<CatchUpResult> | undefined;

/** Bring the index up to date with every change recorded so far (building it if absent). */
export function catchUp(db: AccountLensDB, options: CatchUpOptions = {}): Promise<CatchUpResult> {
  const previous = running ?? Promise.resolve(undefined);
  const next = previous
    .catch(() => undefined)
    .then(() => withLock(`account-lens:search-index:${db.name}`, () => catchUpNow(db, options)));
  running = next;
  void next.finally(() => {
    if (running === next) running = undefined;
  });
  return next;
}

function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  // request() resolves with what the callback's promise resolves with.
  return locks ? (locks.request(name, work) as unknown as Promise<T>) : work();
}

async function catchUpNow(db: AccountLensDB, options: CatchUpOptions): Promise<CatchUpResult> {
  const started = performance.now();
  const shardChars = options.shardChars ?? SHARD_CHARS;
  const [header, { ids, upTo }] = await Promise.all([readHeader(db), pendingChanges(db)]);
  if (header && ids.size === 0) return { rebuilt: false, shardsWritten: 0 };
  if (!header || ids.has(WHOLE_BOOK) || ids.size > REBUILD_ABOVE) {
    const shardsWritten = await rebuild(db, upTo, shardChars);
    performance.measure('account-lens:search-index-build', { start: started });
    return { rebuilt: true, shardsWritten };
  }
  const dirty = new Set<number>();
  for (const id of ids) dirty.add(rangeOf(header.shards, id).no);
  let shardsWritten = 0;
  for (const no of dirty) {
    shardsWritten += await refreshShard(db, no, shardChars);
    await pause();
  }
  await db.search_changes.where(':id').belowOrEqual(upTo).delete();
  performance.measure('account-lens:search-index-catch-up', { start: started });
  return { rebuilt: false, shardsWritten };
}

export async function readHeader(db: AccountLensDB): Promise<SearchIndexHeader | undefined> {
  return parseHeader((await db.meta.get(SEARCH_INDEX))?.value);
}

/** The range an account id falls in: the last whose `lo` is not above it. */
export function rangeOf(ranges: readonly ShardRange[], accountId: string): ShardRange {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((ranges[mid] as ShardRange).lo <= accountId) lo = mid;
    else hi = mid - 1;
  }
  return ranges[lo] as ShardRange;
}

/** An account's texts and its contacts', the unit shards are cut from. */
interface Group {
  readonly key: string;
  readonly texts: ShardTexts;
}

/** Groups by account, collected row by row (only the texts are kept, not the rows). */
class Groups {
  private readonly groups = new Map<string, Group>();

  private group(key: string): ShardTexts {
    let g = this.groups.get(key);
    if (!g) {
      g = { key, texts: new ShardTexts() };
      this.groups.set(key, g);
    }
    return g.texts;
  }

  addAccount(account: LocalAccount): void {
    this.group(account.id).addAccount(account);
  }

  addContact(contact: Contact): void {
    this.group(contact.accountId).addContact(contact);
  }

  /** In account id order (IndexedDB orders string keys by code unit, as `<` does). */
  sorted(): Group[] {
    return [...this.groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

function groupsOf(accounts: Iterable<LocalAccount>, contacts: Iterable<Contact>): Group[] {
  const groups = new Groups();
  for (const account of accounts) groups.addAccount(account);
  for (const contact of contacts) groups.addContact(contact);
  return groups.sorted();
}

/** Consecutive groups cut into parts of about `chars` characters; at least one part. */
function partition(groups: readonly Group[], chars: number): Group[][] {
  const parts: Group[][] = [[]];
  let size = 0;
  for (const g of groups) {
    const current = parts[parts.length - 1] as Group[];
    if (size >= chars && current.length > 0) {
      parts.push([g]);
      size = g.texts.chars;
    } else {
      current.push(g);
      size += g.texts.chars;
    }
  }
  return parts;
}

function joinGroups(no: number, groups: readonly Group[]): SearchShard {
  const all = new ShardTexts();
  for (const g of groups) {
    all.texts.push(...g.texts.texts);
    all.owners.push(...g.texts.owners);
  }
  return all.toShard(no);
}

/**
 * The index from a scan of the whole book: a first build, or after more changes than are worth
 * applying one by one. Changes recorded up to `upTo` (read before the scan) are then handled.
 */
async function rebuild(db: AccountLensDB, upTo: number, shardChars: number): Promise<number> {
  const groups = new Groups();
  await scan(db.synced('accounts'), (a) => groups.addAccount(a));
  await scan(db.synced('contacts'), (c) => groups.addContact(c));
  const sorted = groups.sorted();
  // Half the numbers at most, leaving the rest for splits: larger shards for a huge book.
  const chars = sorted.reduce((n, g) => n + g.texts.chars, 0);
  const parts = partition(sorted, Math.max(shardChars, Math.ceil(chars / (MAX_SHARDS / 2))));
  const shards: SearchShard[] = [];
  const ranges: ShardRange[] = [];
  const lists = new Map<number, number[]>();
  const yieldNow = slicer();
  for (let no = 0; no < parts.length; no++) {
    const part = parts[no] as Group[];
    const shard = joinGroups(no, part);
    shards.push(shard);
    ranges.push({ no, lo: no === 0 ? '' : (part[0] as Group).key });
    for (const gram of shardGrams(shard)) {
      const list = lists.get(gram);
      if (list) list.push(no);
      else lists.set(gram, [no]);
    }
    await yieldNow();
  }
  const byBucket: Map<number, number[]>[] = Array.from({ length: BUCKETS }, () => new Map());
  for (const [gram, list] of lists)
    (byBucket[bucketOf(gram)] as Map<number, number[]>).set(gram, list);
  lists.clear();
  const buckets: GramBucket[] = [];
  for (let b = 0; b < BUCKETS; b++) {
    const entries = byBucket[b] as Map<number, number[]>;
    if (entries.size > 0) buckets.push(closeBucket(b, entries));
    await yieldNow();
  }
  const header: SearchIndexHeader = { format: FORMAT, builtAt: Date.now(), shards: ranges };
  await db.transaction(
    'rw',
    [db.search_shards, db.search_grams, db.search_changes, db.meta],
    async () => {
      await Promise.all([db.search_shards.clear(), db.search_grams.clear()]);
      await Promise.all([db.search_shards.bulkPut(shards), db.search_grams.bulkPut(buckets)]);
      await db.meta.put({ key: SEARCH_INDEX, value: header });
      await db.search_changes.where(':id').belowOrEqual(upTo).delete();
    },
  );
  return shards.length;
}

/**
 * Recompute one shard from its accounts and their contacts; split it when it has grown past
 * twice the size (new accounts land in the last range). Returns the shards written.
 */
async function refreshShard(db: AccountLensDB, no: number, shardChars: number): Promise<number> {
  const header = await readHeader(db);
  if (!header) return 0;
  const at = header.shards.findIndex((r) => r.no === no);
  if (at < 0) return 0;
  const { lo } = header.shards[at] as ShardRange;
  const hi = header.shards[at + 1]?.lo;
  const [accounts, contacts] = await db.transaction('r', [db.accounts, db.contacts], () =>
    Promise.all([
      hi === undefined
        ? db.accounts.where(':id').aboveOrEqual(lo).toArray()
        : db.accounts.where(':id').between(lo, hi, true, false).toArray(),
      hi === undefined
        ? db.contacts.where('accountId').aboveOrEqual(lo).toArray()
        : db.contacts.where('accountId').between(lo, hi, true, false).toArray(),
    ]),
  );
  const groups = groupsOf(accounts, contacts);
  const total = groups.reduce((n, g) => n + g.texts.chars, 0);
  const nextNo = Math.max(...header.shards.map((r) => r.no)) + 1;
  const split = total > 2 * shardChars ? partition(groups, shardChars) : [groups];
  // Out of shard numbers (a book of a billion characters): the shard stays whole.
  const highest = nextNo + split.length - 2;
  const parts = highest < MAX_SHARDS ? split : [groups];
  const fresh = parts.map((part, i) => joinGroups(i === 0 ? no : nextNo + i - 1, part));
  const newRanges: ShardRange[] = fresh
    .slice(1)
    .map((shard, i) => ({ no: shard.no, lo: ((parts[i + 1] as Group[])[0] as Group).key }));
  const freshGrams = fresh.map(shardGrams);

  return db.transaction('rw', [db.search_shards, db.search_grams, db.meta], async () => {
    const old = await db.search_shards.get(no);
    const first = fresh[0] as SearchShard;
    if (fresh.length === 1 && old && old.texts === first.texts && old.owners === first.owners) {
      return 0;
    }
    // Per gram, the shards to add to or take from its list.
    const delta = new Map<number, { add: number[]; remove: number[] }>();
    const change = (gram: number) => {
      let d = delta.get(gram);
      if (!d) {
        d = { add: [], remove: [] };
        delta.set(gram, d);
      }
      return d;
    };
    const before = shardGrams(old);
    const after = freshGrams[0] as Set<number>;
    for (const gram of before) if (!after.has(gram)) change(gram).remove.push(no);
    for (const gram of after) if (!before.has(gram)) change(gram).add.push(no);
    fresh.slice(1).forEach((shard, i) => {
      for (const gram of freshGrams[i + 1] as Set<number>) change(gram).add.push(shard.no);
    });
    const touched = [...new Set([...delta.keys()].map(bucketOf))];
    const stored = await db.search_grams.bulkGet(touched);
    const opened = new Map(touched.map((b, i) => [b, openBucket(stored[i])]));
    for (const [gram, { add, remove }] of delta) {
      const lists = opened.get(bucketOf(gram)) as Map<number, Set<number>>;
      let list = lists.get(gram);
      if (!list) {
        list = new Set();
        lists.set(gram, list);
      }
      for (const s of remove) list.delete(s);
      for (const s of add) list.add(s);
    }
    await db.search_grams.bulkPut([...opened].map(([b, lists]) => closeBucket(b, lists)));
    await db.search_shards.bulkPut(fresh);
    if (newRanges.length > 0) {
      const shards = [...header.shards, ...newRanges].sort((a, b) =>
        a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0,
      );
      await db.meta.put({ key: SEARCH_INDEX, value: { ...header, shards } });
    }
    return fresh.length;
  });
}
