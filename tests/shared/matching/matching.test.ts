import { describe, expect, it } from 'vitest';
import {
  buildAccountIndex,
  domainKey,
  FREE_MAIL_DOMAINS,
  hostnameCandidates,
  isFreeMailDomain,
  matchEmail,
  matchEmails,
  matchHostname,
  normaliseEmail,
  normaliseHostname,
  registrableDomain,
} from '../../../shared/matching/index.ts';

// ULIDs: lower ids are older accounts.
const ACME = '01HZ0000000000000000000001';
const ACME_EU = '01HZ0000000000000000000002';
const GLOBEX = '01HZ0000000000000000000003';
const BUCHER = '01HZ0000000000000000000004';
const HUAWEI = '01HZ0000000000000000000005';
const PAGES = '01HZ0000000000000000000006';
const DUPLICATE_ACME = '01HZ0000000000000000000007';
const GOOGLE = '01HZ0000000000000000000008';
const GONE = '01HZ0000000000000000000009';
const JANE = '01HZ00000000000000000000C1';
const WANG = '01HZ00000000000000000000C2';
const ORPHAN = '01HZ00000000000000000000C3';

const account = (id: string, domains: string[], deleted = false) => ({ id, domains, deleted });
const contact = (id: string, accountId: string, emails: string[], deleted = false) => ({
  id,
  accountId,
  emails,
  deleted,
});

const accounts = [
  account(ACME, ['www.acme.com', 'acme-corp.de']),
  account(ACME_EU, ['eu.acme.com']),
  account(GLOBEX, ['shop.globex.co.uk', 'globex.com.cn']),
  account(BUCHER, ['xn--bcher-kva.de']),
  account(HUAWEI, ['xn--siqq7j.xn--55qx5d.cn']),
  account(PAGES, ['acme-labs.github.io']),
  account(GOOGLE, ['google.com']),
  account(GONE, ['gone.example'], true),
];
const contacts = [
  contact(JANE, GLOBEX, ['jane.doe@gmail.com', 'jane@globex.co.uk']),
  contact(WANG, HUAWEI, ['wang@qq.com']),
  contact(ORPHAN, GONE, ['someone@163.com']),
];
const index = buildAccountIndex(accounts, contacts);
const idOf = (host: string) => matchHostname(index, host)?.accountId;

