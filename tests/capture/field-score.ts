/**
 * Per-field scoring of capture results, for the held-out set (tests/capture/held-out/). score.ts
 * scores a contact as a whole (every value in one tally); this keeps one tally per field so a
 * report can say "names are fine, phones are not".
 *
 * Contacts are paired the way score.ts pairs them: an expected contact takes the first unused
 * captured contact sharing an e-mail, else the first with the same nameKey. Then, per field:
 * - names: a paired contact whose name is exactly the expected one is a true positive; a paired
 *   contact with another spelling is a false negative and a false positive; an expected contact
 *   nobody captured is a false negative; a captured contact nobody expected is a false positive.
 * - e-mails, phones: each expected value found on the paired contact is a true positive, each one
 *   not found a false negative, each captured value not expected a false positive (values of
 *   unpaired contacts count in full on their side).
 * - titles, companies: like names, one value per contact, when either side has one.
 */
import { nameKey } from '../../shared/capture/names.ts';
import type { ContactCandidate, OrganizationCandidate } from '../../shared/capture/types.ts';
import type { ExpectedContact, ExpectedOrganization } from './score.ts';

export const CONTACT_FIELDS = ['names', 'e-mails', 'phones', 'titles', 'companies'] as const;
export type ContactFieldName = (typeof CONTACT_FIELDS)[number];

export const ORGANIZATION_FIELDS = [
  'org name',
  'org domains',
  'org phone',
  'org address',
  'contact points',
] as const;
export type OrganizationFieldName = (typeof ORGANIZATION_FIELDS)[number];

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  /** "case: what went wrong", one line per false positive or negative. */
  readonly problems: string[];
}

export type FieldTallies<F extends string> = Record<F, Tally>;

const emptyTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, problems: [] });

export function emptyTallies<F extends string>(fields: readonly F[]): FieldTallies<F> {
  return Object.fromEntries(fields.map((f) => [f, emptyTally()])) as FieldTallies<F>;
}

export function addTallies<F extends string>(into: FieldTallies<F>, from: FieldTallies<F>): void {
  for (const f of Object.keys(from) as F[]) {
    into[f].tp += from[f].tp;
    into[f].fp += from[f].fp;
    into[f].fn += from[f].fn;
    into[f].problems.push(...from[f].problems);
  }
}

function single(
  t: Tally,
  where: string,
  expected: string | undefined,
  actual: string | undefined,
): void {
  if (expected === undefined && actual === undefined) return;
  if (expected !== undefined && actual === expected) {
    t.tp++;
    return;
  }
  if (expected !== undefined) {
    t.fn++;
    t.problems.push(
      `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
  }
  if (actual !== undefined) {
    t.fp++;
    if (expected === undefined) t.problems.push(`${where}: unexpected ${JSON.stringify(actual)}`);
  }
}

function list(
  t: Tally,
  where: string,
  expected: readonly string[],
  actual: readonly string[],
): void {
  for (const v of expected) {
    if (actual.includes(v)) t.tp++;
    else {
      t.fn++;
      t.problems.push(`${where}: missing ${v}`);
    }
  }
  for (const v of actual) {
    if (!expected.includes(v)) {
      t.fp++;
      t.problems.push(`${where}: unexpected ${v}`);
    }
  }
}

/** Scores one case's captured contacts against its expected ones, field by field. */
export function scoreContactFields(
  caseName: string,
  expected: readonly ExpectedContact[],
  actual: readonly ContactCandidate[],
): FieldTallies<ContactFieldName> {
  const t = emptyTallies(CONTACT_FIELDS);
  const used = new Set<ContactCandidate>();
  for (const e of expected) {
    const match =
      actual.find((a) => !used.has(a) && (e.emails ?? []).some((m) => a.emails.includes(m))) ??
      actual.find((a) => !used.has(a) && nameKey(a.name) === nameKey(e.name));
    const who = `${caseName} / ${e.name}`;
    if (!match) {
      t.names.fn++;
      t.names.problems.push(`${who}: not captured`);
      list(t['e-mails'], who, e.emails ?? [], []);
      list(t.phones, who, e.phones ?? [], []);
      single(t.titles, who, e.title, undefined);
      single(t.companies, who, e.company, undefined);
      continue;
    }
    used.add(match);
    single(t.names, who, e.name, match.name);
    list(t['e-mails'], who, e.emails ?? [], match.emails);
    list(t.phones, who, e.phones ?? [], match.phones);
    single(t.titles, who, e.title, match.title);
    single(t.companies, who, e.company, match.company);
  }
  for (const a of actual) {
    if (used.has(a)) continue;
    const who = `${caseName} / spurious ${JSON.stringify(a.name)}`;
    t.names.fp++;
    t.names.problems.push(`${who}: not expected`);
    list(t['e-mails'], who, [], a.emails);
    list(t.phones, who, [], a.phones);
    single(t.titles, who, undefined, a.title);
    single(t.companies, who, undefined, a.company);
  }
  return t;
}

/** Scores one page's organisation, field by field (the fields score.ts scores). */
export function scoreOrganizationFields(
  caseName: string,
  expected: ExpectedOrganization,
  actual: OrganizationCandidate,
): FieldTallies<OrganizationFieldName> {
  const t = emptyTallies(ORGANIZATION_FIELDS);
  single(t['org name'], caseName, expected.name, actual.name);
  list(t['org domains'], caseName, expected.domains ?? [], actual.domains);
  single(t['org phone'], caseName, expected.phone, actual.phone);
  single(t['org address'], caseName, expected.address, actual.address);
  const emails = actual.contactPoints.flatMap((p) => (p.email ? [p.email] : []));
  list(t['contact points'], caseName, expected.contactPoints ?? [], emails);
  return t;
}

export function tallyRatio(t: Tally): { precision: number; recall: number } {
  return {
    precision: t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp),
    recall: t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn),
  };
}

/** A fixed-width table: field, precision, recall, tp, fp, fn. */
export function formatTallies<F extends string>(
  title: string,
  tallies: FieldTallies<F>,
  fields: readonly F[],
): string {
  const rows = fields.map((f) => {
    const t = tallies[f];
    const { precision, recall } = tallyRatio(t);
    return [
      f.padEnd(15),
      precision.toFixed(3).padStart(6),
      recall.toFixed(3).padStart(6),
      String(t.tp).padStart(4),
      String(t.fp).padStart(4),
      String(t.fn).padStart(4),
    ].join('  ');
  });
  const head = ['field'.padEnd(15), 'P'.padStart(6), 'R'.padStart(6), 'tp', 'fp', 'fn']
    .map((h, i) => (i > 2 ? h.padStart(4) : h))
    .join('  ');
  return [title, head, ...rows].join('\n');
}
