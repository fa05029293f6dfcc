/**
 * Reading one person's card: the box around a name on a team page, or the container a mailto
 * link sits in. Used by the link, grid, vCard and text extractors.
 */
import { type Draft, emptyDraft, found, foundName, withHonorifics } from './candidate.ts';
import {
  describe,
  isNoise,
  type Line,
  memo,
  type PageContext,
  resolveUrl,
  textLines,
} from './dom.ts';
import {
  cloudflareEmails,
  emailsInText,
  isGenericMailbox,
  mailtoHref,
  normaliseEmailAddress,
  OBFUSCATED_HINT,
} from './emails.ts';
import { nonContactNames } from './jsonld.ts';
import { SWITCHBOARD, segmentLine, splitLabel } from './labels.ts';
import {
  cleanPersonName,
  cleanSingleName,
  hasCjk,
  looseName,
  nameKey,
  looksLikeTitle as titleWords,
} from './names.ts';
import { normalisePhone, phonesInText } from './phones.ts';
import type { CaptureSource } from './types.ts';

export interface CardReading {
  readonly draft: Draft;
  /** How many different person names the container holds: more than one, it is not a card. */
  readonly names: number;
  readonly lines: number;
  /** Role mailboxes found in the card (kept out of the person, given to the organisation). */
  readonly genericEmails: readonly string[];
  /** A quote and its attribution (a testimonial, a review): the person is not a contact. */
  readonly quote: boolean;
  /** The card names the person's employer on a line of its own. */
  readonly companyLine: boolean;
  /** A line is a price ("24 €", "$1,299"): a dish or a product, never a person. */
  readonly priced: boolean;
  /**
   * A line is a street and a house number: without a job title, the card is a venue's, a
   * branch's or an office's (domain.md §14), and its phone is that place's.
   */
  readonly addressed: boolean;
  /**
   * The card labels a title ("Fonction :", "役職：") whose value is not one ("—", "なし", a
   * sentence): a staff card all the same, built like its neighbours that have a title.
   */
  readonly titleSlot: boolean;
}

// A line that is only a price.
const PRICE =
  /^(?:(?:[$€£¥￥]|US\$|CHF|EUR|USD)\s?\d[\d.,]*(?:\s?(?:€|EUR|USD))?|\d[\d.,]*\s?(?:€|EUR|USD|CHF|£|\$|元|円|원|kr))(?:\s*\/\s*\p{L}+)?$/u;

// Japanese and Korean titles the shared vocabulary does not know yet.
const EAST_ASIAN_TITLE =
  /(?:取締役|監査役|執行役員|社長|会長|部長|課長|係長|室長|所長|支店長|工場長|マネージャー|リーダー|ディレクター|エンジニア|(?:営業|技術|広報|採用|購買|経理)担当|責任者|대표|이사|상무|전무|사장|회장|본부장|팀장|부장|차장|과장|대리|실장|소장|매니저|연구원|책임|선임|주임|고문|감사)/;

/** A job title, in the shared vocabulary or a Japanese/Korean one. */
export function looksLikeTitle(text: string): boolean {
  if (titleWords(text)) return true;
  return EAST_ASIAN_TITLE.test(text) && text.length <= 40 && !/[@:：\d]/.test(text);
}

// Containers whose people are quoted, reviewed or credited, never the company's contacts.
const NOT_CONTACT_CLASS = /testimonial|review|quote|byline|author|kundenstimme|referenz/i;
const QUOTE_TAGS = new Set(['blockquote', 'q', 'cite']);
// A team card built by a page builder may call its name box "person-author" (Avada): a class
// about the person shown is not a byline.
const PERSON_CLASS = /person|team|member|staff|employee|mitarbeiter/i;

function notContactClass(cls: string | null): boolean {
  if (!cls || !NOT_CONTACT_CLASS.test(cls)) return false;
  return cls.split(/\s+/).some((c) => NOT_CONTACT_CLASS.test(c) && !PERSON_CLASS.test(c));
}

/** True if `el` sits in a quote, a testimonial, a review or an article's byline. */
export function inQuote(el: Element, stop?: Element): boolean {
  for (let a: Element | null = el, i = 0; a && i < 12; a = a.parentElement, i++) {
    const tag = a.localName;
    if (tag === 'body' || tag === 'main' || tag === 'html') return false;
    if (QUOTE_TAGS.has(tag)) return true;
    if (a.getAttribute('rel')?.includes('author')) return true;
    const itemprop = a.getAttribute('itemprop');
    if (itemprop === 'author' || itemprop === 'review') return true;
    if (notContactClass(a.getAttribute('class'))) return true;
    if (a === stop) return false;
  }
  return false;
}

