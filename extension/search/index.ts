import { Dexie } from 'dexie';
import type { Contact } from '../../shared/index.ts';
import { WHOLE_BOOK } from '../book/types.ts';
import type { AccountLensDB, LocalAccount } from '../db/database.ts';
import { rowsOfAccounts } from '../db/read.ts';
import { urgent } from '../db/urgent.ts';
import { type Column, type ScanStats, scanColumns } from './columns.ts';
import { bucketOf, intersect, queryGrams, shardsOf } from './grams.ts';
import { catchUp, parseHeader, SEARCH_INDEX } from './maintain.ts';
import { type MatchRank, normalise, rankMatch } from './normalise.ts';
import { type Kind, matchShard, type Owner, parseOwner } from './shards.ts';

export { type CatchUpResult, catchUp } from './maintain.ts';
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

type Field = SearchHit['field'];

export interface SearchOptions {
  /** Results wanted; 20 by default. */
  readonly limit?: number;
  /**
   * Called first with what the IndexedDB indexes find by prefix when the substring pass will be
   * slow: before the persisted index's first build, when it scans the book.
   */
  readonly onPrefix?: (hits: SearchHit[]) => void;
}

export interface AccountSearchOptions {
  /**
   * Whether a search that meets changes not yet in the index brings it up to date afterwards
   * (a few shards; the background builds it whole). True by default.
   */
  readonly catchUp?: boolean;
  /**
   * Called (at most every few seconds) when the index is missing or behind by more than a
   * search reads directly: the page asks the background to build or catch up.
   */
  readonly onStale?: () => void;
}

/** Substring candidates taken before ranking: bounds the work for a one-letter query. */
const CANDIDATES = 400;
const PREFIX_PER_INDEX = 50;
/** Shards read per IndexedDB request while candidates are still wanted. */
const SHARDS_PER_READ = 6;
/** Changed accounts a search reads directly; above, it scans the book until caught up. */
const PENDING_DIRECT_MAX = 2_000;
const STALE_REPORT_MS = 5_000;
/** A rescan of the book expected to take less than this is awaited rather than stale. */
const WAIT_FOR_SCAN_MS = 150;

/**
 * Search across accounts (name, domains) and contacts (name, e-mails), CJK included.
 *
 * Three sources, merged:
 * - exact and prefix matches from the Dexie indexes (name, matchKeys, emails): a few
 *   milliseconds whatever the book's size, and always current;
 * - substring matches ("小明" in "王小明") from the persisted index (maintain.ts, shards.ts):
 *   the grams of the query name the shards that can hold it, read a few at a time until enough
 *   candidates are found, so a keystroke reads kilobytes, not the book;
 * - the accounts changed since the index was last caught up, read and matched directly.
 *
 * Before the index's first build (a large book right after its first sync), or while it is
 * behind by more than a search reads directly, substring matches come from one scan of the book
 * held in memory (columns.ts), and the background is asked to catch up. Every candidate is re-read and
 * re-checked before it is returned, so a stale index never shows a deleted row or a match
 * that no longer holds.
 */
export class AccountSearch {
  private readonly db: AccountLensDB;
  private readonly catchUp: boolean;
  private readonly onStale: (() => void) | undefined;
  private staleReported = Number.NEGATIVE_INFINITY;
  private scanned: { columns: Column[]; stats: ScanStats } | undefined;
  private scanning: Promise<Column[]> | undefined;
  private stale = false;
  private readonly unsubscribe: () => void;

