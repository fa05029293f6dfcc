import {
  type CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/min';

export type { CountryCode };

/**
 * Phone-looking runs in text: optional +/00, digits with the usual separators, an optional
 * extension. Validated afterwards; this only has to not miss.
 */
export const PHONE_IN_TEXT =
  /(?:(?:\+|＋|00)\s?)?(?:\(\d{1,5}\)\s?)?\d[\d\s()./-]{5,22}\d(?:\s*(?:ext\.?|x|extension|转|分机)\s*\d{1,6})?/giu;

// Dates, years and ranges that have as many digits as a phone number.
const NOT_A_PHONE = [
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/,
  /^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/,
  /^(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)\d{2}$/,
  /^\d+\.\d+$/,
];
const EXTENSION = /\s*(?:ext\.?|x|extension|转|分机)\s*(\d{1,6})\s*$/i;
const NANP = /^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$/;

function digitCount(s: string): number {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
}

/**
 * E.164 (with " ext. N" when there is one) if libphonenumber-js can read the number, given the
 * country it was written in when known; otherwise the number as written, whitespace collapsed.
 * Undefined for text that is not a phone number at all (too few or too many digits, a date).
 * Without a country only international numbers (+…, 00…) are converted, plus numbers written
 * exactly in the North American (415) 555-0134 layout, which no other plan uses.
 */
export function normalisePhone(raw: string, country?: CountryCode): string | undefined {
  const key = `${country ?? ''} ${raw}`;
  const hit = CACHE.get(key);
  if (hit !== undefined || CACHE.has(key)) return hit;
  const value = normaliseUncached(raw, country);
  if (CACHE.size >= 5000) CACHE.clear();
  CACHE.set(key, value);
  return value;
}

// libphonenumber-js parses a number in tens of microseconds; a team page repeats each one.
const CACHE = new Map<string, string | undefined>();

function normaliseUncached(raw: string, country: CountryCode | undefined): string | undefined {
  let s = raw.normalize('NFKC').trim();
  if (/^tel:/i.test(s)) {
    s = s.slice(4);
    try {
      s = decodeURIComponent(s);
    } catch {
      return undefined;
    }
  }
  s = s.replace(/\s+/g, ' ').replace(/[;,]+$/, '');
  let ext: string | undefined;
  const e = EXTENSION.exec(s);
  if (e) {
    ext = e[1];
    s = s.slice(0, e.index).trim();
  }
  const digits = digitCount(s);
  if (digits < 7 || digits > 15) return undefined;
  if (/[^\d\s()./+-]/.test(s)) return undefined;
  if (NOT_A_PHONE.some((r) => r.test(s))) return undefined;
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  const international = s.startsWith('+');
  const asWritten = ext ? `${s} ext. ${ext}` : s;
  let parsed: ReturnType<typeof parsePhoneNumberFromString>;
  try {
    if (international) parsed = parsePhoneNumberFromString(s);
    else if (country) parsed = parsePhoneNumberFromString(s, country);
    else if (NANP.test(s)) parsed = parsePhoneNumberFromString(s, 'US');
  } catch {
    parsed = undefined;
  }
  if (parsed?.isValid()) return ext ? `${parsed.number} ext. ${ext}` : parsed.number;
  return asWritten;
}

/** Every phone number in `text`, normalised, in order, without duplicates. */
export function phonesInText(text: string, country?: CountryCode): string[] {
  const found: string[] = [];
  if (!/\d{3}/.test(text.replace(/[\s().-]/g, ''))) return found;
  for (const m of text.matchAll(PHONE_IN_TEXT)) {
    const p = normalisePhone(m[0], country);
    if (p !== undefined && !found.includes(p)) found.push(p);
  }
  return found;
}

/** Digits only, for comparing "+86 138 0013 8000" with "+8613800138000". */
export function phoneKey(phone: string): string {
  const main = phone.replace(EXTENSION, '');
  return main.replace(/\D/g, '');
}

/** True if two phone numbers are the same line, however each was written. */
export function samePhone(a: string, b: string): boolean {
  const ka = phoneKey(a);
  const kb = phoneKey(b);
  if (ka === kb) return true;
  // A national number matches the same number with its country code (1380013800 / 861380013800),
  // the national trunk 0 dropped.
  const shorter = ka.length < kb.length ? ka : kb;
  const longer = ka.length < kb.length ? kb : ka;
  const national = shorter.replace(/^0/, '');
  return national.length >= 7 && longer.endsWith(national);
}

// Maps, not object literals: the keys come from the page (`<html lang="constructor">`), and an
// object would answer them with what it inherits.
const TLD_COUNTRY: ReadonlyMap<string, string> = new Map([
  ['uk', 'GB'],
  ['su', 'RU'],
]);
// Country-code TLDs sold as generic ones (acme.io, acme.ai): they say nothing about the country.
const VANITY_TLDS = new Set([
  'io',
  'ai',
  'co',
  'me',
  'tv',
  'fm',
  'ly',
  'gg',
  'to',
  'ws',
  'cc',
  'sh',
  'ac',
  'la',
  'im',
  'so',
  'vc',
  'gl',
  'am',
  'nu',
  'tk',
]);
const LANGUAGE_COUNTRY: ReadonlyMap<string, string> = new Map([
  ['zh', 'CN'],
  ['ja', 'JP'],
  ['ko', 'KR'],
  ['de', 'DE'],
  ['fr', 'FR'],
  ['it', 'IT'],
  ['nl', 'NL'],
  ['pl', 'PL'],
]);

function asCountry(code: string | undefined): CountryCode | undefined {
  if (code === undefined) return undefined;
  const upper = code.toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/**
 * The country national numbers on a page are most likely written in: the country-code TLD
 * (acme.cn, acme.co.uk), else the region of `<html lang>` (en-US, zh-CN), else a language
 * spoken mostly in one country (zh → CN). Undefined for e.g. an English .com page.
 */
export function pageCountry(hostname: string, lang: string | undefined): CountryCode | undefined {
  const tld = hostname.toLowerCase().split('.').pop() ?? '';
  if (tld.length === 2 && !VANITY_TLDS.has(tld)) {
    const c = asCountry(TLD_COUNTRY.get(tld) ?? tld);
    if (c) return c;
  }
  if (lang) {
    const [language, region] = lang.toLowerCase().split(/[-_]/);
    if (region && region.length === 2) {
      const c = asCountry(region);
      if (c) return c;
    }
    if (language) return asCountry(LANGUAGE_COUNTRY.get(language));
  }
  return undefined;
}

/** The country of an international number ("+44 20 7946 0321" → GB), when it says. */
export function countryOfNumber(raw: string): CountryCode | undefined {
  const s = raw.replace(/^tel:/i, '').replace(/^00/, '+');
  if (!s.startsWith('+')) return undefined;
  try {
    return parsePhoneNumberFromString(s)?.country;
  } catch {
    return undefined;
  }
}