/**
 * People on the page who are not the company's: JSON-LD authors, reviewers and attendees, and
 * whoever an element quotes or credits (testimonials, bylines, author boxes, review cards).
 */
export function notAContact(ctx: PageContext, name: string, el?: Element): boolean {
  if (nonContactNames(ctx).has(nameKey(name))) return true;
  return el !== undefined && inQuote(el);
}

// A line set apart as a quote's attribution ("— Jane Doe, CEO at Other Co").
const ATTRIBUTION = /^\s*[—–~―]|^\s*-\s/;
// A sentence in the first person: "we", "our", "I", "wir", "unser", "nous", "notre", "nosotros".
// Two simple tests, not one pattern: a word then "anything, then a full stop" backtracks over
// every bio line of a 500-person page.
const FIRST_PERSON_WORD =
  /(?:^|[\s,;(])(?:[Ww]e|[Oo]ur|us|I|I'm|I've|[Mm]y|[Ww]ir|[Uu]nser(?:e[nmrs]?)?|uns|[Ii]ch|[Nn]ous|[Nn]otre|[Nn]os|[Jj]e|[Nn]osotros|[Nn]uestr[oa]s?|[Mm]i)(?=[\s,.;!?)]|$)/u;
const firstPerson = (text: string): boolean => /[.!?。]/.test(text) && FIRST_PERSON_WORD.test(text);
// A quoted sentence ("“We halved our claims…”").
const QUOTED = /^\s*[“"„«「『]/;

/** A line naming an employer: short, no label, no address, not a name or a title. */
function plausibleCompany(text: string, nameLike: boolean): boolean {
  if (text.length < 2 || text.length > 60 || /[@:：]|https?:|www\.|\d{3}/.test(text)) return false;
  if (/[.!?。]$/.test(text) || NOT_TITLE.test(text)) return false;
  if ((!nameLike && cleanPersonName(text) !== undefined) || looksLikeTitle(text)) return false;
  const words = text.split(/\s+/);
  return words.length <= 6 && (hasCjk(text) || /^[\p{Lu}\d]/u.test(text));
}
const COMPANY_CLASS = /company|employer|organi[sz]ation|firm|affiliation|\borg\b/i;

const VCF = /\.vcf(?:$|[?#])/i;
// What PROFILE_HOSTS looks for, anywhere in a link not yet resolved.
const PROFILE_PATH = /linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\//i;
const PROFILE_HOSTS =
  /^https?:\/\/(?:[a-z]{2,3}\.)?(?:linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\/)/i;
const NOT_TITLE =
  /^(?:linkedin|twitter|x|xing|github|e-?mail|mail|phone|tel|call|contact|bio|read (?:more|bio)|view (?:profile|bio)|more|profile|vcard|download|website|微信|邮箱|电话|手机)$/i;
// "Jane Doe, CEO", "Jane Doe – VP Sales", "Jane Doe (CEO)", "王小明（销售总监）"
const SEPARATOR = /\s*[,，|｜–—·•:：]\s*|\s+-\s+|\s*[（(]\s*/u;

const EAST_ASIAN_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7a3]/;
const KANA_ONLY = /^[\u3040-\u30ff\s・ー]+$/;

/** One name written in two scripts: a Han or Hangul name and its Latin or kana reading. */
function isReading(name: string, other: string): boolean {
  const a = EAST_ASIAN_SCRIPT.test(name);
  return a !== EAST_ASIAN_SCRIPT.test(other) || (a && KANA_ONLY.test(other));
}

/** A name at the start of a line and what follows it ("Jane Doe, CEO" → Jane Doe + CEO). */
export function nameAndRest(text: string): { name: string; rest: string } | undefined {
  const whole = cleanPersonName(text);
  if (whole) return { name: whole, rest: '' };
  // An explicit separator first ("Emma Thompson, Managing Partner"), then word by word
  // ("Jane Doe CEO", "王小明 销售总监").
  const sep = SEPARATOR.exec(text);
  // "Berg, Anna M., Sales Director": the name itself holds the first comma.
  if (sep && sep.index > 0 && /^\s*,/.test(sep[0])) {
    const after = text.slice(sep.index + sep[0].length);
    const next = SEPARATOR.exec(after);
    if (next && next.index > 0) {
      const name = cleanPersonName(text.slice(0, sep.index + sep[0].length + next.index));
      if (name) return { name, rest: after.slice(next.index + next[0].length).trim() };
    }
  }
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

/** A title written before the name: "总经理：刘建华", "销售总监 周敏", "CEO: Jane Doe". */
export function titleAndName(text: string): { title: string; name: string } | undefined {
  // Written so with a colon, or in CJK/Hangul where the title leads; other lines are not tried.
  if (text.length > 60 || !/[:：\u3040-\u9fff\uac00-\ud7a3]/.test(text)) return undefined;
  const colon = /\s*[:：]\s*/.exec(text);
  if (colon && colon.index > 0) {
    const title = text.slice(0, colon.index).trim();
    const name = cleanPersonName(text.slice(colon.index + colon[0].length));
    if (name && looksLikeTitle(title)) return { title, name };
    return undefined;
  }
  const parts = text.split(/\s+/);
  for (let i = 1; i < parts.length && i <= 4; i++) {
    const title = parts.slice(0, i).join(' ');
    const name = cleanPersonName(parts.slice(i).join(' '));
    if (name && looksLikeTitle(title)) return { title, name };
  }
  return undefined;
}

// What a form or a job advert writes in the title's place when there is none ("Fonction : —",
// "役職：なし", "职务：暂无") or what the "Position:" of a job advert is ("Vollzeit, unbefristet").
const NO_TITLE =
  /^(?:[-–—－―ー/…?]+|n\/?a|none|nil|tbc|tba|vacant|open|keine|offen|vakant|aucune?|ninguno|vacante|なし|無し|未定|暂无|无|無|없음|(?:full|part)[- ]time|temporary|permanent|freelance|internship|remote|hybrid|vollzeit|teilzeit|unbefristet|befristet|minijob|praktikum|werkstudent(?:in)?|ausbildung|cdi|cdd|temps (?:plein|partiel)|stage|alternance|jornada (?:completa|parcial)|indefinido|prácticas|正社員|契約社員|パート|アルバイト|全职|兼职|实习)(?:\W.*)?$/iu;

const CJK_DUTY =
  /^(?:负责|負責|主要|主に|协助|協助|擅长|从事|從事|주로|담당하)|的|を担当|しています|합니다/;

/**
 * A value the page labels as the title ("Position: Export Sales", "役職：営業部 課長") is one
 * without the vocabulary, if it reads like a short title: not a sentence ("Fonction : s'occupe
 * de l'accueil", lower case where titles are capitalised), a number, a placeholder or the terms
 * of a job advert.
 */
function labelledTitle(value: string): boolean {
  if (NO_TITLE.test(value)) return false;
  if (looksLikeTitle(value)) return true;
  // A duty written out ("负责海外客户的报价与跟单", "主に海外営業を担当"): a sentence, not a post.
  if (hasCjk(value) && (Array.from(value).length > 10 || CJK_DUTY.test(value))) return false;
  return (
    value.length <= 60 &&
    value.split(/\s+/).length <= 6 &&
    !/[@:：]|https?:|\d{3}|[.!?。]$/.test(value) &&
    (hasCjk(value) || /^[\p{Lu}\d]/u.test(value)) &&
    cleanPersonName(value) === undefined
  );
}

/** "总经理：刘建华　手机：139…": the title-as-label pair is the line's first segment. */
function titleAndNameFirst(text: string): { title: string; name: string } | undefined {
  if (!/[:：\u3040-\u9fff\uac00-\ud7a3]/.test(text)) return undefined;
  const first = segmentLine(text)[0];
  return first !== undefined && first !== text ? titleAndName(first) : undefined;
}

// After a name and its comma, a function alone is the title ("Luis Ortega, Inside Sales").
const FUNCTION_WORD =
  /\b(?:sales|marketing|accounts?|business development|operations|procurement|purchasing|support|service|logistics|finance)\b/i;
const functionTitle = (text: string): boolean =>
  FUNCTION_WORD.test(text) && plausibleLooseTitle(text);

// A street and a house number: the line under a venue's name in a grid of shops, restaurants
// or offices ("Monti · Via del Boschetto, 12", "Calle de Fuencarral, 121"), never a job title.
const STREET_WORD =
  /(?:^|[\s·,(])(?:via|viale|piazza|corso|largo|calle|avenida|avda\.?|plaza|paseo|carrer|rua|rue|avenue|boulevard|bd\.?|place|street|st\.|road|rd\.|lane|drive|square|straße|strasse|str\.|platz|gasse|allee|weg)(?=[\s.,]|$)/iu;
// Where British and Irish business addresses have no street: "Unit 7, Tame Valley Industrial
// Estate", "Suite 4, Heartlands Park", or a postcode ("Tamworth B77 5BY").
const PREMISES =
  /(?:^|[\s,])(?:unit|suite)\s+\d|(?:industrial|trading|business)\s+(?:estate|park|centre)\b/iu;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/u;
const streetAddress = (text: string): boolean =>
  (STREET_WORD.test(text) && /\d/.test(text)) || PREMISES.test(text) || UK_POSTCODE.test(text);

// The headings a long card's bio is divided by ("Areas of Expertise", "Background", "Werdegang",
// "Parcours"): under the name they introduce the bio, they are not the person's title.
const BIO_HEADING =
  /^(?:(?:areas? of |key )?(?:expertise|focus|practice|specialt(?:y|ies)|specialisms?)|practice areas|industries|sectors|background|biography|about(?: \p{Lu}\p{L}+)?|overview|profile|education|qualifications|credentials|certifications|experience|career|highlights|interests|hobbies|languages|memberships|affiliations|publications|awards|recognition|fun facts?|outside (?:the office|work)|personal|schwerpunkte|tätigkeitsschwerpunkte|werdegang|ausbildung|qualifikationen|sprachen|lebenslauf|parcours|formation|domaines? d'expertise|compétences|langues|formación|experiencia|trayectoria|idiomas|especialidades|経歴|略歴|プロフィール|资历|简历|个人简介|경력|약력)$/iu;

/** A label standing alone ("직책", "Position", "Telefon"): a description list's term. */
const bareLabel = (text: string): boolean => splitLabel(`${text}: x`)?.label === text.trim();

function plausibleLooseTitle(text: string): boolean {
  if (text.length < 2 || text.length > 60 || NOT_TITLE.test(text) || bareLabel(text)) return false;
  if (BIO_HEADING.test(text)) return false;
  if (streetAddress(text)) return false;
  if (/[@:：]|https?:|www\.|\d{3}/.test(text) || /[.!?]$/.test(text)) return false;
  // A sentence in Chinese or Japanese ("精密加工一筋25年。試作のご相談は…").
  if (/[。！？]/.test(text)) return false;
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
export function readCard(
  ctx: PageContext,
  root: Element | readonly Element[],
  opts: ReadOptions,
): CardReading {
  const { source, confidence } = opts;
  const roots: readonly Element[] = Array.isArray(root) ? root : [root as Element];
  // Several siblings read as one card (a heading, its title and bio with no wrapper).
  const card = (roots.length === 1 ? roots[0] : roots[0]?.parentElement) ?? (roots[0] as Element);
  const max = opts.maxLines ?? 40;
  const lines: Line[] = [];
  for (const r of roots) {
    if (lines.length >= max) break;
    lines.push(...textLines(r, max - lines.length));
  }
  const draft = emptyDraft();
  const generic: string[] = [];
  const nameKeys = new Set<string>();
  let nameIndex = -1;
  let titleFromName: string | undefined;
  let rawIndex = -1;
  let titleSlot = false;

  const segments: { seg: string; line: Line; index: number }[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line;
    // A description list's term and its description are one labelled value ("직책 | 영업팀 팀장",
    // "役職 | 代表取締役").
    const next = lines[index + 1];
    if (
      next &&
      line.element.localName === 'dt' &&
      next.element.localName === 'dd' &&
      line.element.nextElementSibling === next.element
    ) {
      segments.push({ seg: `${line.text}: ${next.text}`, line: next, index: index + 1 });
      index++;
      continue;
    }
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
      const split = cleanPersonName(l.value) ? undefined : titleAndName(l.value);
      if (split && !draft.title) draft.title = found(split.title, source, confidence, where);
      const n = split?.name ?? cleanPersonName(l.value);
      if (n) {
        nameKeys.add(nameKey(n));
        if (!draft.name) {
          draft.name = withHonorifics(found(n, source, confidence, where), split ? l.value : seg);
          nameIndex = index;
        }
      }
    } else if (l.kind === 'title' && !draft.title) {
      if (labelledTitle(l.value)) draft.title = found(l.value, source, confidence, where);
      else titleSlot = true;
    } else if (l.kind === 'fax' && !l.kinds.includes('phone')) {
      draft.fax ??= normalisePhone(l.value, ctx.country);
    } else if ((l.kind === 'mobile' || l.kind === 'phone') && !SWITCHBOARD.test(l.label)) {
      // "Zentrale: …" under a person (a run with no wrapper reaches it) is the company's.
      for (const p of phonesInText(l.value, ctx.country)) {
        draft.phones.push(found(p, source, confidence, where));
        labels[p] = l.label;
      }
    }
  }

  // The name: the first line that is one (or starts with one: "Jane Doe, CEO"), or a title
  // written as its label ("总经理：刘建华", "销售总监 周敏", "代表取締役社長 田中 一郎").
  let quote = false;
  const titleLineNames = new Set<string>();
  for (const [index, line] of lines.entries()) {
    // A customer's words above the name, in the first person and without quotation marks
    // ("We standardised all nine plants on Brightline seals. …" over "Victor Almeida, VP
    // Operations, Castlerock"): a testimonial. A bio comes after the name.
    if (!draft.name && line.text.length >= 40 && firstPerson(line.text)) quote = true;
    if (line.text.length > 80) {
      if (QUOTED.test(line.text)) quote = true;
      continue;
    }
    if (QUOTED.test(line.text) && line.text.length > 25) quote = true;
    let split = nameAndRest(line.text);
    let titleFirst: string | undefined;
    if (!split) {
      const t = titleAndName(line.text) ?? titleAndNameFirst(line.text);
      if (t) {
        split = { name: t.name, rest: '' };
        titleFirst = t.title;
      }
    }
    if (!split || looksLikeTitle(split.name)) continue;
    // Once the name is known, a line that is a title as a whole is one ("Custom Application
    // Manager"), not a second person named "Custom Application" — if the card has the person's
    // own address or phone; without them it may be a product's tagline under its name.
    if (draft.name && split.rest !== '' && looksLikeTitle(line.text)) {
      titleLineNames.add(nameKey(split.name));
      continue;
    }
    // A quote's attribution names someone quoted, not someone on the team.
    if (ATTRIBUTION.test(line.text) || inQuote(line.element, card)) {
      quote = true;
      continue;
    }
    // "김민수" over "Kim Min-su", "顾振华 Gu Zhenhua": the name's reading in the other script,
    // written beside it, is the same person.
    if (draft.name && index - nameIndex <= 1 && isReading(draft.name.value, split.name)) continue;
    nameKeys.add(nameKey(split.name));
    if (!draft.name) {
      const where = describe(line.element, card);
      draft.name = withHonorifics(found(split.name, source, confidence, where), line.text);
      nameIndex = index;
      // The title is what follows the name up to the next separator ("Dana Whitaker, Sales
      // Manager – dana@…"), or all of it.
      const head = split.rest.split(SEPARATOR)[0]?.trim() ?? '';
      // A spaced dash ends the title ("Chair — Partner, Ridgeline Ventures": what follows is
      // another role, elsewhere).
      const dashed = split.rest.split(/\s+[–—]\s+|\s+-\s+/)[0]?.trim() ?? '';
      if (dashed !== split.rest && dashed !== '' && looksLikeTitle(dashed)) titleFromName = dashed;
      else if (split.rest !== '' && looksLikeTitle(split.rest)) titleFromName = split.rest;
      else if (head !== '' && (looksLikeTitle(head) || functionTitle(head))) titleFromName = head;
      if (titleFirst) titleFromName = titleFirst;
    }
  }

  // Links: mailto, tel, profiles, vCards.
  const nameValue = draft.name?.value;
  const anchors = roots.flatMap((r) => [
    ...(r.matches('a[href]') ? [r] : []),
    ...r.querySelectorAll('a[href]'),
  ]);
  for (const a of anchors) {
    const href = mailtoHref(a);
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
      // Most of a card's links (a blog, a share button) are none of these: they are let go
      // before their address is resolved.
      const maybe =
        VCF.test(href) ||
        PROFILE_PATH.test(href) ||
        (!draft.profileUrl &&
          nameValue !== undefined &&
          cleanPersonName(a.textContent ?? '') === nameValue);
      if (!maybe) continue;
      const url = resolveUrl(ctx, href);
      if (!url) continue;
      if (VCF.test(url)) {
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
    if (seg.includes('@') || OBFUSCATED_HINT.test(seg)) {
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
  // One look per page: most pages have no protected address, and cards are read by the hundred.
  const protectedEmails = memo(ctx, 'cloudflare', () => ctx.doc.querySelector('[data-cfemail]'));
  for (const r of protectedEmails ? roots : []) {
    for (const e of cloudflareEmails(r)) {
      if (isGenericMailbox(e)) generic.includes(e) || generic.push(e);
      else draft.emails.push(found(e, source, confidence * 0.9, describe(r, card)));
    }
  }
  // No full name: a one-word name the card's own address is written from ("Priya",
  // priya@…), else the text where the name stands, kept for the rep to confirm (domain.md §14).
  if (!draft.name) {
    const emails = draft.emails.map((e) => e.value);
    for (const [index, line] of lines.entries()) {
      if (index > 6 || draft.name) break;
      if (line.text.length > 60 || splitLabel(line.text) || looksLikeTitle(line.text)) continue;
      const sep = SEPARATOR.exec(line.text);
      const head = sep && sep.index > 0 ? line.text.slice(0, sep.index) : line.text;
      const where = describe(line.element, card);
      const single = emails.length > 0 && cleanSingleName(head) ? head : undefined;
      const f = single ? foundName(single, source, confidence, where, emails) : undefined;
      if (f) {
        draft.name = f;
        nameIndex = index;
        nameKeys.add(nameKey(f.value));
        const rest = sep ? line.text.slice((sep.index ?? 0) + sep[0].length).trim() : '';
        if (rest !== '' && looksLikeTitle(rest)) titleFromName = rest.replace(/[）)]$/, '');
      } else if (!draft.rawName && !QUOTED.test(line.text) && looseName(head)) {
        draft.rawName = found(head, source, confidence * 0.8, where);
        rawIndex = index;
      }
    }
  }

  // The title: beside the name, under it, or (a grid's loose line) right after it.
  if (nameIndex < 0 && draft.rawName) nameIndex = rawIndex;
  if (nameIndex >= 0 && !draft.title) {
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
    // A title in the vocabulary written over the name ("代表取締役社長" above "緑川 健一") beats a
    // line under it that only might be one (a bio's first sentence).
    const before = lines[nameIndex - 1];
    if (!draft.title && before && looksLikeTitle(before.text) && !splitLabel(before.text)) {
      draft.title = found(before.text, source, confidence * 0.9, where(before));
    }
    const next = lines[nameIndex + 1];
    if (!draft.title && opts.looseTitle && next && plausibleLooseTitle(next.text)) {
      draft.title = found(next.text, source, confidence * 0.8, where(next));
    }
  }

  // The employer on a line of its own: right under the title in the same element
  // ("CEO<br>Acme Corp") or in an element that says so (class "company").
  let companyLine = false;
  if (draft.name && draft.title) {
    const titleIndex = lines.findIndex((l, i) => i > nameIndex && l.text === draft.title?.value);
    const next = titleIndex >= 0 ? lines[titleIndex + 1] : undefined;
    const titleLine = titleIndex >= 0 ? lines[titleIndex] : undefined;
    // In the title's own element ("CEO<br>Polar Van Hire") a name-like line is the company.
    const sameElement = next !== undefined && next.element === titleLine?.element;
    if (
      next &&
      titleLine &&
      (sameElement || COMPANY_CLASS.test(next.element.getAttribute('class') ?? '')) &&
      plausibleCompany(next.text, sameElement) &&
      !splitLabel(next.text)
    ) {
      draft.company = found(next.text, source, confidence * 0.9, describe(next.element, card));
      companyLine = true;
      const asName = cleanPersonName(next.text);
      if (asName && nameKey(asName) !== nameKey(draft.name.value)) nameKeys.delete(nameKey(asName));
    }
  }

  if (Object.keys(labels).length > 0) draft.phoneLabels = labels;
  const evidence = draft.emails.length > 0 || draft.phones.length > 0;
  if (!evidence) for (const k of titleLineNames) nameKeys.add(k);
  return {
    draft,
    names: nameKeys.size,
    lines: lines.length,
    genericEmails: generic,
    quote,
    companyLine,
    priced: lines.some((l) => l.text.length <= 24 && PRICE.test(l.text)),
    addressed: lines.some((l) => streetAddress(l.text)),
    titleSlot,
  };
}
