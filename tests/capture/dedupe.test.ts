import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAPTURE_SOURCES,
  type CaptureSource,
  type ContactCandidate,
  classifyCandidate,
  type ExistingContact,
  mergeCandidates,
} from '../../shared/capture/index.ts';

const ACME = '01HZ0000000000000000000001';
const GLOBEX = '01HZ0000000000000000000002';

function candidate(
  name: string,
  extra: Partial<Pick<ContactCandidate, 'title' | 'emails' | 'phones' | 'profileUrl'>> = {},
  source: CaptureSource = 'team-grid',
  confidence = 0.7,
): ContactCandidate {
  const emails = extra.emails ?? [];
  const phones = extra.phones ?? [];
  const o = { source, confidence };
  return {
    name,
    emails,
    phones,
    ...(extra.title !== undefined ? { title: extra.title } : {}),
    ...(extra.profileUrl !== undefined ? { profileUrl: extra.profileUrl } : {}),
    fields: {
      name: { ...o, value: name },
      ...(extra.title !== undefined ? { title: { ...o, value: extra.title } } : {}),
      ...(extra.profileUrl !== undefined ? { profileUrl: { ...o, value: extra.profileUrl } } : {}),
      ...(emails.length > 0 ? { emails: { ...o, value: emails } } : {}),
      ...(phones.length > 0 ? { phones: { ...o, value: phones } } : {}),
    },
  };
}

const ann: ExistingContact = {
  id: '01HZ00000000000000000000C1',
  accountId: ACME,
  name: 'Ann Lee',
  title: 'VP Operations',
  emails: ['Ann.Lee@acme-robotics.com'],
  phones: ['+1 415 555 0101'],
};
const wang: ExistingContact = {
  id: '01HZ00000000000000000000C2',
  accountId: ACME,
  name: '王小明',
  emails: [],
  phones: ['+8613800138000'],
};
const xiaoming: ExistingContact = {
  id: '01HZ00000000000000000000C3',
  accountId: GLOBEX,
  name: 'Xiaoming Wang',
  emails: ['xw@globex.com'],
  phones: [],
};
const STORE = [ann, wang, xiaoming];

describe('is this person already in my book?', () => {
  it('someone nobody has saved is new', () => {
    expect(classifyCandidate(candidate('Raj Patel'), STORE, ACME)).toEqual({ kind: 'new' });
  });

  it('the same e-mail in any case is the same person, and an identical card is already saved', () => {
    const c = candidate('Ann Lee', {
      title: 'VP Operations',
      emails: ['ann.lee@acme-robotics.com'],
      phones: ['+14155550101'],
    });
    expect(classifyCandidate(c, STORE, ACME)).toEqual({ kind: 'saved', contactId: ann.id });
  });

  it('a new title or phone makes it an update that lists what would change', () => {
    const c = candidate('Ann Lee', {
      title: 'COO',
      emails: ['ann.lee@acme-robotics.com'],
      phones: ['+14155550101', '+14155550199'],
    });
    expect(classifyCandidate(c, STORE, ACME)).toEqual({
      kind: 'update',
      contactId: ann.id,
      changed: ['title', 'phones'],
    });
  });

  it('an e-mail match works across accounts; a name match only within the page account', () => {
    const byEmail = candidate('X. Wang', { emails: ['XW@globex.com'] });
    expect(classifyCandidate(byEmail, STORE, ACME)).toMatchObject({ contactId: xiaoming.id });
    expect(classifyCandidate(candidate('Xiaoming Wang'), STORE, ACME)).toEqual({ kind: 'new' });
    expect(classifyCandidate(candidate('Wang Xiaoming'), STORE, GLOBEX)).toEqual({
      kind: 'saved',
      contactId: xiaoming.id,
    });
    // Without an account, a name alone never matches.
    expect(classifyCandidate(candidate('Ann Lee'), STORE)).toEqual({ kind: 'new' });
  });

  it('Chinese names match whole, and a bare e-mail adds to a contact that had none', () => {
    const c = candidate('王小明', { emails: ['wangxm@huaxin-tech.com.cn'] });
    expect(classifyCandidate(c, STORE, ACME)).toEqual({
      kind: 'update',
      contactId: wang.id,
      changed: ['emails'],
    });
  });
});

