/**
 * schema.org microdata (itemscope/itemtype/itemprop). A small reader of our own: we need only
 * Person and Organization items and their direct properties, and the element each value came
 * from. itemtype is matched whatever its scheme or trailing slash (http://schema.org/Person,
 * https://schema.org/Person/).
 */
import { joinAddress } from './address.ts';
import { emptyDraft, found, hasNameGuess, setName, toCandidate } from './candidate.ts';
import { notAContact } from './card.ts';
import { addContactPoint, describe, isNoise, memo, type PageContext, resolveUrl } from './dom.ts';
import { isGenericMailbox, mailboxLabel, normaliseEmailAddress } from './emails.ts';
import { hasCjk } from './names.ts';
import { normalisePhone } from './phones.ts';
import type { ContactCandidate } from './types.ts';

export interface MicroItem {
  readonly element: Element;
  readonly types: readonly string[];
  readonly props: ReadonlyMap<string, readonly MicroValue[]>;
}
export interface MicroValue {
  readonly text: string;
  readonly element: Element;
  readonly item?: MicroItem;
}

function typesOf(el: Element): string[] {
  return (el.getAttribute('itemtype') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/^https?:\/\/(?:www\.)?schema\.org\//i, '').replace(/\/$/, ''));
}

const URL_PROPS = new Set(['a', 'area', 'link']);
const SRC_PROPS = new Set(['img', 'audio', 'video', 'source', 'iframe', 'embed', 'track']);

function propertyValue(ctx: PageContext, el: Element): string {
  const tag = el.localName;
  if (tag === 'meta') return el.getAttribute('content') ?? '';
  if (URL_PROPS.has(tag)) {
    const href = el.getAttribute('href') ?? '';
    // mailto:/tel: stay as written; other links are resolved against the page.
    return /^(?:mailto|tel):/i.test(href) ? href : (resolveUrl(ctx, href) ?? href);
  }
  if (SRC_PROPS.has(tag)) return resolveUrl(ctx, el.getAttribute('src')) ?? '';
  if (tag === 'time') return el.getAttribute('datetime') ?? el.textContent ?? '';
  if (tag === 'data' || tag === 'meter') return el.getAttribute('value') ?? '';
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function readItem(ctx: PageContext, root: Element, depth: number): MicroItem {
  const props = new Map<string, MicroValue[]>();
  const add = (el: Element) => {
    const names = (el.getAttribute('itemprop') ?? '').split(/\s+/).filter(Boolean);
    const item =
      el.hasAttribute('itemscope') && depth < 4 ? readItem(ctx, el, depth + 1) : undefined;
    const text = item
      ? (item.props.get('name')?.[0]?.text ?? propertyValue(ctx, el))
      : propertyValue(ctx, el);
    for (const name of names) {
      const list = props.get(name) ?? [];
      list.push(item ? { text, element: el, item } : { text, element: el });
      props.set(name, list);
    }
  };
  // Properties belong to the nearest enclosing item; a nested item's own properties are its own.
  const walk = (el: Element) => {
    for (const child of el.children) {
      if (child.hasAttribute('itemprop')) add(child);
      if (!child.hasAttribute('itemscope')) walk(child);
    }
  };
  walk(root);
  for (const id of (root.getAttribute('itemref') ?? '').split(/\s+/).filter(Boolean)) {
    const ref = ctx.doc.getElementById(id);
    if (ref && !ref.contains(root)) {
      if (ref.hasAttribute('itemprop')) add(ref);
      walk(ref);
    }
  }
  return { element: root, types: typesOf(root), props };
}

/** Every top-level microdata item on the page (nested ones hang off their parents). */
export function readMicrodata(ctx: PageContext): readonly MicroItem[] {
  return memo(ctx, 'microdata', () => {
    const items: MicroItem[] = [];
    for (const el of ctx.doc.querySelectorAll('[itemscope]')) {
      if (el.hasAttribute('itemprop') && el.parentElement?.closest('[itemscope]')) continue;
      items.push(readItem(ctx, el, 0));
    }
    return items;
  });
}

/** Every item, nested ones included, with the item they are a property of. */
export function allItems(items: readonly MicroItem[]): { item: MicroItem; parent?: MicroItem }[] {
  const out: { item: MicroItem; parent?: MicroItem }[] = [];
  const visit = (item: MicroItem, parent?: MicroItem) => {
    out.push(parent ? { item, parent } : { item });
    for (const values of item.props.values()) {
      for (const v of values) if (v.item) visit(v.item, item);
    }
  };
  for (const item of items) visit(item);
  return out;
}

export const first = (item: MicroItem, prop: string): MicroValue | undefined =>
  item.props.get(prop)?.find((v) => v.text !== '');

export function microAddress(item: MicroItem): string | undefined {
  const adr = first(item, 'address');
  if (!adr) return undefined;
  if (!adr.item) return adr.text || undefined;
  const p = (k: string) => (adr.item ? first(adr.item, k)?.text : undefined);
  return (
    joinAddress({
      street: p('streetAddress'),
      locality: p('addressLocality'),
      region: p('addressRegion'),
      postalCode: p('postalCode'),
      country: p('addressCountry'),
    }) ??
    (adr.text || undefined)
  );
}

const ORG = /(?:Organization|Corporation|Business|Store|Service)$/;
export const isMicroOrg = (item: MicroItem): boolean => item.types.some((t) => ORG.test(t));

export function microdataContacts(ctx: PageContext): ContactCandidate[] {
  const out: ContactCandidate[] = [];
  const conf = 0.9;
  for (const { item, parent } of allItems(readMicrodata(ctx))) {
    if (!item.types.includes('Person') || isNoise(ctx, item.element)) continue;
    const at = (v: MicroValue) => describe(v.element, item.element);
    const d = emptyDraft();
    const nameValue = first(item, 'name');
    const given = first(item, 'givenName')?.text;
    const family = first(item, 'familyName')?.text;
    const raw =
      nameValue?.text ??
      (given && family ? (hasCjk(family) ? `${family}${given}` : `${given} ${family}`) : undefined);
    if (!raw) continue;
    const title = first(item, 'jobTitle');
    if (title) d.title = found(title.text, 'microdata', conf, at(title));
    const org = first(item, 'worksFor') ?? first(item, 'affiliation');
    const orgName =
      org?.text ?? (parent && isMicroOrg(parent) ? first(parent, 'name')?.text : undefined);
    if (orgName) d.company = found(orgName, 'microdata', conf, org ? at(org) : undefined);
    for (const v of item.props.get('email') ?? []) {
      const e = normaliseEmailAddress(v.text);
      if (e && isGenericMailbox(e)) {
        addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'microdata' });
      } else if (e) d.emails.push(found(e, 'microdata', conf, at(v)));
    }
    for (const v of item.props.get('telephone') ?? []) {
      const p = normalisePhone(v.text, ctx.country);
      if (p) d.phones.push(found(p, 'microdata', conf, at(v)));
    }
    const urls = [...(item.props.get('sameAs') ?? []), ...(item.props.get('url') ?? [])];
    const profile =
      urls.find((u) => /linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\//i.test(u.text)) ??
      item.props.get('url')?.[0];
    const profileUrl = profile ? resolveUrl(ctx, profile.text) : undefined;
    if (profile && profileUrl) d.profileUrl = found(profileUrl, 'microdata', conf, at(profile));
    const fax = first(item, 'faxNumber');
    if (fax) d.fax = normalisePhone(fax.text, ctx.country);
    const address = microAddress(item);
    if (address) d.address = address;
    const extra = ['honorificPrefix', 'honorificSuffix'].flatMap((k) => first(item, k)?.text ?? []);
    const where = nameValue ? at(nameValue) : describe(item.element);
    setName(d, raw, 'microdata', conf, where, extra);
    const c = toCandidate(d, { unnamed: hasNameGuess(d) });
    if (c && !notAContact(ctx, c.name, item.element)) {
      out.push(c);
      ctx.people.add(item.element);
    }
  }
  return out;
}
