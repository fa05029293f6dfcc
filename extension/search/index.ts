import type { Table } from 'dexie';
import { ulid } from 'ulid';
import type { Contact } from '../../shared/index.ts';
import type { AccountLensDB, LocalAccount, LocalContact, SearchIndexRow } from '../db/database.ts';
import { REV_INDEX } from '../db/rev.ts';
import { accountTexts, contactTexts, Delta } from './columns.ts';
import {
  BuildGone,
  buildPrefix,
  findCandidates,
  GramBuilder,
  type GramHeader,
  HEADER_KEY,
  isGramHeader,
  memorySource,
  type RecordSource,
} from './grams.ts';
import { type MatchRank, normalise, rankMatch } from './normalise.ts';

export { MatchRank, normalise, rankMatch } from './normalise.ts';

export type AccountHit = {
  readonly kind: 'account';
  readonly id: string;
  readonly rank: MatchRank;
  /** Which field matched: the account's name or one of its domains. */
  readonly field: 'name' | 'domain';
  /** The matched text as stored (a domain for a domain match). */
  readonly matched: string;
  readonly account: LocalAccount;
};

export type ContactHit = {
  readonly kind: 'contact';
  readonly id: string;
  readonly rank: MatchRank;
  readonly field: 'name' | 'email';
  readonly matched: string;
  readonly contact: Contact;
  /** The contact's account, when it is stored locally. */
  readonly account: LocalAccount | undefined;
};

export type SearchHit = AccountHit | ContactHit;

type Kind = SearchHit['kind'];
type Field = SearchHit['field'];

export interface SearchOptions {
  /** Results wanted; 20 by default. */
  readonly limit?: number;
  /** Called first with what the IndexedDB indexes find by prefix, before the substring pass. */
  readonly onPrefix?: (hits: SearchHit[]) => void;
}

export interface IndexStats {
  /** Where this page's base index came from: IndexedDB (`search_index`) or a scan of the book. */
  readonly source: 'persisted' | 'built';
  /** How long loading or building it took. */
  readonly ms: number;
  /** Rows in the base index. */
  readonly rows: number;
  /** Full scans of the book this instance has made. */
  readonly builds: number;
  /** Rows changed since the base was built, searched from memory beside it. */
  readonly delta: number;
}

export interface SearchIndexOptions {
  /** A base of fewer rows is not persisted (kept in memory, rebuilt per page); 1 000 by default. */
  readonly persistMinEntries?: number;
  /** Changed rows read per search; more than this rebuilds the base. 2 000 by default. */
  readonly deltaChunk?: number;
}

/** Substring candidates taken from the base before ranking: bounds the work for a short query. */
const CANDIDATES = 400;
const PREFIX_PER_INDEX = 50;
/** The `search_index` row naming the current build of the base index. */
export const BASE_KEY = HEADER_KEY;

interface Base {
  readonly header: GramHeader;
  readonly read: RecordSource;
}

/**
 * Search across accounts (name, domains) and contacts (name, e-mails), CJK included.
 *
 * Two passes: exact and prefix matches come straight from the Dexie indexes (name, matchKeys,
 * emails: a few milliseconds whatever the book's size, and always current); substring matches
 * ("小明" in "王小明") come from a substring index of the same four texts (grams.ts: per
 * character and character pair, the rows holding it).
 *
 * The substring index is built once by scanning the book and persisted in `search_index`, so a
 * new page (a popup opened after the browser starts) reads a small header and then, per query,
 * the few records the query needs, instead of scanning the book or loading a whole index. It is
 * kept current without a rebuild: every write to accounts and contacts gets a change stamp
 * (`rev`, db/rev.ts), the index records the stamps it covers, and each search first reads the
 * rows stamped since (the delta, a cheap range of the `rev` index) into memory. When the delta
 * grows past a chunk the base is rebuilt in the background and persisted again; the service
 * worker does the same after syncs (search/background.ts), so pages seldom build at all.
 * Every candidate is re-read and re-checked before it is returned, so a stale index entry (a row
 * since renamed or deleted) never shows a deleted row or a match that no longer holds.
 *
 * One instance per page: use `pageSearch(db)`.
 */
