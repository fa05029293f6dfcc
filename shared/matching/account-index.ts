import type { Account, Contact } from '../schema/index.ts';
import {
  isFreeMailHost,
  isNeverMatchedHost,
  normaliseEmail,
  normaliseHostname,
  registrableDomain,
} from './hostname.ts';

/** A page's hostname matched one of an account's domains. */
export interface AccountMatch {
  readonly accountId: string;
  /** The account's stored domain that matched. */
  readonly domain: string;
  readonly via: 'domain';
}

/** An address is a known contact's. */
export interface ContactMatch {
  readonly accountId: string;
  readonly contactId: string;
  readonly via: 'contact';
}

export type EmailMatch = ContactMatch | AccountMatch;

/** How a stored account domain is indexed. */
export interface DomainKey {
  /** The stored domain, normalised. */
  readonly domain: string;
  /** The domain without a leading `www.`: a page matches it exactly or as a subdomain. */
  readonly key: string;
  /** Its registrable domain: a page under it matches when no key does. */
  readonly registrable: string;
}

/** What to look up for a page's hostname. */
export interface HostnameCandidates {
  /** Keys to probe, most specific first; the first one any account has wins. */
  readonly keys: readonly string[];
  /** Probe `DomainKey.registrable` with this when no key matched. */
  readonly registrable: string;
}

const WWW = /^www\d{0,2}\./;

/**
 * How an account's stored domain is indexed, or `undefined` if it must not be: IPs, localhost,
 * bare public suffixes, and free-mail or webmail domains (a rep pasting a contact's gmail.com
 * onto an account would otherwise badge every gmail.com thread with it).
 *
 * Exported with `hostnameCandidates` so a store with its own indexes (Dexie, SQLite) can run the
 * same matching as `AccountIndex`.
 */
export function domainKey(stored: string): DomainKey | undefined {
  const domain = normaliseHostname(stored);
  if (domain === undefined) return undefined;
  const registrable = registrableDomain(domain);
  if (registrable === undefined || isNeverMatchedHost(domain, registrable)) return undefined;
  // `www.` never names a separate part of a company; dropping it lets `www.acme.com` stored
  // match `acme.com` and stay less specific than `eu.acme.com`.
  const key = domain !== registrable && WWW.test(domain) ? domain.replace(WWW, '') : domain;
  return { domain, key, registrable };
}

/** The lookups that match a page's hostname, or `undefined` if it never matches an account. */
export function hostnameCandidates(hostname: string): HostnameCandidates | undefined {
  const host = normaliseHostname(hostname);
  return host === undefined ? undefined : candidatesOf(host);
}

function candidatesOf(host: string): HostnameCandidates | undefined {
  const registrable = registrableDomain(host);
  if (registrable === undefined || isNeverMatchedHost(host, registrable)) return undefined;
  const keys = [host];
  let suffix = host;
  while (suffix.length > registrable.length) {
    suffix = suffix.slice(suffix.indexOf('.') + 1);
    keys.push(suffix);
  }
  return { keys, registrable };
}

interface DomainEntry extends DomainKey {
  readonly accountId: string;
  /** Labels in the key: fewer = closer to the registrable domain. */
  readonly depth: number;
}

// Most buckets hold one item, so a lone item is stored bare: at 100k accounts and 300k contacts
// the one-element arrays were most of the build's garbage-collection time.
type Bucket<T> = T | T[];

function add<T>(map: Map<string, Bucket<T>>, key: string, item: T, cmp: (a: T, b: T) => number) {
  const found = map.get(key);
  if (found === undefined) {
    map.set(key, item);
    return;
  }
  const list = Array.isArray(found) ? found : [found];
  let i = list.length;
  while (i > 0 && cmp(list[i - 1] as T, item) > 0) i--;
  list.splice(i, 0, item);
  map.set(key, list);
}

