/**
 * mailto:, tel: and .vcf links, and the person they belong to: the link text when it is a
 * name, else the nearest container around the link that holds a name (walking up to the
 * repeated card it sits in, never past a container that holds a second person's address).
 * Role mailboxes and switchboard numbers become the organisation's contact points.
 */

import { type Draft, found, foundName, hasNameGuess, toCandidate } from './candidate.ts';
import { notAContact, readCard } from './card.ts';
import {
  addContactPoint,
  describe,
  inPerson,
  isNoise,
  isRepeated,
  memo,
  type PageContext,
  resolveUrl,
  signature,
} from './dom.ts';
import {
  GENERIC_LABEL,
  isGenericMailbox,
  mailboxLabel,
  mailtoHref,
  normaliseEmailAddress,
} from './emails.ts';
import { cleanPersonName } from './names.ts';
import { normalisePhone } from './phones.ts';
import type { CaptureSource, ContactCandidate } from './types.ts';

const MAX_DEPTH = 6;
// A container with more text than this is an article or a page section, not a person's card.
const MAX_CARD_TEXT = 1200;

function personalEmails(el: Element): Set<string> {
  const set = new Set<string>();
  for (const a of el.querySelectorAll(
    'a[href^="mailto:"], a[href^="MAILTO:"], a[href*="email-protection"]',
  )) {
    const e = normaliseEmailAddress(mailtoHref(a));
    if (e && !isGenericMailbox(e)) set.add(e);
  }
  return set;
}

/** The text right around a link (its parent's text without the link), for labels like 客服. */
function labelNear(a: Element): string | undefined {
  const parent = a.parentElement;
  if (!parent) return undefined;
  const text = (parent.textContent ?? '').replace(a.textContent ?? '', ' ').replace(/\s+/g, ' ');
  if (text.length > 80) return undefined;
  return GENERIC_LABEL.exec(text)?.[0];
}

interface Owner {
  readonly draft: Draft;
  readonly card: Element;
}

function ownerOf(
  ctx: PageContext,
  a: Element,
  source: CaptureSource,
  conf: number,
): Owner | undefined {
  let fallback: Owner | undefined;
  // A repeated card whose name failed the check but holds a title: the rep fills the name in.
  let guess: Owner | undefined;
  for (let el = a.parentElement, depth = 0; el && depth < MAX_DEPTH; el = el.parentElement) {
    depth++;
    if (el.localName === 'body' || el.localName === 'main' || el.localName === 'html') break;
    if ((el.textContent?.length ?? 0) > MAX_CARD_TEXT) break;
    if (personalEmails(el).size > 1) break;
    const repeated = isRepeated(el);
    if (!repeated && fallback) continue;
    const reading = readCard(ctx, el, { source, confidence: conf });
    if (reading.names > 1) break;
    // A venue's or a branch's card: the link is that place's, whatever it is called.
    if (reading.addressed && !reading.draft.title) break;
    if (reading.draft.name) {
      if (repeated) {
        ctx.people.add(el);
        return { draft: reading.draft, card: el };
      }
      fallback ??= { draft: reading.draft, card: el };
    } else if (repeated && reading.draft.title && hasNameGuess(reading.draft)) {
      guess ??= { draft: reading.draft, card: el };
    }
  }
  const owner = fallback ?? guess;
  if (owner) ctx.people.add(owner.card);
  return owner;
}

/**
 * A card proven to be a person's by its link has siblings built the same way: with a name and a
 * job title they are people too, even when there are only two of them (too few for a grid).
 */
function siblingsOf(ctx: PageContext, card: Element, out: ContactCandidate[]): void {
  const done = memo(ctx, 'sibling-parents', () => new Set<Element>());
  const parent = card.parentElement;
  if (!parent || done.has(parent)) return;
  done.add(parent);
  const sig = signature(card);
  for (const sibling of parent.children) {
    if (sibling === card || signature(sibling) !== sig || inPerson(ctx, sibling)) continue;
    const r = readCard(ctx, sibling, { source: 'team-grid', confidence: 0.6 });
    if (!r.draft.name || !r.draft.title || r.names !== 1 || r.lines > 25 || r.quote || r.priced)
      continue;
    const c = toCandidate(r.draft);
    if (c && !notAContact(ctx, c.name, sibling)) {
      out.push(c);
      ctx.people.add(sibling);
    }
  }
}

const foldWord = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * True if an address in page chrome may be a person's: its local part is built like one
 * (jane.doe, j_doe) or holds a word written capitalised beside it ("Paul Newman (paul@…)").
 */