export class AccountSearch {
  private readonly db: AccountLensDB;
  private readonly persistMinEntries: number;
  private readonly deltaChunk: number;
  private base: Base | undefined;
  private loading: Promise<void> | undefined;
  private rebuilding: Promise<Base> | undefined;
  private readonly delta = new Delta();
  /** Rows stamped at or after these are read into the delta by the next search. */
  private since = { accounts: 0, contacts: 0 };
  /** Bumped when a new base is installed: delta reads begun before it are dropped. */
  private epoch = 0;
  private builds = 0;
  private lastStats: Omit<IndexStats, 'builds' | 'delta'> | undefined;

  constructor(db: AccountLensDB, options: SearchIndexOptions = {}) {
    this.db = db;
    this.persistMinEntries = options.persistMinEntries ?? 1_000;
    this.deltaChunk = options.deltaChunk ?? 2_000;
  }

  /** Where the base index came from and how long it took, its size and the delta's. */
  get stats(): IndexStats | undefined {
    return this.lastStats && { ...this.lastStats, builds: this.builds, delta: this.delta.size };
  }

  /** Kept for callers of the per-mount API; a page's shared instance is never closed. */
  close(): void {}

  /**
   * Load the persisted index now (e.g. when the popup opens), so the first keystroke does not
   * wait for it. Never scans the book: with no persisted index the first search builds one.
   */
  warm(): Promise<void> {
    return this.loadPersisted();
  }

  /**
   * Keep the persisted index current, from the background: build it when there is none (and
   * the book is large enough to persist), else read the delta, which rebuilds the base when
   * it has grown past a chunk. Pages then never scan the book themselves.
   */
  async maintain(): Promise<void> {
    await this.loadPersisted();
    if (!this.base) {
      const rows = (await this.db.accounts.count()) + (await this.db.contacts.count());
      if (rows >= this.persistMinEntries) await this.rebuild();
      return;
    }
    await this.readDelta();
    await this.settled();
  }

  /** Scan the book into a new base index now and persist it (e.g. from the background). */
  async rebuildIndex(): Promise<void> {
    await this.rebuild();
  }

  /** Resolves when no rebuild is under way (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.rebuilding) await this.rebuilding.catch(() => undefined);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const started = performance.now();
    const hits = await this.run(query, options);
    performance.measure('account-lens:search', { start: started });
    return hits;
  }

  private async run(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const q = normalise(query);
    const limit = options.limit ?? 20;
    if (q.length === 0) return [];
    const ready = this.ready();
    // Awaited below, after the prefix pass; marked handled so a failure is not reported twice.
    ready.catch(() => undefined);
    const prefix = await this.prefixCandidates(query.trim(), q);
    if (options.onPrefix) options.onPrefix(await this.resolve(prefix, q, limit));
    await ready;
    const candidates = new Map(prefix);
    for (const [key, kind] of await this.substringCandidates(q)) candidates.set(key, kind);
    return this.resolve(candidates, q, limit);
  }

  /**
   * Rows that may contain `q`: from the base and from the delta read against that same base.
   * (A rebuild installed during the search leaves the pair it took intact: the build it
   * replaces stays readable.) When the base's records are gone meanwhile (two rebuilds by other
   * pages), the current base's header is read and the search taken again.
   */
  private async substringCandidates(q: string): Promise<Map<string, Kind>> {
    for (let attempt = 0; ; attempt++) {
      const { base, delta } = await this.readDelta(q);
      try {
        const found = await findCandidates(base.header, base.read, q, CANDIDATES);
        for (const [key, kind] of delta) found.set(key, kind);
        return found;
      } catch (error) {
        if (!(error instanceof BuildGone) || attempt > 0) throw error;
        if (this.base === base) {
          this.base = undefined;
          this.loading = undefined;
        }
      }
    }
  }

