/**
 * One person, one candidate; one candidate, one status against the local store.
 *
 * - Candidates from several extractors meet by e-mail address, else by name key (case, accents,
 *   word order ignored). Each field keeps the value from the most trusted source
 *   (CAPTURE_SOURCES order, then confidence); e-mails and phones are united.
 * - An existing contact matches by e-mail (any account), else by name within the account the
 *   page belongs to. Both results are independent of input order.
 */
import { nameKey } from './names.ts';
import { samePhone } from './phones.ts';
import {
  CAPTURE_SOURCES,
  type CandidateStatus,
  type ContactCandidate,
  type ContactField,
  type FieldOrigin,
} from './types.ts';

type FieldEntry = FieldOrigin & { readonly value: string | readonly string[] };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const rank = (o: FieldOrigin | undefined): number =>
  o === undefined ? Number.POSITIVE_INFINITY : CAPTURE_SOURCES.indexOf(o.source) - o.confidence;

/** Negative if `a` is more trusted than `b`; ties broken by value so order never matters. */
function compare(a: FieldEntry | undefined, b: FieldEntry | undefined): number {
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  const va = String(a?.value ?? '');
  const vb = String(b?.value ?? '');
  return va < vb ? -1 : va > vb ? 1 : 0;
}

function find(parent: number[], i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r] ?? r;
  for (let j = i; parent[j] !== r; ) {
    const next = parent[j] ?? r;
    parent[j] = r;
    j = next;
  }
  return r;
}

const SINGLE: readonly ('title' | 'company' | 'profileUrl')[] = ['title', 'company', 'profileUrl'];
const EXTRA: readonly ('vcardUrl' | 'website' | 'address' | 'fax')[] = [
  'vcardUrl',
  'website',
  'address',
  'fax',
];

function mergeGroup(group: readonly ContactCandidate[]): ContactCandidate {
  const byTrust = (field: ContactField) =>
    group
      .filter((c) => c.fields[field] !== undefined)
      .sort((a, b) => compare(a.fields[field], b.fields[field]));
  // A checked name beats a one-word one, which beats a guess, whatever their sources.
  const flagRank = (c: ContactCandidate) =>
    c.nameFlag === undefined ? 0 : c.nameFlag === 'single' ? 1 : 2;
  const named = byTrust('name').sort((a, b) => flagRank(a) - flagRank(b));
  const best = named[0] ?? group[0];
  if (!best) throw new Error('empty group');
  const fields: { [F in ContactField]?: FieldEntry } = {};
  const nameField = best.fields.name;
  if (nameField) fields.name = nameField;
  const out: Mutable<ContactCandidate> = { name: best.name, emails: [], phones: [], fields };
  if (best.nameFlag) out.nameFlag = best.nameFlag;
  // Honorifics as the most trusted spelling of the same name wrote them.
  const key = best.name === '' ? '' : nameKey(best.name);
  const titled = named.find(
    (c) => (c.honorifics?.length ?? 0) > 0 && (c === best || nameKey(c.name) === key),
  );
  if (titled?.honorifics) out.honorifics = [...titled.honorifics];
  for (const field of SINGLE) {
    const top = byTrust(field)[0];
    const entry = top?.fields[field];
    const value = top?.[field];
    if (entry && value !== undefined) {
      out[field] = value;
      fields[field] = entry;
    }
  }
  for (const field of ['emails', 'phones'] as const) {
    const values: string[] = [];
    for (const c of byTrust(field)) {
      for (const v of c[field]) {
        const dup = field === 'phones' ? values.some((p) => samePhone(p, v)) : values.includes(v);
        if (!dup) values.push(v);
      }
    }
    // Candidates whose list has no provenance entry still contribute, after the others.
    for (const c of group) {
      if (c.fields[field]) continue;
      for (const v of c[field]) if (!values.includes(v)) values.push(v);
    }
    out[field] = values;
    const top = byTrust(field)[0]?.fields[field];
    if (top && values.length > 0) fields[field] = { ...top, value: values };
  }
  const byName = [...group].sort((a, b) => compare(a.fields.name, b.fields.name));
  for (const field of EXTRA) {
    const value = byName.map((c) => c[field]).find((v) => v !== undefined);
    if (value !== undefined) out[field] = value;
  }
  const labels: Record<string, string> = {};
  for (const c of [...byName].reverse()) Object.assign(labels, c.phoneLabels ?? {});
  const kept = Object.entries(labels).filter(([p]) => out.phones.includes(p));
  if (kept.length > 0) out.phoneLabels = Object.fromEntries(kept);
  return out;
}

/**
 * Candidates for the same person merged into one: same e-mail address, or same name key.
 * The result is in the order each person first appears in `candidates`.
 */
export function mergeCandidates(candidates: readonly ContactCandidate[]): ContactCandidate[] {
  const parent = candidates.map((_, i) => i);
  const owner = new Map<string, number>();
  const union = (i: number, key: string) => {
    const j = owner.get(key);
    if (j === undefined) owner.set(key, i);
    else parent[find(parent, i)] = find(parent, j);
  };
  for (const [i, c] of candidates.entries()) {
    for (const e of c.emails) union(i, `e:${e.toLowerCase()}`);
    const key = c.name === '' ? '' : nameKey(c.name);
    if (key !== '') union(i, `n:${key}`);
  }
  const groups = new Map<number, ContactCandidate[]>();
  for (const [i, c] of candidates.entries()) {
    const root = find(parent, i);
    const list = groups.get(root);
    if (list) list.push(c);
    else groups.set(root, [c]);
  }
  return [...groups.values()].map(mergeGroup);
}

/** A contact already in the local store, as far as matching needs it. */
export interface ExistingContact {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly title?: string | undefined;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function preferred(a: ExistingContact, b: ExistingContact, accountId: string | undefined): number {
  const sa = a.accountId === accountId ? 0 : 1;
  const sb = b.accountId === accountId ? 0 : 1;
  if (sa !== sb) return sa - sb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * new: nobody matches. saved: a contact matches and the candidate adds nothing. update: a
 * contact matches and the candidate would add or change `changed` (company and profile URL are
 * not compared: the store's contact shape here does not carry them).
 */
export function classifyCandidate(
  candidate: ContactCandidate,
  existing: readonly ExistingContact[],
  accountId?: string,
): CandidateStatus {
  const emails = new Set(candidate.emails.map((e) => e.toLowerCase()));
  const byEmail = existing.filter((c) => c.emails.some((e) => emails.has(e.toLowerCase())));
  let match: ExistingContact | undefined;
  if (byEmail.length > 0) {
    match = [...byEmail].sort((a, b) => preferred(a, b, accountId))[0];
  } else if (accountId !== undefined && candidate.name !== '') {
    const key = nameKey(candidate.name);
    match = existing
      .filter((c) => c.accountId === accountId && nameKey(c.name) === key)
      .sort((a, b) => preferred(a, b, accountId))[0];
  }
  if (!match) return { kind: 'new' };
  const changed: ContactField[] = [];
  if (candidate.name !== '' && nameKey(candidate.name) !== nameKey(match.name))
    changed.push('name');
  if (candidate.title !== undefined && norm(candidate.title) !== norm(match.title ?? '')) {
    changed.push('title');
  }
  const known = new Set(match.emails.map((e) => e.toLowerCase()));
  if ([...emails].some((e) => !known.has(e))) changed.push('emails');
  if (candidate.phones.some((p) => !match.phones.some((q) => samePhone(p, q)))) {
    changed.push('phones');
  }
  return changed.length === 0
    ? { kind: 'saved', contactId: match.id }
    : { kind: 'update', contactId: match.id, changed };
}
