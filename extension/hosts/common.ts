import type { MailAddress, OpenMessage, Selectors } from './types.ts';

/**
 * DOM helpers the adapters share. Nothing here knows a site: selectors come from the adapter
 * files. Everything reads the DOM and never writes to it.
 */

/** The first element matched by the first alternative that matches anything. */
export function queryFirst(root: ParentNode, list: Selectors): Element | null {
  for (const selector of list) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** Every element matched by the first alternative that matches anything, in document order. */
export function queryAll(root: ParentNode, list: Selectors): Element[] {
  for (const selector of list) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}

/** How a selector list is named in the debug warning: `gmail.sender: a | b | c`. */
export const describeMiss = (name: string, list: Selectors): string =>
  `${name}: ${list.join(' | ')}`;

/**
 * Shown to the rep: webmail apps keep views they navigated away from in the DOM, hidden
 * (Gmail's last thread, NetEase's read tabs). Where the DOM has no layout (unit tests) every
 * element counts as shown.
 */
export function isShown(el: Element): boolean {
  if (el.closest('[hidden]')) return false;
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el) : true;
}

// Deliberately loose (webmail shows valid addresses); the background normalises and validates.
const EMAIL = /[\p{L}\p{N}._%+'’-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}/gu;
const DOMAIN_ONLY = /^(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}$/u;
const LATIN = /\p{Script=Latin}/u;
/** The Latin end of a local part that another script's letters run into (李伟li.wei@…). */
const LATIN_LOCAL_END = /[\p{Script=Latin}\p{N}._%+'’-]+$/u;
/** A label before a name (`From:`, `发件人：`). */
const LABEL_END = /[:：]/u;
/** Separators between list entries left at a name's ends. */
const LIST_ENDS = /^[\s,;，；、]+|[\s,;，；、]+$/gu;

/**
 * Element boundaries in the text addressesInOrder builds: `<span>Jane Doe</span><span>jane@…`
 * renders with nothing between name and address, so without a mark the two read as one word.
 * A noncharacter (U+FFFF) no page text holds, and no address or name character.
 */
const MARK = '\uffff';

// `Name <address>`: a display name, quoted or up to list punctuation, before an address in
// angle brackets (ASCII or full-width), element boundaries allowed between the two.
const NAMED =
  /(?:"([^"<>\n@]{1,200})"|([^\s<>,;:"'，；：、@][^<>,;:\n，；：、@]{0,199}?))[\s\uffff]*[<＜][\s\uffff]*([^\s<>＜＞@\uffff]+@[^\s<>＜＞\uffff]+)[\s\uffff]*[>＞]/gu;

/** What the rep's own mail app calls them in a header: never a display name. */
const SELF = new Set(['me', '我', '本人', '自己']);

interface Found {
  readonly index: number;
  readonly end: number;
  readonly email: string;
  /** Another script's letters run into the address's start: the name written for it. */
  readonly glued?: string;
}

/**
 * The addresses written in `text`, each cut to one script: a local part whose Latin letters
 * follow another script's (李伟li.wei@…) starts at its Latin part, and a domain that runs into
 * another script's letters (…@acme.com经理) ends before them. A local part wholly in another
 * script (张三@例子.中国) is kept whole.
 */
function findAddresses(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(EMAIL)) {
    if (m.index === undefined) continue;
    const at = m[0].indexOf('@');
    const written = m[0].slice(0, at);
    const domain = oneScriptDomain(m[0].slice(at + 1));
    let local = written;
    const tail = LATIN_LOCAL_END.exec(written)?.[0] ?? '';
    // Digits belong to no script: `张三2@例子.中国` is one address, `李伟12345@qq.com` is not.
    if (tail !== '' && tail !== written && (LATIN.test(tail) || LATIN.test(domain))) local = tail;
    // A quote or a dot before the address is punctuation, not part of it.
    local = local.replace(/^[.'’-]+/, '');
    if (local === '') continue;
    const index = m.index + at - local.length;
    const glued = written.slice(0, written.length - local.length);
    out.push({
      index,
      end: m.index + at + 1 + domain.length,
      email: `${local}@${domain}`,
      ...(/^\p{L}+$/u.test(glued) ? { glued } : {}),
    });
  }
  return out;
}

function oneScriptDomain(domain: string): string {
  const letters = [...domain.matchAll(/\p{L}/gu)];
  const first = letters[0];
  if (!first) return domain;
  const latin = LATIN.test(first[0]);
  const other = letters.find((l) => LATIN.test(l[0]) !== latin);
  if (other?.index === undefined) return domain;
  const cut = domain.slice(0, other.index).replace(/[.-]+$/, '');
  // `acme.中国` is a real address on an internationalised top-level domain: kept whole.
  return DOMAIN_ONLY.test(cut) ? cut : domain;
}

/** The name as written, trimmed; none when it is the app's word for the rep or holds an address. */
function displayName(name: string, email: string): string {
  const clean = name.replaceAll(MARK, '').replace(/\s+/g, ' ').trim();
  if (clean.includes('@') || clean.toLowerCase() === email) return '';
  return SELF.has(clean.toLowerCase()) ? '' : clean;
}

/** A lower-cased address with its display name, or undefined when `email` is not one. */
export function mailAddress(email: string | null | undefined, name = ''): MailAddress | undefined {
  const raw = (email ?? '').trim().replace(/^mailto:/i, '');
  const [found, ...more] = findAddresses(raw);
  if (!found || more.length > 0 || found.index !== 0 || found.end !== raw.length) return undefined;
  const lower = raw.toLowerCase();
  return { email: lower, name: displayName(name, lower) };
}

/**
 * Addresses written in text, in order: `Jane Doe <jane@acme.com>` keeps the name, a bare
 * address has none. Used for headers that print addresses and for the fallback. In the text
 * addressesInOrder builds, an address alone in its element also takes the text of the element
 * just before it on its line as its name (`<span>Jane Doe</span><span>jane@acme.com</span>`).
 */
export function addressesInText(text: string): MailAddress[] {
  return readAddresses(text, new Map());
}

/** addressesInText, with the names known for the addresses starting at given offsets. */
function readAddresses(text: string, known: ReadonlyMap<number, string>): MailAddress[] {
  const found = findAddresses(text);
  const names = new Map<Found, string>();
  for (const m of text.matchAll(NAMED)) {
    const written = m[3];
    if (m.index === undefined || written === undefined) continue;
    const name = m[1] ?? m[2] ?? '';
    const quoted = m[1] !== undefined;
    let nameStart = m.index + (quoted ? 1 : 0);
    const nameEnd = nameStart + name.length;
    const addressStart = m.index + m[0].lastIndexOf(written);
    const addressEnd = addressStart + written.length;
    const address = found.find((f) => f.index >= addressStart && f.end <= addressEnd);
    if (!address) continue;
    // A name never runs over another address: `li@x.com</span><span>Jane <jane@…>` names Jane.
    for (const f of found) if (f.index < nameEnd && f.end > nameStart) nameStart = f.end;
    names.set(address, text.slice(nameStart, nameEnd));
  }
  const out: MailAddress[] = [];
  for (const f of found) {
    // The element's whole text before the text's punctuation: `van der Berg, Anna` in its own
    // element is one name, though a comma ends a name written in running text.
    const beside = known.get(f.index) ?? nameBeside(text, f);
    const a = mailAddress(f.email, beside !== '' ? beside : (names.get(f) ?? f.glued ?? ''));
    if (a) out.push(a);
  }
  return out;
}

const BEFORE_ALONE = /^[\s<＜(（[]*$/u;
const AFTER_ALONE = /^[\s>＞)）\]]*$/u;

/** Start of the segment (text between element marks or lines) that ends at `end`. */
const segmentStart = (text: string, end: number): number =>
  end <= 0 ? 0 : Math.max(text.lastIndexOf(MARK, end - 1), text.lastIndexOf('\n', end - 1)) + 1;

/**
 * The name of an address that stands alone in its element: the text of the nearest element
 * before it on the same line, after any label (`From:`), when that text holds no address.
 */
function nameBeside(text: string, f: Found): string {
  const start = segmentStart(text, f.index);
  let stop = text.length;
  for (const sep of [MARK, '\n']) {
    const i = text.indexOf(sep, f.end);
    if (i !== -1 && i < stop) stop = i;
  }
  if (start === 0 || text[start - 1] !== MARK) return '';
  if (
    !BEFORE_ALONE.test(text.slice(start, f.index)) ||
    !AFTER_ALONE.test(text.slice(f.end, stop))
  ) {
    return '';
  }
  let end = start - 1;
  while (end >= 0 && text[end] === MARK) {
    const s = segmentStart(text, end);
    const segment = text.slice(s, end);
    if (segment.trim() !== '') {
      if (segment.includes('@') || /[<>＜＞]/u.test(segment)) return '';
      return (segment.split(LABEL_END).at(-1) ?? '').replace(LIST_ENDS, '');
    }
    end = s - 1;
  }
  return '';
}

/** Drop repeats (keeping the first, but a later display name fills an empty one) and `exclude`. */
export function uniqueAddresses(
  list: readonly (MailAddress | undefined)[],
  exclude: readonly string[] = [],
): MailAddress[] {
  const seen = new Map<string, MailAddress>();
  const skip = new Set(exclude);
  for (const a of list) {
    if (!a || skip.has(a.email)) continue;
    const before = seen.get(a.email);
    if (!before) seen.set(a.email, a);
    else if (before.name === '' && a.name !== '') seen.set(a.email, a);
  }
  return [...seen.values()];
}

const BLOCK = new Set([
  'ADDRESS',
  'BR',
  'DIV',
  'DL',
  'DT',
  'DD',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE']);
const MAX_TEXT = 100_000;

/**
 * An element's text with a line break at every block boundary (a signature written as
 * `<div>Jane Doe</div><div>CTO</div>` must read as two lines), without layout, so it is cheap
 * and works in a hidden pane. Subtrees matching `skip` (quoted replies) are left out.
 */
export function blockText(el: Element, skip: Selectors = []): string {
  const parts: string[] = [];
  let length = 0;
  const skipSelector = skip.join(', ');
  const walk = (node: Node): void => {
    if (length > MAX_TEXT) return;
    if (node.nodeType === 3) {
      const text = node.nodeValue ?? '';
      parts.push(text);
      length += text.length;
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (SKIP.has(element.tagName)) return;
    if (skipSelector !== '' && element.matches(skipSelector)) return;
    const block = BLOCK.has(element.tagName);
    if (block) parts.push('\n');
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child);
    if (block) parts.push('\n');
  };
  walk(el);
  return parts
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\n ]*/g, '\n')
    .trim()
    .slice(0, MAX_TEXT);
}

/**
 * The addresses a header shows, in the order it shows them, from its text and from attributes
 * that hold them (`title`, `mailto:`), each with the display name written for it or none.
 * Subtrees matching `skip` (the body, an editor) are left out.
 */
export function addressesInOrder(el: Element, skip: Selectors = []): MailAddress[] {
  const parts: string[] = [];
  let length = 0;
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const known = new Map<number, string>();
  const skipSelector = skip.join(', ');
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (SKIP.has(element.tagName)) return;
    if (skipSelector !== '' && element.matches(skipSelector)) return;
    const held = attributeAddresses(element);
    // Only for the few elements that hold an address: textContent per element is quadratic.
    const text = held.length > 0 ? (element.textContent ?? '').toLowerCase() : '';
    const shown = held.filter((a) => !text.includes(a));
    // One address held by an element whose text holds none: the text is its name, whatever
    // label precedes it (`<span title="a@b">Ann</span>`). Several, or text with an address of
    // its own: the text is nobody's name, so each held address goes on a line of its own with
    // none (a `title` listing two addresses would otherwise give the second one the first one's
    // name, or the rep's "我").
    const only = shown.length === 1 && held.length === 1 ? shown[0] : undefined;
    if (only !== undefined && findAddresses(text).length === 0) {
      push('\n');
      known.set(length, element.textContent ?? '');
      push(`${only}\n`);
      return;
    }
    const block = BLOCK.has(element.tagName);
    push(block ? '\n' : MARK);
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child);
    for (const a of shown) {
      push('\n');
      known.set(length, '');
      push(`${a}\n`);
    }
    push(block ? '\n' : MARK);
  };
  walk(el);
  return uniqueAddresses(readAddresses(parts.join(''), known));
}

