import { describe, expect, it } from 'vitest';
import { bookCatalog } from '../../../extension/i18n/book.ts';
import { captureCatalog } from '../../../extension/i18n/capture.ts';
import { catalogs } from '../../../extension/i18n/catalog.ts';
import { uiCatalog } from '../../../extension/i18n/ui.ts';
import { webmailCatalog } from '../../../extension/i18n/webmail.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u3400-\u9fff]/;

describe("the extension's strings", () => {
  it('every string exists in English and Chinese with the same placeholders', () => {
    const en = catalogs.en;
    const zh = catalogs.zh_CN;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [id, text] of Object.entries(en)) {
      expect(placeholders(zh[id] ?? ''), id).toEqual(placeholders(text));
    }
  });

  it.each([
    ['book', bookCatalog],
    ['ui', uiCatalog],
    ['capture', captureCatalog],
    ['webmail', webmailCatalog],
  ])('Chinese %s strings use Chinese punctuation', (_name, catalog) => {
    for (const [id, text] of Object.entries(catalog.zh_CN)) {
      if (!CJK.test(text)) continue;
      // ASCII , : ; ! ? ( ) next to a Chinese character, or "..." for an ellipsis.
      expect(text, id).not.toMatch(/[\u3400-\u9fff][,:;!?()]|[,:;!?()][\u3400-\u9fff]|\.\.\./);
    }
  });
});
