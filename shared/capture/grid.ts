/**
 * Team grids found by structure and content, whatever the class names: repeated elements (the
 * same tag and stable classes) most of which hold one short person name and a title line. Page
 * builders mark cards unevenly, so three shapes are read:
 * - siblings: at least three cards under one parent (the classic grid);
 * - scattered: cards built the same way but split over rows or small groups (Divi rows of three
 *   with a "last" column, Elementor sections of two speakers per role), counted page-wide;
 * - runs: a heading per person followed by their title and bio, with no wrapper per person
 *   (Gutenberg, Wix rich-text blocks).
 * A product grid or a blog list fails the test because its cards have no person name with a job
 * title under it; testimonials and reviews fail because they quote the person.
 */

import { found, hasNameGuess, hasPersonEvidence, toCandidate } from './candidate.ts';
import { type CardReading, looksLikeTitle, nameAndRest, notAContact, readCard } from './card.ts';
import {
  addContactPoint,
  inPerson,
  isNoise,
  memo,
  type PageContext,
  signature,
  textLines,
  walkElements,
} from './dom.ts';
import { mailboxLabel } from './emails.ts';
import { cleanPersonName } from './names.ts';
import { organizationName } from './organization.ts';
import { profileTables } from './profile-table.ts';
import type { ContactCandidate } from './types.ts';

const MIN_CARDS = 3;
const SAMPLE = 4;
const MAX_CARD_LINES = 25;
// A card may carry a whole biography (three or four paragraphs): its size alone does not make it
// a page section; its lines are still counted (MAX_CARD_LINES).
const MAX_CARD_TEXT = 4000;
const MAX_RUN = 6;

function isPersonCard(r: CardReading): boolean {
  return (
    r.draft.name !== undefined &&
    (r.draft.title !== undefined || r.titleSlot) &&
    r.names === 1 &&
    !r.quote &&
    !r.priced &&
    r.lines <= MAX_CARD_LINES
  );
}

/**
 * A card built like its neighbours whose name failed the check ("Priya S.", an unusual
 * spelling) but which holds a title and the person's own address or phone: offered for the rep
 * to name (domain.md §14), never counted as evidence that the group is a team grid.
 */
function isUnnamedCard(r: CardReading): boolean {
  return (
    r.draft.name === undefined &&
    r.draft.title !== undefined &&
    r.names === 0 &&
    !r.quote &&
    !r.priced &&
    r.lines <= MAX_CARD_LINES &&
    hasNameGuess(r.draft) &&
    hasPersonEvidence(r.draft)
  );
}

