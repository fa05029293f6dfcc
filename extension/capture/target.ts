import type { OrganizationCandidate } from '../../shared/capture/types.ts';
import {
  type Contact,
  domainKey,
  hostnameCandidates,
  isFreeMailDomain,
} from '../../shared/index.ts';
import type { AccountLensDB } from '../db/database.ts';
import { lookupEmails, lookupHostname } from '../db/read.ts';

/** The account captured contacts join: one that is stored, or one the save creates. */
export type TargetAccount =
  | {
      readonly kind: 'existing';
      readonly accountId: string;
      readonly name: string;
      /** What it was matched by: a stored domain, or a stored contact's e-mail. */
      readonly matchedBy: string;
    }
  | {
      readonly kind: 'new';
      /** Editable text, as in the form: domains comma-separated. */
      readonly name: string;
      readonly domains: string;
      readonly phone: string;
      readonly address: string;
    };

/** A domain an account can be matched by: not a free-mail or webmail one, not an IP or LAN name. */
export function accountDomain(domain: string): boolean {
  return domainKey(domain) !== undefined && !isFreeMailDomain(domain);
}

/** The page's own registrable domain, when its site can be a company's. */
export function pageDomain(url: string): string | undefined {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    host = parsed.hostname;
  } catch {
    return undefined;
  }
  const registrable = hostnameCandidates(host)?.registrable;
  return registrable !== undefined && accountDomain(registrable) ? registrable : undefined;
}

/**
 * Which account the capture joins, by the rules the badge uses: the page's own host first
 * (the most specific stored domain wins), then the organisation's other domains, then the
 * account of a stored contact one of the candidates' addresses belongs to (a signature
 * selected in webmail). No match: a new account, prefilled from the organisation.
 */
export async function resolveTarget(
  db: AccountLensDB,
  input: {
    readonly url: string;
    readonly organization: OrganizationCandidate;
    readonly emails: readonly string[];
  },
): Promise<TargetAccount> {
  const hosts: string[] = [];
  try {
    const page = new URL(input.url);
    if (page.protocol === 'http:' || page.protocol === 'https:') hosts.push(page.hostname);
  } catch {
    // No page host: the organisation's domains still can match.
  }
  hosts.push(...input.organization.domains);
  for (const host of hosts) {
    const found = await lookupHostname(db, host);
    if (found) {
      return {
        kind: 'existing',
        accountId: found.accountId,
        name: found.account.name,
        matchedBy: found.domain,
      };
    }
  }
  if (input.emails.length > 0) {
    const matches = await lookupEmails(db, input.emails);
    for (const [email, match] of matches) {
      const account = await db.accounts.get(match.accountId);
      if (account) {
        return { kind: 'existing', accountId: account.id, name: account.name, matchedBy: email };
      }
    }
  }
  const org = input.organization;
  return {
    kind: 'new',
    name: org.name ?? '',
    domains: org.domains.filter(accountDomain).join(', '),
    phone: org.phone ?? '',
    address: org.address ?? '',
  };
}

/**
 * The stored contacts a capture's candidates are compared with: everyone in the target
 * account, and anyone anywhere who has one of the candidates' addresses (an address is a
 * person, whichever account they were filed under).
 */
export async function contactsToCompare(
  db: AccountLensDB,
  accountId: string | undefined,
  emails: readonly string[],
): Promise<Contact[]> {
  const [inAccount, byEmail] = await Promise.all([
    accountId ? db.contacts.where('accountId').equals(accountId).toArray() : [],
    emails.length > 0
      ? db.contacts
          .where('emails')
          .anyOf([...emails])
          .toArray()
      : [],
  ]);
  const all = new Map<string, Contact>();
  for (const c of [...inAccount, ...byEmail]) if (!c.deleted) all.set(c.id, c);
  return [...all.values()];
}
