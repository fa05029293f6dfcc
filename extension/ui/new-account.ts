import { domainKey, hostnameCandidates, isFreeMailDomain } from '../../shared/index.ts';

/** What the popup offers to add for a page that belongs to no account. */
export interface NewAccountOffer {
  /** The page's registrable domain: what the new account's badge will match. */
  readonly domain: string;
  /** A first guess at the company's name, for the rep to correct. */
  readonly name: string;
}

/**
 * The offer for a page, or `undefined` when its site can never be an account's: not http(s),
 * IP addresses, localhost and LAN names, bare platform suffixes, free-mail providers and webmail
 * apps (the same rules that decide whether a page matches, so an offered domain always can).
 */
export function newAccountOffer(
  url: string | undefined,
  title: string | undefined,
): NewAccountOffer | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const domain = hostnameCandidates(parsed.hostname)?.registrable;
  if (domain === undefined || isFreeMailDomain(domain) || domainKey(domain) === undefined) {
    return undefined;
  }
  return { domain, name: accountNameFromTitle(title, domain) };
}

// Separators sites put between the page's name and the company's. A hyphen or colon inside a
// name ("Coca-Cola", "10:30 Labs") is not one, so those count only with spaces around them.
const SEPARATOR = /\s+[-–—|·•»~]\s+|\s*[|｜–—•·»]\s*|[:：]\s+|：|——/;

// Whole segments that name the page, never the company.
const GENERIC =
  /^(?:home(?:\s?page)?|welcome|index|main page|start(?:seite)?|accueil|inicio|official(?:\s+web)?\s*site|the official(?:\s+web)?\s*site|official|首页|主页|官网|官方网站|欢迎访问|欢迎光临)$/i;

// Words around the company's name inside a segment: "Welcome to Acme", "Acme官网".
const PREFIX = /^(?:welcome to\s+|欢迎(?:访问|来到|光临)?)/i;
const SUFFIX = /\s*(?:[-–—]\s*)?(?:official\s+(?:web\s*)?site|官方网站|官网|首页)$/i;

const MAX_NAME = 200;

const compact = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The domain's first label as a name: `acme-robotics.com` → "Acme Robotics". */
export function nameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  const words = label.split(/[-_]+/).filter((w) => w !== '');
  const name = words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join(' ');
  return name || domain;
}

/**
 * A company name from a page title: the title without the page's own name and boilerplate
 * (" | Home", " - Official site", "Welcome to …", "…官网"). Of what is left, the part that
 * spells the domain wins ("Products | Acme" on acme.com is Acme); otherwise the first part,
 * since sites put their name first more often than last. No usable title: the domain's label.
 */
export function accountNameFromTitle(title: string | undefined, domain: string): string {
  const parts = (title ?? '')
    .split(SEPARATOR)
    .map((p) => p.trim().replace(PREFIX, '').replace(SUFFIX, '').trim())
    .filter((p) => p !== '' && !GENERIC.test(p));
  const label = compact(domain.split('.')[0] ?? '');
  const spelled =
    label === ''
      ? undefined
      : parts.find((p) => {
          const c = compact(p);
          return c !== '' && (c.includes(label) || (c.length >= 3 && label.includes(c)));
        });
  const name = spelled ?? parts[0];
  if (name === undefined) return nameFromDomain(domain);
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME).trim() : name;
}
