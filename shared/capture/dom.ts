/**
 * DOM helpers shared by the extractors. Everything reads `textContent`-level data: `innerText`
 * would be closer to what the rep sees, but it forces a layout, which on a 2 MB page costs more
 * than the whole capture budget.
 */
import { type CountryCode, countryOfNumber, pageCountry } from './phones.ts';
import type { ContactPoint } from './types.ts';

export interface PageContext {
  readonly doc: Document;
  readonly pageUrl: string;
  /** The document's base URL (honours `<base href>`), for resolving relative links. */
  readonly base: URL | undefined;
  readonly hostname: string;
  /** Country national phone numbers on this page are assumed to be written in. */
  readonly country: CountryCode | undefined;
  /** Generic mailboxes and switchboard numbers met while looking for people. */
  readonly contactPoints: ContactPoint[];
  /** Containers a person was read from: their numbers are not the company's switchboard. */
  readonly people: Set<Element>;
  readonly memo: Map<string, unknown>;
}

export function createContext(doc: Document, pageUrl: string): PageContext {
  let base: URL | undefined;
  try {
    base = new URL(pageUrl);
  } catch {
    base = undefined;
  }
  const baseHref = doc.querySelector('base[href]')?.getAttribute('href');
  if (baseHref) {
    try {
      base = new URL(baseHref, base);
    } catch {
      // An invalid <base> is ignored by browsers too.
    }
  }
  const hostname = base?.hostname ?? '';
  const lang =
    doc.documentElement?.getAttribute('lang') ||
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content') ||
    undefined;
  return {
    doc,
    pageUrl,
    base,
    hostname,
    country:
      pageCountry(hostname, lang) ?? (lang ? undefined : scriptCountry(doc)) ?? telCountry(doc),
    contactPoints: [],
    people: new Set(),
    memo: new Map(),
  };
}

/**
 * Where neither the domain nor the language says the country ("lang=en" on a .com), the
 * page's own international tel: links do ("tel:+442079460320"): its national numbers
 * ("020 7946 0321") are then read in that country's plan.
 */
function telCountry(doc: Document): CountryCode | undefined {
  let n = 0;
  for (const a of doc.querySelectorAll('a[href^="tel:+"], a[href^="tel:00"]')) {
    const c = countryOfNumber(a.getAttribute('href') ?? '');
    if (c || ++n >= 5) return c;
  }
  return undefined;
}

/**
 * The country a page without `lang` is written for, from its script: kana → JP, Hangul → KR,
 * Han alone → CN. Reads the title and the first few thousand characters of text only.
 */
function scriptCountry(doc: Document): CountryCode | undefined {
  let text = doc.title ?? '';
  const body = doc.body;
  if (body) {
    const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n && text.length < 4000; n = walker.nextNode()) {
      const parent = n.parentElement?.localName;
      if (parent === 'script' || parent === 'style') continue;
      text += n.nodeValue ?? '';
    }
  }
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const kana = count(/[\u3040-\u30ff]/g);
  const hangul = count(/[\uac00-\ud7a3]/g);
  const han = count(/[\u4e00-\u9fff]/g);
  if (hangul >= 10 && hangul >= han) return 'KR';
  if (kana >= 10) return 'JP';
  if (han >= 20) return 'CN';
  return undefined;
}

