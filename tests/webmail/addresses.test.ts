// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressesInOrder, addressesInText, mailAddress } from '../../extension/hosts/common.ts';

/** A header element built from markup written here (never from a page). */
const header = (html: string): Element => {
  const el = document.createElement('div');
  el.innerHTML = html;
  return el;
};
const read = (html: string) => addressesInOrder(header(html));

describe('addresses in adjacent elements', () => {
  it('reads a name and an address written side by side without a separator as two things', () => {
    expect(read('<span>Jane Doe</span><span>jane@acme.com</span>')).toEqual([
      { name: 'Jane Doe', email: 'jane@acme.com' },
    ]);
    expect(read('<span>jane</span><span>jane@acme.com</span>')).toEqual([
      { name: 'jane', email: 'jane@acme.com' },
    ]);
    expect(read('<span>Jane Doe</span><span>&lt;jane@acme.com&gt;</span>')).toEqual([
      { name: 'Jane Doe', email: 'jane@acme.com' },
    ]);
  });

  it('takes the name after a label, and none from a label alone', () => {
    expect(read('<div>发件人：<span>张三</span><span>zhang@acme.com</span></div>')).toEqual([
      { name: '张三', email: 'zhang@acme.com' },
    ]);
    expect(read('<div><span>To:</span><span>li@acme.com</span></div>')).toEqual([
      { name: '', email: 'li@acme.com' },
    ]);
  });

  it('never gives an address the text of another address as its name', () => {
    expect(read('<span>Li Wei</span><span>li@acme.com</span><span>jane@acme.com</span>')).toEqual([
      { name: 'Li Wei', email: 'li@acme.com' },
      { name: '', email: 'jane@acme.com' },
    ]);
    expect(
      read('<span>li@acme.com</span><span>Jane Doe</span><span>&lt;jane@acme.com&gt;</span>'),
    ).toEqual([
      { name: '', email: 'li@acme.com' },
      { name: 'Jane Doe', email: 'jane@acme.com' },
    ]);
  });
});

describe('addresses and other scripts', () => {
  it('cuts another script’s letters off a Latin address, and keeps them as the name', () => {
    expect(addressesInText('李伟li.wei@acme.com')).toEqual([
      { name: '李伟', email: 'li.wei@acme.com' },
    ]);
    expect(read('<span>收件人：李伟li.wei@acme.com</span>')).toEqual([
      { name: '李伟', email: 'li.wei@acme.com' },
    ]);
    expect(addressesInText('王总12345@qq.com；li.wei@acme.com经理')).toEqual([
      { name: '王总', email: '12345@qq.com' },
      { name: '', email: 'li.wei@acme.com' },
    ]);
    expect(mailAddress('李伟li.wei@acme.com')).toBeUndefined();
  });

  it('keeps an address whose local part is wholly in another script', () => {
    expect(addressesInText('联系：张三@例子.中国')).toEqual([
      { name: '', email: '张三@例子.中国' },
    ]);
    expect(addressesInText('张三2@例子.中国')).toEqual([{ name: '', email: '张三2@例子.中国' }]);
    expect(mailAddress('Müller@Bücher.de')).toEqual({ name: '', email: 'müller@bücher.de' });
    expect(addressesInText('sales@acme.中国')).toEqual([{ name: '', email: 'sales@acme.中国' }]);
  });
});

describe('each address gets the name written for it or none', () => {
  it('a title listing two addresses names neither with the element’s text', () => {
    expect(read('<span title="rep@ours.com; li@acme.com">我、Li Wei</span>')).toEqual([
      { name: '', email: 'rep@ours.com' },
      { name: '', email: 'li@acme.com' },
    ]);
  });

  it('the app’s word for the rep is nobody’s name', () => {
    expect(
      read('<span title="rep@ours.com">我</span>；<span title="li@acme.com">Li Wei</span>'),
    ).toEqual([
      { name: '', email: 'rep@ours.com' },
      { name: 'Li Wei', email: 'li@acme.com' },
    ]);
    expect(read('<span>me</span><span>rep@ours.com</span>')).toEqual([
      { name: '', email: 'rep@ours.com' },
    ]);
    expect(mailAddress('rep@ours.com', 'Me')?.name).toBe('');
  });

  it('a chip whose text holds another address does not lend that text to its title’s address', () => {
    expect(read('<span title="li@acme.com">我 <b>rep@ours.com</b></span>')).toEqual([
      { name: '', email: 'rep@ours.com' },
      { name: '', email: 'li@acme.com' },
    ]);
  });
});

// ---- Properties ------------------------------------------------------------------------------

