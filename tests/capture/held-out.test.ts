/**
 * The held-out capture set (tests/capture/held-out/, see its README): pages and signatures
 * written blind, fed to the extractor exactly as extract.test.ts and signature.test.ts feed the
 * training fixtures, scored field by field and printed.
 *
 * It asserts that nothing throws, that pages with no people at all (`none-*`) yield no people,
 * and the signatures' budgets. The pages' budgets are not met yet: their scores as measured are
 * held as floors until they are. Never tune on these cases.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePage, parseSignature } from '../../shared/capture/index.ts';
import type { ContactCandidate, OrganizationCandidate } from '../../shared/capture/types.ts';
import {
  addTallies,
  CONTACT_FIELDS,
  type ContactFieldName,
  emptyTallies,
  formatTallies,
  ORGANIZATION_FIELDS,
  scoreContactFields,
  scoreOrganizationFields,
  tallyRatio,
} from './field-score.ts';
import {
  type PageFixture,
  pageFixtures,
  parsePage,
  renderPage,
  signatureFixtures,
} from './fixtures.ts';
import { addScore, emptyScore, ratio, scoreContacts, scoreOrganization } from './score.ts';

const here = dirname(fileURLToPath(import.meta.url));
const HELD_OUT_PAGES = join(here, 'held-out', 'pages');
const HELD_OUT_SIGNATURES = join(here, 'held-out', 'signatures');

/** Pages whose name starts with this show no person at all; capture must find nobody there. */
const NO_PEOPLE_PREFIX = 'none-';

/**
 * No-people pages on which the baseline (2026-12-03) still finds someone. Their assertion runs as
 * `it.fails`: it passes while capture is wrong and fails once it is fixed — then delete the entry.
 * none-de-baeckerei: the heading "Für Gastronomie" is read as a person.
 */
const KNOWN_NO_PEOPLE_FAILURES: ReadonlySet<string> = new Set<string>();

/**
 * The targets for this set, per suite and field. NOT asserted yet (see the `it.todo`s): a later
 * engineer turns them on once the code is improved — on the training fixtures, never on these.
 */
const BUDGETS: {
  readonly [suite in 'pages' | 'signatures']: {
    readonly [field in ContactFieldName]?: {
      readonly recall?: number;
      readonly precision?: number;
    };
  };
} = {
  pages: {
    names: { recall: 0.9, precision: 0.95 },
    'e-mails': { recall: 0.9, precision: 0.95 },
    titles: { recall: 0.8 },
  },
  signatures: {
    names: { recall: 0.9 },
    'e-mails': { recall: 0.9 },
    phones: { recall: 0.9 },
    titles: { recall: 0.8 },
  },
};

const PAGES = pageFixtures(HELD_OUT_PAGES);
const SIGNATURES = signatureFixtures(HELD_OUT_SIGNATURES);

const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** Exactly as extract.test.ts loads a fixture: rendered when it asks to be, else parsed. */
async function load(f: PageFixture): Promise<Document> {
  if (f.expected.render) {
    const page = await renderPage(f.html, f.expected.url);
    closers.push(page.close);
    return page.document;
  }
  const page = parsePage(f.html, f.expected.url);
  closers.push(page.close);
  return page.document;
}

const EMPTY_ORGANIZATION: OrganizationCandidate = { domains: [], contactPoints: [], fields: {} };

/**
 * Held-out pages as scored on 2026-12-04 after the second round of fixes (names .926/.842,
 * e-mails .988/.903, titles .927/.777), rounded down. That round raised recall (names from
 * .722, e-mails from .806, titles from .692) and lowered precision (names from .950, titles
 * from .989): the precision floors went down with it, on purpose and said so in the closing
 * note, and the next round owes the precision back (training pages aimed at the rules that
 * round added), never by tuning on these cases.
 */
const PAGE_FLOORS: Readonly<
  Record<'names' | 'e-mails' | 'titles', { precision: number; recall: number }>