  /** Matches by prefix from the IndexedDB indexes: always current, cheap on any book size. */
  private async prefixCandidates(raw: string, q: string): Promise<Map<string, Kind>> {
    const { accounts, contacts } = this.db;
    const [byName, byDomain, byContactName, byEmail] = await Promise.all([
      accounts.where('name').startsWithIgnoreCase(raw).limit(PREFIX_PER_INDEX).primaryKeys(),
      accounts.where('matchKeys').startsWith(q).limit(PREFIX_PER_INDEX).primaryKeys(),
      contacts.where('name').startsWithIgnoreCase(raw).limit(PREFIX_PER_INDEX).primaryKeys(),
      contacts.where('emails').startsWith(q).limit(PREFIX_PER_INDEX).primaryKeys(),
    ]);
    const out = new Map<string, Kind>();
    for (const id of [...byName, ...byDomain]) out.set(`account:${id}`, 'account');
    for (const id of [...byContactName, ...byEmail]) out.set(`contact:${id}`, 'contact');
    return out;
  }

  /** The base index: this page's, else the persisted one, else a new scan of the book. */
  private async ready(): Promise<Base> {
    if (this.base) return this.base;
    await this.loadPersisted();
    return this.base ?? this.rebuild();
  }

  /** Install the persisted base if there is one; read at most once per instance. */
  private loadPersisted(): Promise<void> {
    this.loading ??= this.readPersisted();
    return this.loading;
  }

  private async readPersisted(): Promise<void> {
    const started = performance.now();
    let stored: unknown;
    try {
      stored = (await this.db.search_index.get(HEADER_KEY))?.value;
    } catch {
      return; // Unreadable: the first search scans the book.
    }
    if (this.base || !isGramHeader(stored)) return;
    this.install(stored, this.stored);
    performance.measure('account-lens:search-index-load', { start: started });
    this.lastStats = { source: 'persisted', ms: performance.now() - started, rows: stored.rows };
  }

  /** Records of the persisted index, read from IndexedDB in one transaction. */
  private readonly stored: RecordSource = {
    get: async (keys) => (await this.db.search_index.bulkGet(keys)).map((row) => row?.value),
    prefix: async (prefix) =>
      (await this.db.search_index.where('key').startsWith(prefix).toArray()).map((r) => r.value),
  };

  /** Make a build the base: the delta restarts at the stamps it covers. */
  private install(header: GramHeader, read: RecordSource): Base {
    const base: Base = { header, read };
    this.base = base;
    this.epoch++;
    this.delta.clear();
    this.since = { accounts: header.since.accounts, contacts: header.since.contacts };
    return base;
  }

  /** Scan the book into a new base and persist it; one at a time. */
  private rebuild(): Promise<Base> {
    this.rebuilding ??= this.build()
      .then(async ({ header, records }) => {
        // Searchable at once from memory; from IndexedDB once persisted (memory freed).
        const inMemory = this.install(header, memorySource(records));
        if (header.rows < this.persistMinEntries) return inMemory;
        try {
          const persisted = await this.persist(header, records);
          return this.base === inMemory ? this.install(persisted, this.stored) : inMemory;
        } catch {
          return inMemory; // Not persisted (quota, a closing page): the next page scans again.
        }
      })
      .finally(() => {
        this.rebuilding = undefined;
      });
    return this.rebuilding;
  }

  /**
   * Write a build's records and make it the current one, in one transaction: a page reads
   * either the old build or the new one whole. The build before the old one is deleted; the old
   * one is kept for pages that read its header.
   */
  private persist(header: GramHeader, records: SearchIndexRow[]): Promise<GramHeader> {
    const table = this.db.search_index;
    return this.db.transaction('rw', table, async () => {
      const old = (await table.get(HEADER_KEY))?.value;
      const current: GramHeader = isGramHeader(old) ? { ...header, previous: old.build } : header;
      if (isGramHeader(old) && old.previous !== undefined) {
        await table.where('key').startsWith(buildPrefix(old.previous)).delete();
      }
      await table.bulkPut(records);
      await table.put({ key: HEADER_KEY, value: current });
      return current;
    });
  }

