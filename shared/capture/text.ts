/**
 * The last resort: addresses written as plain text ("Contact Jane Doe at jane.doe@acme.com",
 * "jane.doe [at] acme.com") and labelled contact blocks ("联系人：王小明 手机：…"). Plain text is
 * where most false contacts would come from, so a personal-looking address only becomes a
 * person when a name stands next to it that its local part agrees with (jane.doe / Jane Doe,
 * jdoe / John Doe), or when the block labels the name outright.
 */

import { type Draft, emptyDraft, found, foundName, toCandidate } from './candidate.ts';
import { looksLikeTitle, notAContact, readCard } from './card.ts';
import {
  addContactPoint,
  bodyText,
  describe,
  inPerson,
  isNoise,
  type PageContext,
  textLines,
} from './dom.ts';
import {
  emailsInText,
  GENERIC_LABEL,
  isGenericMailbox,
  mailboxLabel,
  OBFUSCATED_HINT,
} from './emails.ts';
import { cleanPersonName, hasCjk } from './names.ts';
import type { ContactCandidate } from './types.ts';

const BLOCKS = 'p, li, td, th, dd, dt, address, blockquote, figcaption, div, section, article';
const SKIP_PARENT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);
const TRIGGER = new RegExp(`@|${OBFUSCATED_HINT.source}|联系人|姓名|担当`);
const LABELLED_NAME =
  /(?:联系人|姓名|contact person|name)\s*[:：]\s*([^\s,，;；|]+(?: [^\s,，;；|]+){0,3})/i;
const NAME_RUN =
  /\p{Lu}[\p{L}\p{M}'’-]+(?:\s+(?:(?:van|von|de|der|da|di|del|la|le)\s+)?\p{Lu}[\p{L}\p{M}'’.-]*){1,4}/gu;
const MAX_BLOCK = 600;
const CONF = 0.5;

/**
 * A block's text with its lines kept apart (" | "), so "Andreas Keller" in one paragraph and
 * "Geschäftsführer" in the next never run together into one name. Long blocks, which are only
 * searched for addresses, are read whole.
 */
