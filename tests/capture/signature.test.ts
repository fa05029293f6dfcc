import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSignature } from '../../shared/capture/index.ts';
import { signatureFixtures } from './fixtures.ts';
import { addScore, emptyScore, ratio, scoreContacts } from './score.ts';

const FIXTURES = signatureFixtures();
const FIELDS = ['title', 'company', 'profileUrl', 'website', 'address', 'fax'] as const;

describe('e-mail signatures: every fixture, field by field', () => {
  it('has at least 25 signatures in English and Chinese', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(25);
    expect(FIXTURES.filter((f) => f.name.startsWith('cn-')).length).toBeGreaterThanOrEqual(6);
  });

  for (const f of FIXTURES) {
    it(`${f.name}: reads the sender's signature and nothing from quotes or disclaimers`, () => {
      const c = parseSignature(f.text);
      const s = scoreContacts(f.expected ? [f.expected] : [], c ? [c] : [], FIELDS);
      expect(s.problems).toEqual([]);
    });
  }

  it('keeps signature precision and recall above their floors', () => {
    const total = emptyScore();
    for (const f of FIXTURES) {
      const c = parseSignature(f.text);
      addScore(total, scoreContacts(f.expected ? [f.expected] : [], c ? [c] : [], FIELDS));
    }
    const { precision, recall } = ratio(total);
    console.log(
      `capture precision/recall — signatures: P=${precision.toFixed(3)} R=${recall.toFixed(3)} ` +
        `(tp ${total.tp} / fp ${total.fp} / fn ${total.fn}, ${FIXTURES.length} signatures)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('what a rep relies on when capturing from an e-mail', () => {
  it('a Chinese signature keeps the name whole and labels each phone', () => {
    const c = parseSignature(
      '此致\n敬礼\n\n王小明\n销售总监\n手机：138 0013 8000\n传真：010-6543 2199',
    );
    expect(c?.name).toBe('王小明');
    expect(c?.phones).toEqual(['+8613800138000']);
    expect(c?.phoneLabels).toEqual({ '+8613800138000': '手机' });
    // The fax is kept, but never where a rep would dial it.
    expect(c?.fax).toBe('+861065432199');
  });

  it('"Xiaoming Wang" stays as written; "Wang Xiaoming" too', () => {
    expect(parseSignature('Thanks,\nXiaoming Wang\nEngineer')?.name).toBe('Xiaoming Wang');
    expect(parseSignature('Thanks,\nWang Xiaoming\nEngineer')?.name).toBe('Wang Xiaoming');
  });

  it('the last signature before a quoted reply wins, not the quoted one', () => {
    const text = [
      'Agreed.',
      '',
      'Best,',
      'Ann Lee',
      'VP Operations',
      '',
      'On Tue, Mar 4, 2025 at 10:02 AM Bob Roe <',
      'bob.roe@globex.com> wrote:',
      'Bob Roe',
      'CTO',
    ].join('\n');
    const c = parseSignature(text);
    expect(c?.name).toBe('Ann Lee');
    expect(c?.emails).toEqual([]);
  });

  it('numbers that libphonenumber cannot read are kept as written', () => {
    const c = parseSignature('Regards,\nAnn Lee\nPhone: 030 1234 5678');
    expect(c?.phones).toEqual(['030 1234 5678']);
  });

  it('returns nothing for text without a person', () => {
    expect(parseSignature('')).toBeUndefined();
    expect(parseSignature('   \n\n ')).toBeUndefined();
    expect(parseSignature('Sent from my iPhone')).toBeUndefined();
    expect(parseSignature('info@acme.com')).toBeUndefined();
  });
});

describe('signature parsing properties', () => {
  const line = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      'Best regards,',
      '-- ',
      '此致',
      '敬礼！',
      'Jane Doe',
      '王小明',
      'VP Sales | Acme Inc.',
      'M: +1 415 555 0101',
      '手机：138 0013 8000',
      'jane.doe@acme.com',
      'E: wang@huaxin.cn',
      '> quoted jane@quoted.com',
      'On Mon, Jane <jane@x.com> wrote:',
      '-----Original Message-----',
      'From: Bob <bob@globex.com>',
      'Sent: Monday',
      'CONFIDENTIAL: this e-mail is for sec@legal.com only',
      'Sent from my iPhone',
      '[cid:image001.png@01D9A1B2.C3D4E5F0]',
      'www.acme.com<http://www.acme.com>',
    ),
  );
  const text = fc.array(line, { maxLength: 25 }).map((lines) => lines.join('\n'));

  it('never throws and never invents an e-mail address that is not in the text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const c = parseSignature(t);
        if (!c) return;
        expect(c.name.length).toBeGreaterThan(0);
        for (const e of c.emails) expect(t.toLowerCase()).toContain(e);
      }),
      { numRuns: 400 },
    );
  });

  it('never returns an address from below a quoted-reply marker', () => {
    fc.assert(
      fc.property(text, fc.emailAddress(), (t, quoted) => {
        const c = parseSignature(`${t}\n-----Original Message-----\nFrom: x\nSent: y\n${quoted}`);
        const own = t.toLowerCase().includes(quoted.toLowerCase());
        if (c && !own) expect(c.emails).not.toContain(quoted.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });
});