const ARTICLE_TYPE =
  /"@type"\s*:\s*(?:\[\s*)?"(?:Article|BlogPosting|NewsArticle|Report|TechArticle)"/;

/**
 * The page is a blog post or a news story: an Article in its JSON-LD, or a publication date for
 * it (og:type "article" alone is not enough: Yoast writes it on every WordPress page, team pages
 * included).
 */
function isArticlePage(ctx: PageContext): boolean {
  return memo(ctx, 'article-page', () => {
    if (ctx.doc.querySelector('meta[property="article:published_time"], body.single-post')) {
      return true;
    }
    for (const script of ctx.doc.querySelectorAll('script[type="application/ld+json"]')) {
      if (ARTICLE_TYPE.test(script.textContent ?? '')) return true;
    }
    return false;
  });
}

const MAX_STANZA_BLOCK = 1500;

/** A <br> followed, past nothing but white space, by another: a blank line in a paragraph. */
function blankLineAfter(br: Element): boolean {
  for (let n = br.nextSibling; n; n = n.nextSibling) {
    if (n.nodeType === 1) return (n as Element).localName === 'br';
    if (n.nodeType === 3 && (n.nodeValue ?? '').trim() !== '') return false;
  }
  return false;
}

/**
 * Paragraphs that write several people one after another, a blank line (two line breaks)
 * between them ("<p><strong>Tomasz Nowak</strong><br>Export Sales Manager<br>T: …<br><br>
 * <strong>Grace Okoro</strong><br>…</p>"), each stanza copied into a box of its own so it reads
 * as one card. The boxes live in an inert document: a copy made in the page's own would fetch
 * its images. One look at the page's line breaks, not at every element.
 */
function stanzaBlocks(
  ctx: PageContext,
  isClaimed: (el: Element) => boolean,
): Map<Element, Element[]> {
  const out = new Map<Element, Element[]>();
  const seen = new Set<Element>();
  let inert: Document | undefined;
  for (const br of ctx.doc.querySelectorAll('br')) {
    const block = br.parentElement;
    if (!block || seen.has(block) || !blankLineAfter(br)) continue;
    seen.add(block);
    if ((block.textContent ?? '').length > MAX_STANZA_BLOCK) continue;
    if (isClaimed(block) || inPerson(ctx, block) || isNoise(ctx, block)) continue;
    const stanzas: Element[] = [];
    inert ??= ctx.doc.implementation.createHTMLDocument('');
    const doc = inert;
    let box = doc.createElement('div');
    let open = false;
    for (let n = block.firstChild; n; n = n.nextSibling) {
      const blank =
        n.nodeType === 1 && (n as Element).localName === 'br' && blankLineAfter(n as Element);
      if (blank) {
        if (open) stanzas.push(box);
        box = doc.createElement('div');
        open = false;
        // The second break of the pair is skipped with the white space before it.
        while (n.nextSibling && !(n.nextSibling.nodeType === 1)) n = n.nextSibling;
        if (n.nextSibling) n = n.nextSibling;
        continue;
      }
      box.appendChild(doc.importNode(n, true));
      if (n.nodeType === 1 || (n.nodeValue ?? '').trim() !== '') open = true;
    }
    if (open) stanzas.push(box);
    if (stanzas.length >= 2 && stanzas.length <= 12) out.set(block, stanzas);
  }
  return out;
}

/** A card with a checked name and the person's own address or phone, but no title line. */
function isTitlelessPerson(r: CardReading): boolean {
  return (
    r.draft.name !== undefined &&
    r.draft.title === undefined &&
    r.names === 1 &&
    !r.quote &&
    !r.priced &&
    !r.addressed &&
    r.lines <= MAX_CARD_LINES &&
    hasPersonEvidence(r.draft)
  );
}

/**
 * Two cards side by side (a company's two founders, two people in a contact section) make a
 * grid only when both say so without doubt: a checked name and a title in the vocabulary.
 */
function isStrongCard(r: CardReading): boolean {
  const title = r.draft.title;
  return isPersonCard(r) && title !== undefined && looksLikeTitle(title.value) && !r.addressed;
}

/** A cheap first look before a full card reading: does any of its first lines name someone? */
function hasNameLine(el: Element): boolean {
  return textLines(el, 8).some((l) => l.text.length <= 80 && nameAndRest(l.text) !== undefined);
}

/** 1 for h1 … 6 for h6, 0 for anything else. */
function headingRank(el: Element | undefined): number {
  const m = el ? /^h([1-6])$/.exec(el.localName) : null;
  return m ? Number(m[1]) : 0;
}

interface Accepted {
  readonly el: Element;
  readonly reading: CardReading;
  readonly group: number;
  /** One of two cards side by side: a contact block, not a team grid. */
  readonly pair: boolean;
}

export function gridContacts(ctx: PageContext): ContactCandidate[] {
  const body = ctx.doc.body;
  if (!body) return [];
  // A company-profile table's rows are label and value, not one card per person.
  const claimed = new Set<Element>(profileTables(ctx));
  const accepted: Accepted[] = [];
  let group = 0;
  const read = (el: Element | readonly Element[]) =>
    readCard(ctx, el, {
      source: 'team-grid',
      confidence: 0.7,
      looseTitle: true,
      maxLines: MAX_CARD_LINES + 1,
    });
  const isClaimed = (el: Element) => {
    for (let a: Element | null = el, i = 0; a && i < 10; a = a.parentElement, i++) {
      if (claimed.has(a)) return true;
    }
    return false;
  };
  const accept = (el: Element, r: CardReading, g: number, pair = false) => {
    claimed.add(el);
    accepted.push({ el, reading: r, group: g, pair });
  };
  const sizeOk = (el: Element) => {
    const size = el.textContent?.length ?? 0;
    return size >= 5 && size <= MAX_CARD_TEXT;
  };

  const isOwnClaim = (el: Element) => claimed.has(el);
  const pairs: Element[][] = [];
  // Siblings.
  walkElements(body, isOwnClaim, (parent) => {
    if (parent.childElementCount < 2) return;
    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      const sig = signature(child);
      const list = groups.get(sig);
      if (list) list.push(child);
      else groups.set(sig, [child]);
    }
    let noise: boolean | undefined;
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const head = members[0];
      if (!head || !sizeOk(head)) continue;
      const pair = members.length < MIN_CARDS;
      if (pair && !members.every((m) => sizeOk(m) && hasNameLine(m))) continue;
      noise ??= isNoise(ctx, parent);
      if (noise) break;
      // Read last, if no grid built the same way elsewhere on the page takes them.
      if (pair) {
        pairs.push(members);
        continue;
      }
      const readings = new Map<Element, CardReading>();
      let good = 0;
      for (const m of members.slice(0, SAMPLE)) {
        const r = read(m);
        readings.set(m, r);
        if (isPersonCard(r)) good++;
      }
      if (good < 2) continue;
      for (const m of members.slice(SAMPLE)) readings.set(m, read(m));
      const cards = [...readings.values()].filter(isPersonCard);
      const enough = cards.length >= MIN_CARDS || (cards.length === 2 && cards.every(isStrongCard));
      if (!enough || cards.length * 2 < members.length) continue;
      group++;
      const people = [...readings].filter(
        ([, r]) =>
          (r.draft.name && r.names === 1 && r.lines <= MAX_CARD_LINES && !r.quote && !r.priced) ||
          isUnnamedCard(r),
      );
      // Three partners, one of whom has no title line, are a team, not two people side by side.
      for (const [m, r] of people) accept(m, r, group, people.length < MIN_CARDS);
    }
  });

  // Every element outside the cards found so far, by its signature, for the scattered pass.
  const rest: Element[] = [];
  walkElements(body, isOwnClaim, (el) => rest.push(el));
  const claimedBySignature = new Map<string, number>();
  for (const el of claimed) {
    const sig = signature(el);
    claimedBySignature.set(sig, (claimedBySignature.get(sig) ?? 0) + 1);
  }
  const bySignature = new Map<string, Element[]>();
  for (const el of rest) {
    if (el.childElementCount === 0 && !el.querySelector('br')) continue;
    const sig = signature(el);
    const list = bySignature.get(sig);
    if (list) list.push(el);
    else bySignature.set(sig, [el]);
  }

  // Scattered: the same card split over rows or small groups.
  for (const [sig, members] of bySignature) {
    const alreadyCards = claimedBySignature.get(sig) ?? 0;
    if (members.length + alreadyCards < MIN_CARDS || members.length > 2000) continue;
    const open = members.filter((m) => !isClaimed(m));
    if (open.length === 0) continue;
    const head = open[0];
    if (!head || !sizeOk(head) || !open.slice(0, 2).some(hasNameLine) || isNoise(ctx, head)) {
      continue;
    }
    const readings = new Map<Element, CardReading>();
    let good = 0;
    for (const m of open.slice(0, SAMPLE)) {
      const r = read(m);
      readings.set(m, r);
      if (isPersonCard(r)) good++;
    }
    if (good < Math.min(2, open.length)) continue;
    for (const m of open.slice(SAMPLE)) readings.set(m, read(m));
    const cards = [...readings.entries()].filter(
      ([m, r]) => (isPersonCard(r) || isUnnamedCard(r)) && sizeOk(m) && !isNoise(ctx, m),
    );
    if (cards.length + alreadyCards < MIN_CARDS || cards.length * 2 < open.length) continue;
    group++;
    for (const [m, r] of cards) accept(m, r, group);
  }

  // Two cards side by side that no grid took.
  for (const members of pairs) {
    if (members.some(isClaimed)) continue;
    const both = members.map((m) => [m, read(m)] as const);
    if (!both.every(([, r]) => isStrongCard(r))) continue;
    group++;
    for (const [m, r] of both) accept(m, r, group, true);
  }

  // Two or more people written in one paragraph, a blank line between them.
  for (const [block, stanzas] of stanzaBlocks(ctx, isClaimed)) {
    const readings = stanzas.map((st) => read(st));
    if (!readings.every(isStrongCard) || readings.some((r) => r.addressed)) continue;
    group++;
    claimed.add(block);
    for (const r of readings) accepted.push({ el: block, reading: r, group, pair: true });
  }

  // The elements that hold a card: never a person's heading in a run.
  const holders = new Set<Element>();
  for (const el of claimed) {
    for (let a = el.parentElement; a && !holders.has(a); a = a.parentElement) holders.add(a);
  }

  // Runs: heading → title → bio, one person after another, no wrapper.
  for (const parent of rest) {
    if (parent.childElementCount < 4 || isClaimed(parent)) continue;
    const children = [...parent.children];
    const anchors: number[] = [];
    for (const [i, child] of children.entries()) {
      // A name's heading is a small element; a big one is a section, not an anchor.
      if (child.childElementCount > 4 || holders.has(child) || claimed.has(child)) continue;
      const text = child.textContent ?? '';
      if (text.length > 80 || text.trim().length < 2) continue;
      if (cleanPersonName(text.trim()) !== undefined) anchors.push(i);
    }
    if (anchors.length < 2) continue;
    const first = children[anchors[0] ?? 0];
    if (!first || isNoise(ctx, parent)) continue;
    const sig = signature(first);
    const same = anchors.filter((i) => {
      const c = children[i];
      return c !== undefined && signature(c) === sig;
    });
    if (same.length < 2) continue;
    const runs: { els: Element[]; reading: CardReading }[] = [];
    const titleless: { els: Element[]; reading: CardReading }[] = [];
    const starts = new Set(same);
    for (const [k, start] of same.entries()) {
      const end = Math.min(same[k + 1] ?? children.length, start + MAX_RUN);
      const els: Element[] = [];
      const rank = headingRank(children[start]);
      for (let i = start; i < end; i++) {
        const c = children[i];
        if (!c) break;
        // A heading of its own ("Our history") ends the person's run; a smaller heading right
        // under the name's ("<h3>Dale Reinholt</h3><h4>President</h4>") is the title.
        const subtitle = i === start + 1 && headingRank(c) > rank && rank > 0;
        if (i > start && (starts.has(i) || (/^h[1-6]$/.test(c.localName) && !subtitle))) break;
        els.push(c);
      }
      if (els.some((e) => isClaimed(e))) continue;
      const r = read(els);
      if (isPersonCard(r)) runs.push({ els, reading: r });
      else if (isTitlelessPerson(r)) titleless.push({ els, reading: r });
    }
    if (runs.length < 2 || runs.length * 2 < same.length) continue;
    group++;
    // Among people written alike, one with no title line but their own address or phone
    // ("<h3>Luis Ortega</h3><p>lortega@… · (740) 555-0163</p>") is one of them.
    for (const run of [...runs, ...titleless]) {
      for (const e of run.els) claimed.add(e);
      accepted.push({ el: run.els[0] as Element, reading: run.reading, group, pair: false });
      for (const e of run.els.slice(1)) ctx.people.add(e);
    }
  }

  // A card that names no employer is one of the page's own people (a card's company line, when
  // a group has one, names the page's company too): the page's organisation is their company.
  let pageCompany: string | undefined | null = null;
  const out: ContactCandidate[] = [];
  const post = accepted.length > 0 && isArticlePage(ctx);
  for (const { el, reading: r, pair } of accepted) {
    // A blog post or news story names people it writes about ("Rosa Delgado, Safety
    // Coordinator, Hollis Grocers" among award winners): without their own address or phone
    // they are not the company's contacts.
    if (post && r.draft.emails.length === 0 && r.draft.phones.length === 0) continue;
    ctx.people.add(el);
    for (const e of r.genericEmails) {
      addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'team-grid' });
    }
    // Two people side by side are read as the link reader would read them: no company guessed.
    if (!r.draft.company && !pair) {
      if (pageCompany === null) pageCompany = organizationName(ctx);
      if (pageCompany) r.draft.company = found(pageCompany, 'team-grid', 0.5);
    }
    const c = toCandidate(r.draft, { unnamed: hasNameGuess(r.draft) });
    if (c && !notAContact(ctx, c.name, el)) out.push(c);
  }
  return out;
}
