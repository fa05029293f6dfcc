/**
 * schema.org JSON-LD: the most trusted source, since the site states outright who is who.
 * Pages put anything in these scripts (invalid JSON, HTML comments, a single object, arrays,
 * `@graph`, `@id` references), so every value is narrowed by hand before use.
 */
import { joinAddress } from './address.ts';
import { type Draft, emptyDraft, found, hasNameGuess, setName, toCandidate } from './candidate.ts';
import { addContactPoint, memo, type PageContext, resolveUrl } from './dom.ts';
import { isGenericMailbox, mailboxLabel, normaliseEmailAddress } from './emails.ts';
import { cleanPersonName, hasCjk, looksLikeOrganisation, nameKey } from './names.ts';
import { normalisePhone } from './phones.ts';
import { MEMBERSHIP_ORGANIZATIONS, ORGANIZATION_TYPES } from './schema-org.ts';
import type { ContactCandidate, ContactPoint } from './types.ts';

type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): readonly unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A plain string for a JSON-LD value: "x", {"@value": "x"}, {"name": "x"}, or the first of a list. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.replace(/\s+/g, ' ').trim();
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    for (const item of v) {
      const t = textOf(item);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  if (isObject(v)) return textOf(v['@value']) ?? textOf(v.name);
  return undefined;
}

export interface LdNode {
  readonly data: JsonObject;
  readonly types: readonly string[];
  /** 1-based index of the script it came from, for provenance. */
  readonly script: number;
  readonly parent?: LdNode;
  /** The property of `parent` this node is the value of ("employee", "worksFor"…). */
  readonly property?: string;
}

export interface LdGraph {
  readonly nodes: readonly LdNode[];
  readonly byId: ReadonlyMap<string, LdNode>;
}

const MAX_NODES = 5000;
const MAX_DEPTH = 16;

function typesOf(data: JsonObject): string[] {
  return asArray(data['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^(?:https?:\/\/(?:www\.)?schema\.org\/|schema:)/i, ''));
}

function stripControl(s: string): string {
  let out = '';
  for (const ch of s) out += ch.charCodeAt(0) < 0x20 ? ' ' : ch;
  return out;
}

/** JSON as sites write it: with HTML comments, CDATA wrappers, raw newlines, trailing commas. */
function parseLenient(text: string): unknown {
  const cleaned = text
    .trim()
    .replace(/^(?:<!--|\/\*\s*<!\[CDATA\[\s*\*\/|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\*\s*\]\]>\s*\*\/|\]\]>)$/, '')
    .trim();
  try {
    return JSON.parse(cleaned);
  } catch {
    // Raw control characters inside strings are the commonest breakage; then trailing commas.
    const relaxed = stripControl(cleaned).replace(/,\s*([}\]])/g, '$1');
    try {
      return JSON.parse(relaxed);
    } catch {
      return undefined;
    }
  }
}

export function readJsonLd(ctx: PageContext): LdGraph {
  return memo(ctx, 'jsonld', () => {
    const nodes: LdNode[] = [];
    const byId = new Map<string, LdNode>();
    let script = 0;
    const visit = (v: unknown, depth: number, s: number, parent?: LdNode, property?: string) => {
      if (depth > MAX_DEPTH || nodes.length >= MAX_NODES) return;
      if (Array.isArray(v)) {
        for (const item of v) visit(item, depth + 1, s, parent, property);
        return;
      }
      if (!isObject(v)) return;
      const graph = v['@graph'];
      if (graph !== undefined) visit(graph, depth + 1, s, parent, property);
      const types = typesOf(v);
      let self = parent;
      if (types.length > 0 || typeof v['@id'] === 'string') {
        const node: LdNode = {
          data: v,
          types,
          script: s,
          ...(parent ? { parent } : {}),
          ...(property ? { property } : {}),
        };
        const id = v['@id'];
        // A bare {"@id": …} is a reference, not a description: index only the described node.
        if (typeof id === 'string' && (types.length > 0 || !byId.has(id))) {
          if (types.length > 0 || Object.keys(v).length > 1) byId.set(id, node);
        }
        nodes.push(node);
        self = node;
      }
      for (const [key, value] of Object.entries(v)) {
        if (key === '@graph' || key === '@context' || key === '@type' || key === '@id') continue;
        if (typeof value === 'object' && value !== null) visit(value, depth + 1, s, self, key);
      }
    };
    for (const el of ctx.doc.querySelectorAll('script[type]')) {
      const type = (el.getAttribute('type') ?? '').toLowerCase();
      if (!type.includes('ld+json')) continue;
      script++;
      try {
        visit(parseLenient(el.textContent ?? ''), 0, script);
      } catch {
        // One broken script must not hide the others.
      }
    }
    return { nodes, byId };
  });
}

