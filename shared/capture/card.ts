/**
 * Reading one person's card: the box around a name on a team page, or the container a mailto
 * link sits in. Used by the link, grid, vCard and text extractors.
 */
import { type Draft, emptyDraft, found } from './candidate.ts';
import { describe, isNoise, type Line, type PageContext, resolveUrl, textLines } from './dom.ts';
import { emailsInText, isGenericMailbox, normaliseEmailAddress } from './emails.ts';
import { segmentLine, splitLabel } from './labels.ts';
import { cleanPersonName, hasCjk, looksLikeTitle, nameKey } from './names.ts';
import { normalisePhone, phonesInText } from './phones.ts';
import type { CaptureSource } from './types.ts';

export interface CardReading {
  readonly draft: Draft;
  /** How many different person names the container holds: more than one, it is not a card. */
  readonly names: number;
  readonly lines: number;
  /** Role mailboxes found in the card (kept out of the person, given to the organisation). */
  readonly genericEmails: readonly string[];
}

const PROFILE_HOSTS =
  /^https?:\/\/(?:[a-z]{2,3}\.)?(?:linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\/)/i;
const NOT_TITLE =
  /^(?:linkedin|twitter|x|xing|github|e-?mail|mail|phone|tel|call|contact|bio|read (?:more|bio)|view (?:profile|bio)|more|profile|vcard|download|website|微信|邮箱|电话|手机)$/i;
// "Jane Doe, CEO", "Jane Doe – VP Sales", "Jane Doe (CEO)", "王小明（销售总监）"
const SEPARATOR = /\s*[,，|｜–—·•:：]\s*|\s+-\s+|\s*[（(]\s*/u;

/** A name at the start of a line and what follows it ("Jane Doe, CEO" → Jane Doe + CEO). */
export function nameAndRest(text: string): { name: string; rest: string } | undefined {
  const whole = cleanPersonName(text);
  if (whole) return { name: whole, rest: '' };
  // An explicit separator first ("Emma Thompson, Managing Partner"), then word by word
  // ("Jane Doe CEO", "王小明 销售总监").
  const sep = SEPARATOR.exec(text);
  if (sep && sep.index > 0) {
    const name = cleanPersonName(text.slice(0, sep.index));
    const rest = text.slice(sep.index + sep[0].length).replace(/[）)]$/, '');
    if (name) return { name, rest: rest.trim() };
  }
  const parts = text.split(/\s+/);
  for (let n = Math.min(parts.length - 1, 4); n >= 1; n--) {
    const name = cleanPersonName(parts.slice(0, n).join(' '));
    if (name) return { name, rest: parts.slice(n).join(' ') };
  }
  return undefined;
}