function remove<T>(map: Map<string, Bucket<T>>, key: string, drop: (item: T) => boolean) {
  const found = map.get(key);
  if (found === undefined) return;
  const kept = (Array.isArray(found) ? found : [found]).filter((item) => !drop(item));
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept.length === 1 ? (kept[0] as T) : kept);
}

function* items<T>(bucket: Bucket<T> | undefined): Generator<T> {
  if (bucket === undefined) return;
  if (Array.isArray(bucket)) yield* bucket;
  else yield bucket;
}

const first = <T>(bucket: Bucket<T> | undefined): T | undefined =>
  Array.isArray(bucket) ? bucket[0] : bucket;

const hasDomain = (bucket: Bucket<DomainEntry>, domain: string): boolean =>
  Array.isArray(bucket) ? bucket.some((e) => e.domain === domain) : bucket.domain === domain;

const compareStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
// ULIDs sort by creation time, so "lowest id" means "oldest record": when two accounts claim the
// same domain (a duplicate account), the original keeps the badge whatever order rows arrive in.
const byAccount = (a: DomainEntry, b: DomainEntry): number =>
  compareStr(a.accountId, b.accountId) || compareStr(a.domain, b.domain);
const byDepthThenAccount = (a: DomainEntry, b: DomainEntry): number =>
  a.depth - b.depth || byAccount(a, b);

const depthOf = (key: string): number => {
  let n = 1;
  for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) n++;
  return n;
};

/**
 * Hostname and e-mail → account, kept in memory by the extension's background.
 *
 * Domains: each stored domain is indexed under its own hostname (minus a leading `www.`). A
 * lookup walks the page's hostname from its most specific suffix down to its registrable domain
 * and takes the first stored domain it meets, so `eu.acme.com` (Acme Europe) beats `acme.com`
 * (Acme Inc) on `shop.eu.acme.com`. If none is met, any stored domain under the same registrable
 * domain matches (`shop.acme.co.uk` stored → all of `acme.co.uk` matches), the one closest to the
 * registrable domain first.
 *
 * Ties (the same domain on two accounts, an address on two contacts) go to the lowest id, so the
 * answer never depends on the order rows arrived in: incremental updates and a rebuild agree.
 *
 * Deleted rows are not indexed; a contact matches only while its account is indexed, so the
 * contacts of a deleted account stop matching without being touched.
 */
export class AccountIndex {
  /** Live accounts and the domain entries each contributed. */
  private readonly accounts = new Map<string, Bucket<DomainEntry> | null>();
  private readonly exact = new Map<string, Bucket<DomainEntry>>();
  private readonly fallback = new Map<string, Bucket<DomainEntry>>();
  /** Contact id → [accountId, ...normalised e-mails]. */
  private readonly contacts = new Map<string, readonly string[]>();
  /** Normalised e-mail → contact ids, lowest first. */
  private readonly byEmail = new Map<string, Bucket<string>>();

  get accountCount(): number {
    return this.accounts.size;
  }

  get contactCount(): number {
    return this.contacts.size;
  }

  /** Add or replace an account; a deleted account is removed. */
  upsertAccount(account: Pick<Account, 'id' | 'domains' | 'deleted'>): void {
    this.removeAccount(account.id);
    if (account.deleted) return;
    let mine: Bucket<DomainEntry> | null = null;
    for (const stored of account.domains) {
      const key = domainKey(stored);
      if (!key || (mine !== null && hasDomain(mine, key.domain))) continue;
      const entry: DomainEntry = {
        domain: key.domain,
        key: key.key,
        registrable: key.registrable,
        accountId: account.id,
        depth: depthOf(key.key),
      };
      mine = mine === null ? entry : Array.isArray(mine) ? [...mine, entry] : [mine, entry];
      add(this.exact, entry.key, entry, byAccount);
      if (entry.key !== entry.registrable) {
        add(this.fallback, entry.registrable, entry, byDepthThenAccount);
      }
    }
    this.accounts.set(account.id, mine);
  }