/** The node a value stands for, following an {"@id": …} reference when it is one. */
export function deref(graph: LdGraph, v: unknown): JsonObject | undefined {
  if (typeof v === 'string') return graph.byId.get(v)?.data;
  if (!isObject(v)) return undefined;
  const id = v['@id'];
  if (typeof id === 'string' && Object.keys(v).length === 1) return graph.byId.get(id)?.data ?? v;
  return v;
}

const ORG_TYPES = new Set([
  'Organization',
  'Corporation',
  'LocalBusiness',
  'OnlineBusiness',
  'OnlineStore',
  'ProfessionalService',
  'Store',
  'NGO',
  'EducationalOrganization',
  'GovernmentOrganization',
  'MedicalOrganization',
  'NewsMediaOrganization',
  'Manufacturer',
  'Brand',
]);

export function isOrganization(types: readonly string[]): boolean {
  return types.some(
    (t) =>
      ORG_TYPES.has(t) ||
      ORGANIZATION_TYPES.has(t) ||
      /(?:Business|Organization|Store|Service)$/.test(t),
  );
}

// Where a Person stands who is not one of the company's people: the writer of an article, a
// reviewer, a quoted customer, an event's attendees and speakers.
const NOT_STAFF = new Set([
  'author',
  'creator',
  'contributor',
  'editor',
  'reviewedBy',
  'attendee',
  'attendees',
  'performer',
  'performers',
  'actor',
  'actors',
  'translator',
  'illustrator',
  'character',
  'sponsor',
  'funder',
  'copyrightHolder',
  'accountablePerson',
  'mentions',
  'comment',
  'review',
  'reviews',
]);
// Listed by a sports team, band or party: its players and members, not its staff.
const MEMBERS = new Set(['athlete', 'athletes', 'coach', 'member', 'members']);
const STAFF = new Set(['employee', 'employees', 'founder', 'founders', 'contactPoint']);
const NOT_STAFF_TYPES = /^(?:Review|Comment|Rating|Event|\w+Event|Question|Answer)$/;

const TEAM_PATH =
  /(?:^|[/_-])(?:team|teams|staff|people|leadership|management|board|about|about-us|who-we-are|squad|players|kader|mannschaft|vorstand|mitarbeiter|ueber-uns|uber-uns|equipe|equipo|members|officers|executives)(?:$|[/._-])|团队|チーム|役員|임원/i;

/** True for a page that lists the organisation's own people (its team, staff or squad page). */
export function isTeamPage(ctx: PageContext): boolean {
  return memo(ctx, 'team-page', () => {
    let path = '';
    try {
      path = decodeURIComponent(new URL(ctx.pageUrl).pathname);
    } catch {
      path = '';
    }
    if (TEAM_PATH.test(path)) return true;
    const h1 = ctx.doc.querySelector('h1')?.textContent ?? '';
    return /\b(?:team|staff|people|leadership|squad|members)\b|团队|役員|임원/i.test(h1);
  });
}

/** True for a Person node that is not one of the company's people. */
function notStaff(ctx: PageContext, node: LdNode, refs: RefIndex): boolean {
  const id = node.data['@id'];
  if (typeof id === 'string' && refs.staff.has(id)) return false;
  for (let n: LdNode | undefined = node; n; n = n.parent) {
    const prop = n.property;
    if (prop === undefined) break;
    if (STAFF.has(prop)) return false;
    if (NOT_STAFF.has(prop)) return true;
    if (MEMBERS.has(prop)) {
      const org = n.parent;
      if (org?.types.some((t) => MEMBERSHIP_ORGANIZATIONS.has(t))) return !isTeamPage(ctx);
    }
    if (n.parent?.types.some((t) => NOT_STAFF_TYPES.test(t))) return true;
  }
  if (typeof id === 'string') {
    if (refs.notStaff.has(id)) return true;
    if (refs.members.has(id)) return !isTeamPage(ctx);
  }
  return false;
}

interface RefIndex {
  readonly staff: Set<string>;
  readonly notStaff: Set<string>;
  readonly members: Set<string>;
}

