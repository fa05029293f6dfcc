/**
 * One person from an e-mail signature, English or Chinese. The text may be a whole message:
 * quoted replies and forwarded headers are cut first, then "Sent from my iPhone" lines and
 * confidentiality notices, and the signature is what follows the last sign-off ("-- ",
 * "Best regards,", "此致 敬礼", "谢谢") — or, without one, the trailing block of short lines.
 */

import { isFreeMailDomain, normaliseHostname, registrableDomain } from '../matching/hostname.ts';
import {
  type Draft,
  emptyDraft,
  type Found,
  found,
  hasNameGuess,
  toCandidate,
  withHonorifics,
} from './candidate.ts';
import { nameAndRest } from './card.ts';
import { emailsInText, normaliseEmailAddress } from './emails.ts';
import { segmentLine, splitLabel } from './labels.ts';
import { cleanPersonName, hasCjk, looksLikeTitle, nameKey } from './names.ts';
import { type CountryCode, pageCountry, phonesInText } from './phones.ts';
import {
  eastAsianNameAndRest,
  HANGUL,
  hasLegalForm,
  isDepartment,
  isEastAsian,
  isTitle,
  KANA,
  looksLikeEastAsianAddress,
  looksLikeOrganization,
  personName,
  splitEastAsianCompany,
  titleThenName,
} from './signature-words.ts';
import {
  CLOSING,
  CLOSING_WITH_NAME,
  DELIMITER,
  isDisclaimerStart,
  isDroppedLine,
  isMobileFooter,
  PROXY,
  quoteStart,
} from './signoff.ts';
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
// Regions, markets and segments a territory is named by ("Southwest", "UK & Ireland",
// "Public Sector", "Nord Italia", "Grand Est").
const SCOPE_WORDS = new Set(
  'northeast northwest southeast southwest midwest mid-atlantic central northern southern eastern western coast gulf mountain metro region regions territory territories area zone district ireland scotland wales england britain germany austria switzerland france italy spain portugal iberia netherlands belgium luxembourg poland nordic scandinavia baltics cee see mea meta anz sea asean india japan korea canada mexico brazil africa middle australia zealand new public sector federal government mid-market midmarket smb sme smes named major corporate education healthcare retail financial banking insurance automotive industrial oem oems distribution distributors dealers existing inside field süd nord ost west bayern bavaria deutschland österreich schweiz grand est ouest sud île-de-france centro italia norte sur este oeste españa latinoamérica'.split(
    ' ',
  ),
);
const isFunction = (s: string): boolean =>
  s
    .toLowerCase()
    .split(/[\s/,]+/)
    .every((w) => w === '' || FUNCTION_WORDS.has(w) || SCOPE_WORDS.has(w));

function looksLikeAddress(s: string): boolean {
  if (looksLikeEastAsianAddress(s)) return true;
  if (hasCjk(s)) return (s.match(ADDRESS_CJK)?.length ?? 0) >= 2 && s.length >= 6;
  return /\d/.test(s) && ADDRESS.test(s);
}

function looksLikeCompany(s: string): boolean {
  if (s.length > 80 || /@|\d{4,}/.test(s)) return false;
  return hasCjk(s) ? COMPANY_CJK.test(s) && !looksLikeTitle(s) : COMPANY.test(s);
}

const isCompanyLine = (s: string): boolean => looksLikeOrganization(s) || looksLikeCompany(s);

function website(value: string): string | undefined {
  const v = value.trim().replace(/[.,;]+$/, '');
  if (!URL_LIKE.test(v) || v.includes('@')) return undefined;
  return /^https?:\/\//i.test(v) ? v : `https://${v.replace(/^\/+/, '')}`;
}