  constructor(db: AccountLensDB, options: AccountSearchOptions = {}) {
    this.db = db;
    this.catchUp = options.catchUp ?? true;
    this.onStale = options.onStale;
    // For the scan: Dexie reports writes from every context of the extension.
    const onMutated = (parts: Record<string, unknown>) => {
      for (const key of Object.keys(parts)) {
        if (key.includes(`/${db.name}/accounts/`) || key.includes(`/${db.name}/contacts/`)) {
          this.stale = true;
          return;
        }
      }
    };
    Dexie.on('storagemutated', onMutated);
    this.unsubscribe = () => Dexie.on('storagemutated').unsubscribe(onMutated);
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Open the database and read the index's header now, when the search box appears: the first
   * keystroke then does not wait for the connection (about 10 ms in a fresh popup).
   */
  async warm(): Promise<void> {
    await this.db.meta.get(SEARCH_INDEX);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const started = performance.now();
    const hits = await urgent(() => this.run(query, options));
    performance.measure('account-lens:search', { start: started });
    return hits;
  }

  private async run(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const q = normalise(query);
    const limit = options.limit ?? 20;
    if (q.length === 0) return [];
    const { db } = this;
    const grams = queryGrams(q);
    const bucketNos = [...new Set(grams.map(bucketOf))];
    // Both passes at once; each costs a round trip or two to IndexedDB, nothing waits for
    // another's. One snapshot: the changes read here are those the index read with them lacks.
    const prefixed = this.prefixCandidates(query.trim(), q);
    const snapshot = db.transaction('r', [db.meta, db.search_changes, db.search_grams], () =>
      Promise.all([
        db.meta.get(SEARCH_INDEX),
        db.search_changes.toArray(),
        db.search_grams.bulkGet(bucketNos),
      ]),
    );
    const [stored, changes, buckets] = await snapshot;
    const header = parseHeader(stored?.value);
    const pending = new Set(changes.flatMap((c) => c.accountIds));
    // Behind by more than a search reads directly (a first sync, an import, rows written
    // behind Dexie's back): the index may lack what the rep is looking for.
    const direct = !pending.has(WHOLE_BOOK) && pending.size <= PENDING_DIRECT_MAX;
    const found = new Candidates();
    if (!header || !direct) {
      this.reportStale();
      // The scan is slow to build: show what the prefix pass found meanwhile.
      const prefix = await prefixed;
      if (options.onPrefix) options.onPrefix(await this.resolve(prefix, q, limit));
      found.merge(prefix);
      for (const column of await this.scan()) {
        for (const id of column.find(q, CANDIDATES / 4)) found.add({ kind: column.kind, id });
      }
    } else {
      const byBucket = new Map(bucketNos.map((b, i) => [b, buckets[i]]));
      const shardNos = intersect(grams.map((g) => shardsOf(byBucket.get(bucketOf(g)), g)));
      const owners = new Set<string>();
      const [prefix, , changed] = await Promise.all([
        prefixed,
        this.readShards(shardNos, q, owners),
        pending.size > 0 ? this.readChanged([...pending]) : undefined,
      ]);
      found.merge(prefix);
      if (changed) {
        for (const account of changed.accounts) if (account) found.addAccount(account);
        for (const contact of changed.contacts) found.addContact(contact);
      }
      for (const owner of owners) found.add(parseOwner(owner));
      if (this.catchUp && pending.size > 0) this.catchUpLater();
    }
    return this.resolve(found, q, limit);
  }

  /** Candidates from the shards, in shard order, a few shards per request until enough. */
  private async readShards(nos: readonly number[], q: string, owners: Set<string>) {
    for (let at = 0; at < nos.length && owners.size < CANDIDATES; at += SHARDS_PER_READ) {
      const shards = await this.db.search_shards.bulkGet(nos.slice(at, at + SHARDS_PER_READ));
      for (const shard of shards) if (shard) matchShard(shard, q, owners, CANDIDATES);
    }
  }

  /** The changed accounts and their contacts: resolving keeps those that match. */
  private async readChanged(
    accountIds: string[],
  ): Promise<{ accounts: (LocalAccount | undefined)[]; contacts: Contact[] }> {
    const { db } = this;
    const [accounts, contacts] = await db.transaction('r', [db.accounts, db.contacts], () =>
      Promise.all([db.accounts.bulkGet(accountIds), rowsOfAccounts(db.contacts, accountIds)]),
    );
    return { accounts, contacts };
  }

  private reportStale(): void {
    const now = performance.now();
    if (!this.onStale || now - this.staleReported < STALE_REPORT_MS) return;
    this.staleReported = now;
    this.onStale();
  }

  private catchUpLater(): void {
    setTimeout(() => {
      catchUp(this.db).catch((e: unknown) => console.warn('[account-lens search] catch-up', e));
    }, 0);
  }

  /** Matches by prefix from the IndexedDB indexes: always current, cheap on any book size. */
  private async prefixCandidates(raw: string, q: string): Promise<Candidates> {
    const { accounts, contacts } = this.db;
    const [byName, byDomain, byContactName, byEmail] = await Promise.all([
      accounts.where('name').startsWithIgnoreCase(raw).limit(PREFIX_PER_INDEX).toArray(),
      accounts.where('matchKeys').startsWith(q).limit(PREFIX_PER_INDEX).toArray(),
      contacts.where('name').startsWithIgnoreCase(raw).limit(PREFIX_PER_INDEX).toArray(),
      contacts.where('emails').startsWith(q).limit(PREFIX_PER_INDEX).toArray(),
    ]);
    const out = new Candidates();
    for (const account of [...byName, ...byDomain]) out.addAccount(account);
    for (const contact of [...byContactName, ...byEmail]) out.addContact(contact);
    return out;
  }

  /**
   * The scanned columns, before the index exists. After a change they are rescanned; a rescan
   * the last one says is quick is waited for (results are then exact), a slow one is not: the
   * stale columns answer meanwhile, and the prefix pass still sees every new row.
   */
  private scan(): Promise<Column[]> {
    if (this.scanned && !this.stale) return Promise.resolve(this.scanned.columns);
    if (!this.scanning) {
      this.stale = false;
      const run = scanColumns(this.db).then(
        (scanned) => {
          this.scanned = scanned;
          this.scanning = undefined;
          return scanned.columns;
        },
        (error: unknown) => {
          this.scanning = undefined;
          throw error;
        },
      );
      this.scanning = run;
    }
    const quick = (this.scanned?.stats.buildMs ?? Number.POSITIVE_INFINITY) < WAIT_FOR_SCAN_MS;
    return this.scanned && !quick ? Promise.resolve(this.scanned.columns) : this.scanning;
  }

  /**
   * Read the candidates not read yet (one round trip: a contact's account is known from the
   * index), re-check each against its current row, rank, and keep the best.
   */
  private async resolve(found: Candidates, q: string, limit: number): Promise<SearchHit[]> {
    const { db } = this;
    const [accountRows, contactRows] = await db.transaction('r', [db.accounts, db.contacts], () =>
      Promise.all([
        db.accounts.bulkGet(found.accountsToRead()),
        db.contacts.bulkGet(found.contactsToRead()),
      ]),
    );
    const movedFrom = found.read(accountRows, contactRows);
    // A contact moved to another account since it was indexed: read that account too, and have
    // the old account's shard recomputed (the move's change names only the new account).
    const moved = found.accountsToRead();
    if (moved.length > 0) found.read(await db.accounts.bulkGet(moved), []);
    if (movedFrom.size > 0) {
      db.search_changes.add({ accountIds: [...movedFrom] }).catch(() => undefined);
    }
    const hits: SearchHit[] = [];
    for (const account of found.accounts()) {
      const hit = rankAccount(account, q);
      if (hit) hits.push(hit);
    }
    for (const contact of found.contacts()) {
      const hit = rankContact(contact, found.account(contact.accountId), q);
      if (hit) hits.push(hit);
    }
    return hits.sort(compareHits).slice(0, limit);
  }
}

/**
 * What a search may show: the ids found (by the prefix pass, the index, the scan, the changed
 * accounts) and the rows read so far, which include contacts' accounts.
 */
class Candidates {
  private readonly accountIds = new Set<string>();
  /** Found contacts, with their account's id as the index knew it until the row is read. */
  private readonly contactIds = new Map<string, string | undefined>();
  private readonly accountRows = new Map<string, LocalAccount>();
  private readonly contactRows = new Map<string, Contact>();

