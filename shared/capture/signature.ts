/**
 * One person from an e-mail signature, English or Chinese. The text may be a whole message:
 * quoted replies and forwarded headers are cut first, then "Sent from my iPhone" lines and
 * confidentiality notices, and the signature is what follows the last sign-off ("-- ",
 * "Best regards,", "此致 敬礼", "谢谢") — or, without one, the trailing block of short lines.
 */

import { type Draft, emptyDraft, type Found, found, toCandidate } from './candidate.ts';
import { nameAndRest } from './card.ts';
import { emailsInText, normaliseEmailAddress } from './emails.ts';
import { segmentLine, splitLabel } from './labels.ts';
import { cleanPersonName, hasCjk, looksLikeTitle } from './names.ts';
import { type CountryCode, pageCountry, phonesInText } from './phones.ts';
import type { ContactCandidate } from './types.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

/** Undo what HTML-to-text conversion leaves behind. Removals become spaces so nothing joins. */
function normalise(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/&(?:nbsp|amp|lt|gt|quot|apos|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u00a0\u3000]/g, ' ')
    .replace(/<(?:mailto|tel|callto|https?):[^>\s]*>/gi, ' ')
    .replace(/\[(?:cid|image|img|logo|icon)[^\]\n]*\]/gi, ' ')
    .split('\n')
    .map((l) =>
      l
        .replace(/^[\s*_]+|[\s*_]+$/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

const QUOTE_LINE = [
  /^>/,
  /^on\b.{0,200}\bwrote:?$/i,
  /^-{2,}\s*(?:original message|forwarded message|原始邮件|回复的原邮件|转发邮件|原邮件)\s*-{2,}/i,
  /^-{3,}\s*(?:原始邮件|回复的原邮件|original message)/i,
  /^在\s?.{0,100}写道[:：]?$/,
  /^.{0,100}于\s?.{0,60}写道[:：]?$/,
  /a écrit\s?:$/i,
  /^am .{0,100} schrieb .{0,80}:$/i,
  /^begin forwarded message:?$/i,
];
const HEADER_FROM = /^(?:from|发件人|寄件人|寄件者|von|de)\s*[:：]/i;
const HEADER_NEXT =
  /^(?:sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|抄送|gesendet|an|betreff)\s*[:：]/i;

/** Index of the first line of quoted or forwarded content, or the number of lines. */
function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (QUOTE_LINE.some((r) => r.test(line))) return i;
    // "On Tue, 3 Mar 2024 at 10:02, Jane Doe <" + "jane@acme.com> wrote:"
    if (/^on\b/i.test(line) && /\bwrote:?$/i.test(`${line} ${lines[i + 1] ?? ''}`)) return i;
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_NEXT.test(l))) {
      return i > 0 && /^[_-]{8,}$/.test(lines[i - 1] ?? '') ? i - 1 : i;
    }
  }
  return lines.length;
}

const SENT_FROM =
  /^(?:sent from (?:my )?.{1,40}|sent via .{1,40}|sent with .{1,40}|get outlook for .{1,20}|发自我的.{1,20}|从我的.{1,20}发送|来自.{1,20}(?:邮箱|客户端|手机)|von meinem .{1,30} gesendet|envoyé de mon .{1,30})$/i;
const DISCLAIMER =
  /^(?:confidential(?:ity)?(?: notice| note)?\b|disclaimer\b|legal notice\b|important(?: notice)?\s*:|notice\s*:|privileged\b|this (?:e-?mail|message|communication|transmission)(?: and any (?:files|attachments)[^.]{0,40})? (?:is|are|may|contains?|and its)|the (?:information|content)s? (?:contained )?in this|if you (?:are not|have received)|any (?:views|opinions) (?:expressed|presented)|保密(?:声明|提示|须知)?[:：]?|免责声明|本邮件(?:及其附件)?(?:含有|包含|可能|仅供|所含|内容)|此邮件(?:及其附件)?(?:含有|包含|可能|仅)|此电子邮件)/i;
const ENVIRONMENT =
  /^(?:p?\s*please consider the environment|think before you print|请环保|打印前请)/i;

