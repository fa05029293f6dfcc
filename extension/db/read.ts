import type { Table } from 'dexie';
import {
  type AccountMatch,
  domainKey,
  type EmailMatch,
  hostnameCandidates,
  isFreeMailDomain,
  normaliseEmail,
} from '../../shared/index.ts';
import type { AccountLensDB, LocalAccount } from './database.ts';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The account a page belongs to, by the same rules as shared/matching's AccountIndex, answered
 * from IndexedDB indexes so a freshly woken service worker needs no in-memory index: the most
 * specific stored domain wins, then any domain under the same registrable domain, and ties go
 * to the oldest account.
 */
export async function lookupHostname(
  db: AccountLensDB,
  hostname: string,
): Promise<(AccountMatch & { account: LocalAccount }) | undefined> {
  const candidates = hostnameCandidates(hostname);
  if (!candidates) return undefined;
  // Every read at once (see rowsOfAccounts): the domain's own keys, and the accounts under its
  // registrable domain, which only count when no key matched.
  const [byKey, under] = await Promise.all([
    Promise.all(candidates.keys.map((key) => db.accounts.where('matchKeys').equals(key).toArray())),
    db.accounts.where('registrables').equals(candidates.registrable).toArray(),
  ]);
  for (const [i, key] of candidates.keys.entries()) {
    const account = byKey[i]?.sort(byId)[0];
    if (account) return match(account, key);
  }
  // Closest to the registrable domain first (fewest labels), then the oldest account.
  let best: { account: LocalAccount; key: string; depth: number } | undefined;
  for (const account of under.sort(byId)) {
    for (const key of account.matchKeys) {
      const r = candidates.registrable;
      if (key !== r && !key.endsWith(`.${r}`)) continue;
      const depth = key.split('.').length;
      if (!best || depth < best.depth) best = { account, key, depth };
    }
  }
  return best && match(best.account, best.key);
}

/** Report the stored domain (as AccountIndex does), not the index key it was found under. */
function match(account: LocalAccount, key: string): AccountMatch & { account: LocalAccount } {
  const domain = account.domains.find((d) => domainKey(d)?.key === key) ?? key;
  return { accountId: account.id, domain, via: 'domain', account };
}

/** Per address: the exact contact first, else the account by the address's company domain. */
export async function lookupEmails(
  db: AccountLensDB,
  emails: readonly string[],
): Promise<Map<string, EmailMatch>> {
  const out = new Map<string, EmailMatch>();
  const normalised = emails
    .map((e) => normaliseEmail(e))
    .filter((e): e is NonNullable<typeof e> => e !== undefined);
  if (normalised.length === 0) return out;
  // Each address's contacts and company domain at once: a domain read for an address that
  // turns out to be a contact's is wasted, but a chain of reads one after another is what the
  // rep would wait for (the webmail panel, a message with many recipients).
  const [contactsOf, domains] = await Promise.all([
    Promise.all(normalised.map((e) => db.contacts.where('emails').equals(e.address).toArray())),
    Promise.all(
      normalised.map((e) =>
        isFreeMailDomain(e.domain) ? undefined : lookupHostname(db, e.domain),
      ),
    ),
  ]);
  // A contact matches only while its account exists, as in shared/matching.
  const accountIds = [...new Set(contactsOf.flat().map((c) => c.accountId))];
  const live = new Set((await db.accounts.bulkGet(accountIds)).flatMap((a) => (a ? [a.id] : [])));
  for (const [i, e] of normalised.entries()) {
    const contact = (contactsOf[i] ?? []).filter((c) => live.has(c.accountId)).sort(byId)[0];
    if (contact) {
      out.set(e.address, { accountId: contact.accountId, contactId: contact.id, via: 'contact' });
      continue;
    }
    const match = domains[i];
    if (match)
      out.set(e.address, { accountId: match.accountId, domain: match.domain, via: 'domain' });
  }
  return out;
}

/**
 * Every row of `table` that belongs to one of these accounts (its `accountId` index): one
 * `getAll` per account, all issued at once. Dexie's `anyOf` walks a cursor instead, one round
 * trip per row, and each of those waits for a busy page's main thread, which is where a
 * one-account refresh lost most of its time.
 */
export async function rowsOfAccounts<T>(
  table: Table<T, string, unknown>,
  accountIds: Iterable<string>,
): Promise<T[]> {
  const lists = await Promise.all(
    [...new Set(accountIds)].map((id) => table.where('accountId').equals(id).toArray()),
  );
  return lists.flat();
}