  add(owner: Owner | { readonly kind: Kind; readonly id: string }): void {
    if (owner.kind === 'account') this.accountIds.add(owner.id);
    else if (!this.contactIds.get(owner.id)) {
      this.contactIds.set(owner.id, 'accountId' in owner ? owner.accountId : undefined);
    }
  }

  /** A found account, read. */
  addAccount(account: LocalAccount): void {
    this.accountIds.add(account.id);
    this.accountRows.set(account.id, account);
  }

  /** A found contact, read. */
  addContact(contact: Contact): void {
    this.contactIds.set(contact.id, contact.accountId);
    this.contactRows.set(contact.id, contact);
  }

  /**
   * Rows read for resolving (results or contacts' accounts). Returns the accounts the index
   * still files a read contact under though it has moved.
   */
  read(
    accounts: readonly (LocalAccount | undefined)[],
    contacts: readonly (Contact | undefined)[],
  ): Set<string> {
    const movedFrom = new Set<string>();
    for (const a of accounts) if (a) this.accountRows.set(a.id, a);
    for (const c of contacts) {
      if (!c) continue;
      const hint = this.contactIds.get(c.id);
      if (hint && hint !== c.accountId) movedFrom.add(hint);
      this.contactRows.set(c.id, c);
    }
    return movedFrom;
  }

  merge(other: Candidates): void {
    for (const id of other.accountIds) this.accountIds.add(id);
    for (const [id, accountId] of other.contactIds) {
      if (!this.contactIds.get(id)) this.contactIds.set(id, accountId);
    }
    for (const [id, row] of other.accountRows) this.accountRows.set(id, row);
    for (const [id, row] of other.contactRows) this.contactRows.set(id, row);
  }

  /** Accounts to read: found ones, and found contacts' accounts. */
  accountsToRead(): string[] {
    const ids = new Set<string>();
    for (const id of this.accountIds) if (!this.accountRows.has(id)) ids.add(id);
    for (const [id, hint] of this.contactIds) {
      const accountId = this.contactRows.get(id)?.accountId ?? hint;
      if (accountId && !this.accountRows.has(accountId)) ids.add(accountId);
    }
    return [...ids];
  }

  contactsToRead(): string[] {
    return [...this.contactIds.keys()].filter((id) => !this.contactRows.has(id));
  }

  /** Found accounts, live. */
  *accounts(): Iterable<LocalAccount> {
    for (const id of this.accountIds) {
      const row = this.accountRows.get(id);
      if (row && !row.deleted) yield row;
    }
  }

  /** Found contacts, live. */
  *contacts(): Iterable<Contact> {
    for (const id of this.contactIds.keys()) {
      const row = this.contactRows.get(id);
      if (row && !row.deleted) yield row;
    }
  }

  account(id: string): LocalAccount | undefined {
    const row = this.accountRows.get(id);
    return row && !row.deleted ? row : undefined;
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