describe('one person, one candidate', () => {
  it('merges by e-mail and by name, keeping the most trusted value per field', () => {
    const merged = mergeCandidates([
      candidate('Nora Feld', { title: 'CEO', phones: ['+41615551201'] }, 'team-grid', 0.7),
      candidate(
        'Nora Feld',
        { title: 'Chief Executive Officer', emails: ['nora.feld@helixbio.ch'] },
        'json-ld',
        0.95,
      ),
      candidate('Dr. Nora Feld', { emails: ['nora.feld@helixbio.ch'] }, 'mailto', 0.8),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      name: 'Nora Feld',
      title: 'Chief Executive Officer',
      emails: ['nora.feld@helixbio.ch'],
      phones: ['+41615551201'],
    });
    expect(merged[0]?.fields.title?.source).toBe('json-ld');
    expect(merged[0]?.fields.phones?.source).toBe('team-grid');
  });

  it('keeps different people apart', () => {
    const merged = mergeCandidates([
      candidate('Ann Lee', { emails: ['ann@a.com'] }),
      candidate('Bob Roe', { emails: ['bob@a.com'] }),
    ]);
    expect(merged.map((c) => c.name)).toEqual(['Ann Lee', 'Bob Roe']);
  });

  const NAMES = ['Ann Lee', 'Lee Ann', 'Bob Roe', '王小明', 'Jane Doe'];
  const EMAILS = ['ann@a.com', 'bob@a.com', 'jane@a.com', 'wang@b.cn'];
  const PHONES = ['+14155550101', '+14155550102', '+8613800138000'];
  const arbitraryCandidate = fc
    .record({
      name: fc.constantFrom(...NAMES),
      title: fc.option(fc.constantFrom('CEO', 'VP Sales', '销售总监'), { nil: undefined }),
      emails: fc.uniqueArray(fc.constantFrom(...EMAILS), { maxLength: 2 }),
      phones: fc.uniqueArray(fc.constantFrom(...PHONES), { maxLength: 2 }),
      source: fc.constantFrom(...CAPTURE_SOURCES),
      confidence: fc.constantFrom(0.5, 0.7, 0.9),
    })
    .map((r) =>
      candidate(
        r.name,
        {
          emails: r.emails,
          phones: r.phones,
          ...(r.title !== undefined ? { title: r.title } : {}),
        },
        r.source,
        r.confidence,
      ),
    );
  const canonical = (list: readonly ContactCandidate[]) =>
    list
      .map((c) =>
        JSON.stringify({
          name: c.name,
          title: c.title,
          emails: [...c.emails].sort(),
          phones: [...c.phones].sort(),
        }),
      )
      .sort();

  it('merging does not depend on the order candidates arrive in', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbitraryCandidate, { maxLength: 8 })
          .chain((list) =>
            fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
          ),
        ([list, shuffled]) => {
          expect(canonical(mergeCandidates(shuffled))).toEqual(canonical(mergeCandidates(list)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('classification does not depend on the order of the store', () => {
    const existing = fc.record({
      id: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
      accountId: fc.constantFrom(ACME, GLOBEX),
      name: fc.constantFrom(...NAMES),
      emails: fc.uniqueArray(fc.constantFrom(...EMAILS), { maxLength: 2 }),
      phones: fc.uniqueArray(fc.constantFrom(...PHONES), { maxLength: 1 }),
    });
    fc.assert(
      fc.property(
        arbitraryCandidate,
        fc
          .uniqueArray(existing, { maxLength: 5, selector: (e) => e.id })
          .chain((store) =>
            fc.tuple(fc.constant(store), fc.shuffledSubarray(store, { minLength: store.length })),
          ),
        fc.constantFrom(ACME, GLOBEX, undefined),
        (c, [store, shuffled], account) => {
          expect(classifyCandidate(c, shuffled, account)).toEqual(
            classifyCandidate(c, store, account),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
