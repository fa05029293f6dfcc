/**
 * The candidate building blocks for names (shared/capture/candidate.ts): honorifics carried to
 * the candidate, one-word names taken with an e-mail that fits them, and people offered without
 * a checked name when an e-mail or phone is strong evidence, flagged for the rep.
 */
import { describe, expect, it } from 'vitest';
import { ContactCandidateSchema } from '../../extension/capture/schema.ts';
import {
  type Draft,
  emptyDraft,
  found,
  foundName,
  hasPersonEvidence,
  toCandidate,
  withHonorifics,
} from '../../shared/capture/candidate.ts';

const draft = (change: Partial<Draft>): Draft => ({ ...emptyDraft(), ...change });

describe('foundName', () => {
  it('keeps honorifics and degrees beside the bare name', () => {
    expect(foundName('Herr Prof. Dr. Hans Müller', 'team-grid', 0.8)).toEqual({
      value: 'Hans Müller',
      source: 'team-grid',
      confidence: 0.8,
      honorifics: ['Herr', 'Prof.', 'Dr.'],
    });
    expect(foundName('Anna Berg', 'team-grid', 0.8, 'h3')).toEqual({
      value: 'Anna Berg',
      source: 'team-grid',
      confidence: 0.8,
      element: 'h3',
    });
    expect(foundName('王小明先生', 'text', 0.5)?.honorifics).toEqual(['先生']);
  });

  it('takes a one-word name only with an e-mail that fits it, flagged single', () => {
    expect(foundName('Priya', 'team-grid', 0.8)).toBeUndefined();
    expect(foundName('Priya', 'team-grid', 0.8, undefined, ['tom@acme.com'])).toBeUndefined();
    expect(foundName('Dr. Priya', 'team-grid', 0.8, undefined, ['priya@acme.com'])).toEqual({
      value: 'Priya',
      source: 'team-grid',
      confidence: 0.8,
      honorifics: ['Dr.'],
      nameFlag: 'single',
    });
    expect(foundName('Kontakt', 'team-grid', 0.8, undefined, ['kontakt@acme.com'])).toBeUndefined();
  });

  it('refuses organisations, departments and headings', () => {
    for (const t of ['Brandt & Sons Ltd', 'Vertriebsinnendienst', 'Our Team', '営業部']) {
      expect(foundName(t, 'team-grid', 0.8, undefined, ['vertrieb@acme.com']), t).toBeUndefined();
    }
  });
});

describe('withHonorifics', () => {
  const name = (value: string) => found(value, 'team-grid', 0.8);
  it('finds the honorifics written around a name a reader split off its line', () => {
    const table: [string, string, string[] | undefined][] = [
      ['Anna Berg', 'Dr. Anna Berg, PhD, MBA – CEO', ['Dr.', 'PhD', 'MBA']],
      ['Hans Müller', 'Geschäftsführer Herr Dr. Hans Müller', ['Herr', 'Dr.']],
      ['王小明', '王小明 先生 销售总监', ['先生']],
      ['Jane Doe', 'Jane Doe, CEO', undefined],
      ['Jane Doe', 'Someone else entirely', undefined],
    ];
    for (const [value, raw, honorifics] of table) {
      expect(withHonorifics(name(value), raw).honorifics, raw).toEqual(honorifics);
    }
  });
});

describe('toCandidate', () => {
  const email = found('priya.sharma@acme.com', 'mailto', 0.9);

  it('carries the name’s honorifics and flag to the candidate', () => {
    const name = foundName('Anna Berg, PhD, MBA', 'json-ld', 1);
    const c = toCandidate(draft({ name }));
    expect(c?.name).toBe('Anna Berg');
    expect(c?.honorifics).toEqual(['PhD', 'MBA']);
    expect(c?.nameFlag).toBeUndefined();
    expect(c?.fields.name?.value).toBe('Anna Berg');
    expect(toCandidate(draft({ name: found('Jane Doe', 'json-ld', 1) }))).not.toHaveProperty(
      'honorifics',
    );
  });

  it('without a name: nothing by default, as before', () => {
    expect(toCandidate(draft({ emails: [email] }))).toBeUndefined();
  });

  it('without a name but with strong evidence: offered, name left to the rep', () => {
    const c = toCandidate(draft({ emails: [email] }), { unnamed: true });
    expect(c).toMatchObject({ name: '', nameFlag: 'missing', emails: ['priya.sharma@acme.com'] });
    expect(c?.fields.name).toBeUndefined();
  });

  it('the text that failed the check becomes the rep’s guess', () => {
    const rawName = found('Dr. Priya S', 'team-grid', 0.7, 'h3');
    const c = toCandidate(draft({ rawName, emails: [email] }), { unnamed: true });
    expect(c).toMatchObject({ name: 'Priya S', nameFlag: 'unsure', honorifics: ['Dr.'] });
    expect(c?.fields.name).toEqual({
      source: 'team-grid',
      confidence: 0.7,
      element: 'h3',
      value: 'Priya S',
    });
    // A guess that is plainly no person is not offered as a name.
    const org = toCandidate(draft({ rawName: found('Acme GmbH', 'text', 0.5), emails: [email] }), {
      unnamed: true,
    });
    expect(org).toMatchObject({ name: '', nameFlag: 'missing' });
  });

  it('a role mailbox or a switchboard is no evidence of a person', () => {
    const info = found('info@acme.com', 'mailto', 0.9);
    const phone = found('+4930123456', 'tel', 0.9);
    expect(hasPersonEvidence(draft({ emails: [info], phones: [phone] }))).toBe(false);
    expect(toCandidate(draft({ emails: [info] }), { unnamed: true })).toBeUndefined();
    expect(
      hasPersonEvidence(draft({ phones: [phone], phoneLabels: { '+4930123456': 'Mobil' } })),
    ).toBe(true);
    expect(
      hasPersonEvidence(draft({ phones: [phone], title: found('Head of Sales', 'text', 0.5) })),
    ).toBe(true);
  });

  it('the capture schema keeps honorifics and the flag across the page boundary', () => {
    const c = toCandidate(draft({ rawName: found('Dr. Priya S', 'text', 0.5), emails: [email] }), {
      unnamed: true,
    });
    const parsed = ContactCandidateSchema.parse(c);
    expect(parsed.honorifics).toEqual(['Dr.']);
    expect(parsed.nameFlag).toBe('unsure');
  });
});
