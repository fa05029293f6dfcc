/**
 * Team grids found by structure, whatever the class names: at least three sibling elements with
 * the same tag and classes, most of which hold one short person name and a title line. A
 * product grid or a blog list fails the test because its cards have no person name with a job
 * title under it.
 */

import { toCandidate } from './candidate.ts';
import { type CardReading, readCard } from './card.ts';
import { addContactPoint, isNoise, type PageContext, signature } from './dom.ts';
import { mailboxLabel } from './emails.ts';
import type { ContactCandidate } from './types.ts';

const MIN_CARDS = 3;
const SAMPLE = 4;
const MAX_CARD_LINES = 25;
const MAX_CARD_TEXT = 1500;

function isPersonCard(r: CardReading): boolean {
  return r.draft.name !== undefined && r.draft.title !== undefined && r.names === 1;
}

export function gridContacts(ctx: PageContext): ContactCandidate[] {
  const body = ctx.doc.body;
  if (!body) return [];
  const out: ContactCandidate[] = [];
  const claimed = new Set<Element>();
  const read = (el: Element) =>
    readCard(ctx, el, {
      source: 'team-grid',
      confidence: 0.7,
      looseTitle: true,
      maxLines: MAX_CARD_LINES + 1,
    });

  for (const parent of body.querySelectorAll('*')) {
    if (parent.childElementCount < MIN_CARDS) continue;
    let inside = false;
    for (let a: Element | null = parent, i = 0; a && i < 8; a = a.parentElement, i++) {
      if (claimed.has(a)) {
        inside = true;
        break;
      }
    }
    if (inside) continue;

    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      const sig = signature(child);
      const list = groups.get(sig);
      if (list) list.push(child);
      else groups.set(sig, [child]);
    }
    let noise: boolean | undefined;
    for (const members of groups.values()) {
      if (members.length < MIN_CARDS) continue;
      const head = members[0];
      const size = head?.textContent?.length ?? 0;
      if (size < 5 || size > MAX_CARD_TEXT) continue;
      noise ??= isNoise(ctx, parent);
      if (noise) break;
      const readings = new Map<Element, CardReading>();
      let good = 0;
      for (const m of members.slice(0, SAMPLE)) {
        const r = read(m);
        readings.set(m, r);
        if (isPersonCard(r) && r.lines <= MAX_CARD_LINES) good++;
      }
      if (good < 2) continue;
      for (const m of members.slice(SAMPLE)) readings.set(m, read(m));
      const cards = [...readings.values()].filter(
        (r) => isPersonCard(r) && r.lines <= MAX_CARD_LINES,
      );
      if (cards.length < MIN_CARDS || cards.length * 2 < members.length) continue;
      for (const [m, r] of readings) {
        if (!r.draft.name || r.names !== 1 || r.lines > MAX_CARD_LINES) continue;
        claimed.add(m);
        ctx.people.add(m);
        for (const e of r.genericEmails) {
          addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'team-grid' });
        }
        const c = toCandidate(r.draft);
        if (c) out.push(c);
      }
    }
  }
  return out;
}