describe('matching a page to an account by hostname', () => {
  it('matches the apex and the www host of an account stored as www', () => {
    expect(matchHostname(index, 'acme.com')).toEqual({
      accountId: ACME,
      domain: 'www.acme.com',
      via: 'domain',
    });
    expect(idOf('www.acme.com')).toBe(ACME);
  });

  it('matches deep subdomains', () => {
    expect(idOf('a.b.c.shop.acme.com')).toBe(ACME);
    expect(idOf('docs.acme-corp.de')).toBe(ACME);
  });

  it('matches every one of an account’s domains', () => {
    expect(idOf('acme-corp.de')).toBe(ACME);
    expect(idOf('globex.com.cn')).toBe(GLOBEX);
    expect(matchHostname(index, 'www.globex.com.cn')?.domain).toBe('globex.com.cn');
  });

  it('lets the most specific stored domain win', () => {
    expect(idOf('eu.acme.com')).toBe(ACME_EU);
    expect(idOf('shop.eu.acme.com')).toBe(ACME_EU);
    expect(idOf('us.acme.com')).toBe(ACME);
    expect(idOf('acme.com')).toBe(ACME);
  });

  it('matches a whole registrable domain from a subdomain that was stored', () => {
    expect(idOf('shop.globex.co.uk')).toBe(GLOBEX);
    expect(idOf('globex.co.uk')).toBe(GLOBEX);
    expect(idOf('www.globex.co.uk')).toBe(GLOBEX);
  });

  it('never crosses a public suffix: co.uk, com.cn and 公司.cn belong to nobody', () => {
    expect(idOf('co.uk')).toBeUndefined();
    expect(idOf('other.co.uk')).toBeUndefined();
    expect(idOf('com.cn')).toBeUndefined();
    expect(idOf('other.com.cn')).toBeUndefined();
    expect(idOf('公司.cn')).toBeUndefined();
    expect(idOf('别的.公司.cn')).toBeUndefined();
  });

  it('matches IDNs written in Unicode or punycode', () => {
    expect(idOf('bücher.de')).toBe(BUCHER);
    expect(idOf('www.BÜCHER.de')).toBe(BUCHER);
    expect(idOf('xn--bcher-kva.de')).toBe(BUCHER);
    expect(idOf('华为.公司.cn')).toBe(HUAWEI);
    expect(idOf('www.xn--siqq7j.xn--55qx5d.cn')).toBe(HUAWEI);
  });

  it('ignores case, a trailing dot and a port', () => {
    expect(idOf('WWW.ACME.COM')).toBe(ACME);
    expect(idOf('acme.com.')).toBe(ACME);
    expect(idOf('acme.com:8443')).toBe(ACME);
    expect(idOf('  Shop.Acme.Com.:443 ')).toBe(ACME);
  });

  it('never matches IP addresses, localhost or single-label hosts', () => {
    for (const host of [
      '127.0.0.1',
      '10.0.0.7:8080',
      '[::1]',
      '[2001:db8::1]:443',
      '0x7f.1',
      'localhost',
      'localhost:3000',
      'acme.localhost',
      'printer.local',
      'intranet',
      '',
      '   ',
      '..',
    ]) {
      expect(idOf(host), host).toBeUndefined();
    }
  });

  it('refuses input that is not a bare hostname', () => {
    expect(idOf('evil.test@acme.com')).toBeUndefined();
    expect(idOf('acme.com/path')).toBeUndefined();
    expect(idOf('acme.com?x')).toBeUndefined();
  });

  it('keeps tenants of a hosting platform apart', () => {
    expect(idOf('acme-labs.github.io')).toBe(PAGES);
    expect(idOf('docs.acme-labs.github.io')).toBe(PAGES);
    expect(idOf('rival.github.io')).toBeUndefined();
    expect(idOf('github.io')).toBeUndefined();
  });

  it('never matches free-mail providers’ own sites or webmail apps', () => {
    const withGmail = buildAccountIndex([account(ACME, ['gmail.com', 'acme.com'])], []);
    expect(matchHostname(withGmail, 'gmail.com')).toBeUndefined();
    expect(matchHostname(withGmail, 'mail.qq.com')).toBeUndefined();
    expect(idOf('mail.google.com')).toBeUndefined();
    expect(idOf('outlook.office.com')).toBeUndefined();
    // google.com is also a company a team may sell to.
    expect(idOf('cloud.google.com')).toBe(GOOGLE);
  });

  it('does not match deleted accounts', () => {
    expect(idOf('gone.example')).toBeUndefined();
  });

  it('gives a domain claimed by two accounts to the older one, whatever the order', () => {
    const a = buildAccountIndex(
      [account(DUPLICATE_ACME, ['acme.com']), account(ACME, ['acme.com'])],
      [],
    );
    const b = buildAccountIndex(
      [account(ACME, ['acme.com']), account(DUPLICATE_ACME, ['acme.com'])],
      [],
    );
    expect(matchHostname(a, 'acme.com')?.accountId).toBe(ACME);
    expect(matchHostname(b, 'acme.com')?.accountId).toBe(ACME);
  });
});

describe('matching an e-mail address to an account', () => {
  it('matches a known contact’s exact address first, on any provider', () => {
    expect(matchEmail(index, 'jane.doe@gmail.com')).toEqual({
      accountId: GLOBEX,
      contactId: JANE,
      via: 'contact',
    });
    expect(matchEmail(index, '  Jane.Doe@GMAIL.com ')).toMatchObject({ contactId: JANE });
    expect(matchEmail(index, 'wang@qq.com')).toMatchObject({ accountId: HUAWEI, contactId: WANG });
    expect(matchEmail(index, 'jane@globex.co.uk')).toMatchObject({ via: 'contact' });
  });

  it('never matches an unknown free-mail address by its domain', () => {
    expect(matchEmail(index, 'someone.else@gmail.com')).toBeUndefined();
    expect(matchEmail(index, 'li@vip.qq.com')).toBeUndefined();
    expect(matchEmail(index, 'x@163.com')).toBeUndefined();
  });

  it('matches an unknown address on a company’s own domain by that domain', () => {
    expect(matchEmail(index, 'bob@acme.com')).toEqual({
      accountId: ACME,
      domain: 'www.acme.com',
      via: 'domain',
    });
    expect(matchEmail(index, 'ops@eu.acme.com')).toMatchObject({ accountId: ACME_EU });
    expect(matchEmail(index, 'ana@Bücher.de')).toMatchObject({ accountId: BUCHER });
  });

  it('does not match contacts of deleted accounts', () => {
    expect(matchEmail(index, 'someone@163.com')).toBeUndefined();
  });

  it('matches nothing for malformed addresses', () => {
    for (const e of ['', 'acme.com', '@acme.com', 'bob@', 'bob@127.0.0.1', 'bob@localhost']) {
      expect(matchEmail(index, e), e).toBeUndefined();
    }
  });

  it('matches every address of a webmail thread in order', () => {
    expect(
      matchEmails(index, ['bob@acme.com', 'friend@gmail.com', 'wang@qq.com']).map(
        (m) => m?.accountId,
      ),
    ).toEqual([ACME, undefined, HUAWEI]);
  });
});