/** Where signature lines start, and a name written on the sign-off line itself. */
function signatureStart(lines: readonly string[]): { start: number; inlineName?: string } {
  // A sign-off or a rule with nothing below it ("━━━" closing a box) is passed over.
  let contentBelow = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (DELIMITER.test(line) || CLOSING.test(line)) {
      if (contentBelow) return { start: i + 1 };
      continue;
    }
    const m = CLOSING_WITH_NAME.exec(line);
    const name = m?.[1] ? (personName(m[1]) ?? singleName(m[1])) : undefined;
    if (name) return { start: i + 1, inlineName: name };
    if (line !== '') contentBelow = true;
  }
  // No sign-off: the trailing block of short, non-prose lines.
  let start = lines.length;
  let kept = 0;
  for (let i = lines.length - 1; i >= 0 && kept < 12; i--) {
    const line = lines[i] ?? '';
    if (line === '' || DELIMITER.test(line)) {
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
  if (isEastAsian(t)) return personName(t);
  return /^\p{Lu}[\p{Ll}'’-]{1,20}$/u.test(t) && cleanPersonName(`${t} Xx`) !== undefined
    ? t
    : undefined;
}

function countryFor(text: string, lines: readonly string[]): CountryCode | undefined {
  if (KANA.test(text) || /〒|株式会社|有限会社/.test(text)) return 'JP';
  if (HANGUL.test(text)) return 'KR';
  if (hasCjk(text) || /\+\s?86\b/.test(text)) return 'CN';
  for (const line of lines) {
    for (const e of emailsInText(line)) {
      const c = pageCountry(e.split('@')[1] ?? '', undefined);
      if (c) return c;
    }
  }
  return undefined;
}

interface OwnDomain {
  /** "acme-robotics" */
  readonly label: string;
  /** "acmerobotics": what a company name is compared with. */
  readonly folded: string;
}

const fold = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The sender's own e-mail domains (free-mail ones say nothing about the employer). */
function ownDomains(lines: readonly string[]): OwnDomain[] {
  const out: OwnDomain[] = [];
  for (const line of lines) {
    for (const e of emailsInText(line)) {
      const host = normaliseHostname(e.split('@')[1] ?? '');
      const reg = host ? registrableDomain(host) : undefined;
      if (!reg || isFreeMailDomain(reg)) continue;
      const label = reg.split('.')[0] ?? '';
      if (label.length >= 3 && !out.some((d) => d.label === label)) {
        out.push({ label, folded: fold(label) });
      }
    }
  }
  return out;
}

const LEGAL_WORDS =
  /\b(?:inc|llc|ltd|limited|plc|corp|corporation|gmbh|ag|kg|se|sa|sl|srl|spa|sas|sarl|bv|nv|ab|co)\b\.?/gi;

/** "Contoso Cloud" and contosocloud.com, "Groupe Verdier S.A." and groupe-verdier.fr. */
function matchesDomain(s: string, domains: readonly OwnDomain[]): boolean {
  const f = fold(s.replace(LEGAL_WORDS, ' '));
  if (f.length < 3) return false;
  return domains.some(
    (d) => d.folded === f || (f.length >= 5 && d.folded.includes(f)) || f.startsWith(d.folded),
  );
}

/** "acme-robotics" → "Acme Robotics": the company when the signature names none. */
const companyFromLabel = (label: string): string =>
  label
    .split('-')
    .filter((p) => p !== '')
    .map((p) => (p[0] ?? '').toUpperCase() + p.slice(1))
    .join(' ');

// Labels written without a colon before a value that is no number ("地址 深圳市…").
const BARE_LABEL =
  /^(地址|公司地址|办公地址|通讯地址|邮箱|电子邮箱|网址|公司网址|网站|住所|주소|이메일|メール)\s+(\S.*)$/u;

/** "0755-2666 8888-806": in China the digits after the last hyphen are the extension (转). */
function withExtension(value: string, country: CountryCode | undefined): string {
  if (country !== 'CN') return value;
  return value.replace(/^(0\d{2,3}[- ]?\d{3,4}[- ]?\d{4})\s?[-－]\s?(\d{1,5})$/, '$1 转 $2');
}

export function parseSignature(text: string): ContactCandidate | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

interface Candidate {
  readonly value: string;
  readonly score: number;
  readonly line: number;
}

const best = (list: readonly Candidate[]): Candidate | undefined =>
  list.reduce<Candidate | undefined>((b, c) => (!b || c.score > b.score ? c : b), undefined);

/** What the lines say, before the parts that depend on each other are settled. */
interface Reading {
  readonly d: Draft;
  readonly names: Candidate[];
  readonly companies: Candidate[];
  title?: { value: string; line: number };
  department?: string;
  /** "Area Sales Manager, Southwest": is the part after the comma the company or a region? */
  comma?: { head: string; tail: string; full: string; line: number };
}

function parse(text: string): ContactCandidate | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  let lines = normalise(text.length > 20_000 ? text.slice(0, 20_000) : text);
  lines = lines.slice(0, quoteStart(lines));
  lines = lines.filter((l) => !isMobileFooter(l) && !isDroppedLine(l));
  const disclaimer = lines.findIndex((l, i) => i > 0 && isDisclaimerStart(l));
  if (disclaimer > 0) lines = lines.slice(0, disclaimer);
  while (
    lines.length > 0 &&
    (lines[lines.length - 1] === '' || DELIMITER.test(lines.at(-1) ?? ''))
  ) {
    lines.pop();
  }

  const { start, inlineName } = signatureStart(lines);
  const sig = lines
    .slice(start)
    .filter((l) => l !== '' && !CLOSING.test(l) && !DELIMITER.test(l))
    .slice(0, 18);
  // Decided by what is kept: a quoted reply or a footer in another script says nothing.
  const country = countryFor(lines.join('\n'), sig);
  const domains = ownDomains(sig);
  const r: Reading = { d: emptyDraft(), names: [], companies: [] };
  const d = r.d;
  const labels: Record<string, string> = {};
  const addressParts: string[] = [];
  let addressLine = -1;
  const sigFound = (v: string, conf = CONF): Found => found(v, 'signature', conf);
  let afterTitle = false;
  let proxyNext = false;
  const nameScore = (): number => best(r.names)?.score ?? 0;
  const setTitle = (value: string, line: number): void => {
    r.title ??= { value, line };
  };

  for (const [i, raw] of sig.entries()) {
    // "i. A. Sabine Krüger" / "i.A." on its own line: the signer's name follows.
    let line = raw;
    let proxied = proxyNext;
    proxyNext = false;
    if (PROXY.test(line)) {
      line = line.replace(PROXY, '').trim();
      if (line === '') {
        proxyNext = true;
        continue;
      }
      proxied = true;
    }
    for (const piece of segmentLine(line)) {
      const seg = piece.replace(BARE_LABEL, '$1：$2');
      const justAfterTitle = afterTitle;
      afterTitle = false;
      const l = splitLabel(seg);
      if (l && l.value !== '') {
        if (l.kind === 'phone' || l.kind === 'mobile') {
          for (const p of phonesInText(withExtension(l.value, country), country)) {
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
          const n = personName(l.value);
          if (n) r.names.push({ value: n, score: 0.9, line: i });
        } else if (l.kind === 'title') {
          setTitle(l.value, i);
        } else if (l.kind === 'company') {
          r.companies.push({ value: l.value, score: 0.95, line: i });
        }
        continue;
      }
      const emails = emailsInText(seg);
      if (emails.length > 0) {
        for (const e of emails) d.emails.push(sigFound(e));
        // "Jane Doe <jane@acme.com>": the display name is the sender's.
        const display = /^(.+?)\s*<[^<>]+@[^<>]+>$/.exec(seg)?.[1];
        const n = display ? personName(display.replace(/^"|"$/g, '')) : undefined;
        if (n) r.names.push({ value: n, score: 0.75, line: i });
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
      if (readName(r, seg, i, { proxied, first: i === 0 && start > 0, nameScore: nameScore() })) {
        continue;
      }
      // A line with a legal form is the organisation ("Schäfer Elektrotechnik GmbH & Co. KG").
      if (hasLegalForm(seg) && !/[,，]|\s(?:at|@)\s/.test(seg)) {
        readOrganization(r, seg, i);
        continue;
      }
      if (!r.title && isTitle(seg)) {
        readTitleAndCompany(r, seg, i);
        afterTitle = true;
        continue;
      }
      if (isCompanyLine(seg)) {
        readOrganization(r, seg, i);
        continue;
      }
      if (seg.length <= 60 && !/\d/.test(seg) && !isTitle(seg) && matchesDomain(seg, domains)) {
        r.companies.push({ value: seg, score: 0.8, line: i });
        continue;
      }
      if (isDepartment(seg)) {
        r.department ??= seg;
        continue;
      }
      // Name / Title / Company: what comes right after the title ("COO | Fourth Coffee", or the
      // next line) is the company.
      if (
        nameScore() > 0 &&
        (justAfterTitle || (r.title !== undefined && i === r.title.line + 1)) &&
        seg.length <= 60 &&
        !/\d/.test(seg)
      ) {
        r.companies.push({ value: seg, score: 0.6, line: i });
      }
    }
  }
  settleComma(r, domains);
  const name = best(r.names);
  if (name) d.name = withHonorifics(sigFound(name.value, name.score), sig[name.line] ?? '');
  // "Thanks, Jim": only when the block itself names nobody.
  else if (inlineName) d.name = sigFound(inlineName, 0.6);
  const title = r.title?.value ?? r.department;
  if (title) d.title = sigFound(title);
  const company = best(r.companies);
  if (company) d.company = sigFound(company.value, Math.min(company.score, CONF));
  else if (title && domains[0] && !isEastAsian(sig.join(' '))) {
    d.company = sigFound(companyFromLabel(domains[0].label), 0.4);
  }
  if (addressParts.length > 0) d.address = addressParts.join(', ');
  if (Object.keys(labels).length > 0) d.phoneLabels = labels;
  d.emails = d.emails.filter((e) => normaliseEmailAddress(e.value) !== undefined);
  if (!d.name) {
    // A block that names nobody the check accepts is still someone's when their own address or
    // mobile is in it: the top line is the rep's guess to confirm (domain.md §14).
    const top = sig.slice(0, 2).find((l) => l.length <= 40 && !isTitle(l) && !/[@\d]/.test(l));
    if (top) d.rawName = sigFound(top, 0.4);
    return toCandidate(d, { unnamed: hasNameGuess(d) });
  }
  return toCandidate(d);
}

/** A name, alone or with a title after it; true when the segment was used. */
function readName(
  r: Reading,
  seg: string,
  i: number,
  at: { proxied: boolean; first: boolean; nameScore: number },
): boolean {
  if (i > 4) return false;
  // "Carlos Ruiz, Procurement Manager, Litware Inc." names him; "Schäfer Elektrotechnik GmbH" not.
  if (hasLegalForm(seg) && !personName(seg.split(/\s*[,，|｜–—(（]\s*/)[0] ?? '')) return false;
  const current = best(r.names);
  const score = at.proxied ? 0.9 : 0.8;
  // "总经理：刘建华", "销售总监 周敏"
  const tn = titleThenName(seg);
  if (tn && (!current || current.score < 0.8 || nameKey(current.value) === nameKey(tn.name))) {
    r.names.push({ value: tn.name, score, line: i });
    r.title ??= { value: tn.title, line: i };
    return true;
  }
  const whole = personName(seg);
  const split = whole
    ? { name: whole, rest: '' }
    : isEastAsian(seg)
      ? (eastAsianNameAndRest(seg) ?? nameAndRest(seg))
      : nameAndRest(seg);
  if (split) {
    const same = current !== undefined && nameKey(current.value) === nameKey(split.name);
    // A full name after a lone first name ("Best,\nSam\n\nSam Ortega") is the better one.
    if (!current || current.score < 0.8 || same) {
      if (!same || current.score < score) r.names.push({ value: split.name, score, line: i });
      if (split.rest !== '') readTitleAndCompany(r, split.rest, i);
      return true;
    }
    return false;
  }
  if (at.nameScore === 0 && (at.first || at.proxied)) {
    // "i. A. Krüger": a surname alone after the proxy mark is still the signer.
    const single = singleName(seg);
    if (single) {
      r.names.push({ value: single, score: at.proxied ? 0.6 : 0.5, line: i });
      return true;
    }
  }
  return false;
}

/** Written in Chinese, Japanese or Korean, with no Latin legal form ("… Co., Ltd. 深圳…有限公司"). */
const eastAsianOnly = (s: string): boolean =>
  isEastAsian(s) && !hasLegalForm(s.replace(/[^\p{Script=Latin}\s.,&]/gu, ' '));

function readOrganization(r: Reading, seg: string, i: number): void {
  const score = hasLegalForm(seg) ? 0.85 : 0.7;
  if (eastAsianOnly(seg)) {
    const sp = splitEastAsianCompany(seg);
    if (sp) {
      r.companies.push({ value: sp.company, score, line: i });
      if (sp.rest !== '' && isTitle(sp.rest)) r.title ??= { value: sp.rest, line: i };
      else if (sp.rest !== '' && isDepartment(sp.rest)) r.department ??= sp.rest;
      return;
    }
  }
  r.companies.push({ value: seg.replace(/[,;]$/, ''), score, line: i });
}

/** "VP Sales at Acme Corp", "Head of Sales, Acme", "株式会社ミライ商事 購買部 課長". */
function readTitleAndCompany(r: Reading, text: string, i: number): void {
  const s = text.trim();
  if (eastAsianOnly(s)) {
    const sp = splitEastAsianCompany(s);
    if (sp) {
      r.companies.push({
        value: sp.company,
        score: hasLegalForm(sp.company) ? 0.85 : 0.7,
        line: i,
      });
      if (sp.rest !== '' && isTitle(sp.rest)) r.title ??= { value: sp.rest, line: i };
      return;
    }
    if (isTitle(s)) r.title ??= { value: s, line: i };
    return;
  }
  const at = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(s);
  if (at?.[1] && at[2] && isTitle(at[1]) && !isTitle(at[2])) {
    r.title ??= { value: at[1], line: i };
    r.companies.push({ value: at[2], score: 0.85, line: i });
    return;
  }
  const m = /^(.+?)\s*[,，]\s+(.+)$/.exec(s);
  if (m?.[1] && m[2] && isTitle(m[1]) && !isTitle(m[2]) && !r.title) {
    r.title = { value: m[1], line: i };
    r.comma = { head: m[1], tail: m[2], full: s, line: i };
    return;
  }
  if (isTitle(s)) r.title ??= { value: s, line: i };
}

/**
 * "Title, X": X is the company when it has a legal form or is the e-mail's domain; a region or
 * scope ("Southwest", "EMEA", "Key Accounts") when the company is written elsewhere, when the
 * sender's domain names another company, or when it reads like one.
 */
function settleComma(r: Reading, domains: readonly OwnDomain[]): void {
  const c = r.comma;
  if (!c || r.title?.line !== c.line || r.title.value !== c.head) return;
  if (hasLegalForm(c.tail) || matchesDomain(c.tail, domains)) {
    r.companies.push({ value: c.tail, score: 0.9, line: c.line });
    return;
  }
  const elsewhere = r.companies.some((x) => x.line !== c.line);
  if (elsewhere || domains.length > 0 || isFunction(c.tail)) {
    r.title = { value: c.full, line: c.line };
    return;
  }
  r.companies.push({ value: c.tail, score: 0.6, line: c.line });
}
