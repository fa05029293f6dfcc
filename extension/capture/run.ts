import { ulid } from 'ulid';
import { parseSignature } from '../../shared/capture/signature.ts';
import type { ContactCandidate, OrganizationCandidate } from '../../shared/capture/types.ts';
import { normaliseEmail, registrableDomain } from '../../shared/index.ts';
import { type CaptureProblem, type CaptureSession, PageCaptureSchema } from './schema.ts';
import { storeSession } from './session.ts';
import { accountDomain, pageDomain } from './target.ts';

/** The tab a capture reads: what `tabs.get`, a command or a menu click hands over. */
export interface SourceTab {
  readonly id?: number | undefined;
  readonly windowId?: number | undefined;
  readonly url?: string | undefined;
  readonly title?: string | undefined;
}

/** What the background answers a capture request with. */
export interface CaptureOutcome {
  readonly sessionId: string;
  /** Set when the page could not be read; the preview explains it. */
  readonly problem?: CaptureProblem;
  /** False when the caller asked to show a problem itself (the popup does, inline). */
  readonly opened: boolean;
}

/** The injected bundle: the extractors, loaded into a page only when the rep captures it. */
const CAPTURE_SCRIPT = '/capture-page.js';
export const MAX_SELECTION = 20_000;

// Pages no extension may script. Chrome refuses them anyway; knowing them up front gives the
// rep the real reason instead of a scripting error.
const STORE_PAGES: readonly { host: string; path?: string }[] = [
  { host: 'chromewebstore.google.com' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
  { host: 'addons.mozilla.org' },
];

/** Whether a page can be read at all: web pages only, and not an extension store. */
export function isReadableUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return !STORE_PAGES.some(
    (s) =>
      parsed.hostname === s.host && (s.path === undefined || parsed.pathname.startsWith(s.path)),
  );
}

/**
 * Whether a message comes from one of the extension's own pages (popup, preview, options):
 * never from a content script, whose sender URL is the web page's. A content script runs
 * beside a page's code, and no page may make the extension read a tab.
 */
export function isExtensionPage(
  sender: { readonly id?: string | undefined; readonly url?: string | undefined },
  extension: { readonly id: string; readonly origin: string },
): boolean {
  return sender.id === extension.id && sender.url?.startsWith(extension.origin) === true;
}

// How Chrome and Firefox word "this page is off limits" when scripting it fails.
const RESTRICTED_ERROR =
  /cannot access|cannot be scripted|extensions gallery|chrome:\/\/|missing host permission|permission to access|restricted|not allowed/i;

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Read a tab on the rep's request (popup button, keyboard command): inject the extractors,
 * keep what they found in the session store and open the preview. Needs the activeTab grant
 * that request gave; nothing runs in the page before it. With `showProblems: false` a page
 * that cannot be read opens nothing and the caller shows the reason.
 */
export async function captureTab(
  tab: SourceTab,
  options: { showProblems: boolean },
): Promise<CaptureOutcome> {
  const base = sessionBase('page', tab);
  let session: CaptureSession;
  if (tab.id === undefined || !isReadableUrl(tab.url)) {
    session = { ...base, problem: { kind: 'restricted', detail: tab.url ?? '' } };
  } else {
    session = await readTab(tab.id, base);
  }
  return finish(session, options.showProblems);
}

async function readTab(tabId: number, base: CaptureSession): Promise<CaptureSession> {
  let result: unknown;
  try {
    const [injection] = await browser.scripting.executeScript({
      target: { tabId },
      files: [CAPTURE_SCRIPT],
    });
    result = injection?.result;
  } catch (e) {
    const detail = errorMessage(e);
    const kind = RESTRICTED_ERROR.test(detail) ? 'restricted' : 'failed';
    return { ...base, problem: { kind, detail: detail.slice(0, 2_000) } };
  }
  const parsed = PageCaptureSchema.safeParse(result);
  if (!parsed.success) {
    return {
      ...base,
      problem: { kind: 'failed', detail: 'the page answered something unexpected' },
    };
  }
  if (!parsed.data.ok) return { ...base, problem: { kind: 'failed', detail: parsed.data.message } };
  const { url, title, contacts, organization } = parsed.data;
  return { ...base, url, ...(title === '' ? {} : { title }), contacts, organization };
}

