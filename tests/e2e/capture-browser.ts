/**
 * Driving quick capture in a real browser: fixture company sites at real-looking addresses,
 * the toolbar button clicked through Chrome's own action trigger (so the page gets the
 * activeTab grant a rep's click gives it), the popup, and the preview window it opens.
 */

import { resolve } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './harness.ts';

const FIXTURES = resolve('tests/e2e/fixtures/capture');

export const TEAM_URL = 'https://www.northwind-robotics.de/en/team';
export const SPA_URL = 'https://www.lumen-logistics.com/about/people';
export const NOISE_URL = 'https://www.northwind-robotics.de/en/blog/palletising-payback';

/** Fulfil the fixture sites; everything else stays blocked by the harness. */
export async function routeCaptureSites(context: BrowserContext): Promise<void> {
  await context.route('https://www.northwind-robotics.de/**', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/en/team') return route.fulfill({ path: resolve(FIXTURES, 'team.html') });
    if (path.startsWith('/en/blog/'))
      return route.fulfill({ path: resolve(FIXTURES, 'noise.html') });
    return route.fulfill({ status: 404, body: '' });
  });
  await context.route('https://www.lumen-logistics.com/**', (route) =>
    route.fulfill({ path: resolve(FIXTURES, 'team-spa.html') }),
  );
}

/**
 * Hold the single-page app's API call until `release` is called: the app has loaded but not
 * drawn its team, as when a rep presses the shortcut on a page still fetching.
 */
export async function holdTeamApi(context: BrowserContext): Promise<{ release: () => void }> {
  let release = () => {};
  const held = new Promise<void>((done) => {
    release = done;
  });
  await context.route('https://www.lumen-logistics.com/api/team', async (route) => {
    await held;
    await route.fulfill({
      path: resolve(FIXTURES, 'team-spa.json'),
      contentType: 'application/json',
    });
  });
  return { release };
}

/**
 * Click the extension's toolbar button for this tab, as a rep does: Chrome's DevTools
 * `Extensions.triggerAction` opens the real toolbar popup and grants activeTab for the tab,
 * exactly as the click would. (The toolbar popup itself is not exposed to Playwright: see
 * `openPopupFor`.)
 */
export async function clickToolbarButton(b: ExtensionBrowser, page: Page): Promise<void> {
  const browser = b.context.browser();
  if (!browser) throw new Error('no browser-level CDP access');
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const url = page.url();
    const tab = targetInfos.find((t) => t.type === 'tab' && t.url === url);
    if (!tab) throw new Error(`no tab target for ${url}`);
    await session.send('Extensions.triggerAction', { id: b.extensionId, targetId: tab.targetId });
  } finally {
    await session.detach();
  }
}

type WindowsGlobal = {
  chrome: {
    windows: { create(d: { url: string; type: 'popup'; focused: boolean }): Promise<unknown> };
  };
};

/**
 * popup.html about the page in front, in a popup window of its own (headless Chromium does not
 * hand the toolbar popup to Playwright): it reads the active tab of the last focused browser
 * window, which is `site`, as the toolbar popup would.
 */
export async function openPopupFor(b: ExtensionBrowser, site: Page): Promise<Page> {
  await site.bringToFront();
  const opened = b.context.waitForEvent('page', {
    predicate: (p) => p.url().endsWith('/popup.html'),
  });
  await b.serviceWorker.evaluate(async (url) => {
    const { chrome } = globalThis as unknown as WindowsGlobal;
    await chrome.windows.create({ url, type: 'popup', focused: true });
  }, b.url('popup.html'));
  const popup = await opened;
  popup.setDefaultTimeout(10_000);
  return popup;
}

/** The preview window the background opens next (`capture.html?session=…`). */
export function nextPreview(b: ExtensionBrowser): Promise<Page> {
  return b.context
    .waitForEvent('page', { predicate: (p) => p.url().includes('/capture.html?session=') })
    .then(async (page) => {
      page.setDefaultTimeout(10_000);
      await page.waitForLoadState();
      return page;
    });
}

/** The rep's two clicks: the toolbar button on the page, then "Capture from this page". */
export async function captureFromPopup(b: ExtensionBrowser, site: Page): Promise<Page> {
  await clickToolbarButton(b, site);
  const popup = await openPopupFor(b, site);
  const preview = nextPreview(b);
  await popup.getByRole('button', { name: 'Capture from this page' }).click();
  const page = await preview;
  await popup.close().catch(() => undefined);
  return page;
}

/**
 * Every script the page's renderer compiles, content scripts' isolated worlds included, by
 * URL: how a test sees what the extension put into a page without touching the page.
 */
export async function recordScripts(
  context: BrowserContext,
  page: Page,
): Promise<{ urls: () => string[]; stop: () => Promise<void> }> {
  const session: CDPSession = await context.newCDPSession(page);
  const urls: string[] = [];
  session.on('Debugger.scriptParsed', (e: { url: string }) => {
    if (e.url) urls.push(e.url);
  });
  await session.send('Debugger.enable');
  return { urls: () => [...urls], stop: () => session.detach() };
}

/** URLs of the side panels open in the browser (Playwright does not list them as pages). */
export async function openSidePanels(b: ExtensionBrowser): Promise<string[]> {
  const browser = b.context.browser();
  if (!browser) throw new Error('no browser-level CDP access');
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    return targetInfos.map((t) => t.url).filter((u) => u.startsWith(b.url('sidepanel.html')));
  } finally {
    await session.detach();
  }
}

/**
 * Close the browser's side panels, so that a test leaves none behind for the next: an open side
 * panel narrows the window's page area, and Playwright's mouse clicks, placed for the emulated
 * viewport, then miss elements in the overlay's frame (the keyboard still reaches them).
 */
export async function closeSidePanels(b: ExtensionBrowser): Promise<void> {
  const browser = b.context.browser();
  if (!browser) throw new Error('no browser-level CDP access');
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    for (const t of targetInfos) {
      if (t.url.startsWith(b.url('sidepanel.html'))) {
        await session.send('Target.closeTarget', { targetId: t.targetId });
      }
    }
  } finally {
    await session.detach();
  }
}

/** The account the popup or the capture preview last asked the side panel to show. */
export function panelChoice(b: ExtensionBrowser): Promise<string | undefined> {
  return b.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
    };
    const { panelAccount } = await chrome.storage.session.get('panelAccount');
    const choice = panelAccount as { accountId?: string } | null | undefined;
    return choice?.accountId;
  });
}
