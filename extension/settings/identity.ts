import { z } from 'zod';
import { storage } from '#imports';
// Straight from its module: the capture index would bring the page extractors' parsers along.
import { normaliseEmailAddress } from '../../shared/capture/emails.ts';
import { hostnameCandidates, normaliseEmail } from '../../shared/index.ts';
import { t } from '../i18n/index.ts';

/**
 * Who the rep is: their own e-mail addresses, set on the options page or confirmed in the
 * webmail panel ("Is this you?"). Mail from one of them is outgoing, and the company domains
 * of these addresses are the rep's company: addresses there are colleagues, never prospects.
 * A preference of this browser (browser.storage.local), like the language and the sites.
 */
export const MAX_MY_ADDRESSES = 20;
/** Addresses the panel offered and the rep answered "No": not offered again. */
const MAX_DECLINED = 50;

export const myAddressesItem = storage.defineItem<string[]>('local:myAddresses', {
  fallback: [],
});
export const declinedAddressesItem = storage.defineItem<string[]>('local:declinedAddresses', {
  fallback: [],
});

const Stored = z.array(z.string().max(254)).max(MAX_DECLINED);

/** How the rep stands to an address on screen. */
export type Relation = 'me' | 'colleague' | 'external';

export interface Identity {
  /** The rep's own addresses, normalised as contacts are indexed. */
  readonly addresses: ReadonlySet<string>;
  /** Registrable domains of those addresses, free-mail providers left out. */
  readonly domains: ReadonlySet<string>;
  /** Signed-in addresses the rep said are not theirs. */
  readonly declined: ReadonlySet<string>;
}

export const NO_IDENTITY: Identity = {
  addresses: new Set(),
  domains: new Set(),
  declined: new Set(),
};

/** An address as the lookups key it (lower case, punycode domain), if it is a valid one. */
export function normaliseMyAddress(raw: string): string | undefined {
  const valid = normaliseEmailAddress(raw);
  return valid === undefined ? undefined : normaliseEmail(valid)?.address;
}

/** The company a domain names: its registrable domain, none for free-mail and webmail. */
const companyOf = (domain: string): string | undefined => hostnameCandidates(domain)?.registrable;

export function identityOf(
  addresses: readonly string[],
  declined: readonly string[] = [],
): Identity {
  const mine = new Set<string>();
  const domains = new Set<string>();
  for (const raw of addresses) {
    const n = normaliseEmail(raw);
    if (!n) continue;
    mine.add(n.address);
    const company = companyOf(n.domain);
    if (company) domains.add(company);
  }
  return { addresses: mine, domains, declined: new Set(declined) };
}

/** `email` (normalised) is the rep, a colleague at the rep's company, or someone else. */
export function relationOf(identity: Identity, email: string): Relation {
  if (identity.addresses.has(email)) return 'me';
  if (identity.domains.size === 0) return 'external';
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const company = companyOf(domain);
  return company !== undefined && identity.domains.has(company) ? 'colleague' : 'external';
}

export type AddressListResult =
  | { readonly ok: true; readonly addresses: string[] }
  | { readonly ok: false; readonly invalid: string[]; readonly tooMany: boolean };

/**
 * The options page's field: addresses separated by new lines, commas or semicolons (ASCII or
 * full-width), each a valid address (`Name <address>` accepted). Normalised, duplicates dropped.
 */
export function parseAddressList(text: string): AddressListResult {
  const entries = text
    .split(/[\n,;，；]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const addresses: string[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const address = normaliseMyAddress(entry);
    if (address === undefined) invalid.push(entry.slice(0, 100));
    else if (!addresses.includes(address)) addresses.push(address);
  }
  const tooMany = addresses.length > MAX_MY_ADDRESSES;
  return invalid.length > 0 || tooMany ? { ok: false, invalid, tooMany } : { ok: true, addresses };
}

/** Stored values come from an older version or a hand edit: keep only valid addresses. */
const clean = (value: unknown, max: number): string[] => {
  const parsed = Stored.safeParse(value);
  if (!parsed.success) return [];
  const out: string[] = [];
  for (const raw of parsed.data) {
    const address = normaliseMyAddress(raw);
    if (address !== undefined && !out.includes(address)) out.push(address);
  }
  return out.slice(0, max);
};

export async function loadMyAddresses(): Promise<string[]> {
  return clean(await myAddressesItem.getValue(), MAX_MY_ADDRESSES);
}

export async function loadIdentity(): Promise<Identity> {
  const [mine, declined] = await Promise.all([
    loadMyAddresses(),
    declinedAddressesItem.getValue().then((v) => clean(v, MAX_DECLINED)),
  ]);
  return identityOf(mine, declined);
}

/** Save the options page's field: all of it, or nothing when one address is invalid. */
export async function saveMyAddresses(text: string): Promise<AddressListResult> {
  const result = parseAddressList(text);
  if (result.ok) await myAddressesItem.setValue(result.addresses);
  return result;
}

/**
 * The rep's answer to "Is this you?": yes adds the address to theirs, no remembers not to ask
 * again. Returns the rep's addresses after the change.
 */
export async function answerSignedIn(raw: string, mine: boolean): Promise<string[]> {
  const address = normaliseMyAddress(raw);
  if (address === undefined) {
    throw new Error(t('webmail.identity.invalid', { addresses: raw.slice(0, 100) }));
  }
  const [addresses, declined] = await Promise.all([
    loadMyAddresses(),
    declinedAddressesItem.getValue().then((v) => clean(v, MAX_DECLINED)),
  ]);
  if (mine) {
    const next = addresses.includes(address) ? addresses : [...addresses, address];
    if (next.length > MAX_MY_ADDRESSES) {
      throw new Error(t('webmail.identity.tooMany', { n: MAX_MY_ADDRESSES }));
    }
    await myAddressesItem.setValue(next);
    if (declined.includes(address)) {
      await declinedAddressesItem.setValue(declined.filter((a) => a !== address));
    }
    return next;
  }
  if (!declined.includes(address)) {
    await declinedAddressesItem.setValue([...declined, address].slice(-MAX_DECLINED));
  }
  return addresses;
}
