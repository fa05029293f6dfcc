/**
 * Field-level scoring of capture results against expected files: a field is a true positive
 * when the expected value is found, a false negative when it is not, and every value the
 * extractor produced that is not expected (wrong values, spurious contacts) is a false positive.
 */
import { nameKey } from '../../shared/capture/names.ts';
import type { ContactCandidate, OrganizationCandidate } from '../../shared/capture/types.ts';

export interface ExpectedContact {
  readonly name: string;
  readonly title?: string;
  readonly company?: string;
  readonly profileUrl?: string;
  readonly vcardUrl?: string;
  readonly website?: string;
  readonly address?: string;
  readonly fax?: string;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
}

export interface ExpectedOrganization {
  readonly name?: string;
  readonly domains?: readonly string[];
  readonly phone?: string;
  readonly address?: string;
  readonly contactPoints?: readonly string[];
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  readonly problems: string[];
}

export const emptyScore = (): Score => ({ tp: 0, fp: 0, fn: 0, problems: [] });

export function addScore(into: Score, s: Score): void {
  into.tp += s.tp;
  into.fp += s.fp;
  into.fn += s.fn;
  into.problems.push(...s.problems);
}

type Single = 'title' | 'company' | 'profileUrl' | 'vcardUrl' | 'website' | 'address' | 'fax';

function single(
  s: Score,
  who: string,
  field: string,
  expected: string | undefined,
  actual: string | undefined,
): void {
  if (expected === undefined && actual === undefined) return;
  if (expected !== undefined && actual === expected) {
    s.tp++;
    return;
  }
  if (expected !== undefined) {
    s.fn++;
    s.problems.push(
      `${who}: ${field} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
  }
  if (actual !== undefined) {
    s.fp++;
    if (expected === undefined)
      s.problems.push(`${who}: unexpected ${field} ${JSON.stringify(actual)}`);
  }
}

function list(
  s: Score,
  who: string,
  field: string,
  expected: readonly string[],
  actual: readonly string[],
): void {
  for (const v of expected) {
    if (actual.includes(v)) s.tp++;
    else {
      s.fn++;
      s.problems.push(`${who}: missing ${field} ${v}`);
    }
  }
  for (const v of actual) {
    if (!expected.includes(v)) {
      s.fp++;
      s.problems.push(`${who}: unexpected ${field} ${v}`);
    }
  }
}

const valuesOf = (c: ExpectedContact | ContactCandidate, fields: readonly Single[]): number =>
  1 +
  fields.filter((f) => c[f] !== undefined).length +
  (c.emails?.length ?? 0) +
  (c.phones?.length ?? 0);

export function scoreContacts(
  expected: readonly ExpectedContact[],
  actual: readonly ContactCandidate[],
  fields: readonly Single[] = ['title', 'company', 'profileUrl', 'vcardUrl'],
): Score {
  const s = emptyScore();
  const used = new Set<ContactCandidate>();
  for (const e of expected) {
    const match =
      actual.find((a) => !used.has(a) && (e.emails ?? []).some((m) => a.emails.includes(m))) ??
      actual.find((a) => !used.has(a) && nameKey(a.name) === nameKey(e.name));
    if (!match) {
      s.fn += valuesOf(e, fields);
      s.problems.push(`missing contact ${e.name}`);
      continue;
    }
    used.add(match);
    single(s, e.name, 'name', e.name, match.name);
    for (const f of fields) single(s, e.name, f, e[f], match[f]);
    list(s, e.name, 'email', e.emails ?? [], match.emails);
    list(s, e.name, 'phone', e.phones ?? [], match.phones);
  }
  for (const a of actual) {
    if (used.has(a)) continue;
    s.fp += valuesOf(a, fields);
    s.problems.push(`spurious contact ${JSON.stringify(a.name)} ${a.emails.join(',')}`);
  }
  return s;
}

export function scoreOrganization(
  expected: ExpectedOrganization,
  actual: OrganizationCandidate,
): Score {
  const s = emptyScore();
  single(s, 'organization', 'name', expected.name, actual.name);
  single(s, 'organization', 'phone', expected.phone, actual.phone);
  single(s, 'organization', 'address', expected.address, actual.address);
  list(s, 'organization', 'domain', expected.domains ?? [], actual.domains);
  const emails = actual.contactPoints.flatMap((p) => (p.email ? [p.email] : []));
  list(s, 'organization', 'contact point', expected.contactPoints ?? [], emails);
  return s;
}

export function ratio(s: Score): { precision: number; recall: number } {
  return {
    precision: s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp),
    recall: s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn),
  };
}