describe('keeping the index current', () => {
  it('follows account and contact updates without a rebuild', () => {
    const live = buildAccountIndex([], []);
    live.upsertAccount(account(ACME, ['acme.com']));
    expect(matchHostname(live, 'acme.com')?.accountId).toBe(ACME);

    live.upsertAccount(account(ACME, ['acme.org']));
    expect(matchHostname(live, 'acme.com')).toBeUndefined();
    expect(matchHostname(live, 'acme.org')?.accountId).toBe(ACME);

    live.upsertContact(contact(JANE, ACME, ['jane@gmail.com']));
    expect(matchEmail(live, 'jane@gmail.com')?.accountId).toBe(ACME);

    live.upsertContact(contact(JANE, ACME, ['jane@outlook.com']));
    expect(matchEmail(live, 'jane@gmail.com')).toBeUndefined();

    live.upsertAccount(account(ACME, ['acme.org'], true));
    expect(matchHostname(live, 'acme.org')).toBeUndefined();
    expect(matchEmail(live, 'jane@outlook.com')).toBeUndefined();

    live.upsertAccount(account(ACME, ['acme.org']));
    expect(matchEmail(live, 'jane@outlook.com')?.accountId).toBe(ACME);

    live.removeContact(JANE);
    live.removeAccount(ACME);
    expect(matchEmail(live, 'jane@outlook.com')).toBeUndefined();
    expect(live.accountCount).toBe(0);
    expect(live.contactCount).toBe(0);
  });

  it('hands a domain back to the remaining account when the more specific one is removed', () => {
    const live = buildAccountIndex(
      [account(ACME, ['acme.com']), account(ACME_EU, ['eu.acme.com'])],
      [],
    );
    expect(matchHostname(live, 'eu.acme.com')?.accountId).toBe(ACME_EU);
    live.removeAccount(ACME_EU);
    expect(matchHostname(live, 'eu.acme.com')?.accountId).toBe(ACME);
  });
});

describe('domain helpers', () => {
  it('knows global and Chinese free-mail providers', () => {
    for (const d of [
      'gmail.com',
      'outlook.com',
      'yahoo.co.jp',
      'qq.com',
      '163.com',
      '126.com',
      'sina.cn',
    ]) {
      expect(FREE_MAIL_DOMAINS.has(d), d).toBe(true);
    }
    expect(isFreeMailDomain('VIP.163.com')).toBe(true);
    expect(isFreeMailDomain('gmx.de')).toBe(true);
    expect(isFreeMailDomain('acme.com')).toBe(false);
    expect(isFreeMailDomain('google.com')).toBe(false);
  });

  it('lists free-mail domains in the form lookups compare against', () => {
    for (const d of FREE_MAIL_DOMAINS) {
      expect(normaliseHostname(d), d).toBe(d);
      expect(registrableDomain(d), d).toBeDefined();
    }
  });

  it('finds registrable domains under public and private suffixes', () => {
    expect(registrableDomain('shop.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('a.acme.github.io')).toBe('acme.github.io');
    expect(registrableDomain('github.io')).toBeUndefined();
    expect(registrableDomain('192.168.1.1')).toBeUndefined();
  });

  it('normalises addresses to lowercase with a punycode domain', () => {
    expect(normaliseEmail(' Ana@Bücher.DE ')).toEqual({
      address: 'ana@xn--bcher-kva.de',
      domain: 'xn--bcher-kva.de',
    });
  });
});

describe('lookups for stores with their own indexes', () => {
  it('describe how a stored domain is indexed and what a hostname probes', () => {
    expect(domainKey('WWW.Acme.co.uk')).toEqual({
      domain: 'www.acme.co.uk',
      key: 'acme.co.uk',
      registrable: 'acme.co.uk',
    });
    expect(domainKey('eu.acme.com')).toEqual({
      domain: 'eu.acme.com',
      key: 'eu.acme.com',
      registrable: 'acme.com',
    });
    expect(domainKey('gmail.com')).toBeUndefined();
    expect(hostnameCandidates('a.eu.acme.com:443')).toEqual({
      keys: ['a.eu.acme.com', 'eu.acme.com', 'acme.com'],
      registrable: 'acme.com',
    });
    expect(hostnameCandidates('mail.google.com')).toBeUndefined();
    expect(hostnameCandidates('127.0.0.1')).toBeUndefined();
  });
});
