/**
 * Company-profile tables (会社概要, 公司简介, 회사 소개): label/value rows, `<th>`/`<td>` or
 * `<dt>`/`<dd>`, where the label is a role ("代表者", "代表取締役", "役員", "担当", "法定代表人",
 * "Geschäftsführer") and the value names the people holding it, often with their title in
 * front ("代表取締役社長　田中 一郎"). The other rows (TEL, 所在地) are the company's, read by the
 * organisation reader, never given to a person (domain.md §14).
 */

import { type Draft, emptyDraft, found, toCandidate, withHonorifics } from './candidate.ts';
import { looksLikeTitle, notAContact, titleAndName } from './card.ts';
import { bodyText, describe, isNoise, memo, type PageContext, textLines } from './dom.ts';
import { cleanPersonName } from './names.ts';
import { organizationName } from './organization.ts';
import type { ContactCandidate } from './types.ts';

// Labels that name a person without being a title themselves ("person in charge", "officers").
const PERSON_LABEL =
  /^(?:担当|担当者|ご担当|窓口|窓口担当|営業担当|役員|役員一覧|役員構成|联系人|负责人|담당|담당자|연락 ?담당자|contact person|ansprechpartner(?:in)?)$/i;
// One value holding several people: "代表取締役 山田 太郎、取締役 佐藤 花子".
const PEOPLE_SEPARATOR = /\s*[、，,;；/／]\s*/u;
const MAX_LABEL = 24;
const MAX_VALUE = 300;
const MAX_PEOPLE = 12;

interface Row {
  readonly label: string;
  readonly value: Element;
}

