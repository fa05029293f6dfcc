/**
 * Capture: people and company facts read from the page the rep is on, or from an e-mail
 * signature. Pure functions over a DOM `Document` or a string: no fetches, no storage, no
 * `innerHTML`. They run in a content script, so this module is imported on its own
 * (`shared/capture/index.ts`), never through `shared/index.ts`: the server must not pull in the
 * DOM-only code or the h-card and phone libraries.
 *
 * Trust, highest first: JSON-LD, microdata, h-card, vCard links, mailto/tel links, team grids,
 * plain text. Each source runs on its own; one that throws on odd markup costs only its own
 * findings.
 */

import { mergeCandidates } from './dedupe.ts';
import { createContext, memo, type PageContext } from './dom.ts';
import { gridContacts } from './grid.ts';
import { hasHCards, hcardContacts } from './hcard.ts';
import { jsonLdContacts } from './jsonld.ts';
import { linkContacts } from './links.ts';
import { microdataContacts } from './microdata.ts';
import { organizationFrom } from './organization.ts';
import { officerLineContacts, profileTableContacts } from './profile-table.ts';
import { textContacts } from './text.ts';
import type { ContactCandidate, OrganizationCandidate } from './types.ts';

export type { ExistingContact } from './dedupe.ts';
export { classifyCandidate, mergeCandidates } from './dedupe.ts';
export { emailsInText, isGenericMailbox, normaliseEmailAddress } from './emails.ts';
export { cleanPersonName, isChineseName, looksLikeTitle, nameKey } from './names.ts';
export { normalisePhone, phoneKey, phonesInText, samePhone } from './phones.ts';
export { parseSignature } from './signature.ts';
export * from './types.ts';

// extractContacts and extractOrganization called back to back on one document (as the capture
// script does) share one pass. The cache lives until the current task's microtasks run, so a
// page that changes after an `await` is read afresh.
let current:
  | { readonly doc: Document; readonly url: string; readonly ctx: PageContext }
  | undefined;

function contextFor(doc: Document, url: string): PageContext {
  if (current && current.doc === doc && current.url === url) return current.ctx;
  const ctx = createContext(doc, url);
  current = { doc, url, ctx };
  queueMicrotask(() => {
    if (current?.ctx === ctx) current = undefined;
  });
  return ctx;
}

function attempt(list: ContactCandidate[], run: () => readonly ContactCandidate[]): void {
  try {
    list.push(...run());
  } catch {
    // Keep what the other sources found.
  }
}

function contactsFrom(ctx: PageContext): ContactCandidate[] {
  return memo(ctx, 'contacts', () => {
    const found: ContactCandidate[] = [];
    attempt(found, () => jsonLdContacts(ctx));
    attempt(found, () => microdataContacts(ctx));
    if (hasHCards(ctx)) attempt(found, () => hcardContacts(ctx));
    // The grid goes before the links: it reads each card once, and the links then skip cards
    // already read instead of walking up from every mailto: and tel: in them.
    // Profile tables before the grid: a 会社概要 table's rows are one company's, not a grid.
    if (ctx.doc.querySelector('th, dt, td')) attempt(found, () => profileTableContacts(ctx));
    attempt(found, () => officerLineContacts(ctx));
    attempt(found, () => gridContacts(ctx));
    attempt(found, () => linkContacts(ctx));
    const known = new Set(found.flatMap((c) => c.emails));
    attempt(found, () => textContacts(ctx, known));
    return mergeCandidates(found);
  });
}

/** Every person on the page, one candidate each, most trusted value per field. */
export function extractContacts(document: Document, pageUrl: string): ContactCandidate[] {
  try {
    return [...contactsFrom(contextFor(document, pageUrl))];
  } catch {
    return [];
  }
}

/** The company the page belongs to, with its role mailboxes and switchboard numbers. */
export function extractOrganization(document: Document, pageUrl: string): OrganizationCandidate {
  const ctx = contextFor(document, pageUrl);
  try {
    // The person pass is what meets role mailboxes and switchboard numbers on the page.
    contactsFrom(ctx);
  } catch {
    // The organisation's own sources are still read below.
  }
  try {
    return memo(ctx, 'organization', () => organizationFrom(ctx));
  } catch {
    return { domains: [], contactPoints: [], fields: {} };
  }
}

/** Both at once, sharing one pass over the page (what the capture button calls). */
export function capturePage(
  document: Document,
  pageUrl: string,
): { readonly contacts: ContactCandidate[]; readonly organization: OrganizationCandidate } {
  const ctx = contextFor(document, pageUrl);
  let contacts: ContactCandidate[] = [];
  try {
    contacts = [...contactsFrom(ctx)];
  } catch {
    contacts = [];
  }
  let organization: OrganizationCandidate;
  try {
    organization = memo(ctx, 'organization', () => organizationFrom(ctx));
  } catch {
    organization = { domains: [], contactPoints: [], fields: {} };
  }
  return { contacts, organization };
}
