import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePage } from '../../shared/capture/index.ts';
import { pageCountry } from '../../shared/capture/phones.ts';
import { BUILT_IN_NAMES } from '../built-in-names.ts';
import { parsePage } from './fixtures.ts';

describe('a page whose language or domain is named like a built-in property is captured as usual', () => {
  const closers: (() => void)[] = [];
  afterAll(() => {
    for (const close of closers) close();
  });

  it('<html lang="constructor"> says nothing about the country, and the page is captured', () => {
    const page = parsePage(
      `<html lang="constructor"><body><div class="person"><h3>Jane Doe</h3><p>Head of Sales</p>
       <a href="mailto:jane.doe@example-corp.com">jane.doe@example-corp.com</a>
       <a href="tel:+14155550134">+1 415 555 0134</a></div></body></html>`,
      'https://www.example-corp.com/team',
    );
    closers.push(page.close);
    expect(pageCountry('www.example-corp.com', 'constructor')).toBeUndefined();
    expect(pageCountry('www.example-corp.com', 'toString-US')).toBe('US');
    expect(() => capturePage(page.document, 'https://www.example-corp.com/team')).not.toThrow();
  });

  it('for any language tag and top-level domain (property)', () => {
    const word = fc.oneof(fc.constantFrom(...BUILT_IN_NAMES), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(
        word,
        word,
        fc.option(fc.constantFrom('-', '_'), { nil: undefined }),
        (a, b, sep) => {
          const lang = sep === undefined ? a : `${a}${sep}${b}`;
          for (const host of [`acme.${a}`, `acme.${b}`, 'acme.com']) {
            const country = pageCountry(host, lang);
            expect(country === undefined || /^[A-Z]{2}$/.test(country)).toBe(true);
          }
        },
      ),
    );
  });
});