  /**
   * Read the rows stamped since the delta was last read, a chunk per table. More than a chunk
   * means the base is far behind: it is rebuilt in the background, and the chunk read meanwhile
   * (the rest follows on later searches; the prefix pass sees every row anyway).
   */
  private async readDelta(q?: string): Promise<{ base: Base; delta: Map<string, Kind> }> {
    const { accounts, contacts } = this.db;
    const chunk = this.deltaChunk;
    let epoch: number;
    let base: Base;
    let accountRows: LocalAccount[];
    let contactRows: LocalContact[];
    do {
      base = this.base ?? (await this.ready());
      // A new base installed during the read starts its delta elsewhere: read again from there.
      epoch = this.epoch;
      [accountRows, contactRows] = await Promise.all([
        accounts.where(REV_INDEX).aboveOrEqual(this.since.accounts).limit(chunk).toArray(),
        contacts.where(REV_INDEX).aboveOrEqual(this.since.contacts).limit(chunk).toArray(),
      ]);
    } while (epoch !== this.epoch || this.base !== base);
    for (const a of accountRows) {
      const rev = a.rev as number;
      this.delta.put('account', a.id, rev, a.deleted ? [] : accountTexts(a).map(([, t]) => t));
      if (rev > this.since.accounts) this.since.accounts = rev;
    }
    for (const c of contactRows) {
      const rev = c.rev as number;
      this.delta.put('contact', c.id, rev, c.deleted ? [] : contactTexts(c).map(([, t]) => t));
      if (rev > this.since.contacts) this.since.contacts = rev;
    }
    // Taken now, in the same task as the read: the delta as it stands against this base.
    const delta = q === undefined ? new Map<string, Kind>() : this.delta.find(q);
    if (accountRows.length >= chunk || contactRows.length >= chunk || this.delta.size > chunk) {
      void this.rebuild().catch(() => undefined);
    }
    return { base, delta };
  }

  /**
   * Read every account and contact in chunks of whole rows. Measured in Chromium on 75k accounts
   * and 224k contacts: chunked getAll ≈ 8 µs a row (2.4 s in all), a raw key cursor over one
   * index ≈ 20 µs a step, Dexie's eachKey ≈ 78 µs (62 s for the four columns). So rows are read
   * whole, a chunk per transaction, which also leaves the page responsive between chunks.
   * The stamps it covers are read first: a row written during the scan is read again as delta.
   */
  private async build(): Promise<{ header: GramHeader; records: SearchIndexRow[] }> {
    const started = performance.now();
    this.builds++;
    const since = {
      accounts: await topStamp(this.db.accounts),
      contacts: await topStamp(this.db.contacts),
    };
    const builder = new GramBuilder();
    await scan(this.db.synced('accounts'), (a) => {
      if (!a.deleted)
        builder.add(
          'account',
          a.id,
          accountTexts(a).map(([, t]) => t),
        );
    });
    await scan(this.db.synced('contacts'), (c) => {
      if (!c.deleted)
        builder.add(
          'contact',
          c.id,
          contactTexts(c).map(([, t]) => t),
        );
    });
    const built = builder.finish(ulid(), since, Date.now());
    // Visible in the performance timeline (DevTools, benchmarks): the cost grows with the book.
    performance.measure('account-lens:search-index', { start: started });
    this.lastStats = { source: 'built', ms: performance.now() - started, rows: built.header.rows };
    return built;
  }