> = {
  names: { precision: 0.92, recall: 0.84 },
  'e-mails': { precision: 0.98, recall: 0.9 },
  titles: { precision: 0.92, recall: 0.77 },
};

function budgetLine(suite: 'pages' | 'signatures', field: ContactFieldName): string {
  const b = BUDGETS[suite][field];
  if (!b) return '';
  const parts = [
    b.recall === undefined ? '' : `R ≥ ${b.recall.toFixed(2)}`,
    b.precision === undefined ? '' : `P ≥ ${b.precision.toFixed(2)}`,
  ].filter(Boolean);
  return parts.join(' and ');
}

function budgetReport(
  suite: 'pages' | 'signatures',
  tallies: ReturnType<typeof emptyTallies<ContactFieldName>>,
): string {
  const lines = CONTACT_FIELDS.flatMap((field) => {
    const b = BUDGETS[suite][field];
    if (!b) return [];
    const { precision, recall } = tallyRatio(tallies[field]);
    const met =
      (b.recall === undefined || recall >= b.recall) &&
      (b.precision === undefined || precision >= b.precision);
    return [
      `  ${field.padEnd(10)} ${budgetLine(suite, field).padEnd(24)} ${met ? 'met' : 'NOT met'}`,
    ];
  });
  const state = suite === 'signatures' ? 'asserted' : 'not asserted yet';
  return [`budgets (${state}) — ${suite}:`, ...lines].join('\n');
}

const verbose = process.env.HELD_OUT_VERBOSE === '1';

describe('held-out capture set: pages', () => {
  const results = new Map<
    string,
    { contacts: readonly ContactCandidate[]; organization: OrganizationCandidate }
  >();

  it('is present', () => {
    expect(PAGES.length).toBeGreaterThan(0);
  });

  for (const f of PAGES) {
    it(`${f.name}: captures without throwing`, async () => {
      const document = await load(f);
      let result: { contacts: readonly ContactCandidate[]; organization: OrganizationCandidate } = {
        contacts: [],
        organization: EMPTY_ORGANIZATION,
      };
      expect(() => {
        result = capturePage(document, f.expected.url);
      }).not.toThrow();
      results.set(f.name, result);
    });
  }

  for (const f of PAGES.filter((p) => p.name.startsWith(NO_PEOPLE_PREFIX))) {
    const known = KNOWN_NO_PEOPLE_FAILURES.has(f.name);
    (known ? it.fails : it)(
      `${f.name}: a page with no people yields no people${known ? ' (known baseline failure)' : ''}`,
      () => {
        expect(results.get(f.name)?.contacts.map((c) => c.name)).toEqual([]);
      },
    );
  }

  let pageTallies: ReturnType<typeof emptyTallies<ContactFieldName>> | undefined;

  it('prints precision and recall per field (no budget asserted)', () => {
    const contacts = emptyTallies(CONTACT_FIELDS);
    pageTallies = contacts;
    const organization = emptyTallies(ORGANIZATION_FIELDS);
    const whole = emptyScore();
    for (const f of PAGES) {
      const r = results.get(f.name) ?? { contacts: [], organization: EMPTY_ORGANIZATION };
      addTallies(contacts, scoreContactFields(f.name, f.expected.contacts, r.contacts));
      addTallies(
        organization,
        scoreOrganizationFields(f.name, f.expected.organization, r.organization),
      );
      addScore(whole, scoreContacts(f.expected.contacts, r.contacts));
      addScore(whole, scoreOrganization(f.expected.organization, r.organization));
    }
    const { precision, recall } = ratio(whole);
    console.log(
      [
        formatTallies(
          `held-out pages (${PAGES.length}) — contacts, per field`,
          contacts,
          CONTACT_FIELDS,
        ),
        formatTallies(
          'held-out pages — organisation, per field',
          organization,
          ORGANIZATION_FIELDS,
        ),
        `held-out pages — score.ts overall (contacts with profile/vCard URLs, and organisation): ` +
          `P=${precision.toFixed(3)} R=${recall.toFixed(3)} (tp ${whole.tp} / fp ${whole.fp} / fn ${whole.fn})`,
        budgetReport('pages', contacts),
      ].join('\n\n'),
    );
    if (verbose) {
      for (const field of CONTACT_FIELDS)
        console.log(`-- pages / ${field}\n${contacts[field].problems.join('\n')}`);
      for (const field of ORGANIZATION_FIELDS)
        console.log(`-- pages / ${field}\n${organization[field].problems.join('\n')}`);
    }
  });

  // The pages' budgets are not met yet. Until they are, what was measured after the latest round
  // of fixes is a floor: a change that captures less on unseen pages fails here.
  for (const [field, floor] of Object.entries(PAGE_FLOORS)) {
    it(`no worse than measured: pages ${field} P ≥ ${floor.precision}, R ≥ ${floor.recall} (budget ${budgetLine('pages', field as ContactFieldName)})`, () => {
      const tally = pageTallies?.[field as ContactFieldName];
      expect(tally, 'the per-field test runs first').toBeDefined();
      const { precision, recall } = tallyRatio(tally as NonNullable<typeof tally>);
      expect(recall).toBeGreaterThanOrEqual(floor.recall);
      expect(precision).toBeGreaterThanOrEqual(floor.precision);
    });
  }
});