/** The @ids each property refers to, so a Person described apart keeps what points at it. */
function refIndex(graph: LdGraph): RefIndex {
  const refs: RefIndex = { staff: new Set(), notStaff: new Set(), members: new Set() };
  for (const n of graph.nodes) {
    const membership = n.types.some((t) => MEMBERSHIP_ORGANIZATIONS.has(t));
    for (const [key, value] of Object.entries(n.data)) {
      const into = STAFF.has(key)
        ? refs.staff
        : NOT_STAFF.has(key)
          ? refs.notStaff
          : MEMBERS.has(key) && membership
            ? refs.members
            : undefined;
      if (!into) continue;
      for (const v of asArray(value)) {
        const id = typeof v === 'string' ? v : isObject(v) ? v['@id'] : undefined;
        if (typeof id === 'string') into.add(id);
      }
    }
  }
  return refs;
}

/**
 * Name keys of the people JSON-LD says are not the company's (authors, reviewers, attendees,
 * players): the page's visible byline or review card must not make them contacts either.
 */
export function nonContactNames(ctx: PageContext): ReadonlySet<string> {
  return memo(ctx, 'jsonld-non-contacts', () => {
    const graph = readJsonLd(ctx);
    const out = new Set<string>();
    if (graph.nodes.length === 0) return out;
    const refs = refIndex(graph);
    for (const node of graph.nodes) {
      if (!isPerson(node.types) || !notStaff(ctx, node, refs)) continue;
      const name = personName(node.data);
      if (name) out.add(nameKey(name));
    }
    return out;
  });
}

export function isPerson(types: readonly string[]): boolean {
  return types.includes('Person');
}

/** "Street, Postal code City, Region, Country" from a PostalAddress or a string. */
export function formatAddress(v: unknown): string | undefined {
  // One string with a line per part ("418 Granby St\nNorfolk, VA, 23510"): the lines are parts.
  if (typeof v === 'string')
    return textOf(
      v
        .split(/\s*\n\s*/)
        .filter(Boolean)
        .join(', '),
    );
  if (Array.isArray(v)) return formatAddress(v[0]);
  if (!isObject(v)) return undefined;
  return joinAddress({
    street: textOf(v.streetAddress),
    locality: textOf(v.addressLocality),
    region: textOf(v.addressRegion),
    postalCode: textOf(v.postalCode),
    country: textOf(v.addressCountry),
  });
}

const SOCIAL = /(?:linkedin\.com\/(?:in|pub)\/|xing\.com\/profile\/)/i;

/** The best profile link among url/sameAs: a LinkedIn/XING profile, else the person's page. */
function profileOf(ctx: PageContext, data: JsonObject): string | undefined {
  const urls = [...asArray(data.sameAs), ...asArray(data.url)]
    .map((u) => (typeof u === 'string' ? resolveUrl(ctx, u) : undefined))
    .filter((u): u is string => u !== undefined);
  return urls.find((u) => SOCIAL.test(u)) ?? resolveUrl(ctx, textOf(data.url));
}

/** The name as the node writes it: `name`, else given and family names in their order. */
function rawPersonName(data: JsonObject): string | undefined {
  const full = textOf(data.name);
  if (full) return full;
  const given = textOf(data.givenName);
  const family = textOf(data.familyName);
  if (!given || !family) return undefined;
  return hasCjk(family) ? `${family}${given}` : `${given} ${family}`;
}

function personName(data: JsonObject): string | undefined {
  const raw = rawPersonName(data);
  return raw ? cleanPersonName(raw) : undefined;
}

/** The organisation a person node belongs to: worksFor/affiliation, or the org listing them. */
function companyOf(graph: LdGraph, node: LdNode): string | undefined {
  for (const key of ['worksFor', 'affiliation', 'memberOf']) {
    for (const v of asArray(node.data[key])) {
      const org = deref(graph, v);
      const name = org ? textOf(org.name) : typeof v === 'string' ? textOf(v) : undefined;
      if (name) return name;
    }
  }
  // Listed as an org's employee/founder/member, possibly through an OrganizationRole.
  for (let n: LdNode | undefined = node; n?.parent; n = n.parent) {
    if (isOrganization(n.parent.types)) return textOf(n.parent.data.name);
    if (!n.parent.types.some((t) => t.endsWith('Role'))) break;
  }
  // Referenced by @id from an org's employee list.
  const id = node.data['@id'];
  if (typeof id === 'string') {
    for (const org of graph.nodes) {
      if (!isOrganization(org.types)) continue;
      for (const key of ['employee', 'employees', 'founder', 'founders', 'member', 'members']) {
        if (asArray(org.data[key]).some((r) => isObject(r) && r['@id'] === id)) {
          return textOf(org.data.name);
        }
      }
    }
  }
  return undefined;
}

function titleOf(node: LdNode): string | undefined {
  const job = textOf(node.data.jobTitle) ?? textOf(node.data.hasOccupation);
  if (job) return job;
  // schema.org Role pattern: {"@type": "OrganizationRole", "roleName": "CEO", "employee": Person}
  if (node.parent?.types.some((t) => t.endsWith('Role'))) return textOf(node.parent.data.roleName);
  return undefined;
}

