import { getDomain } from 'tldts';
import { FREE_MAIL_DOMAINS, WEBMAIL_HOSTS } from './free-mail.ts';

/**
 * Private suffixes count: `acme.github.io` and `rival.github.io` are different tenants of a
 * platform, so their registrable domains must differ, and a bare platform suffix (github.io,
 * myshopify.com) is nobody's account. The input is always a bare hostname we normalised.
 */
const TLDTS_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  mixedInputs: false,
  detectIp: true,
  validateHostname: true,
} as const;

// Characters that would make `new URL('http://' + input)` read something other than a host
// (user info, path, query), so `acme.com@evil.com` cannot smuggle in another hostname.
const NOT_A_HOST = /[/\\?#@\s]/;
const CANONICAL = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;

/**
 * A hostname as every index key is written: lowercase ASCII (IDN in punycode), no port, no
 * trailing dot. `undefined` for anything that is not a hostname.
 */
export function normaliseHostname(input: string): string | undefined {
  const raw = input.trim();
  // Stored domains and most page hostnames are already canonical; skipping the URL parser for
  // them halves the cost of indexing a large book. A last label starting with a letter is never
  // read as an IPv4 address, so the parser could not have changed these.
  if (CANONICAL.test(raw)) return raw;
  if (raw === '' || NOT_A_HOST.test(raw)) return undefined;
  let host: string;
  try {
    host = new URL(`http://${raw}`).hostname;
  } catch {
    return undefined;
  }
  while (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '' || host.startsWith('.') || host.includes('..')) return undefined;
  return host;
}

/**
 * The registrable domain (eTLD+1, private suffixes included) of a normalised hostname, or
 * `undefined` for hosts that never identify a company: IP addresses, localhost and LAN
 * (`.local`) names, single labels and bare public suffixes.
 */
export function registrableDomain(host: string): string | undefined {
  if (host.startsWith('[')) return undefined;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) {
    return undefined;
  }
  return getDomain(host, TLDTS_OPTIONS) ?? undefined;
}

/** Every suffix of `host` from itself down to `registrable`, most specific first. */
export function* hostSuffixes(host: string, registrable: string): Generator<string> {
  let s = host;
  for (;;) {
    yield s;
    if (s.length <= registrable.length) return;
    s = s.slice(s.indexOf('.') + 1);
  }
}

/** True if `host` (normalised) is on a free-mail provider's domain or one of its subdomains. */
export function isFreeMailHost(host: string, registrable = registrableDomain(host)): boolean {
  if (registrable === undefined) return FREE_MAIL_DOMAINS.has(host);
  for (const s of hostSuffixes(host, registrable)) if (FREE_MAIL_DOMAINS.has(s)) return true;
  return false;
}

/**
 * True if `domain` (any case, IDN allowed) belongs to a free-mail provider, so an address on it
 * says nothing about the sender's company.
 */
export function isFreeMailDomain(domain: string): boolean {
  const host = normaliseHostname(domain);
  return host !== undefined && isFreeMailHost(host);
}

/** True if `host` must never match by hostname: free-mail providers' sites and webmail apps. */
export function isNeverMatchedHost(host: string, registrable: string): boolean {
  for (const s of hostSuffixes(host, registrable)) {
    if (FREE_MAIL_DOMAINS.has(s) || WEBMAIL_HOSTS.has(s)) return true;
  }
  return false;
}

export interface NormalisedEmail {
  /** `local@domain`, lowercase, the domain in punycode. */
  readonly address: string;
  readonly domain: string;
}

/**
 * An e-mail address as contacts are indexed: trimmed, lowercased (as the Contact schema stores
 * it) and with a Unicode domain in punycode, so `Jane@Bücher.de` finds `jane@xn--bcher-kva.de`.
 */
export function normaliseEmail(email: string): NormalisedEmail | undefined {
  const raw = email.trim().toLowerCase();
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at === raw.length - 1) return undefined;
  const local = raw.slice(0, at);
  if (/\s/.test(local)) return undefined;
  const rawDomain = raw.slice(at + 1);
  const domain = normaliseHostname(rawDomain);
  if (domain === undefined) return undefined;
  return { address: domain === rawDomain ? raw : `${local}@${domain}`, domain };
}
