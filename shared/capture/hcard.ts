/**
 * h-card (microformats2) and legacy hCard (`vcard`, `fn`, `org`…) through microformats-parser,
 * which follows the parsing spec: implied names, nested h-card orgs, backcompat classes,
 * relative URLs resolved against `baseUrl`.
 *
 * The parser works on an HTML string (parse5), so it only gets the cards' own markup, and only
 * when the page has any: serialising and re-parsing a whole 2 MB page would cost more than the
 * entire capture budget.
 */
import { mf2 } from 'microformats-parser';
import { joinAddress } from './address.ts';
import { emptyDraft, found, hasNameGuess, setName, toCandidate } from './candidate.ts';
import { notAContact } from './card.ts';
import { addContactPoint, describe, isNoise, memo, type PageContext, resolveUrl } from './dom.ts';
import { isGenericMailbox, mailboxLabel, normaliseEmailAddress } from './emails.ts';
import { cleanPersonName, cleanSingleName, nameFitsEmail } from './names.ts';
import { normalisePhone } from './phones.ts';
import type { ContactCandidate } from './types.ts';

type MicroformatRoot = ReturnType<typeof mf2>['items'][number];
type MicroformatProperty = MicroformatRoot['properties'][string][number];

// Beyond this much card markup the page is a directory, not a contact page; the other
// extractors still read it.
const MAX_HTML = 400_000;

export interface HCard {
  readonly root: MicroformatRoot;
  readonly element: Element | undefined;
  readonly noise: boolean;
}

/** Whether the page has any h-card (or legacy vcard): asked by people and organisation alike. */
export function hasHCards(ctx: PageContext): boolean {
  return memo(ctx, 'has-hcards', () => ctx.doc.querySelector('.h-card, .vcard') !== null);
}

export function readHCards(ctx: PageContext): readonly HCard[] {
  return memo(ctx, 'hcard', () => {
    const elements = [...ctx.doc.querySelectorAll('.h-card, .vcard')].filter(
      (el) => !el.parentElement?.closest('.h-card, .vcard'),
    );
    if (elements.length === 0) return [];
    const html = elements.map((el) => el.outerHTML);
    if (html.reduce((n, h) => n + h.length, 0) > MAX_HTML) return [];
    const items = mf2(`<!doctype html><html><body>${html.join('\n')}</body></html>`, {
      baseUrl: ctx.base?.href ?? ctx.pageUrl,
    }).items.filter((i) => i.type?.includes('h-card'));
    // Each element we passed is a card root, so items and elements line up one to one.
    const aligned = items.length === elements.length;
    return items.map((root, i) => {
      const element = aligned ? elements[i] : undefined;
      return { root, element, noise: element ? isNoise(ctx, element) : false };
    });
  });
}

/** A property value as text: strings, {value, html}, {value, alt}, nested items by name. */
export function mfText(v: MicroformatProperty | undefined): string | undefined {
  if (v === undefined) return undefined;
  let s: string | undefined;
  if (typeof v === 'string') s = v;
  else if ('properties' in v) s = mfText(v.properties.name?.[0]) ?? mfText(v.value);
  else s = v.value;
  s = s?.replace(/\s+/g, ' ').trim();
  return s === '' ? undefined : s;
}

export const mfFirst = (root: MicroformatRoot, prop: string): string | undefined =>
  mfText(root.properties[prop]?.[0]);

export function mfAddress(root: MicroformatRoot): string | undefined {
  const adr = root.properties.adr?.[0];
  const source = adr && typeof adr === 'object' && 'properties' in adr ? adr : root;
  const p = (k: string) => mfFirst(source, k);
  const joined = joinAddress({
    street: p('street-address'),
    extended: p('extended-address'),
    locality: p('locality'),
    region: p('region'),
    postalCode: p('postal-code'),
    country: p('country-name'),
  });
  if (joined !== undefined) return joined;
  return adr ? mfText(adr) : mfFirst(root, 'label');
}

/**
 * An h-card for an organisation, not a person: name and org the same (the spec's own rule),
 * or an org without a person's name.
 */
export function isOrgCard(root: MicroformatRoot): boolean {
  const name = mfFirst(root, 'name');
  const org = mfFirst(root, 'org');
  if (name && org && name === org) return true;
  if (name === undefined || cleanPersonName(name) !== undefined) return false;
  // "Priya" with priya@…: a person known by one name, not an organisation.
  const emails = (root.properties.email ?? []).map((v) => mfText(v) ?? '');
  return !(cleanSingleName(name) && emails.some((e) => nameFitsEmail(name, e)));
}

export function hcardContacts(ctx: PageContext): ContactCandidate[] {
  const out: ContactCandidate[] = [];
  const conf = 0.85;
  for (const card of readHCards(ctx)) {
    const { root } = card;
    if (card.noise || isOrgCard(root)) continue;
    const where = card.element ? describe(card.element) : '.h-card';
    const rawName = mfFirst(root, 'name');
    if (!rawName) continue;
    const d = emptyDraft();
    const title = mfFirst(root, 'job-title') ?? mfFirst(root, 'role');
    if (title) d.title = found(title, 'h-card', conf, where);
    const org = mfFirst(root, 'org');
    if (org) d.company = found(org, 'h-card', conf, where);
    for (const v of root.properties.email ?? []) {
      const e = normaliseEmailAddress(mfText(v) ?? '');
      if (e && isGenericMailbox(e)) {
        addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'h-card' });
      } else if (e) d.emails.push(found(e, 'h-card', conf, where));
    }
    for (const v of root.properties.tel ?? []) {
      const p = normalisePhone(mfText(v) ?? '', ctx.country);
      if (p) d.phones.push(found(p, 'h-card', conf, where));
    }
    const orgUrls = new Set(
      (root.properties.org ?? []).flatMap((o) =>
        typeof o === 'object' && 'properties' in o ? (o.properties.url ?? []).map(mfText) : [],
      ),
    );
    const urls = (root.properties.url ?? [])
      .map((u) => resolveUrl(ctx, mfText(u)))
      .filter((u): u is string => u !== undefined && !orgUrls.has(u));
    const profile = urls.find((u) => /linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\//i.test(u));
    const url = profile ?? urls.find((u) => !/\.vcf(?:$|\?)/i.test(u));
    if (url) d.profileUrl = found(url, 'h-card', conf, where);
    const vcf = urls.find((u) => /\.vcf(?:$|\?)/i.test(u));
    if (vcf) d.vcardUrl = vcf;
    const address = mfAddress(root);
    if (address) d.address = address;
    const extra = ['honorific-prefix', 'honorific-suffix'].flatMap((k) => mfFirst(root, k) ?? []);
    setName(d, rawName, 'h-card', conf, where, extra);
    const c = toCandidate(d, { unnamed: hasNameGuess(d) });
    // A byline's "author vcard" or a review's h-card credits someone; it is not a contact.
    if (c && notAContact(ctx, c.name, card.element)) continue;
    if (c) out.push(c);
    if (c && card.element) ctx.people.add(card.element);
  }
  return out;
}