/**
 * The text of the rep's selection in the frame they right-clicked, with its line breaks
 * (Chrome hands a context menu's `selectionText` over with them collapsed into spaces, and a
 * signature is read line by line). Only the selection is read, on the rep's click.
 */
export async function selectionWithLineBreaks(
  tabId: number,
  frameId: number | undefined,
): Promise<string | undefined> {
  try {
    const [injection] = await browser.scripting.executeScript({
      target: { tabId, ...(frameId === undefined ? {} : { frameIds: [frameId] }) },
      func: () => globalThis.getSelection?.()?.toString() ?? '',
    });
    const text = injection?.result;
    return typeof text === 'string' && text.trim() !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Capture selection as contact": a signature block the rep selected, parsed as one contact.
 * The account is guessed from the person's company address, else the page's site (a
 * signature selected in webmail says nothing about the webmail's domain).
 */
export async function captureSelection(text: string, tab: SourceTab): Promise<CaptureOutcome> {
  const candidate = parseSignature(text.slice(0, MAX_SELECTION));
  const session: CaptureSession = {
    ...sessionBase('selection', tab),
    contacts: candidate ? [candidate] : [],
    organization: organizationOf(candidate, tab.url),
  };
  return finish(session, true);
}

/**
 * The organisation a lone signature points to: its company, the domains of its e-mail address
 * and website, else the page's own (a free-mail address or webmail page adds none).
 */
export function organizationOf(
  candidate: ContactCandidate | undefined,
  url: string | undefined,
): OrganizationCandidate {
  const domains = new Set<string>();
  for (const email of candidate?.emails ?? []) {
    const domain = normaliseEmail(email)?.domain;
    const registrable = domain === undefined ? undefined : registrableDomain(domain);
    if (registrable !== undefined && accountDomain(registrable)) domains.add(registrable);
  }
  const website = candidate?.website;
  if (website !== undefined) {
    const domain = pageDomain(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(website) ? website : `https://${website}`,
    );
    if (domain !== undefined) domains.add(domain);
  }
  // The page's site only when the signature names no company domain: a signature quoted on
  // some other site (a forum, a social network) is not that site's employee's.
  const page = url === undefined ? undefined : pageDomain(url);
  if (domains.size === 0 && page !== undefined) domains.add(page);
  const company = candidate?.company;
  const origin = candidate?.fields.company;
  const address = candidate?.address;
  return {
    ...(company === undefined ? {} : { name: company }),
    domains: [...domains],
    // A signature's postal address is the office's, not the person's.
    ...(address === undefined ? {} : { address }),
    contactPoints: [],
    fields:
      company === undefined
        ? {}
        : {
            name: {
              value: company,
              source: origin?.source ?? 'signature',
              confidence: origin?.confidence ?? 0.5,
            },
          },
  };
}

function sessionBase(kind: CaptureSession['kind'], tab: SourceTab): CaptureSession {
  const now = Date.now();
  return {
    id: ulid(now),
    kind,
    createdAt: now,
    url: tab.url ?? '',
    ...(tab.title ? { title: tab.title.slice(0, 1_000) } : {}),
    ...(tab.id === undefined ? {} : { tabId: tab.id }),
    ...(tab.windowId === undefined ? {} : { windowId: tab.windowId }),
    contacts: [],
    organization: { domains: [], contactPoints: [], fields: {} },
  };
}

async function finish(session: CaptureSession, showProblems: boolean): Promise<CaptureOutcome> {
  const problem = session.problem?.kind;
  if (problem !== undefined && !showProblems) {
    return { sessionId: session.id, problem, opened: false };
  }
  await storeSession(session);
  await openPreview(session.id);
  return { sessionId: session.id, ...(problem === undefined ? {} : { problem }), opened: true };
}

/**
 * The preview in a window of its own beside the page: the rep can keep the page in view while
 * ticking people, and the toolbar popup (which closes on any click outside) is not needed.
 */
async function openPreview(sessionId: string): Promise<void> {
  const url = `${browser.runtime.getURL('/capture.html')}?session=${sessionId}`;
  try {
    await browser.windows.create({ url, type: 'popup', width: 760, height: 860, focused: true });
  } catch {
    // No popup windows here (e.g. Firefox for Android): a tab does the same job.
    await browser.tabs.create({ url });
  }
}
