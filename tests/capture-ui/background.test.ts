import { describe, expect, it } from 'vitest';
import { isExtensionPage, isReadableUrl, organizationOf } from '../../extension/capture/run.ts';
import { captureCatalog } from '../../extension/i18n/capture.ts';
import { parseSignature } from '../../shared/capture/index.ts';

describe('which pages capture may read', () => {
  it('reads company websites and refuses browser pages, extension stores and other schemes', () => {
    expect(isReadableUrl('https://www.northwind-robotics.de/en/team')).toBe(true);
    expect(isReadableUrl('http://intranet.acme.example/people')).toBe(true);
    for (const url of [
      'chrome://newtab/',
      'about:blank',
      'chrome-extension://abcdefghijklmnop/popup.html',
      'file:///home/rep/team.html',
      'view-source:https://acme.com/',
      'https://chromewebstore.google.com/detail/account-lens/abc',
      'https://chrome.google.com/webstore/detail/abc',
      'https://addons.mozilla.org/en-US/firefox/addon/account-lens/',
      'not a url',
      undefined,
    ]) {
      expect(isReadableUrl(url), String(url)).toBe(false);
    }
    // Google's other sites are ordinary pages.
    expect(isReadableUrl('https://chrome.google.com/intl/en/chrome/')).toBe(true);
  });

  it('starts a capture only for the extension’s own pages, never for a content script', () => {
    const extension = { id: 'abcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnop/' };
    expect(
      isExtensionPage(
        { id: extension.id, url: 'chrome-extension://abcdefghijklmnop/popup.html' },
        extension,
      ),
    ).toBe(true);
    // A content script's messages carry the extension's id and the web page's URL.
    expect(isExtensionPage({ id: extension.id, url: 'https://evil.example/' }, extension)).toBe(
      false,
    );
    expect(
      isExtensionPage(
        { id: 'someotherextension', url: 'chrome-extension://someotherextension/x.html' },
        extension,
      ),
    ).toBe(false);
    expect(isExtensionPage({ id: extension.id }, extension)).toBe(false);
  });
});

describe('the account a selected signature points to', () => {
  it('takes the company from the signature and the domain from its address, not the webmail page', () => {
    const candidate = parseSignature(
      [
        'Clara Weber',
        'Chief Financial Officer | Northwind Robotics GmbH',
        'Tel: +49 89 1234 5603',
        'clara.weber@northwind-robotics.de',
      ].join('\n'),
    );
    const org = organizationOf(candidate, 'https://mail.google.com/mail/u/0/#inbox/FMfcgz');
    expect(org.name).toBe('Northwind Robotics GmbH');
    expect(org.domains).toEqual(['northwind-robotics.de']);
    expect(org.fields.name?.source).toBe('signature');
  });

  it('falls back to the page’s site when the address is a free-mail one', () => {
    const candidate = parseSignature(
      ['王小明', '采购经理', '手机：138 0013 8000', 'xiaoming.wang@163.com'].join('\n'),
    );
    expect(organizationOf(candidate, 'https://www.huawei.com/cn/contact').domains).toEqual([
      'huawei.com',
    ]);
    expect(organizationOf(candidate, 'https://mail.163.com/js6/main.jsp').domains).toEqual([]);
    expect(organizationOf(undefined, undefined)).toEqual({
      domains: [],
      contactPoints: [],
      fields: {},
    });
  });
});

describe('capture strings', () => {
  it('exist in English and Simplified Chinese alike, with the same placeholders', () => {
    const en = captureCatalog.en;
    const zh = captureCatalog.zh_CN;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [id, text] of Object.entries(en)) {
      expect(params(zh[id] ?? ''), id).toEqual(params(text));
      expect(zh[id], id).not.toBe('');
    }
  });
});
