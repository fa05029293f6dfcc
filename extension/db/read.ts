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
  const hits = await db.accounts.where('matchKeys').anyOf(candidates.keys).toArray();
  if (hits.length > 0) {
    for (const key of candidates.keys) {
      const account = hits.filter((a) => a.matchKeys.includes(key)).sort(byId)[0];
      if (account) return match(account, key);
    }
  }
  const under = await db.accounts.where('registrables').equals(candidates.registrable).toArray();
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
  const contacts = await db.contacts
    .where('emails')
    .anyOf(normalised.map((e) => e.address))
    .toArray();
  // A contact matches only while its account exists, as in shared/matching.
  const accountIds = [...new Set(contacts.map((c) => c.accountId))];
  const live = new Set((await db.accounts.bulkGet(accountIds)).flatMap((a) => (a ? [a.id] : [])));
  for (const e of normalised) {
    const contact = contacts
      .filter((c) => live.has(c.accountId) && c.emails.includes(e.address))
      .sort(byId)[0];
    if (contact) {
      out.set(e.address, { accountId: contact.accountId, contactId: contact.id, via: 'contact' });
      continue;
    }
    if (isFreeMailDomain(e.domain)) continue;
    const match = await lookupHostname(db, e.domain);
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
