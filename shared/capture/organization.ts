/**
 * The company behind the page: name, registrable domains, switchboard phone, address and role
 * mailboxes. Sources in order of trust: JSON-LD Organization (also inside @graph), microdata,
 * an organisation h-card, og:site_name / application-name, the cleaned <title>; phone and
 * address fall back to tel: links, <address> and "Tel:/地址：" lines in the footer or a contact
 * section.
 */
import { isFreeMailDomain, normaliseHostname, registrableDomain } from '../matching/hostname.ts';
import {
  addContactPoint,
  describe,
  inPerson,
  memo,
  type PageContext,
  pageFooter,
  textLines,
  walkElements,
} from './dom.ts';
import { mailboxLabel, normaliseEmailAddress } from './emails.ts';
import { hasHCards, isOrgCard, mfAddress, mfFirst, readHCards } from './hcard.ts';
import {
  asArray,
  formatAddress,
  isObject,
  isOrganization,
  type LdNode,
  readJsonLd,
  textOf,
} from './jsonld.ts';
import { SWITCHBOARD, segmentLine, splitLabel } from './labels.ts';
import { allItems, first, isMicroOrg, microAddress, readMicrodata } from './microdata.ts';
import { normalisePhone, phonesInText } from './phones.ts';
import type { CaptureSource, ContactPoint, FieldOrigin, OrganizationCandidate } from './types.ts';

type Origin = FieldOrigin & { readonly value: string };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Profiles and platforms an org lists in sameAs: not its own domains.
const PLATFORM_DOMAINS = new Set([
  'linkedin.com',
  'facebook.com',
  'twitter.com',
  'x.com',
  'instagram.com',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'weibo.com',
  'weibo.cn',
  'zhihu.com',
  'douyin.com',
  'bilibili.com',
  'github.com',
  'gitlab.com',
  'wikipedia.org',
  'wikidata.org',
  'crunchbase.com',
  'bloomberg.com',
  'glassdoor.com',
  'xing.com',
  'pinterest.com',
  'medium.com',
  't.me',
  'whatsapp.com',
  'wa.me',
  'apple.com',
  'google.com',
  'amazon.com',
  'baidu.com',
  'kununu.com',
  'trustpilot.com',
  'yelp.com',
  'angel.co',
  'wellfound.com',
]);

function domainOf(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    const h = normaliseHostname(url);
    if (!h) return undefined;
    host = h;
  }
  const normal = normaliseHostname(host);
  const reg = normal ? registrableDomain(normal) : undefined;
  if (!reg || PLATFORM_DOMAINS.has(reg) || isFreeMailDomain(reg)) return undefined;
  return reg;
}

// Page words that sit next to the company name in titles.
const TITLE_NOISE =
  /^(?:home|home ?page|homepage|start|welcome|about|about us|team|our team|the team|meet the team|leadership|management|people|contact|contact us|contacts|careers|jobs|blog|news|press|products?|services?|solutions?|impressum|imprint|kontakt|privacy|legal|official site|official website|首页|主页|网站首页|联系我们|关于我们|团队|管理团队|核心团队|新闻中心|产品中心|加入我们|官网|官方网站)$/i;
const TITLE_AFFIX =
  /^(?:welcome to|欢迎访问|欢迎来到)\s*|\s*(?:[-–—|:]\s*)?(?:official (?:web)?site|home ?page|官方网站|官网|首页)$/gi;