function attributeAddresses(el: Element): string[] {
  const href = el.getAttribute('href');
  if (href && /^mailto:/i.test(href)) {
    const list = safeDecode(href.replace(/^mailto:/i, '').replace(/\?.*$/, ''));
    const found = findAddresses(list).map((f) => f.email.toLowerCase());
    if (found.length > 0) return found;
  }
  const title = el.getAttribute('title');
  if (title?.includes('@')) return findAddresses(title).map((f) => f.email.toLowerCase());
  return [];
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The fallback when a site's anchors moved: the addresses written in the reading pane, the
 * first one taken as the sender (every client prints the From line first). The panel says it is
 * in fallback mode, so the rep knows the reading may be wrong.
 */
export function fallbackMessage(options: {
  readonly pane: Element;
  readonly id: string;
  readonly subject: string;
  readonly mount: OpenMessage['mount'];
}): OpenMessage | null {
  const [sender, ...participants] = addressesInOrder(options.pane);
  if (!sender) return null;
  return {
    id: options.id,
    subject: options.subject,
    sender,
    participants,
    bodyText: () => blockText(options.pane),
    mount: options.mount,
    fallback: true,
  };
}

/** A query parameter of a URL-like string (a frame's `src`, a hash route), or undefined. */
export function paramOf(url: string, name: string): string | undefined {
  const m = new RegExp(`[?&#]${name}=([^&#]+)`).exec(url);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** The `n`-th (1-based) of `items`' position, as ids for messages a site gives no id. */
export const positionOf = (items: readonly Element[], item: Element): number =>
  items.indexOf(item) + 1;

/** Collapse whitespace of a displayed string (a subject, a name). */
export const clean = (text: string | null | undefined): string =>
  (text ?? '').replace(/\s+/g, ' ').trim();
