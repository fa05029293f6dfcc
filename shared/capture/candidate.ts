/** Building `ContactCandidate`s from what one extractor found, with per-field provenance. */
import type { CaptureSource, ContactCandidate, ContactField, FieldOrigin } from './types.ts';

/** One value and where it came from. */
export interface Found {
  readonly value: string;
  readonly source: CaptureSource;
  readonly confidence: number;
  readonly element?: string;
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

/** What one extractor knows about one person before it becomes a candidate. */
export interface Draft {
  name?: Found | undefined;
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

/** The candidate for a draft, or undefined when it has no name (a person needs one). */
export function toCandidate(d: Draft): ContactCandidate | undefined {
  if (!d.name || d.name.value === '') return undefined;
  const emails = uniqueValues(d.emails);
  const phones = uniqueValues(d.phones);
  const fields: { [F in ContactField]?: FieldEntry } = { name: origin(d.name, d.name.value) };
  const c: Mutable<ContactCandidate> = {
    name: d.name.value,
    emails: emails.map((e) => e.value),
    phones: phones.map((p) => p.value),
    fields,
  };
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
