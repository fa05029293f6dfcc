import type { RowProblem } from './rows.ts';

/** The languages problems are described in here; the extension adds its own on top (i18n). */
export type ProblemLanguage = 'en';

/** A field as a sentence names it ("the e-mail address is missing"). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  name: 'name',
  firstName: 'first name',
  lastName: 'last name',
  website: 'website',
  industry: 'industry',
  address: 'address',
  phone: 'phone number',
  mobile: 'mobile number',
  owner: 'owner',
  revenue12m: 'revenue of the last 12 months',
  potentialRevenue: 'potential revenue',
  shareOfWallet: 'share of wallet',
  tier: 'tier',
  tierReason: 'reason for the tier',
  title: 'job title',
  email: 'e-mail address',
  accountName: 'account',
  roles: 'buying role',
  attitude: 'attitude',
  stage: 'stage',
  amount: 'amount',
  currency: 'currency',
  expectedClose: 'expected close date',
  nextStep: 'next step',
  lostAt: 'date the deal was lost',
  date: 'date',
};

/** Longest value quoted in a sentence: a whole pasted paragraph helps nobody find the cell. */
const MAX_QUOTED = 80;

const quoted = (value: string): string =>
  `"${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value}"`;

type Reasons = { readonly [C in RowProblem['code']]: (p: RowProblem, field: string) => string };

const ENGLISH: Reasons = {
  notANumber: (p) => `${quoted(p.value)} is not an amount`,
  notADate: (p) => `${quoted(p.value)} is not a date`,
  notAShare: (p) => `${quoted(p.value)} is not a share (use 0–100 % or 0–1)`,
  notAnEmail: (p) => `${quoted(p.value)} is not an e-mail address`,
  notAWebsite: (p) => `${quoted(p.value)} is not a website`,
  notACurrency: (p) => `${quoted(p.value)} is not a currency code`,
  unknownStage: (p) => `stage ${quoted(p.value)} is not one of ours`,
  unknownRole: (p) => `buying role ${quoted(p.value)} is not one of ours`,
  unknownAttitude: (p) => `attitude ${quoted(p.value)} is not one of ours`,
  unknownTier: (p) => `tier ${quoted(p.value)} is not one of ours`,
  tooLong: (_p, field) => `the ${field} is too long`,
  formula: (p) =>
    `${quoted(p.value)} is a spreadsheet formula; it is not imported (type the value instead)`,
  missing: (_p, field) => `the ${field} is missing`,
  noAccount: () => 'no account: give the company name, or an e-mail address at its own domain',
  tooManyOrders: (p) => `the account ${quoted(p.value)} already holds 1,000 orders`,
  unknownOwner: (p) => `${quoted(p.value)} is no member of the team; the owner is left empty`,
};

const REASONS: Readonly<Record<ProblemLanguage, Reasons>> = { en: ENGLISH };

/**
 * A row's problem (or warning) as one sentence, the same on every surface that imports: the
 * server's import command prints it, the extension's wizard shows it in the rep's language.
 * `row 3, column "E-mail": "bob@" is not an e-mail address`. A problem that belongs to no
 * column of the file (an owner nobody is, a contact with no account) names the column that
 * fills its field when `mapping` is given and one does, and else the row alone.
 */
export function describeProblem(
  p: RowProblem,
  lang: ProblemLanguage,
  mapping?: readonly { readonly header: string; readonly field: string | null }[],
): string {
  const column = p.column !== '' ? p.column : mapping?.find((m) => m.field === p.field)?.header;
  const reason = REASONS[lang][p.code](p, FIELD_WORDS[p.field] ?? p.field);
  return column === undefined
    ? `row ${p.row}: ${reason}`
    : `row ${p.row}, column "${column}": ${reason}`;
}