/** The company name in a page title: "Our Team | Acme Robotics - Official Site" → "Acme Robotics". */
export function companyFromTitle(title: string, hostname: string): string | undefined {
  const parts = title
    .replace(/\s+/g, ' ')
    .split(
      /\s*[|｜_»·•]\s*|\s+[-–—:]\s+|(?<=[\u4e00-\u9fff])\s*[-–—]\s*|\s*[-–—]\s*(?=[\u4e00-\u9fff])/u,
    )
    .map((p) => p.replace(TITLE_AFFIX, '').trim())
    .filter((p) => p !== '' && p.length <= 60 && !TITLE_NOISE.test(p));
  if (parts.length <= 1) return parts[0];
  const label = fold(
    (registrableDomain(normaliseHostname(hostname) ?? '') ?? hostname).split('.')[0] ?? '',
  );
  const matching = parts.find((p) => {
    const f = fold(p);
    return f !== '' && label !== '' && (f.includes(label) || label.includes(f));
  });
  return matching ?? parts[parts.length - 1];
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The org node that stands for the site: on the page's domain, top level, not someone's employer. */
function mainOrg(nodes: readonly LdNode[], pageDomain: string | undefined): LdNode | undefined {
  let best: LdNode | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const [i, n] of nodes.entries()) {
    if (!isOrganization(n.types) || !textOf(n.data.name)) continue;
    // A product's brand ("Kessler" on the SA-40) is a name on goods, not the company's name.
    if (n.property === 'brand') continue;
    let score = -i / 1000;
    const urls = [...asArray(n.data.url), ...asArray(n.data['@id'])].filter(
      (u): u is string => typeof u === 'string',
    );
    if (pageDomain && urls.some((u) => domainOf(u) === pageDomain)) score += 2;
    if (!n.parent || ['publisher', 'about', 'mainEntity', 'provider'].includes(n.property ?? '')) {
      score += 1;
    }
    if (n.property === 'worksFor' || n.property === 'affiliation' || n.property === 'memberOf') {
      score -= 0.5;
    }
    if (score > bestScore) {
      best = n;
      bestScore = score;
    }
  }
  return best;
}

interface Found {
  name?: Origin;
  phone?: Origin;
  address?: Origin;
  domains: string[];
}

const origin = (
  value: string,
  source: CaptureSource,
  confidence: number,
  element?: string,
): Origin =>
  element === undefined ? { value, source, confidence } : { value, source, confidence, element };

function fromJsonLd(ctx: PageContext, f: Found, pageDomain: string | undefined): void {
  const graph = readJsonLd(ctx);
  const org = mainOrg(graph.nodes, pageDomain);
  const where = org ? `script[type="application/ld+json"]#${org.script}` : undefined;
  if (org) {
    const d = org.data;
    const name = textOf(d.name) ?? textOf(d.legalName);
    if (name) f.name ??= origin(name, 'json-ld', 0.95, where);
    const tel = textOf(d.telephone);
    const phone = tel ? normalisePhone(tel, ctx.country) : undefined;
    if (phone) f.phone ??= origin(phone, 'json-ld', 0.95, where);
    const address = formatAddress(
      d.address ?? (isObject(d.location) ? d.location.address : undefined),
    );
    if (address) f.address ??= origin(address, 'json-ld', 0.95, where);
    for (const u of [...asArray(d.url), ...asArray(d.sameAs)]) {
      const dom = typeof u === 'string' ? domainOf(u) : undefined;
      if (dom && !f.domains.includes(dom)) f.domains.push(dom);
    }
    for (const v of asArray(d.email)) {
      const e = typeof v === 'string' ? normaliseEmailAddress(v) : undefined;
      if (e) addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'json-ld' });
    }
    for (const cp of asArray(d.contactPoint)) {
      if (!isObject(cp)) continue;
      const label = textOf(cp.contactType) ?? textOf(cp.name);
      const email = normaliseEmailAddress(textOf(cp.email) ?? '');
      const p = normalisePhone(textOf(cp.telephone) ?? '', ctx.country);
      if (!email && !p) continue;
      const point: Mutable<ContactPoint> = { source: 'json-ld' };
      if (email) point.email = email;
      if (p) point.phone = p;
      if (label) point.label = label;
      addContactPoint(ctx, point);
    }
  }
  // A site builder may describe the company in two top-level nodes (Squarespace: an
  // Organization with the legal name, phone and e-mail, a LocalBusiness with the name and the
  // hours): the other's phone and address are the same company's, unless it names another site.
  for (const n of graph.nodes) {
    if (n === org || n.parent || !isOrganization(n.types) || (f.phone && f.address)) continue;
    const urls = asArray(n.data.url).filter((u): u is string => typeof u === 'string');
    if (urls.some((u) => domainOf(u) !== pageDomain)) continue;
    const at = `script[type="application/ld+json"]#${n.script}`;
    const tel = textOf(n.data.telephone);
    const phone = tel ? normalisePhone(tel, ctx.country) : undefined;
    if (phone) f.phone ??= origin(phone, 'json-ld', 0.9, at);
    const address = formatAddress(n.data.address);
    if (address) f.address ??= origin(address, 'json-ld', 0.9, at);
  }
  // Without an Organization, a WebSite node's name is as good as og:site_name.
  if (!f.name) {
    const site = graph.nodes.find((n) => n.types.includes('WebSite') && textOf(n.data.name));
    const name = site ? textOf(site.data.name) : undefined;
    if (site && name)
      f.name = origin(name, 'json-ld', 0.6, `script[type="application/ld+json"]#${site.script}`);
  }
}