function labelText(el: Element): string {
  return (el.textContent ?? '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .replace(/\s*[:：]\s*$/, '')
    .trim();
}

/** The label/value rows of the page's tables and description lists. */
function rows(ctx: PageContext): Row[] {
  const out: Row[] = [];
  for (const tr of ctx.doc.querySelectorAll('tr')) {
    const cells = [...tr.children].filter((c) => c.localName === 'th' || c.localName === 'td');
    const [head, value] = cells;
    if (cells.length !== 2 || !head || !value) continue;
    // A header cell, or a first cell short enough to be a label (tables built from td only).
    if (head.localName !== 'th' && (head.textContent ?? '').trim().length > MAX_LABEL) continue;
    out.push({ label: labelText(head), value });
  }
  for (const dt of ctx.doc.querySelectorAll('dt')) {
    const dd = dt.nextElementSibling;
    if (dd?.localName === 'dd') out.push({ label: labelText(dt), value: dd });
  }
  return out;
}

/**
 * "代表取締役社長 田中 一郎" → title and name; "田中 一郎" alone → the name; "営業本部 中村 美咲"
 * → the name after its department.
 */
function personIn(
  text: string,
): { readonly name: string; readonly title?: string | undefined } | undefined {
  if (text.length > 60) return undefined;
  const whole = cleanPersonName(text);
  if (whole) return { name: whole };
  const tn = titleAndName(text);
  if (tn) return { name: tn.name, title: tn.title };
  const words = text.split(' ');
  for (let i = 1; i < words.length && i <= 3; i++) {
    const name = cleanPersonName(words.slice(i).join(' '));
    if (name) return { name };
  }
  return undefined;
}

/** The tables and lists read as company profiles: the grid leaves their rows alone. */
export function profileTables(ctx: PageContext): Set<Element> {
  return memo(ctx, 'profile-tables', () => new Set<Element>());
}

export function profileTableContacts(ctx: PageContext): ContactCandidate[] {
  const out: ContactCandidate[] = [];
  for (const { label, value } of rows(ctx)) {
    if (label === '' || label.length > MAX_LABEL) continue;
    const labelIsTitle = looksLikeTitle(label);
    if (!labelIsTitle && !PERSON_LABEL.test(label)) continue;
    if ((value.textContent ?? '').length > MAX_VALUE || isNoise(ctx, value)) continue;
    const people: Draft[] = [];
    for (const line of textLines(value, MAX_PEOPLE)) {
      for (const part of line.text.split(PEOPLE_SEPARATOR)) {
        const p = personIn(part);
        if (!p || people.length >= MAX_PEOPLE) continue;
        const d = emptyDraft();
        const where = describe(line.element);
        d.name = withHonorifics(found(p.name, 'text', 0.7, where), part);
        const title = p.title ?? (labelIsTitle ? label : undefined);
        if (title) d.title = found(title, 'text', 0.7, where);
        people.push(d);
      }
    }
    for (const d of people) {
      const c = toCandidate(d);
      if (c && !notAContact(ctx, c.name, value)) out.push(c);
    }
    if (people.length > 0) {
      ctx.people.add(value);
      const table = value.closest('table, dl');
      if (table) profileTables(ctx).add(table);
    }
  }
  return out;
}

// Legal notices (Impressum, mentions légales, aviso legal, 特定商取引法に基づく表記) name the
// company's officers on a line of their own: "Geschäftsführer: Dipl.-Ing. Wolfgang Brandt,
// Katrin Brandt-Öhler", "Directeur de la publication : Jean Dupont", "代表者：山田 太郎"; so does a
// Chinese company introduction ("董事长：周海润", "总经理：周晓东").
const OFFICER_HINT =
  /geschäftsführ|vorstand|inhaber|vertreten durch|managing director|represented by|de la publication|gérant|administrador|representante legal|amministratore|legale rappresentante|代表取締役|代表者|法定代表人|董事长|总经理|总裁|执行董事|대표이사|대표자/i;
const OFFICER_LINE =
  /^((?:vertretungsberechtigte[rn]?\s+)?geschäftsführer(?:in|innen)?|geschäftsführung|vorstand|vorstände|vorstandsvorsitzende[rn]?|inhaber(?:in)?|vertreten durch|managing directors?|represented by|direct(?:eur|rice) de la publication|responsable de la publication|gérante?s?|administrador(?:a|es)?(?: único| única| solidarios?)?|representante legal|amministratore (?:unico|delegato)|legale rappresentante|代表取締役(?:社長)?|代表者|法定代表人|(?:副)?董事长|(?:副)?总经理|总裁|执行董事|대표이사|대표자)\s*[:：]\s*(.+)$/iu;
const OFFICER_SEPARATOR = /\s*[,，、;；]\s*|\s+(?:und|and|et|y|e|&)\s+/u;
const OFFICER_BLOCKS = 'p, li, dd, td, div, address, section';
const MAX_OFFICER_BLOCK = 800;

/** The officers a legal notice names on "Label: Name, Name" lines, with the label as title. */
export function officerLineContacts(ctx: PageContext): ContactCandidate[] {
  const body = ctx.doc.body;
  if (!body || !OFFICER_HINT.test(bodyText(ctx))) return [];
  const out: ContactCandidate[] = [];
  const drafts: { d: Draft; block: Element }[] = [];
  const blocks = new Set<Element>();
  const seen = new Set<string>();
  const walker = ctx.doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  let company: string | undefined | null = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!OFFICER_HINT.test(n.nodeValue ?? '')) continue;
    const block = n.parentElement?.closest(OFFICER_BLOCKS);
    if (!block || blocks.has(block)) continue;
    blocks.add(block);
    if ((block.textContent ?? '').length > MAX_OFFICER_BLOCK || isNoise(ctx, block)) continue;
    for (const line of textLines(block, 20)) {
      const m = OFFICER_LINE.exec(line.text);
      const label = m?.[1]?.trim();
      const value = m?.[2];
      if (!label || !value || value.length > MAX_VALUE) continue;
      const title = looksLikeTitle(label) ? label : undefined;
      let last: Draft | undefined;
      for (const written of value.split(OFFICER_SEPARATOR).slice(0, MAX_PEOPLE)) {
        // "Dr. Anna Weiß (Vorsitzende)": the post in brackets after the name is the person's.
        const gloss = /^(.+?)\s*[（(]([^()（）]{2,40})[)）]$/u.exec(written.trim());
        const post = gloss?.[2] && looksLikeTitle(gloss[2]) ? gloss[2].trim() : undefined;
        const part = post && gloss?.[1] ? gloss[1] : written;
        const p = personIn(part.trim());
        // "Directeur de la publication : Sophie Lefèvre, Présidente": the post written after
        // the name is the person's own, truer than the notice's label.
        if (!p && last && looksLikeTitle(part.trim())) {
          last.title = found(part.trim(), 'text', 0.7, last.name?.element);
          last = undefined;
          continue;
        }
        last = undefined;
        if (!p || seen.has(p.name)) continue;
        seen.add(p.name);
        const d = emptyDraft();
        const where = describe(line.element);
        d.name = withHonorifics(found(p.name, 'text', 0.7, where), part);
        const t = post ?? p.title ?? title;
        if (t) d.title = found(t, 'text', 0.7, where);
        if (company === null) company = organizationName(ctx);
        if (company) d.company = found(company, 'text', 0.5);
        drafts.push({ d, block });
        last = d;
      }
    }
  }
  for (const { d, block } of drafts) {
    const c = toCandidate(d);
    if (c && !notAContact(ctx, c.name, block)) out.push(c);
  }
  return out;
}
