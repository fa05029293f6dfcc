import { afterAll, describe, expect, it } from 'vitest';
import { createContext, isNoise, walkElements } from '../../shared/capture/dom.ts';
import { parsePage } from './fixtures.ts';

const closers: (() => unknown)[] = [];
afterAll(() => {
  for (const close of closers) close();
});

function page(html: string): Document {
  const p = parsePage(html, 'https://acme.com/');
  closers.push(p.close);
  return p.document;
}

describe('reading a big page once', () => {
  it('walks every element in document order and never enters a card already read', () => {
    const doc = page(
      '<main id="m"><div id="a"><p id="a1"></p></div><div id="b"><p id="b1"><i id="b2"></i></p></div><p id="c"></p></main>',
    );
    const b = doc.getElementById('b') as Element;
    const seen: string[] = [];
    walkElements(
      doc.body,
      (el) => el === b,
      (el) => seen.push(el.id),
    );
    expect(seen).toEqual(['m', 'a', 'a1', 'c']);
    // A card claimed while it is visited is not entered either.
    const claimed = new Set<Element>();
    const after: string[] = [];
    walkElements(
      doc.body,
      (el) => claimed.has(el),
      (el) => {
        after.push(el.id);
        if (el.id === 'a') claimed.add(el);
      },
    );
    expect(after).toEqual(['m', 'a', 'b', 'b1', 'b2', 'c']);
  });

  it('a link is page chrome exactly when one of its ancestors is, asked in any order', () => {
    const doc = page(
      '<nav><ul><li><a id="n" href="/x">x</a></li></ul></nav><main><article><nav><a id="card" href="/y">y</a></nav></article></main><footer><a id="f" href="mailto:info@acme.com">i</a></footer>',
    );
    const ctx = createContext(doc, 'https://acme.com/');
    const el = (id: string) => doc.getElementById(id) as Element;
    expect(isNoise(ctx, el('f'))).toBe(true);
    expect(isNoise(ctx, el('card'))).toBe(false);
    expect(isNoise(ctx, el('n'))).toBe(true);
    // Asked again (answers now cached along the way), the same.
    expect([el('n'), el('card'), el('f')].map((e) => isNoise(ctx, e))).toEqual([true, false, true]);
  });
});