/** Compute once per context (JSON-LD is read by both the contact and organisation passes). */
export function memo<T>(ctx: PageContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/** The body's text, read once per pass: several readers first ask whether a word is on the page. */
export function bodyText(ctx: PageContext): string {
  return memo(ctx, 'body-text', () => ctx.doc.body?.textContent ?? '');
}

/** An absolute http(s) URL for `href` resolved against the page, or undefined. */
export function resolveUrl(ctx: PageContext, href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  if (h === '' || h.startsWith('#')) return undefined;
  try {
    const url = new URL(h, ctx.base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// The capture contract caps the list; past this a page is listing branches, not switchboards.
const MAX_CONTACT_POINTS = 50;

export function addContactPoint(ctx: PageContext, point: ContactPoint): void {
  if (ctx.contactPoints.length >= MAX_CONTACT_POINTS) return;
  const dup = ctx.contactPoints.some(
    (p) =>
      (point.email !== undefined && p.email === point.email) ||
      (point.phone !== undefined && p.phone === point.phone),
  );
  if (!dup) ctx.contactPoints.push(point);
}

const classOf = (el: Element): string => el.getAttribute('class') ?? '';

const NOISE_MARK = /cookie|consent|gdpr|onetrust|didomi|usercentrics|cmp-banner|newsletter-signup/i;
// A nav/header/footer inside one of these belongs to a piece of content (a card's footer with
// the person's links), not to the page's chrome.
const CONTENT = 'article, section, aside, li, td, dd, [class*="card"], [class*="member"]';

function selfNoise(el: Element): boolean {
  const tag = el.localName;
  const role = el.getAttribute('role');
  if (role === 'banner' || role === 'contentinfo') return true;
  if (tag === 'nav' || role === 'navigation' || role === 'menubar' || role === 'menu') {
    return el.parentElement?.closest(CONTENT) == null;
  }
  if (tag === 'header' || tag === 'footer') {
    return el.parentElement?.closest(`main, ${CONTENT}`) == null;
  }
  const mark = `${el.id} ${classOf(el)}`;
  if (NOISE_MARK.test(mark)) return el.querySelector('main, h1') === null;
  // A site footer built from divs ("elementor-location-footer", "site-bottom"): named so, and
  // at the end of the page, with nothing of substance after it. A card's "__footer" is not.
  if (/footer/i.test(mark) && el.parentElement?.closest(`main, ${CONTENT}`) == null) {
    return atPageEnd(el) && el.querySelector('main, h1') === null;
  }
  return false;
}

function atPageEnd(el: Element): boolean {
  let after = 0;
  for (let a: Element | null = el; a && a.localName !== 'body'; a = a.parentElement) {
    for (let s = a.nextElementSibling; s; s = s.nextElementSibling) {
      if (s.localName === 'script' || s.localName === 'style') continue;
      after += s.textContent?.length ?? 0;
      if (after > 300) return false;
    }
  }
  return true;
}

// What a site's footer says of itself, in the languages capture reads.
const COPYRIGHT =
  /©|&copy;|\(c\) ?\d{4}|copyright|all rights reserved|版权所有|版權所有|ICP备|ICP證|著作権|저작권|tous droits réservés|todos los derechos reservados|alle rechte vorbehalten/i;
const TRAILING = new Set(['script', 'style', 'noscript', 'template', 'link', 'meta', 'iframe']);

/**
 * The site footer found by its place and its words, whatever it is called ("foot", "ft",
 * "bottom", a bare div): the last block of the page, or of its wrapper, that states a copyright.
 * Found once per page by walking down the chain of last children.
 */
export function pageFooter(ctx: PageContext): Element | undefined {
  return memo(ctx, 'page-footer', () => {
    let el: Element | null = ctx.doc.body;
    for (let depth = 0; el && depth < 4; depth++) {
      let c: Element | null = el.lastElementChild;
      // A "back to top" link, an empty div or a script after the footer.
      while (c && (TRAILING.has(c.localName) || (c.textContent?.trim().length ?? 0) < 20)) {
        c = c.previousElementSibling;
      }
      if (!c || c.localName === 'main') return undefined;
      const text = c.textContent ?? '';
      if (text.length <= 3000 && COPYRIGHT.test(text) && !c.querySelector('main, h1, article')) {
        return c;
      }
      el = c;
    }
    return undefined;
  });
}

/**
 * True inside page chrome: navigation, the page header and footer, cookie and consent banners.
 * People are never read from there; organisation data (footer address, info@) still is.
 */
export function isNoise(ctx: PageContext, el: Element): boolean {
  // Kept per element for it and all its ancestors, so each of a page's thousand links costs a
  // look-up once its card's answer is known, not a walk to the body.
  const cache = memo(ctx, 'noise-up', () => new Map<Element, boolean>());
  const footer = pageFooter(ctx);
  const path: Element[] = [];
  let answer = false;
  for (let a: Element | null = el; a && a.localName !== 'body' && a.localName !== 'html'; ) {
    const known = cache.get(a);
    if (known !== undefined) {
      answer = known;
      break;
    }
    path.push(a);
    a = a.parentElement;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const a = path[i] as Element;
    answer = answer || a === footer || selfNoise(a);
    cache.set(a, answer);
  }
  return answer;
}

/** True if `el` is inside (or is) a container a person was read from. */
export function inPerson(ctx: PageContext, el: Element): boolean {
  for (let a: Element | null = el; a; a = a.parentElement) if (ctx.people.has(a)) return true;
  return false;
}

// A card's own description is the prefix of every field read from it. Kept per document (not
// per call) because cards are described again for each field; held weakly so a page that
// replaces its DOM does not keep old cards alive.
const DESCRIBED = new WeakMap<Element, string>();

/** "div.team-card:nth-of-type(3) h3": short, for the rep's "where did this come from". */
export function describe(el: Element, within?: Element): string {
  if (within && within !== el && within.contains(el)) {
    let prefix = DESCRIBED.get(within);
    if (prefix === undefined || !within.isConnected) {
      prefix = describeUncapped(within);
      DESCRIBED.set(within, prefix);
    }
    return `${prefix} ${describeUncapped(el, false)}`.slice(0, 200);
  }
  return describeUncapped(el).slice(0, 200);
}

function describeUncapped(e: Element, nth = true): string {
  const classes = classOf(e).trim().split(/\s+/).filter(Boolean).slice(0, 2);
  let s = e.localName + classes.map((c) => `.${c}`).join('');
  if (nth && e.parentElement) {
    let n = 1;
    for (let p = e.previousElementSibling; p; p = p.previousElementSibling) {
      if (p.localName === e.localName) n++;
    }
    if (n > 1 || e.nextElementSibling?.localName === e.localName) s += `:nth-of-type(${n})`;
  }
  return s;
}

// Per-item classes that would make siblings of one grid look different: generated ids
// ("elementor-element-3f2a1b", "post-1234", "wp-image-77") and state ("active", "first").
// Row ends are marked in builders' own words ("et-last-child", "fusion-column-last",
// "w-col-last", "vc_col-first"); one card singled out by a BEM modifier or a state class
// ("attorney-card--featured", "is-highlighted", "has-video") is still one of the grid's.
const ITEM_CLASS =
  /\d|^(?:active|current|selected|featured)$|^(?:is|has)-|--|(?:^|[-_])(?:first|last|odd|even)(?:$|[-_])/;

/** Tag and the classes all cards of one grid share, whatever the page builder adds per card. */
export function signature(el: Element): string {
  const cls = classOf(el);
  if (cls === '') return el.localName;
  if (!/\d|first|last|odd|even|active|current|selected|featured|--|(?:^|\s)(?:is|has)-/.test(cls)) {
    return `${el.localName} ${cls}`;
  }
  const kept = cls.split(/\s+/).filter((c) => c !== '' && !ITEM_CLASS.test(c));
  return `${el.localName} ${kept.sort().join(' ')}`;
}

/** True if `el` has at least `min - 1` siblings with its tag and classes: a repeated card. */
export function isRepeated(el: Element, min = 3): boolean {
  const parent = el.parentElement;
  if (!parent || parent.childElementCount < min) return false;
  const sig = signature(el);
  let n = 0;
  for (const c of parent.children) if (signature(c) === sig && ++n >= min) return true;
  return false;
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
  'button',
  'caption',
  'summary',
  'details',
]);
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'textarea',
  'select',
  'iframe',
  'object',
  'canvas',
  'video',
  'audio',
  'head',
  // A name's reading in ruby ("<ruby>緑川<rt>みどりかわ</rt></ruby>") is not part of the name.
  'rt',
  'rp',
]);
// Inline elements that sites style as blocks: treat them as line breaks so "Jane Doe" and
// "CEO" in two spans do not run together.
const LINE_CLASS = /name|title|position|role|job|designation|mail|phone|tel|bio|company|org/i;

/**
 * Calls `visit` on every element under `root` in document order, never entering one `skip`
 * says was claimed (checked again after the visit, which may claim it): a claimed card's
 * insides are not walked at all, instead of being walked and asked about one by one.
 */
export function walkElements(
  root: Element,
  skip: (el: Element) => boolean,
  visit: (el: Element) => void,
): void {
  let el: Element | null = root.firstElementChild;
  while (el) {
    if (!skip(el)) {
      visit(el);
      const child = skip(el) ? null : el.firstElementChild;
      if (child) {
        el = child;
        continue;
      }
    }
    while (el && el !== root && !el.nextElementSibling) el = el.parentElement;
    el = el && el !== root ? el.nextElementSibling : null;
  }
}

export interface Line {
  readonly text: string;
  /** The element holding the line's first text. */
  readonly element: Element;
}

/** The visible-ish text lines of `root` in document order, at most `limit` of them. */
export function textLines(root: Element, limit = 60): Line[] {
  const lines: Line[] = [];
  let parts: string[] = [];
  let first: Element | undefined;
  const flush = () => {
    if (first) {
      const text = parts
        .join('')
        .replace(/[\s\u00a0\u3000]+/g, ' ')
        .trim();
      if (text !== '') lines.push({ text, element: first });
    }
    parts = [];
    first = undefined;
  };
  const walk = (node: Node, depth: number): void => {
    // Pathologically deep markup is cut off rather than allowed to exhaust the stack.
    if (depth > 64) return;
    for (let child = node.firstChild; child && lines.length < limit; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const t = child.nodeValue ?? '';
        if (t.trim() !== '' && !first) first = node as Element;
        parts.push(t);
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.localName;
        if (SKIP.has(tag) || el.hasAttribute('hidden')) continue;
        const block = BLOCK.has(tag);
        if (!block && el.getAttribute('aria-hidden') === 'true') continue;
        const boundary = block || LINE_CLASS.test(classOf(el));
        if (boundary) flush();
        walk(el, depth + 1);
        if (boundary) flush();
      }
    }
  };
  walk(root, 0);
  flush();
  return lines;
}