function blockText(el: Element): string {
  const whole = el.textContent ?? '';
  if (whole.length > MAX_BLOCK * 2) return whole.replace(/\s+/g, ' ').trim();
  return textLines(el, 80)
    .map((l) => l.text)
    .join(' | ');
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * How surely an address's local part is built from this name: 2 when it holds the given name or
 * its initial with the family name (jane.doe, jdoe, doej, jane), 1 when it holds only another of
 * the name's words (doe@, j.doe for "Anna Jane Doe"), 0 when not built from it — nor when its
 * other part names someone else: p.huber and peter.huber are not Anna Huber's, whose family
 * the address shares.
 */
export function emailNameStrength(name: string, email: string): 0 | 1 | 2 {
  const rawLocal = (email.split('@')[0] ?? '').toLowerCase();
  const local = fold(rawLocal);
  const tokens = name
    .split(/\s+/)
    .map(fold)
    .filter((t) => t.length >= 2);
  if (local === '' || tokens.length === 0) return 0;
  const firstName = tokens[0] ?? '';
  const last = tokens[tokens.length - 1] ?? '';
  const parts = rawLocal.split(/[._-]/).map(fold);
  if (parts.length === 2 && parts.every((p) => p !== '')) {
    const [a = '', b = ''] = parts;
    const word = tokens.includes(a) ? a : tokens.includes(b) ? b : undefined;
    const other = word === a ? b : a;
    // The part beside a word of the name is no other word of it, nor starts like one.
    const rest = tokens.filter((t) => t !== word);
    if (word !== undefined && !rest.some((t) => t === other || t[0] === other[0])) return 0;
  }
  if (
    local === `${firstName[0]}${last}` ||
    local === `${last}${firstName[0]}` ||
    (tokens.length > 1 && local === tokens.map((t) => t[0]).join(''))
  ) {
    return 2;
  }
  if (firstName.length >= 3 && local.includes(firstName)) return 2;
  if (tokens.some((t) => t.length >= 3 && local.includes(t))) {
    return parts.length === 2 && parts.some((p) => p === firstName[0]) ? 2 : 1;
  }
  return local === tokens.map((t) => t[0]).join('') ? 2 : 0;
}

/** True if an address's local part is built from this name (jane.doe, jdoe, doej, jane). */
export function nameMatchesEmail(name: string, email: string): boolean {
  return emailNameStrength(name, email) > 0;
}

interface NameAt {
  readonly name: string;
  readonly index: number;
}

function namesIn(text: string): NameAt[] {
  const out: NameAt[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    const tokens = m[0].split(/\s+/);
    let offset = m.index ?? 0;
    for (let start = 0; start < tokens.length - 1; start++) {
      let hit: string | undefined;
      for (let end = Math.min(tokens.length, start + 4); end >= start + 2 && !hit; end--) {
        hit = cleanPersonName(tokens.slice(start, end).join(' '));
      }
      if (hit) {
        out.push({ name: hit, index: offset });
        break;
      }
      offset += (tokens[start]?.length ?? 0) + 1;
    }
  }
  return out;
}

/**
 * The largest container around `start` (up to four levels) that still reads as one person's
 * block: short, at most one personal address, at most one name.
 */
function blockFor(ctx: PageContext, start: Element, known: ReadonlySet<string>): Element {
  let best = start;
  for (let el = start.parentElement, depth = 0; el && depth < 4; el = el.parentElement, depth++) {
    if (el.localName === 'body' || el.localName === 'main' || el.localName === 'html') break;
    const text = el.textContent ?? '';
    if (text.length > MAX_BLOCK || isNoise(ctx, el)) break;
    const personal = emailsInText(text, true).filter((e) => !isGenericMailbox(e));
    if (personal.length > 1 || personal.some((e) => known.has(e))) break;
    if (readCard(ctx, el, { source: 'text', confidence: CONF }).names > 1) break;
    best = el;
  }
  return best;
}

/**
 * An address on a line of its own under the person's ("<p><strong>Jane Doe</strong>, Sales
 * Manager</p><p>jane.doe@acme.com</p>"): the name in the block just before, if the address is
 * written from it.
 */
function nameBefore(block: Element, email: string): NameAt | undefined {
  // The surest match wins over the nearest ("Josef Huber", "Anna Huber", then j.huber@); two
  // names the address fits only by the family name they share leave it to nobody.
  const fits: { name: string; strength: number }[] = [];
  let prev = block.previousElementSibling;
  for (let i = 0; prev && i < 2; i++, prev = prev.previousElementSibling) {
    const text = prev.textContent ?? '';
    if (text.length > 300) break;
    for (const n of namesIn(text.replace(/\s+/g, ' '))) {
      const strength = emailNameStrength(n.name, email);
      if (strength > 0) fits.push({ name: n.name, strength });
    }
  }
  const best = Math.max(0, ...fits.map((f) => f.strength));
  const top = fits.filter((f) => f.strength === best);
  const distinct = new Set(top.map((f) => f.name));
  const hit = top[0];
  if (!hit || distinct.size > 1) return undefined;
  // Found before the address: as near as the block's own first words.
  return { name: hit.name, index: 0 };
}

export function textContacts(ctx: PageContext, known: ReadonlySet<string>): ContactCandidate[] {
  const body = ctx.doc.body;
  if (!body || !TRIGGER.test(bodyText(ctx))) return [];
  const out: ContactCandidate[] = [];
  const blocks = new Set<Element>();
  const walker = ctx.doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!TRIGGER.test(n.nodeValue ?? '')) continue;
    const parent = n.parentElement;
    if (!parent || SKIP_PARENT.has(parent.localName)) continue;
    const first = parent.closest(BLOCKS) ?? parent;
    const own = blockText(first);
    const ownEmails = emailsInText(own.length > MAX_BLOCK ? (n.nodeValue ?? '') : own, true);
    for (const e of ownEmails.filter(isGenericMailbox)) {
      const lower = own.toLowerCase();
      const at = Math.max(0, lower.indexOf(e));
      const label = GENERIC_LABEL.exec(own.slice(Math.max(0, at - 30), at))?.[0];
      addContactPoint(ctx, { email: e, label: label ?? mailboxLabel(e), source: 'text' });
    }
    if (isNoise(ctx, first)) continue;
    const block = own.length > MAX_BLOCK ? first : blockFor(ctx, first, known);
    if (blocks.has(block) || inPerson(ctx, block)) continue;
    blocks.add(block);
    const raw = blockText(block);
    const text = raw.length > MAX_BLOCK ? (n.nodeValue ?? '').replace(/\s+/g, ' ') : raw;
    const lower = text.toLowerCase();
    const position = (e: string) => {
      const at = lower.indexOf(e);
      return at >= 0 ? at : lower.indexOf(e.split('@')[0] ?? e);
    };
    const personal = emailsInText(text, true).filter((e) => !isGenericMailbox(e) && !known.has(e));
    const labelled = LABELLED_NAME.exec(text);
    const labelledName = labelled?.[1] ? cleanPersonName(labelled[1]) : undefined;
    const short = raw.length <= MAX_BLOCK;
    if (personal.length === 0 && !labelledName && !short) continue;

    // A short block is read like a card: name, title, phones, with their labels.
    if (short) {
      const reading = readCard(ctx, block, { source: 'text', confidence: CONF });
      const name = reading.draft.name?.value;
      const title = reading.draft.title?.value;
      // A press or department contact: a named person with their post and phone over the
      // team's mailbox ("Katharina Lenz / Leiterin Unternehmenskommunikation / Tel. … /
      // presse@…").
      const posted =
        personal.length === 0 &&
        title !== undefined &&
        looksLikeTitle(title) &&
        reading.draft.phones.length > 0 &&
        reading.lines <= 6;
      const agreed =
        name !== undefined &&
        reading.names === 1 &&
        (name === labelledName ||
          posted ||
          (personal.length === 1 && hasCjk(name) && reading.lines <= 6) ||
          personal.some((e) => nameMatchesEmail(name, e)));
      if (agreed) {
        const d = reading.draft;
        d.emails = d.emails.filter((e) => !isGenericMailbox(e.value) && !known.has(e.value));
        const c = toCandidate(d);
        if (c && !reading.quote && !notAContact(ctx, c.name, block)) {
          out.push(c);
          ctx.people.add(block);
        }
        continue;
      }
    }
    for (const e of personal) {
      const at = position(e);
      const near =
        namesIn(text)
          .filter((n) => nameMatchesEmail(n.name, e))
          .sort((a, b) => Math.abs(a.index - at) - Math.abs(b.index - at))[0] ??
        nameBefore(block, e);
      if (!near || Math.abs(near.index - at) > 200) continue;
      const d: Draft = emptyDraft();
      d.name =
        foundName(near.name, 'text', CONF, describe(block)) ?? found(near.name, 'text', CONF);
      d.emails.push(found(e, 'text', CONF, describe(block)));
      const c = toCandidate(d);
      if (c && !notAContact(ctx, c.name, block)) out.push(c);
    }
  }
  return out;
}
