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
const EMAIL_ONLY = new RegExp(`^${EMAIL.source}$`, 'u');
// A display name stops at list punctuation, ASCII or full-width (收件人：张三；李四).
const NAMED =
  /(?:"([^"<>\n]{1,200})"|([^\s<>,;:"'，；：、][^<>,;:\n，；：、]{0,199}?))\s*[<＜]\s*([^\s<>＜＞@]+@[^\s<>＜＞]+)\s*[>＞]/gu;

/** A lower-cased address with its display name, or undefined when `email` is not one. */
export function mailAddress(email: string | null | undefined, name = ''): MailAddress | undefined {
  const raw = (email ?? '').trim().replace(/^mailto:/i, '');
  if (!EMAIL_ONLY.test(raw)) return undefined;
  const clean = name.replace(/\s+/g, ' ').trim();
  return { email: raw.toLowerCase(), name: clean.toLowerCase() === raw.toLowerCase() ? '' : clean };
}

/**
 * Addresses written in text, in order: `Jane Doe <jane@acme.com>` keeps the name, a bare
 * address has none. Used for headers that print addresses and for the fallback.
 */
export function addressesInText(text: string): MailAddress[] {
  const out: MailAddress[] = [];
  const named = new Map<number, MailAddress>();
  for (const m of text.matchAll(NAMED)) {
    const a = mailAddress(m[3], m[1] ?? m[2] ?? '');
    if (a && m.index !== undefined) named.set(m.index + m[0].indexOf(m[3] ?? ''), a);
  }
  for (const m of text.matchAll(EMAIL)) {
    if (m.index === undefined) continue;
    const a = named.get(m.index) ?? mailAddress(m[0]);
    if (a) out.push(a);
  }
  return out;
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
 * that hold one (`title`, `mailto:`), with the display name written before each. Subtrees
 * matching `skip` (the body, an editor) are left out.
 */
export function addressesInOrder(el: Element, skip: Selectors = []): MailAddress[] {
  const parts: string[] = [];
  const skipSelector = skip.join(', ');
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (SKIP.has(element.tagName)) return;
    if (skipSelector !== '' && element.matches(skipSelector)) return;
    const held = attributeAddress(element);
    const wraps = held !== undefined && !(element.textContent ?? '').toLowerCase().includes(held);
    // A line of its own, so `<span title="a@b">Ann</span>` reads `Ann <a@b>` and the name is
    // exactly the element's text, whatever label precedes it.
    if (BLOCK.has(element.tagName) || wraps) parts.push('\n');
    for (let child = element.firstChild; child; child = child.nextSibling) walk(child);
    if (wraps) parts.push(` <${held}>\n`);
    else if (BLOCK.has(element.tagName)) parts.push('\n');
  };
  walk(el);
  return uniqueAddresses(addressesInText(parts.join('')));
}

function attributeAddress(el: Element): string | undefined {
  const href = el.getAttribute('href');
  if (href && /^mailto:/i.test(href)) {
    const a = mailAddress(safeDecode(href.replace(/\?.*$/, '')));
    if (a) return a.email;
  }
  const title = el.getAttribute('title');
  if (title?.includes('@')) return addressesInText(title)[0]?.email;
  return undefined;
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
