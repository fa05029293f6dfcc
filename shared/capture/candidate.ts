/** Building `ContactCandidate`s from what one extractor found, with per-field provenance. */
import { isGenericMailbox } from './emails.ts';
import { cleanSingleName, hasCjk, looseName, nameFitsEmail, parsePersonName } from './names.ts';
import type {
  CaptureSource,
  ContactCandidate,
  ContactField,
  FieldOrigin,
  NameFlag,
} from './types.ts';

/** One value and where it came from. */
export interface Found {
  readonly value: string;
  readonly source: CaptureSource;
  readonly confidence: number;
  readonly element?: string;
  /** For a name: the honorifics and degrees written with it (see ContactCandidate.honorifics). */
  readonly honorifics?: readonly string[];
  /** For a name: why it needs the rep's eye (see NameFlag). */
  readonly nameFlag?: NameFlag;
}

export function found(
  value: string,
  source: CaptureSource,
  confidence: number,
  element?: string,
): Found {
  return element === undefined
    ? { value, source, confidence }
    : { value, source, confidence, element };
}

/**
 * A person's name read from `text`, with its honorifics and degrees apart: the name-cleaning
 * path every extractor should use instead of `found(cleanPersonName(text) …)`. A full name
 * passes as usual; a one-word name ("Priya", "Dr. Priya") only when one of `emails` fits it
 * (nameFitsEmail), flagged 'single'. Undefined for anything else (keep that text as the
 * draft's `rawName`).
 */
export function foundName(
  text: string,
  source: CaptureSource,
  confidence: number,
  element?: string,
  emails: readonly string[] = [],
): Found | undefined {
  const full = parsePersonName(text);
  const single = full ? undefined : cleanSingleName(text);
  const parsed =
    full ?? (single && emails.some((e) => nameFitsEmail(single.name, e)) ? single : undefined);
  if (!parsed) return undefined;
  const f = found(parsed.name, source, confidence, element);
  return {
    ...f,
    ...(parsed.honorifics.length > 0 ? { honorifics: parsed.honorifics } : {}),
    ...(full ? {} : { nameFlag: 'single' as const }),
  };
}

/**
 * Gives `d` its name read from `text` (see foundName, with the draft's own e-mails as the
 * evidence for a one-word name), or keeps `text` as its rawName when it fails the check.
 * `extra` are honorifics written apart from the name (schema.org's honorificPrefix/Suffix).
 */
export function setName(
  d: Draft,
  text: string,
  source: CaptureSource,
  confidence: number,
  element?: string,
  extra: readonly string[] = [],
): void {
  const emails = d.emails.map((e) => e.value);
  const f = foundName(text, source, confidence, element, emails);
  if (!f) {
    d.rawName = found(text, source, confidence * 0.8, element);
    return;
  }
  const honorifics = [...new Set([...extra, ...(f.honorifics ?? [])])];
  d.name = honorifics.length > 0 ? { ...f, honorifics } : f;
}

/**
 * `f` (a name already cleaned by cleanPersonName) with the honorifics and degrees `raw` wrote
 * around it: for readers that split a line themselves ("Dr. Anna Berg, PhD – CEO",
 * "Geschäftsführer Dr. Hans Müller", "王小明 先生 销售总监"). The longest run of words at the
 * start (else at the end) of `raw` that reads as the same name gives them; `f` is returned
 * unchanged when none does or it already has them.
 */
export function withHonorifics(f: Found, raw: string): Found {
  if (f.honorifics !== undefined || raw.length > 300) return f;
  const words = raw
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, 16);
  const max = Math.min(words.length, 10);
  let best: readonly string[] | undefined;
  for (const fromEnd of [false, true]) {
    for (let n = 1; n <= max; n++) {
      const run = fromEnd ? words.slice(words.length - n) : words.slice(0, n);
      const p = parsePersonName(run.join(' '));
      if (p?.name === f.value && (best === undefined || p.honorifics.length >= best.length)) {
        best = p.honorifics;
      }
    }
    if (best !== undefined) break;
  }
  return best && best.length > 0 ? { ...f, honorifics: best } : f;
}

/** What one extractor knows about one person before it becomes a candidate. */
export interface Draft {
  name?: Found | undefined;
  /**
   * The text that stood where the name should be but failed the person-name check; with
   * `toCandidate(d, { unnamed: true })` it becomes the rep's guess to confirm (nameFlag 'unsure').
   */
  rawName?: Found | undefined;
  title?: Found | undefined;
  company?: Found | undefined;
  profileUrl?: Found | undefined;
  emails: Found[];
  phones: Found[];
  vcardUrl?: string | undefined;
  website?: string | undefined;
  address?: string | undefined;
  fax?: string | undefined;
  phoneLabels?: Record<string, string> | undefined;
}