function fromMicrodata(ctx: PageContext, f: Found): void {
  for (const { item } of allItems(readMicrodata(ctx))) {
    if (!isMicroOrg(item)) continue;
    const where = describe(item.element);
    const name = first(item, 'name')?.text ?? first(item, 'legalName')?.text;
    if (name) f.name ??= origin(name, 'microdata', 0.9, where);
    const tel = first(item, 'telephone')?.text;
    const phone = tel ? normalisePhone(tel, ctx.country) : undefined;
    if (phone) f.phone ??= origin(phone, 'microdata', 0.9, where);
    const address = microAddress(item);
    if (address) f.address ??= origin(address, 'microdata', 0.9, where);
    const url = first(item, 'url')?.text;
    const dom = url ? domainOf(url) : undefined;
    if (dom && !f.domains.includes(dom)) f.domains.push(dom);
    for (const v of item.props.get('email') ?? []) {
      const e = normaliseEmailAddress(v.text);
      if (e) addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'microdata' });
    }
  }
}

function fromHCards(ctx: PageContext, f: Found): void {
  if (!hasHCards(ctx)) return;
  for (const card of readHCards(ctx)) {
    const root = card.root;
    // A person's card with a nested org h-card describes the org too.
    const nested = (root.properties.org ?? []).find(
      (o) => typeof o === 'object' && 'properties' in o,
    );
    const orgRoot = isOrgCard(root)
      ? root
      : nested && typeof nested === 'object' && 'properties' in nested
        ? nested
        : undefined;
    if (!orgRoot) continue;
    const where = card.element ? describe(card.element) : '.h-card';
    const name = mfFirst(orgRoot, 'org') ?? mfFirst(orgRoot, 'name');
    if (name) f.name ??= origin(name, 'h-card', 0.85, where);
    if (orgRoot !== root) continue;
    const tel = mfFirst(root, 'tel');
    const phone = tel ? normalisePhone(tel, ctx.country) : undefined;
    if (phone) f.phone ??= origin(phone, 'h-card', 0.85, where);
    const address = mfAddress(root);
    if (address) f.address ??= origin(address, 'h-card', 0.85, where);
    const url = mfFirst(root, 'url');
    const dom = url ? domainOf(url) : undefined;
    if (dom && !f.domains.includes(dom)) f.domains.push(dom);
    const email = normaliseEmailAddress(mfFirst(root, 'email') ?? '');
    if (email) addContactPoint(ctx, { email, label: mailboxLabel(email), source: 'h-card' });
  }
}

function fromMeta(ctx: PageContext, f: Found): void {
  if (f.name) return;
  const meta = (sel: string) => ctx.doc.querySelector(sel)?.getAttribute('content')?.trim();
  const site = meta('meta[property="og:site_name"]') ?? meta('meta[name="og:site_name"]');
  if (site) {
    f.name = origin(
      companyFromTitle(site, ctx.hostname) ?? site,
      'meta',
      0.7,
      'meta[property="og:site_name"]',
    );
    return;
  }
  const app = meta('meta[name="application-name"]');
  if (app) {
    f.name = origin(app, 'meta', 0.6, 'meta[name="application-name"]');
    return;
  }
  const title = ctx.doc.querySelector('title')?.textContent ?? '';
  const name = companyFromTitle(title, ctx.hostname);
  if (name) f.name = origin(name, 'title', 0.5, 'title');
}

// Case-sensitive variants, not the `i` flag: on a 2 MB page the flag makes the query 5x slower.
/** A footer: <footer>, role contentinfo, <address>, or an id or class that says "footer". */
function isFooter(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'footer' || tag === 'address' || el.getAttribute('role') === 'contentinfo') {
    return true;
  }
  return /footer|Footer/.test(`${el.id} ${el.getAttribute('class') ?? ''}`);
}

const isContactSection = (el: Element): boolean =>
  isFooter(el) || /contact|Contact/.test(`${el.id} ${el.getAttribute('class') ?? ''}`);

const PHONE_ONLY = /^\+?[\d\s()./-]{7,20}$/;

// A person's own line, never the company's number.
const DIRECT = /^(?:direct(?: line)?|dir|did|d|durchwahl|直线|分机)$/i;

