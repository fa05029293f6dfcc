import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ContactCandidate,
  capturePage,
  cleanPersonName,
  emailsInText,
  extractContacts,
  extractOrganization,
  isGenericMailbox,
  looksLikeTitle,
  normalisePhone,
} from '../../shared/capture/index.ts';
import { emailNameStrength } from '../../shared/capture/text.ts';
import { type PageFixture, pageFixtures, parsePage, renderPage } from './fixtures.ts';
import { addScore, emptyScore, ratio, scoreContacts, scoreOrganization } from './score.ts';

const FIXTURES = pageFixtures();
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function load(f: PageFixture): Promise<Document> {
  if (f.expected.render) {
    const page = await renderPage(f.html, f.expected.url);
    closers.push(page.close);
    return page.document;
  }
  const page = parsePage(f.html, f.expected.url);
  closers.push(page.close);
  return page.document;
}

function doc(html: string, url = 'https://www.example-corp.com/'): Document {
  const page = parsePage(html, url);
  closers.push(page.close);
  return page.document;
}

const fixture = (name: string): PageFixture => {
  const f = FIXTURES.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
};

const byName = (contacts: readonly ContactCandidate[], name: string) =>
  contacts.find((c) => c.name === name);

describe('capture from company pages: every fixture, field by field', () => {
  it('has at least 12 realistic fixture pages', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(12);
  });

  for (const f of FIXTURES) {
    it(`${f.name}: finds the expected people and organisation, and nothing else`, async () => {
      const { contacts, organization } = capturePage(await load(f), f.expected.url);
      const s = emptyScore();
      addScore(s, scoreContacts(f.expected.contacts, contacts));
      addScore(s, scoreOrganization(f.expected.organization, organization));
      expect(s.problems).toEqual([]);
    });
  }

  it('keeps page-level precision and recall above their floors', async () => {
    const total = emptyScore();
    for (const f of FIXTURES) {
      const document = await load(f);
      // The two entry points the extension calls, not the combined one, so both are covered.
      addScore(
        total,
        scoreContacts(f.expected.contacts, extractContacts(document, f.expected.url)),
      );
      addScore(
        total,
        scoreOrganization(f.expected.organization, extractOrganization(document, f.expected.url)),
      );
    }
    const { precision, recall } = ratio(total);
    console.log(
      `capture precision/recall — pages: P=${precision.toFixed(3)} R=${recall.toFixed(3)} ` +
        `(tp ${total.tp} / fp ${total.fp} / fn ${total.fn}, ${FIXTURES.length} pages)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('what a rep relies on when capturing a page', () => {
  it('a team grid yields each person with name, title, e-mail, phone and profile', async () => {
    const f = fixture('team-five');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts).toHaveLength(5);
    for (const c of contacts) {
      expect(c.title).toBeTruthy();
      expect(c.emails).toHaveLength(1);
      expect(c.phones).toHaveLength(1);
      expect(c.profileUrl).toMatch(/^https:\/\/www\.linkedin\.com\/in\//);
    }
  });

  it('role mailboxes (info@, sales@, 客服) go to the organisation, never to a person', async () => {
    const f = fixture('cn-contact');
    const document = await load(f);
    const contacts = extractContacts(document, f.expected.url);
    const emails = contacts.flatMap((c) => c.emails);
    expect(emails).not.toContain('kefu@huaxin-tech.com.cn');
    expect(emails).not.toContain('zhaopin@huaxin-tech.com.cn');
    const points = extractOrganization(document, f.expected.url).contactPoints;
    expect(points.find((p) => p.email === 'kefu@huaxin-tech.com.cn')?.label).toBe('客服');
    // Not a role name, but labelled as the press desk and with nobody beside it.
    expect(points.find((p) => p.email === 'pr-team@huaxin-tech.com.cn')?.label).toBe('媒体');
  });

  it('navigation, cookie banners and footers never become contacts', async () => {
    const f = fixture('team-grid');
    const contacts = extractContacts(await load(f), f.expected.url);
    const names = contacts.map((c) => c.name);
    // "Peter Privacy" sits in the cookie banner with his address: still not a contact.
    expect(names).not.toContain('Peter Privacy');
    const blog = fixture('blog-noise');
    // The footer's editor-in-chief and the banner's DPO have personal addresses; still nothing.
    expect(extractContacts(await load(blog), blog.expected.url)).toEqual([]);
  });

  it('a product page with only role mailboxes yields no people', async () => {
    const f = fixture('product-noise');
    const document = await load(f);
    expect(extractContacts(document, f.expected.url)).toEqual([]);
    const points = extractOrganization(document, f.expected.url).contactPoints;
    expect(points.filter((p) => p.email !== undefined)).toHaveLength(5);
  });

  it('the same person in JSON-LD and in the visible grid is one candidate with the best of both', async () => {
    const f = fixture('jsonld-grid-merge');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.filter((c) => c.name === 'Nora Feld')).toHaveLength(1);
    const nora = byName(contacts, 'Nora Feld');
    // JSON-LD is more trusted than the grid's "CEO"; the phone only the grid had.
    expect(nora?.title).toBe('Chief Executive Officer');
    expect(nora?.fields.title?.source).toBe('json-ld');
    expect(nora?.phones).toEqual(['+41615551201']);
    expect(nora?.fields.phones?.source).not.toBe('json-ld');
  });

  it('JSON-LD @graph, Person arrays and @id references give company and titles; broken scripts are skipped', async () => {
    const f = fixture('leadership-jsonld');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Charlotte Hughes')?.company).toBe('Northwind Logistics Ltd');
    expect(byName(contacts, 'Priya Shah')?.title).toBe('Head of Sustainability');
    expect(contacts.map((c) => c.name)).not.toContain('Broken Entry');
  });

  it('h-cards: implied names, nested org h-card, legacy vcard classes, relative URLs resolved', async () => {
    const f = fixture('hcard');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Noah Kim')?.profileUrl).toBe(
      'https://www.fernwood-design.com/people/noah-kim/',
    );
    expect(byName(contacts, 'Ella Moreno')?.company).toBe('Fernwood Design Studio');
    expect(byName(contacts, 'Grace Liu')?.fields.name?.source).toBe('h-card');
    // The footer h-card is the studio itself, not a person.
    expect(contacts.map((c) => c.name)).not.toContain('Fernwood Design Studio');
  });

  it('a Chinese contact page keeps names whole, family name first, and phones in E.164', async () => {
    const f = fixture('cn-contact');
    const contacts = extractContacts(await load(f), f.expected.url);
    const wang = byName(contacts, '王小明');
    expect(wang?.title).toBe('销售总监');
    expect(wang?.phones).toContain('+8613800138000');
    expect(wang?.phoneLabels?.['+8613800138000']).toBe('手机');
    expect(byName(contacts, '陈静')?.emails).toEqual(['chenjing@huaxin-tech.com.cn']);
  });

  it('a vCard link is kept as evidence, with the name from the card or the link text', async () => {
    const f = fixture('vcard-link');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Robert Hale')?.vcardUrl).toBe(
      'https://www.whitfieldcrane.com/vcards/robert-hale.vcf',
    );
    expect(byName(contacts, 'Robert Hale')?.fields.name?.source).toBe('vcard-link');
  });

  it('a single-page app shows nobody before it renders and its five people after', async () => {
    const f = fixture('team-spa');
    const before = parsePage(f.html, f.expected.url);
    closers.push(before.close);
    expect(extractContacts(before.document, f.expected.url)).toEqual([]);
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.map((c) => c.name)).toEqual([
      'Ava Chen',
      'Lucas Meyer',
      'Sofia Rossi',
      'Daniel Okafor',
      'Hannah Berg',
    ]);
  });

  it('every field says where it came from, and the provenance value equals the field', async () => {
    for (const f of FIXTURES) {
      for (const c of extractContacts(await load(f), f.expected.url)) {
        expect(c.fields.name?.value).toBe(c.name);
        if (c.title !== undefined) expect(c.fields.title?.value).toBe(c.title);
        if (c.emails.length > 0) expect(c.fields.emails?.value).toEqual(c.emails);
        if (c.phones.length > 0) expect(c.fields.phones?.value).toEqual(c.phones);
        for (const origin of Object.values(c.fields)) {
          expect(origin.confidence).toBeGreaterThan(0);
          expect(origin.confidence).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('results are plain data that survive structured cloning and JSON', async () => {
    const f = fixture('team-grid');
    const result = capturePage(await load(f), f.expected.url);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(structuredClone(result)).toEqual(result);
  });
});

describe('names the way pages write them', () => {
  it('every reader takes one-word, "Last, First", initial, particle, Korean, Japanese and all-caps names', async () => {
    const grid = fixture('team-name-classes');
    const fromGrid = extractContacts(await load(grid), grid.expected.url).map((c) => c.name);
    expect(fromGrid).toEqual(
      expect.arrayContaining([
        'Marta',
        "Seán O'Brien",
        'ELENA ROSSI',
        'J R Whitfield',
        'Jean-Luc Moreau-Blanc',
        'Pieter van der Berg',
      ]),
    );
    const ld = fixture('structured-name-classes');
    const fromData = extractContacts(await load(ld), ld.expected.url).map((c) => c.name);
    expect(fromData).toEqual(
      expect.arrayContaining([
        'Priya',
        'Chidi M. Okafor',
        'HANS WEBER',
        '박 지훈',
        '山田 太郎',
        'T.J. Okonkwo',
        'Rafael',
        'Siobhán',
      ]),
    );
  });

  it('a one-word name is taken only beside an address written from it, and flagged for a look', () => {
    const d = doc(`<div class="team">
      <div class="m"><h3>Marta</h3><p>Office Manager</p><a href="mailto:marta@acme.com">Email</a></div>
      <div class="m"><h3>Jonas</h3><p>Sales Manager</p><a href="mailto:sales.team7@acme.com">Email</a></div>
      <div class="m"><h3>Ann Lee</h3><p>CEO</p></div><div class="m"><h3>Bo Chan</h3><p>CFO</p></div></div>`);
    const contacts = extractContacts(d, 'https://acme.com/team');
    expect(byName(contacts, 'Marta')?.nameFlag).toBe('single');
    expect(byName(contacts, 'Jonas')).toBeUndefined();
    expect(byName(contacts, 'Ann Lee')?.nameFlag).toBeUndefined();
  });

  it('a person whose name fails the check is still offered, the name a guess to confirm', async () => {
    const f = fixture('team-name-classes');
    const aoife = extractContacts(await load(f), f.expected.url).find((c) =>
      c.emails.includes('aoife.n@harbor-analytics.com'),
    );
    expect(aoife).toMatchObject({
      name: 'Aoife N',
      nameFlag: 'unsure',
      title: 'Marketing Coordinator',
    });
  });

  it('honorifics and degrees stand apart from the name, whichever reader found it', async () => {
    const grid = fixture('team-name-classes');
    const mei = byName(extractContacts(await load(grid), grid.expected.url), 'Mei Chen');
    expect(mei?.honorifics).toEqual(['Dr.', 'MBA']);
    const ld = fixture('structured-name-classes');
    const people = extractContacts(await load(ld), ld.expected.url);
    expect(byName(people, 'HANS WEBER')?.honorifics).toEqual(['DR.']);
    expect(byName(people, 'Lena van Dijk')?.honorifics).toEqual(['Ms.', 'CPA']);
    expect(byName(people, 'Ingrid Sørensen')?.honorifics).toEqual(['Prof.', 'Dr.']);
  });

  it("a company typed as a Person, and an article's author, are never offered", async () => {
    const f = fixture('structured-name-classes');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.some((c) => c.emails.includes('k.brandt@nordwerk.de'))).toBe(false);
    expect(byName(contacts, 'Gregory Hale')).toBeUndefined();
  });
});

describe('East Asian team pages', () => {
  it("a name's reading in another script (Kim Min-su, Gu Zhenhua, ヤマダ) is the same person", () => {
    const d = doc(
      `<div class="t"><div class="m"><strong>김민수</strong><p>Kim Min-su</p><p>대표이사</p></div>
      <div class="m"><strong>박서연</strong><p>Park Seo-yeon</p><p>영업본부장</p></div>
      <div class="m"><strong>이준호</strong><p>Lee Jun-ho</p><p>기술연구소 소장</p></div></div>`,
      'https://www.hanbit.co.kr/team/',
    );
    expect(extractContacts(d, 'https://www.hanbit.co.kr/team/').map((c) => c.name)).toEqual([
      '김민수',
      '박서연',
      '이준호',
    ]);
  });

  it('a spaced Japanese name beyond the common family names; a title over the name beats a bio', async () => {
    expect(cleanPersonName('緑川 健一')).toBe('緑川 健一');
    expect(cleanPersonName('顾振华')).toBe('顾振华');
    for (const noise of ['工場 見学', '大和 証券', '採用 情報', '顾问']) {
      expect(cleanPersonName(noise), noise).toBeUndefined();
    }
    const f = fixture('jp-staff-romaji');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, '緑川 健一')?.title).toBe('代表取締役社長');
    expect(byName(contacts, '井上 大輔')?.title).toBe('技術部 部長');
  });
});

describe('cards marked unevenly, titles ended by a dash', () => {
  it('a card singled out by a BEM modifier or a state class is still one of the grid', async () => {
    const f = fixture('law-firm-attorneys');
    const ana = byName(extractContacts(await load(f), f.expected.url), 'Ana Lucía Rivera');
    expect(ana?.company).toBe('Whitcombe Ross & Adeyemi LLP');
    expect(ana?.fields.name?.source).toBe('team-grid');
  });

  it("a spaced dash ends the title after a name ('Chair — Partner, Ridgeline Ventures')", async () => {
    const f = fixture('hubspot-leadership');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'David Okonjo')?.title).toBe('Chair');
    expect(byName(contacts, 'Obi Nwankwo')?.title).toBe('VP, Carrier Partnerships');
  });

  it('Dra., Revd. and Cllr are honorifics; sentence-case titles in their own words', async () => {
    const f = fixture('es-equipo-wix');
    const lucia = byName(extractContacts(await load(f), f.expected.url), 'Lucía Gómez Etxeberria');
    expect(lucia?.honorifics).toEqual(['Dra.']);
    expect(cleanPersonName('Revd. Margaret Okafor')).toBe('Margaret Okafor');
    expect(cleanPersonName('Cllr Jane Doe')).toBe('Jane Doe');
    expect(cleanPersonName('Di Maria Rossi')).toBe('Di Maria Rossi');
    for (const t of ['Cheffe de projet', 'Higienista dental', 'Trustee', 'Leitung Einkauf']) {
      expect(looksLikeTitle(t), t).toBe(true);
    }
  });
});

describe('a footer found by its place and its words', () => {
  it('the last block stating a copyright is the footer, whatever its class', () => {
    const url = 'https://www.qiming-ie.com/contact/';
    const d = doc(
      `<div class="main"><h1>联系我们</h1><p>欢迎来电咨询。</p></div>
      <div class="foot"><p>主编：王建国 <a href="mailto:wangjg@qiming-ie.com">wangjg@qiming-ie.com</a></p>
      <p>电话：0512-6588 3300</p><p>苏州启明智能装备有限公司 版权所有</p></div>`,
      url,
    );
    const { contacts, organization } = capturePage(d, url);
    expect(contacts).toEqual([]);
    expect(organization.phone).toBe('+8651265883300');
  });
});

describe("a site builder's organisation in two JSON-LD nodes", () => {
  it("the Organization's phone completes the LocalBusiness; an address's lines are its parts", async () => {
    const f = fixture('squarespace-founders');
    const org = extractOrganization(await load(f), f.expected.url);
    expect(org.phone).toBe('+17575550139');
    expect(org.address).toBe('418 Granby St, Norfolk, VA, 23510, United States');
  });
});

describe('nicknames and post-nominals', () => {
  it('foundations, associations and utilities are organisations; more academic prefixes', () => {
    for (const org of ['Miller Foundation', 'Stadtwerke Aalen', 'Fundación Olivar']) {
      expect(cleanPersonName(org), org).toBeUndefined();
    }
    expect(cleanPersonName('Charity Okonkwo')).toBe('Charity Okonkwo');
    expect(cleanPersonName('Dipl.-Kffr. Sabine Roth')).toBe('Sabine Roth');
    expect(cleanPersonName('RNDr. Petr Svoboda')).toBe('Petr Svoboda');
  });

  it("a quoted nickname is left out; advisers' and clinicians' letters are honorifics", () => {
    expect(cleanPersonName('Robert "Bob" Smith')).toBe('Robert Smith');
    expect(cleanPersonName("Seán O'Brien")).toBe("Seán O'Brien");
    for (const raw of [
      'Jane Doe, CPA, CFP®',
      'Jane Doe, RN, BSN',
      'Jane Doe, AIA',
      'Jane Doe, LCSW',
    ]) {
      expect(cleanPersonName(raw), raw).toBe('Jane Doe');
    }
  });
});

describe('precision on the rules the second round added', () => {
  it("a labelled title that is a placeholder, a sentence or a job advert's terms is no title", () => {
    const page = doc(
      `<div class="team">${[
        ['Philippe Roux', 'Gérant'],
        ['Claire Roux', "s'occupe de l'accueil et des devis"],
        ['Hugo Perrin', '—'],
        ['Inès Boyer', 'Vollzeit, unbefristet'],
      ]
        .map(
          ([n, t]) =>
            `<div class="m"><h3>${n}</h3><p>Fonction : ${t}</p><p><a href="mailto:${(n ?? '').toLowerCase().replace(/[^a-z]+/g, '.')}@example-corp.com">e-mail</a></p></div>`,
        )
        .join('')}</div>`,
    );
    const contacts = extractContacts(page, 'https://www.example-corp.com/equipe/');
    expect(byName(contacts, 'Philippe Roux')?.title).toBe('Gérant');
    for (const n of ['Claire Roux', 'Hugo Perrin', 'Inès Boyer']) {
      expect(byName(contacts, n), n).toBeDefined();
      expect(byName(contacts, n)?.title, n).toBeUndefined();
    }
  });

  it('an address under two person blocks goes to the name it fits best, or to nobody', () => {
    expect(emailNameStrength('Josef Huber', 'j.huber@a.de')).toBe(2);
    expect(emailNameStrength('Anna Huber', 'j.huber@a.de')).toBe(0);
    expect(emailNameStrength('Anna Huber', 'peter.huber@a.de')).toBe(0);
    expect(emailNameStrength('Anna Jane Doe', 'j.doe@a.com')).toBe(1);
    expect(emailNameStrength('Jane Doe', 'doe@a.com')).toBe(1);
    const page = doc(
      '<main><p><strong>Peter Huber</strong> – Geschäftsführer</p><p><strong>Maria Huber</strong> – Büro</p><p>huber@example-corp.com</p></main>',
    );
    expect(extractContacts(page, 'https://www.example-corp.com/').map((c) => c.name)).toEqual([]);
  });

  it("a place over the name is no title; a customer's first-person words make a testimonial", () => {
    expect(looksLikeTitle('Head Office')).toBe(false);
    expect(looksLikeTitle('Head of Office')).toBe(true);
    expect(looksLikeTitle('Office Manager')).toBe(true);
    const card = (quote: string, name: string, title: string) =>
      `<div class="card"><p>${quote}</p><div>${name}</div><div>${title}</div></div>`;
    const page = doc(
      `<div class="grid">${card('We cut our dock downtime in half within a year of switching.', 'Rachel Dunmore', 'Operations Director')}${card('Our plants run on their seals now, and the calls have stopped.', 'Victor Almeida', 'VP Operations')}</div>`,
    );
    expect(extractContacts(page, 'https://www.example-corp.com/')).toEqual([]);
  });

  it('people written in one paragraph, a blank line between them, are each read', () => {
    const page = doc(
      '<section><h2>Export desk</h2><p><strong>Tomasz Nowak</strong><br>Export Sales Manager<br>T: +44 1484 960245<br><br><strong>Grace Okoro</strong><br>Export Administrator<br>T: +44 1484 960246</p></section>',
    );
    const contacts = extractContacts(page, 'https://www.example-corp.com/');
    expect(byName(contacts, 'Tomasz Nowak')).toMatchObject({
      title: 'Export Sales Manager',
      phones: ['+441484960245'],
    });
    expect(byName(contacts, 'Grace Okoro')).toMatchObject({
      title: 'Export Administrator',
      phones: ['+441484960246'],
    });
  });
});

describe('old table layouts and accordions', () => {
  it("'Cell (515) 555-0188' keeps its area code; 'Agronomist, CCA' is a title, not 'CCA Agronomist'", async () => {
    expect(normalisePhone('(515) 555-0188', 'US')).toBe('+15155550188');
    expect(cleanPersonName('Agronomist, CCA')).toBeUndefined();
    expect(cleanPersonName('DOE, JANE')).toBe('JANE DOE');
    const f = fixture('table-layout-staff');
    const { contacts, organization } = capturePage(await load(f), f.expected.url);
    expect(byName(contacts, 'Marcus Tenney')).toMatchObject({
      title: 'Agronomist, CCA',
      phones: ['+15155550188'],
    });
    // The footer's number standing alone beside the address is the switchboard.
    expect(organization.phone).toBe('+15155550170');
  });

  it('a title line under the name is not a second person when the card has their address', async () => {
    const f = fixture('en-team-accordion');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Hye-jin Park')?.title).toBe('Tax Planning Director');
    const ind = fixture('industries-nopeople');
    expect(extractContacts(await load(ind), ind.expected.url)).toEqual([]);
  });
});

describe('two people side by side', () => {
  it('two cards with checked names and titles in the vocabulary are people; two taglines are not', async () => {
    const f = fixture('about-two-founders');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.map((c) => [c.name, c.title, c.profileUrl])).toEqual([
      ['Priya Venkataraman', 'Co-founder & CEO', 'https://www.linkedin.com/in/priyavenkataraman/'],
      ['Jonas Eriksson', 'Co-founder & CTO', 'https://www.linkedin.com/in/jonaseriksson-nb/'],
    ]);
    const d = doc(
      `<div class="row"><div class="c"><h4>Mining Sites</h4><p>Haulage Tracking Platform</p></div>
      <div class="c"><h4>Hospital Campuses</h4><p>Asset Tracking Platform</p></div></div>`,
    );
    expect(extractContacts(d, 'https://www.example-corp.com/')).toEqual([]);
  });

  it("a title-as-label pair at a line's start ('总经理：陈国栋　手机：…') names the person", () => {
    const url = 'http://www.hengyuan-mould.cn/a/lianxiwomen/';
    const d = doc(
      '<div class="lxwm"><p>总经理：陈国栋　手机：13805741234</p><p>销售经理 杨丽　手机：13957409876</p><p>地址：浙江省宁波市北仑区枫林路66号</p></div>',
      url,
    );
    expect(extractContacts(d, url).map((c) => [c.name, c.title, c.phones])).toEqual([
      ['陈国栋', '总经理', ['+8613805741234']],
      ['杨丽', '销售经理', ['+8613957409876']],
    ]);
    expect(looksLikeTitle('Produktmanager Schwenkantriebe')).toBe(true);
  });
});

describe('the organisation on a product page and a contact page', () => {
  it("a product's brand is not the company; a labelled address in the content is read too", async () => {
    const f = fixture('de-produkt-ansprechpartner');
    const { contacts, organization } = capturePage(await load(f), f.expected.url);
    expect(organization.name).toBe('Kessler Antriebstechnik');
    // The reviewer in the product's JSON-LD and its review box is nobody to call.
    expect(byName(contacts, 'Stefan Vogel')).toBeUndefined();
    const cn = fixture('cn-lianxi-title-label');
    const org = extractOrganization(await load(cn), cn.expected.url);
    expect(org.address).toBe('浙江省宁波市北仑区小港街道枫林路66号');
  });
});

describe('cards with a whole biography', () => {
  it('a card of four or five paragraphs is still one person', () => {
    const para = (n: string) =>
      `<p>${n} has spent two decades advising manufacturers on supply chain strategy, from sourcing and procurement to logistics network design, and held senior operations roles at two global automotive suppliers across eleven sites in Europe and North America.</p>`;
    const card = (n: string, t: string) =>
      `<div class="person"><img src="x.jpg" alt=""><h3>${n}</h3><p class="role">${t}</p>${para(n).repeat(8)}<p><a href="mailto:${n.split(' ')[0]?.toLowerCase()}@mha.com">Email</a></p></div>`;
    const d = doc(
      `<main><div class="people">${card('Helen Marsh', 'Managing Partner')}${card('Omar Haddad', 'Partner')}${card('Julia Stein', 'Principal')}</div></main>`,
      'https://www.mha.com/people',
    );
    expect(extractContacts(d, 'https://www.mha.com/people').map((c) => c.name)).toEqual([
      'Helen Marsh',
      'Omar Haddad',
      'Julia Stein',
    ]);
  });
});

describe('furigana and addresses spelled out', () => {
  it("a name's ruby reading is not part of the name", () => {
    const d = doc(
      `<ul class="o"><li><p>代表取締役社長</p><p><ruby>緑川<rt>みどりかわ</rt></ruby> <ruby>健一<rt>けんいち</rt></ruby></p></li>
      <li><p>専務取締役</p><p><ruby>高橋<rt>たかはし</rt></ruby> <ruby>美穂<rt>みほ</rt></ruby></p></li>
      <li><p>常務取締役</p><p><ruby>井上<rt>いのうえ</rt></ruby> <ruby>大輔<rt>だいすけ</rt></ruby></p></li></ul>`,
      'https://www.test.co.jp/company/officers/',
    );
    const contacts = extractContacts(d, 'https://www.test.co.jp/company/officers/');
    expect(contacts.map((c) => [c.name, c.title])).toEqual([
      ['緑川 健一', '代表取締役社長'],
      ['高橋 美穂', '専務取締役'],
      ['井上 大輔', '常務取締役'],
    ]);
  });

  it('"jane at acme dot com", "info(a)acme.de" and "jane @ acme.com" are addresses; "at" alone is not', () => {
    expect(emailsInText('jane.doe at acme dot co dot uk', true)).toEqual(['jane.doe@acme.co.uk']);
    expect(emailsInText('info(a)acme.de', true)).toEqual(['info@acme.de']);
    expect(emailsInText('jane @ acme.com', true)).toEqual(['jane@acme.com']);
    expect(emailsInText('Meet us at acme.com or at the booth. Dot com era.', true)).toEqual([]);
  });
});

describe('national numbers on a page that names no country', () => {
  it("a .com page in 'en' reads '020 7946 0321' in the plan of its own international tel: links", () => {
    const url = 'https://www.marshhaddad.com/people/';
    const card = (n: string, t: string, p: string) =>
      `<div class="p"><h3>${n}</h3><p>${t}</p><p>T: ${p}</p></div>`;
    const d = doc(
      `<html lang="en"><body><main><div class="g">${card('Helen Marsh', 'Managing Partner', '020 7946 0321')}${card('Omar Haddad', 'Partner', '020 7946 0322')}${card('Julia Stein', 'Principal', '020 7946 0323')}</div></main>
      <footer><a href="tel:+442079460320">+44 20 7946 0320</a></footer></body></html>`,
      url,
    );
    expect(extractContacts(d, url).map((c) => c.phones)).toEqual([
      ['+442079460321'],
      ['+442079460322'],
      ['+442079460323'],
    ]);
  });
});

describe('titles the page labels as such', () => {
  it("'Position: Export Sales' and '役職：営業部 課長' are titles without the vocabulary", () => {
    const card = (n: string, t: string, e: string) =>
      `<div class="c"><p>Name: ${n}</p><p>Position: ${t}</p><p>Email: ${e}</p></div>`;
    const d = doc(
      `<div class="g">${card('Jane Doe', 'Export Sales', 'jane.doe@foo.co.uk')}${card('John Roe', 'Purchasing', 'john.roe@foo.co.uk')}${card('Ann Poe', 'Quality Assurance', 'ann.poe@foo.co.uk')}</div>`,
      'https://www.foo.co.uk/contacts',
    );
    expect(extractContacts(d, 'https://www.foo.co.uk/contacts').map((c) => c.title)).toEqual([
      'Export Sales',
      'Purchasing',
      'Quality Assurance',
    ]);
  });
});

describe('an address on its own line under the person', () => {
  it('goes to the person named just before it when it is written from that name', () => {
    const url = 'https://www.acme.com/contact';
    const d = doc(
      `<main><p><strong>Jane Doe</strong>, Sales Manager</p><p>jane.doe@acme.com</p>
      <p><strong>John Roe</strong>, Service Lead</p><p>john.roe@acme.com</p>
      <p><strong>Ann Poe</strong>, Office Manager</p><p>apoe@acme.com</p>
      <p><strong>Bo Lund</strong>, Driver</p><p>dispatch.north@acme.com</p></main>`,
      url,
    );
    const contacts = extractContacts(d, url);
    expect(byName(contacts, 'Jane Doe')?.emails).toEqual(['jane.doe@acme.com']);
    expect(byName(contacts, 'Ann Poe')?.emails).toEqual(['apoe@acme.com']);
    expect(contacts.flatMap((c) => c.emails)).not.toContain('dispatch.north@acme.com');
  });
});

describe('legal notices and heading runs', () => {
  it("an Impressum's 'Geschäftsführer: A, B' line gives each officer, the label as title", async () => {
    const f = fixture('de-impressum');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.map((c) => [c.name, c.title])).toEqual([
      ['Wolfgang Brandt', 'Geschäftsführer'],
      ['Katrin Brandt-Öhler', 'Geschäftsführer'],
    ]);
    expect(byName(contacts, 'Wolfgang Brandt')?.honorifics).toEqual(['Dipl.-Ing.']);
    const d = doc(
      '<main><h1>Mentions légales</h1><p>Éditeur : Atelier Lumen SAS<br>Directeur de la publication : Jean Dupont<br>Hébergeur : OVH SAS, 2 rue Kellermann, Roubaix</p></main>',
      'https://www.atelier-lumen.fr/mentions-legales',
    );
    const fr = extractContacts(d, 'https://www.atelier-lumen.fr/mentions-legales');
    expect(fr.map((c) => c.name)).toEqual(['Jean Dupont']);
  });

  it('a smaller heading right under a name heading is the title, in a run without wrappers', async () => {
    const f = fixture('gutenberg-h3-h4-runs');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Tanya Reinholt-Moss')?.title).toBe('Sales & Customer Service Manager');
    expect(byName(contacts, 'Walter Reinholt')).toBeUndefined();
  });
});

describe('team pages in French and Spanish', () => {
  it("titles written in their own words make the card a person's (Gerente de ventas, Chargée d'affaires)", async () => {
    for (const name of ['es-equipo-avada', 'fr-equipe-wpbakery']) {
      const f = fixture(name);
      const contacts = extractContacts(await load(f), f.expected.url);
      expect(contacts.map((c) => [c.name, c.title])).toEqual(
        f.expected.contacts.map((c) => [c.name, c.title]),
      );
    }
    for (const t of [
      'Gerente de ventas',
      'Jefa de tráfico',
      'Asesor comercial',
      'Avocat associé',
    ]) {
      expect(looksLikeTitle(t), t).toBe(true);
    }
  });

  it('a builder\'s "person-author" name box is the team member, not a byline', async () => {
    const f = fixture('es-equipo-avada');
    const carmen = byName(extractContacts(await load(f), f.expected.url), 'Carmen Ruiz Olivar');
    expect(carmen?.title).toBe('Directora general');
  });

  it('a department mailbox in a card (calidad@) goes to the company, "Me" to the honorifics', async () => {
    const es = fixture('es-equipo-avada');
    const { contacts, organization } = capturePage(await load(es), es.expected.url);
    expect(byName(contacts, 'Marta Vidal')?.emails).toEqual([]);
    expect(organization.contactPoints.map((p) => p.email)).toContain(
      'calidad@transportesolivar.es',
    );
    const fr = fixture('fr-equipe-wpbakery');
    const morel = byName(extractContacts(await load(fr), fr.expected.url), 'Hélène Morel');
    expect(morel?.honorifics).toEqual(['Me']);
  });
});

describe('a staff list written one person per line', () => {
  it("gives each line's name, the title up to the next dash, the e-mail and the phone", async () => {
    const f = fixture('contact-staff-list');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, 'Dana Whitaker')).toMatchObject({
      title: 'Sales Manager',
      emails: ['dana@keelanchor.com'],
      phones: ['+12075550141'],
    });
    expect(byName(contacts, 'Luis Ortega')?.title).toBe('Inside Sales');
    expect(byName(contacts, 'Pete Sullivan')?.emails).toEqual(['pete@keelanchor.com']);
  });
});

describe('menus and price lists', () => {
  it('a French or Spanish title word makes a title only at the start, not in a description', () => {
    for (const t of ['Jefe de cocina', 'Sommelier', 'Técnica de calidad', 'Chargée d’affaires']) {
      expect(looksLikeTitle(t), t).toBe(true);
    }
    for (const t of [
      'Sugerencia del jefe de cocina',
      'Doce pases con maridaje de nuestro sommelier',
      'Receta del socio fundador',
    ]) {
      expect(looksLikeTitle(t), t).toBe(false);
    }
  });

  it('a grid of dishes with prices yields no people, whatever words their descriptions use', async () => {
    const f = fixture('es-restaurante-carta');
    expect(extractContacts(await load(f), f.expected.url)).toEqual([]);
  });
});

describe("the company of a team page's people", () => {
  it("a plain team grid's people work for the page's organisation", async () => {
    const f = fixture('team-name-classes');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(contacts.length).toBeGreaterThanOrEqual(8);
    for (const c of contacts) expect(c.company, c.name).toBe('Harbor Analytics');
  });

  it('a card that names another employer keeps it', () => {
    const d = doc(
      `<title>Speakers | Acme Robotics</title><meta property="og:site_name" content="Acme Robotics">
      <div class="s"><h3>Ann Lee</h3><p>CEO<br>Other Co</p></div>
      <div class="s"><h3>Bo Chan</h3><p>CFO<br>Third Ltd</p></div>
      <div class="s"><h3>Cy Dunn</h3><p>VP Sales</p></div>`,
      'https://www.acme-robotics.com/speakers',
    );
    const contacts = extractContacts(d, 'https://www.acme-robotics.com/speakers');
    expect(byName(contacts, 'Ann Lee')?.company).toBe('Other Co');
    expect(byName(contacts, 'Cy Dunn')?.company).toBe('Acme Robotics');
  });
});

describe('company-profile tables (会社概要, 公司简介)', () => {
  it('each officer a role row names is a contact, with the title written before the name', async () => {
    const f = fixture('jp-gaiyou-dl');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, '山田 太郎')?.title).toBe('代表取締役');
    expect(byName(contacts, '鈴木 一郎')?.title).toBe('取締役会長');
    expect(byName(contacts, '小林 誠')?.title).toBe('監査役');
    // 担当: the person after their department, with no title invented.
    expect(byName(contacts, '中村 美咲')).toMatchObject({ name: '中村 美咲' });
    expect(byName(contacts, '中村 美咲')?.title).toBeUndefined();
  });

  it('a role label is the title when the value is only the name; other rows are no one', async () => {
    const f = fixture('cn-gongsi-jianjie');
    const contacts = extractContacts(await load(f), f.expected.url);
    expect(byName(contacts, '周建国')?.title).toBe('法定代表人');
    expect(byName(contacts, '陈静')?.title).toBe('销售经理');
    expect(contacts.map((c) => c.name).sort()).toEqual(['周建国', '周晓峰', '陈静'].sort());
  });

  it('a th/td row with 代表取締役社長 before the name is read on a plain table too', () => {
    const d = doc(
      '<table><tr><th>会社名</th><td>株式会社テスト</td></tr><tr><th>代表者</th><td>代表取締役社長　佐藤 花子</td></tr><tr><th>所在地</th><td>東京都港区1-2-3</td></tr></table>',
      'https://www.test.co.jp/company/',
    );
    expect(extractContacts(d, 'https://www.test.co.jp/company/')).toEqual([
      expect.objectContaining({ name: '佐藤 花子', title: '代表取締役社長' }),
    ]);
  });
});

describe('robustness', () => {
  it('invalid JSON-LD, odd types and empty documents never throw', () => {
    const pages = [
      '',
      '<html></html>',
      '<script type="application/ld+json">{{{</script>',
      '<script type="application/ld+json">null</script><script type="application/ld+json">[1,"x",{"@type":7}]</script>',
      '<script type="application/ld+json">{"@type":"Person","name":{"@value":["a"]},"email":{"x":1}}</script>',
      '<script type="application/ld+json">{"@graph":{"@graph":{"@type":["Person"],"name":"Jane Doe","worksFor":{"@id":"#missing"}}}}</script>',
      '<div itemscope itemtype="http://schema.org/Person" itemref="nope self"><span itemprop="name">Jane Doe</span></div>',
      '<div class="h-card vcard"><div class="h-card"><span class="p-name">Jane Doe</span></div></div>',
      '<a href="mailto:">x</a><a href="mailto:%E0%A4%A">y</a><a href="tel:">z</a><a href="javascript:alert(1)">q</a>',
      '<base href="::::"><a href="/x.vcf">Jane Doe</a>',
    ];
    for (const html of pages) {
      const d = doc(html);
      expect(() => capturePage(d, 'https://www.example-corp.com/')).not.toThrow();
      expect(() => extractContacts(d, 'not a url')).not.toThrow();
      expect(() => extractOrganization(d, '')).not.toThrow();
    }
  });

  it('random markup never throws, and a nameless candidate is always flagged for the rep', () => {
    const fragment = fc.constantFrom(
      '<div class="card">',
      '</div>',
      '<h3>Jane Doe</h3>',
      '<p>VP Sales</p>',
      '<a href="mailto:jane.doe@acme.com">mail</a>',
      '<a href="mailto:info@acme.com">info</a>',
      '<a href="tel:+14155550100">call</a>',
      '<footer>',
      '</footer>',
      '<nav>',
      '</nav>',
      '<span class="h-card">',
      '</span>',
      '<script type="application/ld+json">{"@type":"Person","name":"Ann Lee"',
      '}</script>',
      '<li itemscope itemtype="https://schema.org/Person"><b itemprop="name">',
      '王小明',
      '手机：138 0013 8000',
      'x@y',
      '<table><tr><td>',
      '</td></tr></table>',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const d = doc(parts.join(''));
        const { contacts, organization } = capturePage(d, 'https://acme.com/team');
        for (const c of contacts) if (c.name === '') expect(c.nameFlag).toBe('missing');
        expect(Array.isArray(organization.domains)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('names, titles, mailboxes and numbers', () => {
  it('accepts person names and refuses page words', () => {
    expect(cleanPersonName('Jane Doe')).toBe('Jane Doe');
    expect(cleanPersonName('Dr. Jane van der Berg, PhD')).toBe('Jane van der Berg');
    expect(cleanPersonName('Xiaoming Wang')).toBe('Xiaoming Wang');
    expect(cleanPersonName('Wang Xiaoming')).toBe('Wang Xiaoming');
    expect(cleanPersonName('王小明')).toBe('王小明');
    expect(cleanPersonName('王小明（Wang Xiaoming）')).toBe('王小明');
    expect(cleanPersonName('欧阳娜娜')).toBe('欧阳娜娜');
    for (const noise of [
      'Read more',
      'Read More',
      'Contact Us',
      'Our Team',
      'About',
      'Sales Director',
      'Privacy Policy',
      '联系我们',
      '销售总监',
      '产品中心',
      'Smart Charging Dock',
      'jane@acme.com',
    ]) {
      expect(cleanPersonName(noise), noise).toBeUndefined();
    }
  });

  it('recognises job titles in English, German and Chinese', () => {
    for (const t of [
      'VP Sales',
      'Head of Customer Success',
      'Vertriebsleiterin DACH',
      '销售总监',
    ]) {
      expect(looksLikeTitle(t), t).toBe(true);
    }
    for (const t of ['Read More', 'March 4, 2025', 'Learn more about our platform today.']) {
      expect(looksLikeTitle(t), t).toBe(false);
    }
  });

  it('knows role mailboxes', () => {
    for (const e of ['info@a.com', 'sales.de@a.com', 'no-reply@a.com', 'kefu@a.cn', 'hr@a.com']) {
      expect(isGenericMailbox(e), e).toBe(true);
    }
    for (const e of ['jane.doe@a.com', 'wangxm@a.cn', 'it.lee@a.com']) {
      expect(isGenericMailbox(e), e).toBe(false);
    }
  });

  it('normalises phones to E.164 where it can and keeps the rest as written', () => {
    expect(normalisePhone('+1 (415) 555-0101')).toBe('+14155550101');
    expect(normalisePhone('138 0013 8000', 'CN')).toBe('+8613800138000');
    expect(normalisePhone('010-6543 2100 转 8001', 'CN')).toBe('+861065432100 ext. 8001');
    expect(normalisePhone('0086 10 6543 2100')).toBe('+861065432100');
    expect(normalisePhone('030 1234567')).toBe('030 1234567');
    expect(normalisePhone('2024-03-01', 'CN')).toBeUndefined();
    expect(normalisePhone('12345')).toBeUndefined();
  });
});