const CLOSING_WORDS =
  '(?:(?:best|kind|warm|warmest|many|with (?:best|kind|warm))\\s+(?:regards|wishes)|regards|best|cheers|thanks(?: (?:&|and) (?:best |kind )?regards)?|thank you(?: very much)?|many thanks|thx|br|sincerely|yours(?: sincerely| truly| faithfully)?|respectfully|all the best|talk soon|take care|mit freundlichen grüßen|viele grüße|beste grüße|freundliche grüße|cordialement|bien à vous|saludos|此致敬礼|此致|敬礼|祝好|顺祝商祺|顺颂商祺|顺颂时祺|祝商祺|谢谢|多谢|感谢|祝工作顺利|祝一切顺利|祝顺利)';
const CLOSING = new RegExp(`^${CLOSING_WORDS}[\\s,，.!！。:：~-]*$`, 'iu');
// "Best regards, Jane Doe" / "Thanks, -Jane" / "谢谢！王小明"
const CLOSING_WITH_NAME = new RegExp(`^${CLOSING_WORDS}[,，!！.。]\\s*-?\\s*(.{2,40})$`, 'iu');
const DELIMITER = /^(?:--|-- |[-_=]{5,}|—{2,})$/;

const COMPANY =
  /\b(?:inc|llc|llp|ltd|limited|gmbh|ag|kg|s\.?a\.?s?|sarl|b\.?v|n\.?v|corp|corporation|co|company|group|holdings?|technologies|technology|systems|solutions|labs|robotics|software|partners|consulting|industries|pty|plc|ventures|capital|analytics|networks|logistics|manufacturing)\b\.?/i;
const COMPANY_CJK =
  /(?:公司|集团|科技|研究院|研究所|事务所|工作室|银行|大学|学院|医院|工厂|商行|控股)/;
const ADDRESS =
  /\b(?:street|st\.|avenue|ave\.?|road|rd\.?|blvd|boulevard|suite|ste\.?|floor|fl\.|drive|dr\.|lane|ln\.|way|parkway|pkwy|plaza|square|building|bldg|rue|via|calle|p\.?o\.? box)(?:\s|,|$)|(?:straße|strasse|str\.|platz|weg|allee|gasse|ring|damm)(?:\s|,|$)/i;