describe('held-out capture set: signatures', () => {
  const results = new Map<string, ContactCandidate | undefined>();

  it('is present', () => {
    expect(SIGNATURES.length).toBeGreaterThan(0);
  });

  for (const f of SIGNATURES) {
    it(`${f.name}: parses without throwing`, () => {
      let c: ContactCandidate | undefined;
      expect(() => {
        c = parseSignature(f.text);
      }).not.toThrow();
      results.set(f.name, c);
    });
  }

  let signatureTallies: ReturnType<typeof emptyTallies<ContactFieldName>> | undefined;

  it('prints precision and recall per field', () => {
    const contacts = emptyTallies(CONTACT_FIELDS);
    signatureTallies = contacts;
    const whole = emptyScore();
    for (const f of SIGNATURES) {
      const c = results.get(f.name);
      const expected = f.expected ? [f.expected] : [];
      const actual = c ? [c] : [];
      addTallies(contacts, scoreContactFields(f.name, expected, actual));
      addScore(
        whole,
        scoreContacts(expected, actual, [
          'title',
          'company',
          'profileUrl',
          'website',
          'address',
          'fax',
        ]),
      );
    }
    const { precision, recall } = ratio(whole);
    console.log(
      [
        formatTallies(
          `held-out signatures (${SIGNATURES.length}) — per field`,
          contacts,
          CONTACT_FIELDS,
        ),
        `held-out signatures — score.ts overall (with website, address, fax, profile URL): ` +
          `P=${precision.toFixed(3)} R=${recall.toFixed(3)} (tp ${whole.tp} / fp ${whole.fp} / fn ${whole.fn})`,
        budgetReport('signatures', contacts),
      ].join('\n\n'),
    );
    if (verbose) {
      for (const field of CONTACT_FIELDS)
        console.log(`-- signatures / ${field}\n${contacts[field].problems.join('\n')}`);
    }
  });

  // Met since the signature reader was generalised (issue 14): held to them from here on.
  for (const [field, budget] of Object.entries(BUDGETS.signatures)) {
    it(`budget: signatures ${field} ${budgetLine('signatures', field as ContactFieldName)}`, () => {
      const tally = signatureTallies?.[field as ContactFieldName];
      expect(tally, 'the per-field test runs first').toBeDefined();
      const { precision, recall } = tallyRatio(tally as NonNullable<typeof tally>);
      if (budget?.recall !== undefined) expect(recall).toBeGreaterThanOrEqual(budget.recall);
      if (budget?.precision !== undefined) {
        expect(precision).toBeGreaterThanOrEqual(budget.precision);
      }
    });
  }
});