function addPoints(ctx: PageContext, data: JsonObject): void {
  for (const cp of asArray(data.contactPoint)) {
    if (!isObject(cp)) continue;
    const label = textOf(cp.contactType) ?? textOf(cp.name);
    const email = asArray(cp.email)
      .map((e) => (typeof e === 'string' ? normaliseEmailAddress(e) : undefined))
      .find((e) => e !== undefined);
    const phone = asArray(cp.telephone)
      .map((t) => (typeof t === 'string' ? normalisePhone(t, ctx.country) : undefined))
      .find((p) => p !== undefined);
    if (!email && !phone) continue;
    const point: { -readonly [K in keyof ContactPoint]: ContactPoint[K] } = { source: 'json-ld' };
    if (email) point.email = email;
    if (phone) point.phone = phone;
    if (label) point.label = label;
    else if (email) point.label = mailboxLabel(email);
    addContactPoint(ctx, point);
  }
}

/** People described in JSON-LD: Person nodes anywhere, plus person-like org contactPoints. */
export function jsonLdContacts(ctx: PageContext): ContactCandidate[] {
  const graph = readJsonLd(ctx);
  const out: ContactCandidate[] = [];
  const seen = new Set<JsonObject>();
  const refs = refIndex(graph);
  for (const node of graph.nodes) {
    if (isOrganization(node.types)) addPoints(ctx, node.data);
    if (!isPerson(node.types) || seen.has(node.data)) continue;
    if (notStaff(ctx, node, refs)) {
      seen.add(node.data);
      continue;
    }
    // A reference to a Person described elsewhere is read where it is described.
    const id = node.data['@id'];
    const described = typeof id === 'string' ? graph.byId.get(id) : undefined;
    const n =
      described && described.data !== node.data && Object.keys(node.data).length <= 2
        ? described
        : node;
    if (seen.has(n.data)) continue;
    seen.add(n.data);
    seen.add(node.data);
    const draft = personDraft(ctx, graph, n);
    // A person only referenced by @id from an org keeps the org as company.
    if (!draft.company && n !== node) {
      const company = companyOf(graph, node);
      if (company) draft.company = found(company, 'json-ld', 0.9, draft.name?.element);
    }
    const c = toCandidate(draft, { unnamed: hasNameGuess(draft) });
    if (c) out.push(c);
  }
  return out;
}

function personDraft(ctx: PageContext, graph: LdGraph, node: LdNode): Draft {
  const where = `script[type="application/ld+json"]#${node.script}`;
  const conf = 0.95;
  const d = emptyDraft();
  const rawName = rawPersonName(node.data);
  // A company typed as a Person ("Nordwerk Logistik SE"): nobody to offer, nothing to read.
  if (!rawName || looksLikeOrganisation(rawName)) return d;
  const title = titleOf(node);
  if (title) d.title = found(title, 'json-ld', conf, where);
  const company = companyOf(graph, node);
  if (company) d.company = found(company, 'json-ld', 0.9, where);
  const profile = profileOf(ctx, node.data);
  if (profile) d.profileUrl = found(profile, 'json-ld', 0.9, where);
  const contactPoints = asArray(node.data.contactPoint).filter(isObject);
  for (const v of [node.data.email, ...contactPoints.map((c) => c.email)].flatMap(asArray)) {
    const e = typeof v === 'string' ? normaliseEmailAddress(v) : undefined;
    if (!e) continue;
    if (isGenericMailbox(e))
      addContactPoint(ctx, { email: e, label: mailboxLabel(e), source: 'json-ld' });
    else d.emails.push(found(e, 'json-ld', conf, where));
  }
  for (const v of [node.data.telephone, ...contactPoints.map((c) => c.telephone)].flatMap(
    asArray,
  )) {
    const p = typeof v === 'string' ? normalisePhone(v, ctx.country) : undefined;
    if (p) d.phones.push(found(p, 'json-ld', conf, where));
  }
  const fax = textOf(node.data.faxNumber);
  if (fax) d.fax = normalisePhone(fax, ctx.country);
  const address = formatAddress(node.data.address);
  if (address) d.address = address;
  // After the e-mails: one of them may be the evidence for a one-word name ("Priya").
  const extra = [node.data.honorificPrefix, node.data.honorificSuffix]
    .flatMap(asArray)
    .map(textOf)
    .filter((h): h is string => h !== undefined);
  setName(d, rawName, 'json-ld', conf, where, extra);
  return d;
}
