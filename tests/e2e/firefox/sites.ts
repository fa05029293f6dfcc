/**
 * The Chromium tests' fixture sites, for Firefox: served over plain http from one local server,
 * at their real hostnames (mapped to 127.0.0.1 by the profile), and the rep's surfaces in them
 * (the overlay's frame, the options page) read and driven through tests/e2e/firefox/harness.ts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { Context, FirefoxBrowser } from './harness.ts';

const SITES = resolve('tests/e2e/fixtures/sites');
const CAPTURE = resolve('tests/e2e/fixtures/capture');

/**
 * The hosts the local server answers, as tests/e2e/overlay-seed.ts and capture-browser.ts (not
 * www.gmail.com: Firefox's HSTS preload list makes it https, so tests answer it by interception).
 */
export const LOCAL_HOSTS = [
  'www.acme-robotics.com',
  'www.industry-news.example',
  'www.northwind-robotics.de',
];

export interface FixtureSites {
  /** http://<host>:<port><path> */
  url(host: string, path?: string): string;
  close(): Promise<void>;
}

/** Every fixture page by host and path; the company's with its strict CSP, as in Chromium. */
export async function serveFixtureSites(): Promise<FixtureSites> {
  const company = readFileSync(resolve(SITES, 'company.html'), 'utf8');
  const pages: Record<string, (path: string) => { body: string; csp?: string } | undefined> = {
    'www.acme-robotics.com': () => ({
      body: company,
      csp: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    }),
    'www.industry-news.example': () => ({
      body: readFileSync(resolve(SITES, 'news.html'), 'utf8'),
    }),
    'www.northwind-robotics.de': (path) =>
      path === '/en/team'
        ? { body: readFileSync(resolve(CAPTURE, 'team.html'), 'utf8') }
        : undefined,
  };
  const server: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const page = pages[host]?.(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(page.csp ? { 'content-security-policy': page.csp } : {}),
    });
    res.end(page.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: (host, path = '/') => `http://${host}:${port}${path}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

// Inside the overlay's extension frame, as in tests/e2e/sync-browser.ts.
export const BADGE = '[data-account-lens="badge"]';
export const PANEL = '[data-account-lens="panel"]';
export const QUICK_NOTE = '[data-account-lens="quick-note"]';
export const NOTE_BODIES = '[data-account-lens="notes"] .note-body';

/** The extension frame at `path` in `tab` that holds `selector`, once there is one. */
export async function frameWith(
  ff: FirefoxBrowser,
  tab: Context,
  path: string,
  selector: string,
  what = `${path} with ${selector}`,
): Promise<Context> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    for (const frame of await tab.frames(ff.url(path))) {
      const has = await frame
        .evaluate((s) => document.querySelector(s) !== null, selector)
        .catch(() => false);
      if (has) return frame;
    }
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 25)); // the poll's interval, not a wait for time
  }
}

export const overlayFrame = (ff: FirefoxBrowser, tab: Context) =>
  frameWith(ff, tab, 'overlay-frame.html', BADGE, 'the overlay badge');

/** The note bodies the overlay's panel shows in this tab. */
export async function notesShown(ff: FirefoxBrowser, tab: Context): Promise<string[]> {
  const frame = await overlayFrame(ff, tab);
  return frame.evaluate(
    (s) => [...document.querySelectorAll(s)].map((n) => n.textContent ?? ''),
    NOTE_BODIES,
  );
}

/** Type a quick note and save it with Ctrl+Enter; resolves once the box is empty again. */
export async function writeQuickNote(
  ff: FirefoxBrowser,
  tab: Context,
  body: string,
): Promise<number> {
  const frame = await overlayFrame(ff, tab);
  const savedAt = performance.now();
  await frame.evaluate(
    (selector, text) => {
      const box = document.querySelector(selector) as HTMLTextAreaElement;
      box.focus();
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    },
    QUICK_NOTE,
    body,
  );
  // Ctrl+Enter in a second call: the box saves the text Preact has rendered from the input.
  await frame.evaluate(
    (selector) =>
      document
        .querySelector(selector)
        ?.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }),
        ),
    QUICK_NOTE,
  );
  await frame.waitFor(
    `the quick note "${body}" to be saved`,
    (s) => (document.querySelector(s) as HTMLTextAreaElement | null)?.value === '',
    QUICK_NOTE,
  );
  return savedAt;
}

/**
 * Join a team through the options page's form, as a rep does; resolves with the team name the
 * page shows once the first sync has finished.
 */
export async function joinThroughOptions(
  options: Context,
  join: { serverUrl: string; inviteCode: string; memberName: string; deviceName: string },
): Promise<string> {
  await fill(options, {
    'form.join input[name="serverUrl"]': join.serverUrl,
    'form.join input[name="inviteCode"]': join.inviteCode,
    'form.join input[name="memberName"]': join.memberName,
    'form.join input[name="deviceName"]': join.deviceName,
  });
  await options.evaluate(() =>
    (document.querySelector('form.join button[type="submit"]') as HTMLButtonElement).click(),
  );
  return options.waitFor(
    'the team name and a finished first sync',
    () =>
      document.querySelector('.status[data-sync-state="synced"]') !== null &&
      document.querySelector('.team-name')?.textContent,
  );
}

/** Open `url` in a new tab, click the account's badge and wait for its panel; the tab. */
export async function openAccountPanel(ff: FirefoxBrowser, url: string): Promise<Context> {
  const tab = await ff.newTab(url);
  const frame = await overlayFrame(ff, tab);
  await frame.waitFor('the badge', (s) => document.querySelector(s) !== null, BADGE);
  await openPanel(frame);
  return tab;
}

/** Click the badge in the overlay's frame, as the rep does, and wait for the panel. */
export async function openPanel(frame: Context): Promise<void> {
  // A real click lands where the badge is drawn: wait until the page has sized the frame to it
  // (until then the badge may lie outside the frame's viewport, and the click lands nowhere).
  await frame.waitFor(
    'the badge laid out inside its frame',
    (s) => {
      const box = document.querySelector(s)?.getBoundingClientRect();
      return (
        box !== undefined &&
        box.width > 0 &&
        box.height > 0 &&
        box.bottom <= innerHeight &&
        box.right <= innerWidth
      );
    },
    BADGE,
  );
  await frame.click(BADGE);
  await frame.waitFor(
    'the panel with its quick note box',
    (panel, note) => document.querySelector(panel) && document.querySelector(note),
    PANEL,
    QUICK_NOTE,
  );
}

/** Set form fields as typing does (Preact reads them from input events). */
export function fill(page: Context, fields: Record<string, string>): Promise<void> {
  return page.evaluate((values) => {
    for (const [selector, value] of Object.entries(values)) {
      const input = document.querySelector(selector) as HTMLInputElement | null;
      if (!input) throw new Error(`no ${selector}`);
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }
  }, fields);
}

/**
 * An extension page as the Chromium tests' seed helpers (tests/e2e/seed.ts) use it: they only
 * call `evaluate` with one argument, so one copy of their IndexedDB code serves both browsers.
 */
export function asSeedPage(page: Context): Page {
  return {
    evaluate: (fn: (arg: unknown) => unknown, arg: unknown) => page.evaluate(fn, arg),
  } as unknown as Page;
}

/** The extension's options page: the one it opened on install, else a new tab. */
export async function optionsPage(ff: FirefoxBrowser): Promise<Context> {
  const url = ff.url('options.html');
  const deadline = performance.now() + 5_000;
  let page: Context | undefined;
  while (!page && performance.now() < deadline) {
    page = (await ff.tabs()).find((t) => t.url.startsWith(url))?.context;
    if (!page) await new Promise((ok) => setTimeout(ok, 25)); // polling, not waiting for time
  }
  page ??= await ff.newTab(url);
  await page.waitFor(
    'the options page',
    () => document.querySelector('form.join, .joined') !== null,
  );
  return page;
}