function plausibleLooseTitle(text: string): boolean {
  if (text.length < 2 || text.length > 60 || NOT_TITLE.test(text)) return false;
  if (/[@:：]|https?:|www\.|\d{3}/.test(text) || /[.!?]$/.test(text)) return false;
  if (cleanPersonName(text) !== undefined) return false;
  const words = text.split(/\s+/);
  if (words.length > 8) return false;
  // Job titles are written in title case ("Ninja of Happiness"); taglines are sentences.
  return hasCjk(text) || words.every((w) => w.length <= 3 || /^[\p{Lu}&(]/u.test(w));
}

export interface ReadOptions {
  readonly source: CaptureSource;
  readonly confidence: number;
  /** Accept the line after the name as the title without title vocabulary (team grids). */
  readonly looseTitle?: boolean;
  readonly maxLines?: number;
}

/** Everything a container says about the person in it. */
export function readCard(ctx: PageContext, card: Element, opts: ReadOptions): CardReading {
  const { source, confidence } = opts;
  const lines = textLines(card, opts.maxLines ?? 40);
  const draft = emptyDraft();
  const generic: string[] = [];
  const nameKeys = new Set<string>();
  let nameIndex = -1;
  let titleFromName: string | undefined;

  const segments: { seg: string; line: Line; index: number }[] = [];
  for (const [index, line] of lines.entries()) {
    for (const seg of segmentLine(line.text)) segments.push({ seg, line, index });
  }

  // Labelled values first: "联系人：王小明", "Mobile: …", "传真：…".
  const labels: Record<string, string> = {};
  for (const { seg, line, index } of segments) {
    const l = splitLabel(seg);
    if (!l || l.value === '') continue;
    const where = describe(line.element, card);
    if (l.kind === 'other' || l.kind === 'email' || l.kind === 'website') continue;
    if (l.kind === 'name') {
      const n = cleanPersonName(l.value);
      if (n) {
        nameKeys.add(nameKey(n));
        if (!draft.name) {
          draft.name = found(n, source, confidence, where);
          nameIndex = index;
        }
      }
    } else if (l.kind === 'title' && !draft.title && looksLikeTitle(l.value)) {
      draft.title = found(l.value, source, confidence, where);
    } else if (l.kind === 'fax' && !l.kinds.includes('phone')) {
      draft.fax ??= normalisePhone(l.value, ctx.country);
    } else if (l.kind === 'mobile' || l.kind === 'phone') {
      for (const p of phonesInText(l.value, ctx.country)) {
        draft.phones.push(found(p, source, confidence, where));
        labels[p] = l.label;
      }
    }
  }

  // The name: the first line that is one (or starts with one: "Jane Doe, CEO").
  for (const [index, line] of lines.entries()) {
    if (line.text.length > 80) continue;
    const split = nameAndRest(line.text);
    if (!split) continue;
    nameKeys.add(nameKey(split.name));
    if (!draft.name) {
      draft.name = found(split.name, source, confidence, describe(line.element, card));
      nameIndex = index;
      if (split.rest !== '' && looksLikeTitle(split.rest)) titleFromName = split.rest;
    }
  }

  if (draft.name && !draft.title) {
    const where = (l: Line) => describe(l.element, card);
    if (titleFromName) {
      const nameLine = lines[nameIndex];
      if (nameLine) draft.title = found(titleFromName, source, confidence, where(nameLine));
    }
    for (let i = nameIndex + 1; !draft.title && i < Math.min(lines.length, nameIndex + 4); i++) {
      const l = lines[i];
      if (l && looksLikeTitle(l.text) && !splitLabel(l.text)) {
        draft.title = found(l.text, source, confidence, where(l));
      }
    }
    const next = lines[nameIndex + 1];
    if (!draft.title && opts.looseTitle && next && plausibleLooseTitle(next.text)) {
      draft.title = found(next.text, source, confidence * 0.8, where(next));
    }
    const before = lines[nameIndex - 1];
    if (!draft.title && before && looksLikeTitle(before.text) && !splitLabel(before.text)) {
      draft.title = found(before.text, source, confidence * 0.9, where(before));
    }
  }

  // Links: mailto, tel, profiles, vCards.
  const nameValue = draft.name?.value;
  for (const a of card.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    if (href === '' || href.startsWith('#') || /^javascript:/i.test(href)) continue;
    const where = describe(a, card);
    if (/^mailto:/i.test(href)) {
      for (const part of href.slice(7).split(/[,;]/)) {
        const e = normaliseEmailAddress(part);
        if (!e) continue;
        // The address itself is as trustworthy as its mailto: link, whoever reads the card.
        if (isGenericMailbox(e)) generic.push(e);
        else draft.emails.push(found(e, 'mailto', 0.8, where));
      }
    } else if (/^tel:/i.test(href)) {
      const p = normalisePhone(href, ctx.country);
      const label = splitLabel(a.parentElement?.textContent ?? '');
      if (p && label?.kind === 'fax' && !label.kinds.includes('phone')) draft.fax ??= p;
      else if (p) draft.phones.push(found(p, 'tel', 0.75, where));
    } else {
      const url = resolveUrl(ctx, href);
      if (!url) continue;
      if (/\.vcf(?:$|[?#])/i.test(url)) {
        draft.vcardUrl ??= url;
      } else if (PROFILE_HOSTS.test(url)) {
        if (draft.profileUrl?.source !== source || !PROFILE_HOSTS.test(draft.profileUrl.value)) {
          draft.profileUrl = found(url, source, confidence, where);
        }
      } else if (
        !draft.profileUrl &&
        nameValue &&
        cleanPersonName(a.textContent ?? '') === nameValue &&
        !isNoise(ctx, a)
      ) {
        draft.profileUrl = found(url, source, confidence * 0.8, where);
      }
    }
  }

  // Addresses and numbers written as text ("jane.doe [at] acme.com", "手机：138…").
  for (const { seg, line } of segments) {
    const where = () => describe(line.element, card);
    if (seg.includes('@') || /[[(]\s*at\s*[\])]/i.test(seg)) {
      for (const e of emailsInText(seg, true)) {
        if (isGenericMailbox(e)) generic.includes(e) || generic.push(e);
        else draft.emails.push(found(e, source, confidence * 0.9, where()));
      }
    }
    // An unlabelled number counts only when it is the whole segment.
    if (!/\d{2}/.test(seg)) continue;
    const digits = seg.replace(/\D/g, '').length;
    if (digits >= 7 && seg.replace(/[\d\s()+./-]/g, '').length <= 2 && !splitLabel(seg)) {
      for (const p of phonesInText(seg, ctx.country)) {
        draft.phones.push(found(p, source, confidence * 0.8, where()));
      }
    }
  }
  if (Object.keys(labels).length > 0) draft.phoneLabels = labels;
  return { draft, names: nameKeys.size, lines: lines.length, genericEmails: generic };
}