  /** Read the candidates, re-check each against its current row, rank, and keep the best. */
  private async resolve(
    candidates: Map<string, Kind>,
    q: string,
    limit: number,
  ): Promise<SearchHit[]> {
    const accountIds: string[] = [];
    const contactIds: string[] = [];
    for (const [key, kind] of candidates) {
      const id = key.slice(kind.length + 1);
      (kind === 'account' ? accountIds : contactIds).push(id);
    }
    const { accounts, contacts } = this.db;
    const [accountRows, contactRows] = await Promise.all([
      accounts.bulkGet(accountIds),
      contacts.bulkGet(contactIds),
    ]);
    const hits: SearchHit[] = [];
    for (const account of accountRows) {
      if (!account || account.deleted) continue;
      const hit = rankAccount(account, q);
      if (hit) hits.push(hit);
    }
    const liveContacts = contactRows.filter((c): c is Contact => c !== undefined && !c.deleted);
    const owners = new Map<string, LocalAccount>();
    const ownerIds = [...new Set(liveContacts.map((c) => c.accountId))];
    for (const a of await accounts.bulkGet(ownerIds)) if (a && !a.deleted) owners.set(a.id, a);
    for (const contact of liveContacts) {
      const hit = rankContact(contact, owners.get(contact.accountId), q);
      if (hit) hits.push(hit);
    }
    return hits.sort(compareHits).slice(0, limit);
  }
}

const perPage = new WeakMap<AccountLensDB, AccountSearch>();

/**
 * The search of this page (popup, side panel, a Book page): one per database and page, so
 * every search box of the page shares its index, and remounting a box loads nothing again.
 */
export function pageSearch(db: AccountLensDB): AccountSearch {
  let search = perPage.get(db);
  if (!search) {
    search = new AccountSearch(db);
    perPage.set(db, search);
  }
  return search;
}

/** The highest change stamp in a table, 0 if none is stamped. */
async function topStamp(table: Table<{ rev?: number }, string>): Promise<number> {
  const [top] = await table.orderBy(REV_INDEX).reverse().limit(1).keys();
  return typeof top === 'number' ? top : 0;
}

const SCAN_CHUNK = 5_000;

/** Every row of a table in primary-key order, a chunk (one getAll) at a time. */
async function scan<T extends { id: string }>(
  table: Table<T, string>,
  visit: (row: T) => void,
): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const collection = last === undefined ? table.toCollection() : table.where(':id').above(last);
    const rows = await collection.limit(SCAN_CHUNK).toArray();
    for (const row of rows) visit(row);
    const tail = rows[rows.length - 1];
    if (rows.length < SCAN_CHUNK || !tail) return;
    last = tail.id;
  }
}

function best<F extends Field>(
  tries: readonly (readonly [F, string])[],
  q: string,
): { field: F; matched: string; rank: MatchRank } | undefined {
  let found: { field: F; matched: string; rank: MatchRank } | undefined;
  for (const [field, text] of tries) {
    const rank = rankMatch(normalise(text), q);
    if (rank !== undefined && (!found || rank < found.rank)) found = { field, matched: text, rank };
  }
  return found;
}

function rankAccount(account: LocalAccount, q: string): AccountHit | undefined {
  const found = best<'name' | 'domain'>(
    [['name', account.name], ...account.domains.map((d) => ['domain', d] as const)],
    q,
  );
  return found && { kind: 'account', id: account.id, account, ...found };
}

function rankContact(
  contact: Contact,
  account: LocalAccount | undefined,
  q: string,
): ContactHit | undefined {
  const found = best<'name' | 'email'>(
    [['name', contact.name], ...contact.emails.map((e) => ['email', e] as const)],
    q,
  );
  return found && { kind: 'contact', id: contact.id, contact, account, ...found };
}

const displayName = (hit: SearchHit): string =>
  hit.kind === 'account' ? hit.account.name : hit.contact.name;

/**
 * Best match first; at equal rank accounts before contacts (a rep searching "acme" wants the
 * company), names before domains and e-mails, shorter texts first (closer to what was typed),
 * then by name and id so the order never flickers between keystrokes.
 */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.kind !== b.kind) return a.kind === 'account' ? -1 : 1;
  const aName = a.field === 'name';
  if (aName !== (b.field === 'name')) return aName ? -1 : 1;
  if (a.matched.length !== b.matched.length) return a.matched.length - b.matched.length;
  const an = displayName(a);
  const bn = displayName(b);
  if (an !== bn) return an < bn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