function personalLooking(a: Element, email: string): boolean {
  const local = foldWord(email.split('@')[0] ?? '');
  if (/[._-]/.test(local)) return true;
  const text = a.parentElement?.textContent ?? '';
  // Words of the site's own name ("Copperleaf Studio" for studio@) say nothing of a person.
  const site = foldWord(a.ownerDocument?.title ?? '');
  for (const m of text.matchAll(/\p{Lu}[\p{L}\p{M}'’-]{2,}/gu)) {
    const w = foldWord(m[0]);
    if (local.includes(w) && !site.includes(w)) return true;
  }
  return false;
}

const VCARD_WORDS =
  /\b(?:download|save|add|get|v-?card|vcf|contact|to|address|book|card)\b|[()[\]]/gi;

export function linkContacts(ctx: PageContext): ContactCandidate[] {
  const out: ContactCandidate[] = [];
  for (const a of ctx.doc.querySelectorAll('a[href]')) {
    const href = mailtoHref(a);
    const kind = /^mailto:/i.test(href)
      ? 'mailto'
      : /^tel:/i.test(href)
        ? 'tel'
        : /\.vcf(?:$|[?#])/i.test(href)
          ? 'vcard-link'
          : undefined;
    if (kind === undefined) continue;
    const noise = isNoise(ctx, a);
    // Inside a card already read (by the grid or for an earlier link): nothing new to learn.
    if (!noise && inPerson(ctx, a)) continue;
    let linkName = cleanPersonName(a.textContent ?? '');

    if (kind === 'mailto') {
      const emails = href
        .slice(7)
        .split(/[,;]/)
        .map(normaliseEmailAddress)
        .filter((e): e is string => e !== undefined);
      const personal = emails.filter((e) => !isGenericMailbox(e));
      for (const e of emails) {
        if (isGenericMailbox(e)) {
          addContactPoint(ctx, {
            email: e,
            label: labelNear(a) ?? mailboxLabel(e),
            source: 'mailto',
          });
        }
      }
      if (personal.length === 0) continue;
      // "Priya" on a link to priya@…: a one-word name its own address is written from.
      const linkFound = foundName(a.textContent ?? '', 'mailto', 0.8, undefined, personal);
      linkName ??= linkFound?.value;
      let owner = noise ? undefined : ownerOf(ctx, a, 'mailto', 0.8);
      // The link text names the person; a container naming someone else is not theirs.
      if (owner && linkName && owner.draft.name?.value !== linkName) owner = undefined;
      if (!owner && (!linkName || noise)) {
        // No person beside it: a labelled department address ("客服：…") is the company's.
        const label = labelNear(a);
        if (label) {
          for (const e of personal) addContactPoint(ctx, { email: e, label, source: 'mailto' });
        } else if (noise) {
          // The site footer's own address ("studio@", "ciao@") when nobody's name goes with it.
          for (const e of personal.filter((x) => !personalLooking(a, x))) {
            addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'mailto' });
          }
        }
        continue;
      }
      if (owner) siblingsOf(ctx, owner.card, out);
      const draft: Draft = owner?.draft ?? { emails: [], phones: [] };
      if (linkFound) draft.name = { ...linkFound, element: describe(a, owner?.card) };
      for (const e of personal) {
        draft.emails.unshift(found(e, 'mailto', 0.8, describe(a, owner?.card)));
      }
      const c = toCandidate(draft, { unnamed: hasNameGuess(draft) });
      if (c && !notAContact(ctx, c.name, owner?.card ?? a)) out.push(c);
    } else if (kind === 'tel') {
      const phone = normalisePhone(href, ctx.country);
      if (!phone) continue;
      const owner = noise ? undefined : ownerOf(ctx, a, 'tel', 0.75);
      if (!owner) {
        const label = labelNear(a) ?? (a.textContent ?? '').replace(/[\d\s+().-]/g, '').trim();
        addContactPoint(ctx, label ? { phone, label, source: 'tel' } : { phone, source: 'tel' });
        continue;
      }
      siblingsOf(ctx, owner.card, out);
      const c = toCandidate(owner.draft, { unnamed: hasNameGuess(owner.draft) });
      if (c && !notAContact(ctx, c.name, owner.card)) out.push(c);
    } else {
      if (noise) continue;
      const fromText = cleanPersonName((a.textContent ?? '').replace(VCARD_WORDS, ' '));
      const owner = ownerOf(ctx, a, 'vcard-link', 0.85);
      if (owner) siblingsOf(ctx, owner.card, out);
      const draft: Draft = owner?.draft ?? { emails: [], phones: [] };
      if (!draft.name && fromText) draft.name = found(fromText, 'vcard-link', 0.8, describe(a));
      draft.vcardUrl ??= resolveUrl(ctx, href);
      const c = toCandidate(draft);
      if (c && !notAContact(ctx, c.name, owner?.card ?? a)) out.push(c);
    }
  }
  return out;
}