  removeAccount(accountId: string): void {
    const entries = this.accounts.get(accountId);
    if (entries === undefined) return;
    this.accounts.delete(accountId);
    const isMine = (e: DomainEntry) => e.accountId === accountId;
    for (const entry of items(entries ?? undefined)) {
      remove(this.exact, entry.key, isMine);
      if (entry.key !== entry.registrable) remove(this.fallback, entry.registrable, isMine);
    }
  }

  /** Add or replace a contact; a deleted contact is removed. */
  upsertContact(contact: Pick<Contact, 'id' | 'accountId' | 'emails' | 'deleted'>): void {
    this.removeContact(contact.id);
    if (contact.deleted) return;
    const record = [contact.accountId];
    for (const raw of contact.emails) {
      const email = normaliseEmail(raw)?.address;
      if (email === undefined || record.includes(email, 1)) continue;
      record.push(email);
      add(this.byEmail, email, contact.id, compareStr);
    }
    this.contacts.set(contact.id, record);
  }

  removeContact(contactId: string): void {
    const record = this.contacts.get(contactId);
    if (record === undefined) return;
    this.contacts.delete(contactId);
    for (let i = 1; i < record.length; i++) {
      remove(this.byEmail, record[i] as string, (id) => id === contactId);
    }
  }

  matchHostname(hostname: string): AccountMatch | undefined {
    const host = normaliseHostname(hostname);
    return host === undefined ? undefined : this.matchHost(host);
  }

  matchEmail(email: string): EmailMatch | undefined {
    const normalised = normaliseEmail(email);
    if (!normalised) return undefined;
    for (const contactId of items(this.byEmail.get(normalised.address))) {
      const accountId = this.contacts.get(contactId)?.[0];
      if (accountId !== undefined && this.accounts.has(accountId)) {
        return { accountId, contactId, via: 'contact' };
      }
    }
    if (isFreeMailHost(normalised.domain)) return undefined;
    return this.matchHost(normalised.domain);
  }

  private matchHost(host: string): AccountMatch | undefined {
    const candidates = candidatesOf(host);
    if (!candidates) return undefined;
    for (const key of candidates.keys) {
      const hit = first(this.exact.get(key));
      if (hit) return { accountId: hit.accountId, domain: hit.domain, via: 'domain' };
    }
    const hit = first(this.fallback.get(candidates.registrable));
    return hit ? { accountId: hit.accountId, domain: hit.domain, via: 'domain' } : undefined;
  }
}

/**
 * Build the index from stored rows; deleted rows are skipped. Keep the index and feed it
 * `upsertAccount`/`upsertContact`/`removeAccount`/`removeContact` as rows change: an update costs
 * about as much as indexing that one row, so a rebuild is never needed.
 */
export function buildAccountIndex(
  accounts: readonly Pick<Account, 'id' | 'domains' | 'deleted'>[],
  contacts: readonly Pick<Contact, 'id' | 'accountId' | 'emails' | 'deleted'>[],
): AccountIndex {
  const index = new AccountIndex();
  for (const account of accounts) index.upsertAccount(account);
  for (const contact of contacts) index.upsertContact(contact);
  return index;
}

/** The account whose domain a page's hostname is on, or `undefined` (IPs, localhost, free-mail). */
export function matchHostname(index: AccountIndex, hostname: string): AccountMatch | undefined {
  return index.matchHostname(hostname);
}

/**
 * The account an address belongs to: a known contact's exact address first, else (unless the
 * address is on a free-mail provider) the account owning the address's domain.
 */
export function matchEmail(index: AccountIndex, email: string): EmailMatch | undefined {
  return index.matchEmail(email);
}

/** `matchEmail` for every address of a webmail thread, in the order given. */
export function matchEmails(
  index: AccountIndex,
  emails: readonly string[],
): (EmailMatch | undefined)[] {
  return emails.map((email) => index.matchEmail(email));
}