const LATIN_NAME = fc.constantFrom(
  'Jane Doe',
  "O'Neil",
  'Dr. Max Opp',
  'van der Berg, Anna',
  'Zoë Müller-Lüdenscheidt',
  'J. R. "Bob" Smith',
  'Li (Sales)',
  'A&B Support',
);
const CJK_NAME = fc
  .array(fc.constantFrom(...'李伟张三王小明陈静刘洋赵敏'), { minLength: 1, maxLength: 4 })
  .map((chars) => chars.join(''));
const PUNCT_NAME = fc
  .tuple(CJK_NAME, fc.constantFrom('（销售）', ' - 经理', '·', '，', ' / CTO', ':'))
  .map(([a, b]) => a + b);
const NAME = fc.oneof(LATIN_NAME, CJK_NAME, PUNCT_NAME);

const LABEL = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const LATIN_LOCAL = fc
  .array(LABEL, { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom('.', '_', '-').map((sep) => parts.join(sep)));
const CJK_LOCAL = CJK_NAME;
const LATIN_DOMAIN = fc
  .tuple(
    fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), { minLength: 1, maxLength: 2 }),
    fc.constantFrom('com', 'cn', 'de', 'example', 'co.uk'),
  )
  .map(([labels, tld]) => `${labels.join('.')}.${tld}`);
const CJK_DOMAIN = fc.constantFrom('例子.中国', '公司.中国');
const ADDRESS = fc.oneof(
  fc.tuple(LATIN_LOCAL, LATIN_DOMAIN).map(([l, d]) => ({ email: `${l}@${d}`, latin: true })),
  fc.tuple(CJK_LOCAL, fc.oneof(LATIN_DOMAIN, CJK_DOMAIN)).map(([l, d]) => ({
    email: `${l}@${d}`,
    latin: false,
  })),
);

type Shape = (name: string, email: string, latinLocal: boolean) => Node[];
const el = (tag: string, text: string, attrs: Record<string, string> = {}): Element => {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};
const txt = (s: string): Node => document.createTextNode(s);
const span = (...children: Node[]): Element => {
  const e = document.createElement('span');
  e.append(...children);
  return e;
};

/** How headers print one address, each shape as seen in a webmail client. */
const SHAPES: Record<string, Shape> = {
  adjacent: (n, e) => [span(el('span', n), el('span', e))],
  adjacentBracketed: (n, e) => [span(el('span', n), el('span', `<${e}>`))],
  titled: (n, e) => [el('span', n, { title: e })],
  mailto: (n, e) => [el('a', n, { href: `mailto:${e}` })],
  angle: (n, e) => [span(txt(`${n} <${e}>`))],
  quoted: (n, e) => [span(txt(`"${n.replaceAll('"', '')}" <${e}>`))],
  bare: (_n, e) => [span(txt(e))],
  labelled: (n, e) => [span(el('span', '发件人：'), el('span', n), el('span', e))],
  // Another script's name glued to a Latin address: only when both hold, else it is one word.
  glued: (n, e, latin) =>
    latin && /^\p{Script=Han}+$/u.test(n) ? [span(txt(`${n}${e}`))] : [span(txt(`${n} <${e}>`))],
};
const SEPARATOR = fc.constantFrom('', ' ', ', ', '; ', '；', '、', '，');

describe('properties: any names and addresses in common header shapes', () => {
  it('reads exactly the addresses written, in order, and no name holds an @', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(ADDRESS, NAME, fc.constantFrom(...Object.keys(SHAPES))), {
          minLength: 1,
          maxLength: 5,
          selector: ([a]) => a.email,
        }),
        SEPARATOR,
        fc.boolean(),
        (entries, separator, lines) => {
          const root = document.createElement('div');
          entries.forEach(([address, name, shape], i) => {
            const parent = lines ? root.appendChild(document.createElement('div')) : root;
            if (i > 0 && !lines) parent.append(txt(separator));
            parent.append(...(SHAPES[shape] as Shape)(name, address.email, address.latin));
          });
          const found = addressesInOrder(root);
          expect(found.map((a) => a.email)).toEqual(entries.map(([a]) => a.email.toLowerCase()));
          for (const a of found) expect(a.name).not.toContain('@');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('names the address with the name written for it, in the shapes that write one', () => {
    fc.assert(
      fc.property(
        ADDRESS,
        fc.oneof(LATIN_NAME, CJK_NAME),
        fc.constantFrom('adjacent', 'adjacentBracketed', 'titled', 'mailto', 'labelled'),
        (address, name, shape) => {
          const root = span(...(SHAPES[shape] as Shape)(name, address.email, address.latin));
          expect(addressesInOrder(root)).toEqual([{ email: address.email.toLowerCase(), name }]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('text never crashes the reader and every address read is one address', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const a of addressesInText(text)) {
          expect(mailAddress(a.email)?.email).toBe(a.email);
          expect(a.name).not.toContain('@');
        }
      }),
      { numRuns: 300 },
    );
  });
});