const ADDRESS_CJK = /(?:省|市|区|县|路|街|号|大厦|大楼|广场|园区|室|层|楼)/g;
const CITY_LINE =
  /^(?:\p{Lu}[\p{L} .'-]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?|\d{4,6}\s+\p{Lu}[\p{L} .'-]+|\p{Lu}[\p{L} .'-]+\s+\d{4,6})(?:,\s*\p{Lu}[\p{L} ]+)?$/u;
const COUNTRY_LINE =
  /^(?:usa|united states|u\.s\.a\.|uk|united kingdom|germany|deutschland|france|china|中国|p\.?r\.? china|japan|singapore|canada|australia)$/i;
const URL_LIKE = /^(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$/i;
const PROFILE = /linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\//i;
const CONF = 0.8;
// "Director of Sales, EMEA", "SVP, Sales", "Director, Strategic Accounts": a region or a
// function after the comma is part of the title, not a company.
const FUNCTION_WORDS = new Set(
  'sales marketing strategic key global national regional accounts account engineering operations finance procurement purchasing supply chain customer customers success business development product products research hr human resources it legal logistics partnerships alliances channel channels enterprise commercial technical services service support quality manufacturing and & of emea apac amer americas dach eu us na latam nordics benelux asia pacific greater china north south east west america europe uk 大中华区 华北区 华东区 华南区 亚太区'.split(
    ' ',
  ),
);
const isFunction = (s: string): boolean =>
  s
    .toLowerCase()
    .split(/[\s/]+/)
    .every((w) => w === '' || FUNCTION_WORDS.has(w));

function looksLikeAddress(s: string): boolean {
  if (hasCjk(s)) return (s.match(ADDRESS_CJK)?.length ?? 0) >= 2 && s.length >= 6;
  return /\d/.test(s) && ADDRESS.test(s);
}

function looksLikeCompany(s: string): boolean {
  if (s.length > 80 || /@|\d{4,}/.test(s)) return false;
  return hasCjk(s) ? COMPANY_CJK.test(s) && !looksLikeTitle(s) : COMPANY.test(s);
}

function website(value: string): string | undefined {
  const v = value.trim().replace(/[.,;]+$/, '');
  if (!URL_LIKE.test(v) || v.includes('@')) return undefined;
  return /^https?:\/\//i.test(v) ? v : `https://${v.replace(/^\/+/, '')}`;
}

/** Where signature lines start, and a name written on the sign-off line itself. */
function signatureStart(lines: readonly string[]): { start: number; inlineName?: string } {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (DELIMITER.test(line) || CLOSING.test(line)) return { start: i + 1 };
    const m = CLOSING_WITH_NAME.exec(line);
    const name = m?.[1] ? (cleanPersonName(m[1]) ?? singleName(m[1])) : undefined;
    if (name) return { start: i + 1, inlineName: name };
  }
  // No sign-off: the trailing block of short, non-prose lines.
  let start = lines.length;
  let kept = 0;
  for (let i = lines.length - 1; i >= 0 && kept < 12; i--) {
    const line = lines[i] ?? '';
    if (line === '') {
      start = i;
      continue;
    }
    const words = line.split(' ').length;
    const prose =
      line.length > 90 ||
      (/[.?!]$/.test(line) && words > 6 && !splitLabel(line)) ||
      (/[。？！，]$/.test(line) && Array.from(line).length > 8);
    if (prose) break;
    start = i;
    kept++;
  }
  return { start };
}

/** A lone first name right after a sign-off ("Thanks,\nJane"): weak, but it is who wrote. */
function singleName(s: string): string | undefined {
  const t = s.trim().replace(/^-\s*/, '');
  if (hasCjk(t)) return cleanPersonName(t);
  return /^\p{Lu}[\p{Ll}'’-]{1,20}$/u.test(t) && cleanPersonName(`${t} Xx`) !== undefined
    ? t
    : undefined;
}

function countryFor(text: string, lines: readonly string[]): CountryCode | undefined {
  if (hasCjk(text) || /\+\s?86\b/.test(text)) return 'CN';
  for (const line of lines) {
    for (const e of emailsInText(line)) {
      const c = pageCountry(e.split('@')[1] ?? '', undefined);
      if (c) return c;
    }
  }
  return undefined;
}

export function parseSignature(text: string): ContactCandidate | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

function parse(text: string): ContactCandidate | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  let lines = normalise(text.length > 20_000 ? text.slice(0, 20_000) : text);
  lines = lines.slice(0, quoteStart(lines));
  lines = lines.filter((l) => !SENT_FROM.test(l) && !ENVIRONMENT.test(l));
  const disclaimer = lines.findIndex((l, i) => i > 0 && DISCLAIMER.test(l));
  if (disclaimer > 0) lines = lines.slice(0, disclaimer);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const { start, inlineName } = signatureStart(lines);
  const sig = lines
    .slice(start)
    .filter((l) => l !== '' && !CLOSING.test(l))
    .slice(0, 16);
  const country = countryFor(text, sig);
  const d: Draft = emptyDraft();
  const labels: Record<string, string> = {};
  const addressParts: string[] = [];
  let titleLine = -1;
  let addressLine = -1;
  const sigFound = (v: string, conf = CONF): Found => found(v, 'signature', conf);
  let afterTitle = false;

  for (const [i, line] of sig.entries()) {
    for (const seg of segmentLine(line)) {
      const justAfterTitle = afterTitle;
      afterTitle = false;
      const l = splitLabel(seg);
      if (l && l.value !== '') {
        if (l.kind === 'phone' || l.kind === 'mobile') {
          for (const p of phonesInText(l.value, country)) {
            d.phones.push(sigFound(p));
            labels[p] = l.label;
            if (l.kinds.includes('fax')) d.fax ??= p;
          }
        } else if (l.kind === 'fax') {
          const p = phonesInText(l.value, country)[0];
          if (p) d.fax ??= p;
        } else if (l.kind === 'email') {
          for (const e of emailsInText(l.value)) d.emails.push(sigFound(e));
        } else if (l.kind === 'website') {
          const w = website(l.value);
          if (w && PROFILE.test(w)) d.profileUrl ??= sigFound(w);
          else if (w) d.website ??= w;
        } else if (l.kind === 'address') {
          addressParts.push(l.value);
          addressLine = i;
        } else if (l.kind === 'name') {
          const n = cleanPersonName(l.value);
          if (n) d.name ??= sigFound(n);
        } else if (l.kind === 'title') {
          d.title ??= sigFound(l.value);
          titleLine = i;
        } else if (l.kind === 'company') {
          d.company ??= sigFound(l.value);
        }
        continue;
      }
      const emails = emailsInText(seg);
      if (emails.length > 0) {
        for (const e of emails) d.emails.push(sigFound(e));
        // "Jane Doe <jane@acme.com>": the display name is the sender's.
        const display = /^(.+?)\s*<[^<>]+@[^<>]+>$/.exec(seg)?.[1];
        const n = display ? cleanPersonName(display.replace(/^"|"$/g, '')) : undefined;
        if (n) d.name ??= sigFound(n, 0.75);
        continue;
      }
      const w = website(seg);
      if (w) {
        if (PROFILE.test(w)) d.profileUrl ??= sigFound(w);
        else d.website ??= w;
        continue;
      }
      const digits = seg.replace(/\D/g, '').length;
      if (digits >= 7 && seg.replace(/[\d\s()+./-]|ext|fax|传真/gi, '').length <= 2) {
        const isFax = /fax|传真/i.test(seg);
        for (const p of phonesInText(seg, country)) {
          if (isFax) d.fax ??= p;
          else d.phones.push(sigFound(p, 0.7));
        }
        continue;
      }
      if (looksLikeAddress(seg)) {
        addressParts.push(seg);
        addressLine = i;
        continue;
      }
      if (
        addressLine === i - 1 &&
        addressParts.length > 0 &&
        (CITY_LINE.test(seg) || COUNTRY_LINE.test(seg))
      ) {
        addressParts.push(seg);
        addressLine = i;
        continue;
      }
      if (!d.name && i <= 3) {
        const split = nameAndRest(seg);
        const single = i === 0 && start > 0 ? singleName(seg) : undefined;
        if (split) {
          d.name = sigFound(split.name);
          if (split.rest !== '') readTitleAndCompany(d, split.rest);
          if (d.title) titleLine = i;
          continue;
        }
        if (single) {
          d.name = sigFound(single, 0.5);
          continue;
        }
      }
      if (!d.title && looksLikeTitle(seg)) {
        readTitleAndCompany(d, seg);
        titleLine = i;
        afterTitle = true;
        continue;
      }
      if (!d.company && looksLikeCompany(seg)) {
        d.company = sigFound(seg.replace(/[,;]$/, ''));
        continue;
      }
      // Name / Title / Company: what comes right after the title ("COO | Fourth Coffee", or the
      // next line) is the company.
      if (
        !d.company &&
        d.name &&
        (justAfterTitle || (titleLine >= 0 && i === titleLine + 1)) &&
        seg.length <= 60 &&
        !/\d/.test(seg)
      ) {
        d.company = sigFound(seg, 0.6);
      }
    }
  }
  // "Thanks, Jim": only when the block itself names nobody.
  if (!d.name && inlineName) d.name = sigFound(inlineName, 0.6);
  if (addressParts.length > 0) d.address = addressParts.join(', ');
  if (Object.keys(labels).length > 0) d.phoneLabels = labels;
  if (!d.name) return undefined;
  d.emails = d.emails.filter((e) => normaliseEmailAddress(e.value) !== undefined);
  return toCandidate(d);
}

/** "VP Sales at Acme Corp", "Head of Sales, Acme", "华信科技有限公司 销售总监". */
function readTitleAndCompany(d: Draft, text: string): void {
  const s = text.trim();
  if (hasCjk(s)) {
    const parts = s.split(/\s+/);
    const company = parts.find(
      (p) => COMPANY_CJK.test(p) && !looksLikeTitle(p.replace(COMPANY_CJK, '')),
    );
    const title = parts.filter((p) => p !== company).join(' ');
    if (title && looksLikeTitle(title)) d.title ??= found(title, 'signature', CONF);
    if (company) d.company ??= found(company, 'signature', CONF);
    if (!title && !company && looksLikeTitle(s)) d.title ??= found(s, 'signature', CONF);
    return;
  }
  const m = /^(.+?)(?:\s+(?:at|@)\s+|\s*[,，]\s+)(.+)$/i.exec(s);
  if (m?.[1] && m[2] && looksLikeTitle(m[1]) && !looksLikeTitle(m[2]) && !isFunction(m[2])) {
    d.title ??= found(m[1], 'signature', CONF);
    d.company ??= found(m[2], 'signature', CONF);
    return;
  }
  if (looksLikeTitle(s)) d.title ??= found(s, 'signature', CONF);
}