/**
 * A legal notice or a contact page writes the company's name, its address and then its number
 * ("Lindner Kunststofftechnik GmbH & Co. KG · Industriestraße 22 …" over "Telefon: …", "Titular:
 * Conservas Arrieta, S.L. … Teléfono: …"): a phone labelled in the block that names the company,
 * or in one of the two blocks just after it, is the company's.
 */
function besideName(el: Element, f: Found): boolean {
  const name = fold(f.name?.value ?? '');
  if (name.length < 4) return false;
  let block: Element | null = el.closest('p, li, dd, td, div, address, section');
  for (let i = 0; block && i < 3; i++, block = block.previousElementSibling) {
    const text = block.textContent ?? '';
    if (text.length <= 400 && fold(text).includes(name)) return true;
  }
  return false;
}

/**
 * A company profile or a legal notice set out as a table (会社概要, 特定商取引法に基づく表記,
 * "Telefon | 07461 …"): the phone row of a table that names the company is the company's.
 */
function fromLabelRows(ctx: PageContext, f: Found): void {
  const name = fold(f.name?.value ?? '');
  if (name.length < 2) return;
  const named = new Map<Element, boolean>();
  for (const head of ctx.doc.querySelectorAll('th, dt, td:first-child')) {
    const value = head.nextElementSibling;
    if (!value || !/^(?:td|dd)$/.test(value.localName)) continue;
    const label = (head.textContent ?? '').replace(/[\s:：]+/g, ' ').trim();
    if (label === '' || label.length > 16) continue;
    const l = splitLabel(`${label}: ${value.textContent ?? ''}`);
    if (l?.kind !== 'phone' || DIRECT.test(l.label) || inPerson(ctx, value)) continue;
    const table = head.closest('table, dl');
    if (!table) continue;
    let ok = named.get(table);
    if (ok === undefined) {
      ok = (table.textContent ?? '').length <= 5000 && fold(table.textContent ?? '').includes(name);
      named.set(table, ok);
    }
    const p = ok ? phonesInText(l.value, ctx.country)[0] : undefined;
    if (p) {
      f.phone = origin(p, 'text', 0.5, describe(value));
      return;
    }
  }
}

