import { describe, expect, it } from 'vitest';
import {
  accountNameFromTitle,
  nameFromDomain,
  newAccountOffer,
} from '../../../extension/ui/new-account.ts';

describe('accountNameFromTitle', () => {
  it.each([
    ['Acme Robotics | Home', 'acme-robotics.com', 'Acme Robotics'],
    ['Acme Robotics - Official site', 'acme-robotics.com', 'Acme Robotics'],
    ['Acme Robotics — The Official Website', 'acme-robotics.com', 'Acme Robotics'],
    ['Home | Acme Robotics', 'acme-robotics.com', 'Acme Robotics'],
    ['Welcome to Acme Robotics', 'acme-robotics.com', 'Acme Robotics'],
    ['Acme Robotics: industrial arms', 'acme-robotics.com', 'Acme Robotics'],
    // The part that spells the domain wins over the page's own name.
    ['Products | Acme', 'acme.com', 'Acme'],
    ['Careers – Globex Corporation', 'globex.com', 'Globex Corporation'],
    // Otherwise the first part: sites usually lead with their name.
    ['Initech · Software that works', 'initech-software.de', 'Initech'],
    // Hyphens and colons inside a name are not separators.
    ['Coca-Cola Company', 'coca-colacompany.com', 'Coca-Cola Company'],
    ['华为 - 官网', 'huawei.com', '华为'],
    ['华为官网', 'huawei.com', '华为'],
    ['首页 | 华为技术有限公司', 'huawei.com', '华为技术有限公司'],
    ['欢迎访问阿里巴巴', 'alibaba.com', '阿里巴巴'],
    ['  Spaced Out Inc.  ', 'spaced.io', 'Spaced Out Inc.'],
  ])('%j on %s → %j', (title, domain, name) => {
    expect(accountNameFromTitle(title, domain)).toBe(name);
  });

  it('falls back to the domain label, capitalised, when the title says nothing', () => {
    expect(accountNameFromTitle(undefined, 'acme-robotics.com')).toBe('Acme Robotics');
    expect(accountNameFromTitle('', 'globex.co.uk')).toBe('Globex');
    expect(accountNameFromTitle('Home', 'initech.com')).toBe('Initech');
    expect(accountNameFromTitle(' | Official site', 'initech.com')).toBe('Initech');
  });

  it('keeps names within the schema limit', () => {
    expect(accountNameFromTitle('x'.repeat(300), 'acme.com')).toHaveLength(200);
  });
});

describe('nameFromDomain', () => {
  it('capitalises each word of the first label', () => {
    expect(nameFromDomain('acme_robotics.com')).toBe('Acme Robotics');
    expect(nameFromDomain('ibm.com')).toBe('Ibm');
  });
});

describe('newAccountOffer', () => {
  it("offers a company site's registrable domain, from any of its subdomains", () => {
    expect(
      newAccountOffer('https://www.acme-robotics.com/about', 'Acme Robotics: industrial arms'),
    ).toEqual({ domain: 'acme-robotics.com', name: 'Acme Robotics' });
    expect(newAccountOffer('http://shop.globex.co.uk/', undefined)).toEqual({
      domain: 'globex.co.uk',
      name: 'Globex',
    });
    // Tenants of a platform are told apart by their private suffix.
    expect(newAccountOffer('https://acme.github.io/', 'Acme')?.domain).toBe('acme.github.io');
  });

  it('offers nothing for free mail, webmail, non-web pages or hosts that are no company', () => {
    for (const url of [
      'https://www.gmail.com/',
      'https://mail.google.com/mail/u/0/',
      'https://mail.qq.com/',
      'https://outlook.live.com/mail/',
      'chrome-extension://abc/popup.html',
      'chrome://newtab/',
      'file:///home/me/a.html',
      'http://127.0.0.1:8787/',
      'http://localhost:3000/',
      'http://printer.local/',
      'https://github.io/',
      'not a url',
      undefined,
    ]) {
      expect(newAccountOffer(url, 'Some title'), String(url)).toBeUndefined();
    }
  });
});