export function emptyDraft(): Draft {
  return { emails: [], phones: [] };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FieldEntry = FieldOrigin & { readonly value: string | readonly string[] };

function origin(f: Found, value: string | readonly string[]): FieldEntry {
  return f.element === undefined
    ? { source: f.source, confidence: f.confidence, value }
    : { source: f.source, confidence: f.confidence, element: f.element, value };
}

const uniqueValues = (list: readonly Found[]): Found[] => {
  const seen = new Set<string>();
  return list.filter((f) => !seen.has(f.value) && seen.add(f.value));
};

// Phones written as someone's own line, not a switchboard.
const PERSONAL_PHONE =
  /mobil|mobile|cell|handy|direct|direkt|durchwahl|portable|móvil|cellulare|手机|携帯|휴대/i;

/**
 * True when a draft without a checked name is still, by its evidence, a person: a personal
 * (not role) e-mail address, a phone labelled as someone's own (mobile, direct, 手机), or a job
 * title beside an e-mail or phone.
 */
export function hasPersonEvidence(d: Draft): boolean {
  if (d.emails.some((e) => !isGenericMailbox(e.value))) return true;
  const labels = d.phoneLabels ?? {};
  if (d.phones.some((p) => PERSONAL_PHONE.test(labels[p.value] ?? ''))) return true;
  return d.title !== undefined && d.title.value !== '' && d.emails.length + d.phones.length > 0;
}

/**
 * True when the draft's rawName could still be a person's name (looseName): readers offer a
 * nameless person only then, so an organisation written where the name stands ("Acme GmbH")
 * never becomes a person to fill in.
 */
export function hasNameGuess(d: Draft): boolean {
  const guess = d.rawName ? looseName(d.rawName.value) : undefined;
  // One Latin word that no address is written from is a department ("Accounts"), not a name.
  return guess !== undefined && (guess.name.includes(' ') || hasCjk(guess.name));
}

export interface CandidateOptions {
  /**
   * Offer a draft without a checked name when hasPersonEvidence says it is a person: the name
   * is the rep's guess from `rawName` (nameFlag 'unsure') or '' (nameFlag 'missing').
   */
  readonly unnamed?: boolean;
}

/**
 * The candidate for a draft, or undefined when it has no name (a person needs one) unless
 * `options.unnamed` lets strong evidence stand in for it.
 */
export function toCandidate(
  d: Draft,
  options: CandidateOptions = {},
): ContactCandidate | undefined {
  const named = d.name !== undefined && d.name.value !== '';
  if (!named && !(options.unnamed && hasPersonEvidence(d))) return undefined;
  const guess = !named && d.rawName ? looseName(d.rawName.value) : undefined;
  const name: Found | undefined = named
    ? d.name
    : guess && d.rawName
      ? {
          ...found(guess.name, d.rawName.source, d.rawName.confidence, d.rawName.element),
          honorifics: guess.honorifics,
        }
      : undefined;
  const emails = uniqueValues(d.emails);
  const phones = uniqueValues(d.phones);
  const fields: { [F in ContactField]?: FieldEntry } = name
    ? { name: origin(name, name.value) }
    : {};
  const c: Mutable<ContactCandidate> = {
    name: name?.value ?? '',
    emails: emails.map((e) => e.value),
    phones: phones.map((p) => p.value),
    fields,
  };
  if (name?.honorifics && name.honorifics.length > 0) c.honorifics = [...name.honorifics];
  const flag: NameFlag | undefined = named ? d.name?.nameFlag : name ? 'unsure' : 'missing';
  if (flag) c.nameFlag = flag;
  if (d.title) {
    c.title = d.title.value;
    fields.title = origin(d.title, d.title.value);
  }
  if (d.company) {
    c.company = d.company.value;
    fields.company = origin(d.company, d.company.value);
  }
  if (d.profileUrl) {
    c.profileUrl = d.profileUrl.value;
    fields.profileUrl = origin(d.profileUrl, d.profileUrl.value);
  }
  const firstEmail = emails[0];
  if (firstEmail) fields.emails = origin(firstEmail, c.emails);
  const firstPhone = phones[0];
  if (firstPhone) fields.phones = origin(firstPhone, c.phones);
  if (d.vcardUrl) c.vcardUrl = d.vcardUrl;
  if (d.website) c.website = d.website;
  if (d.address) c.address = d.address;
  if (d.fax) c.fax = d.fax;
  if (d.phoneLabels && Object.keys(d.phoneLabels).length > 0) c.phoneLabels = d.phoneLabels;
  return c;
}