/** "Tel: …" / "地址：…" lines and <address> blocks in the footer and contact sections. */
function fromContactSections(ctx: PageContext, f: Found): void {
  if (f.phone && f.address) return;
  const body = ctx.doc.body;
  if (!body) return;
  // The outermost footers and contact sections outside the people read, in document order: one
  // walk that enters neither a person's card nor a section already taken (a 500-person page
  // would otherwise be matched against every selector, element by element).
  const sections: Element[] = [];
  const taken = new Set<Element>();
  const footer = pageFooter(ctx);
  walkElements(
    body,
    (el) => ctx.people.has(el) || taken.has(el),
    (el) => {
      if (!isContactSection(el) && el !== footer) return;
      sections.push(el);
      taken.add(el);
    },
  );
  // The page footer states the company's own numbers; a contact section may be a person's.
  const chrome = (el: Element) => (isFooter(el) || el === footer ? 0 : 1);
  sections.sort((a, b) => chrome(a) - chrome(b));
  for (const section of sections.slice(0, 10)) {
    const lines = textLines(section, 80);
    const inFooter = chrome(section) === 0;
    for (const line of lines) {
      if (inPerson(ctx, line.element)) continue;
      for (const seg of segmentLine(line.text)) {
        const l = splitLabel(seg);
        // The footer's number standing alone ("… · Ames, IA 50010 · (515) 555-0170") is the
        // company's switchboard, as a labelled one is.
        if (!l && !f.phone && inFooter && PHONE_ONLY.test(seg)) {
          const p = normalisePhone(seg, ctx.country);
          if (p) f.phone = origin(p, 'text', 0.45, describe(line.element));
          continue;
        }
        if (!l || l.value === '') continue;
        if ((l.kind === 'phone' || l.kind === 'mobile') && !f.phone) {
          const p = normalisePhone(l.value, ctx.country);
          if (p) {
            f.phone = origin(p, 'text', 0.5, describe(line.element));
            addContactPoint(ctx, { phone: p, label: l.label, source: 'text' });
          }
        } else if (l.kind === 'address' && !f.address && l.value.length >= 6) {
          f.address = origin(l.value, 'text', 0.5, describe(line.element));
        }
      }
    }
    const addresses =
      section.localName === 'address' ? [section] : [...section.querySelectorAll('address')];
    for (const el of addresses) {
      if (f.address || el.closest('[itemscope], .h-card, .vcard')) continue;
      const company = fold(f.name?.value ?? '');
      const parts = textLines(el, 12)
        .map((l) => l.text)
        .filter((t) => company === '' || fold(t) !== company)
        .filter(
          (t) => !/@|^(?:tel|phone|fax|e-?mail|电话|传真|邮箱)|^\+?[\d\s()./-]{7,}$/i.test(t),
        );
      const joined = parts.join(', ');
      if (parts.length > 0 && joined.length <= 200 && /\d/.test(joined)) {
        f.address = origin(joined, 'text', 0.55, describe(el));
      }
    }
  }
  // A switchboard labelled as such anywhere ("总机：…", "Zentrale: …", even inside a person's
  // card, which never takes it), and an address labelled as one ("地址：…") outside the cards.
  if (!f.phone || !f.address) {
    const body = ctx.doc.body;
    for (const line of body ? textLines(body, 300) : []) {
      if (f.phone && f.address) break;
      const person = inPerson(ctx, line.element);
      for (const seg of segmentLine(line.text)) {
        const l = splitLabel(seg);
        if (!l || l.value === '' || (person && !SWITCHBOARD.test(l.label))) continue;
        if (
          !f.phone &&
          l.kind === 'phone' &&
          (SWITCHBOARD.test(l.label) || (!DIRECT.test(l.label) && besideName(line.element, f)))
        ) {
          const p = normalisePhone(l.value.split(/\s{2,}|　/)[0] ?? l.value, ctx.country);
          if (p) f.phone = origin(p, 'text', 0.5, describe(line.element));
        } else if (!f.address && l.kind === 'address' && l.value.length >= 6) {
          if (/[\u4e00-\u9fff]/.test(l.value) || /\d/.test(l.value)) {
            f.address = origin(l.value, 'text', 0.45, describe(line.element));
          }
        }
      }
    }
  }
  if (!f.phone) fromLabelRows(ctx, f);
  if (!f.phone) {
    const point = ctx.contactPoints.find((p) => p.phone !== undefined && p.source === 'tel');
    if (point?.phone) f.phone = origin(point.phone, 'tel', 0.6);
  }
}

/**
 * The company's name alone, without the side effects of a full read (contact points): what a
 * team card that names no employer is taken to work for.
 */
export function organizationName(ctx: PageContext): string | undefined {
  return memo(ctx, 'organization-name', () => {
    try {
      const pageDomain = domainOf(ctx.base?.href ?? ctx.pageUrl);
      const org = mainOrg(readJsonLd(ctx).nodes, pageDomain);
      const ld = org ? (textOf(org.data.name) ?? textOf(org.data.legalName)) : undefined;
      if (ld) return ld;
      for (const { item } of allItems(readMicrodata(ctx))) {
        if (!isMicroOrg(item)) continue;
        const name = first(item, 'name')?.text ?? first(item, 'legalName')?.text;
        if (name) return name;
      }
      const f: Found = { domains: [] };
      fromMeta(ctx, f);
      return f.name?.value;
    } catch {
      return undefined;
    }
  });
}

export function organizationFrom(ctx: PageContext): OrganizationCandidate {
  const pageDomain = domainOf(ctx.base?.href ?? ctx.pageUrl);
  const f: Found = { domains: pageDomain ? [pageDomain] : [] };
  const steps = [
    () => fromJsonLd(ctx, f, pageDomain),
    () => fromMicrodata(ctx, f),
    () => fromHCards(ctx, f),
    () => fromMeta(ctx, f),
    () => fromContactSections(ctx, f),
  ];
  for (const step of steps) {
    try {
      step();
    } catch {
      // A source that trips over odd markup leaves the others' findings intact.
    }
  }
  const fields: Mutable<OrganizationCandidate['fields']> = {};
  const out: Mutable<OrganizationCandidate> = {
    domains: f.domains,
    contactPoints: [...ctx.contactPoints],
    fields,
  };
  if (f.name) {
    out.name = f.name.value;
    fields.name = f.name;
  }
  if (f.phone) {
    out.phone = f.phone.value;
    fields.phone = f.phone;
  }
  if (f.address) {
    out.address = f.address.value;
    fields.address = f.address;
  }
  return out;
}
