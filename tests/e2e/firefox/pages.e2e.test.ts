/**
 * Firefox on the rep's pages, with the book seeded locally (no server): the webmail panel beside
 * a Gmail message, and quick capture from a company's team page, saved and then opened in
 * Firefox's sidebar from the rep's click on the Book page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME, acmeBook } from '../../webmail/e2e-seed.ts';
import { askBackground, putRows, readAll } from '../seed.ts';
import { type Context, type FirefoxBrowser, launchFirefox, poll } from './harness.ts';
import {
  asSeedPage,
  type FixtureSites,
  frameWith,
  LOCAL_HOSTS,
  optionsPage,
  serveFixtureSites,
} from './sites.ts';

const GMAIL = readFileSync(resolve('tests/e2e/fixtures/webmail/gmail.html'), 'utf8');
/** As tests/webmail/e2e-seed.ts serves it: Gmail enforces Trusted Types, so does its fixture. */
const GMAIL_CSP = "require-trusted-types-for 'script'; trusted-types 'none'";
const WEBMAIL_PANEL = '[data-account-lens="webmail-panel"]';

/** The WebExtension APIs these tests call in an extension page. */
type Firefox = {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  storage: { session: { get(k: string): Promise<{ panelAccount?: { accountId?: string } }> } };
  sidebarAction: { isOpen(details: object): Promise<boolean> };
};

const TEAM = ['Anna Schmidt', 'Ben Müller', 'Clara Weber', 'David Fischer', 'Eva Wagner'];

describe('Firefox: webmail panel and quick capture', () => {
  let sites: FixtureSites;
  let ff: FirefoxBrowser;
  let extensionPage: Context;

  beforeAll(async () => {
    sites = await serveFixtureSites();
    ff = await launchFirefox({
      localHosts: LOCAL_HOSTS,
      // Gmail's address is https: answered by the test, as Chromium's routes do.
      intercept: {
        hosts: ['mail.google.com'],
        respond: (url) =>
          url.pathname.startsWith('/mail/')
            ? { body: GMAIL, headers: { 'content-security-policy': GMAIL_CSP } }
            : undefined,
      },
    });
    extensionPage = await optionsPage(ff);
    // The extension's Dexie creates the database; rows go in once it has (tests/e2e/seed.ts).
    await extensionPage.waitFor('the extension database', async () =>
      (await indexedDB.databases()).some((d) => d.name === 'account-lens'),
    );
    await putRows(asSeedPage(extensionPage), acmeBook());
  });

  afterAll(async () => {
    await ff?.close();
    await sites?.close();
  });

  it("Gmail: the sender's roles and account beside the open message, out of the page's reach", async () => {
    const page = await ff.newTab('https://mail.google.com/mail/u/0/#inbox');
    await page.evaluate(() =>
      (window as unknown as { showView(v: string): void }).showView('message'),
    );
    const frame = await frameWith(ff, page, 'webmail-frame.html', WEBMAIL_PANEL, 'the panel');
    const read = (selector: string) =>
      frame.waitFor(
        selector,
        (s) => document.querySelector(s)?.textContent,
        `${WEBMAIL_PANEL} ${selector}`,
      );
    const sender = await frame.waitFor(
      'Jane Doe as the sender',
      (s) => {
        const text = document.querySelector(s)?.textContent ?? '';
        return text.includes('Jane Doe') && text;
      },
      `${WEBMAIL_PANEL} [data-account-lens="sender"]`,
    );
    expect(sender).toContain('Technical evaluator');
    expect(sender).toContain('Supporter');
    expect(await read('[data-account-lens="account-name"]')).toBe(ACME.name);
    expect(await read('[data-account-lens="decider"]')).toBe(
      'Decision maker on this thread: Li Wei',
    );
    // The rep's data stays in the extension's frame.
    const dom = await page.evaluate(() => document.documentElement.outerHTML);
    expect(dom).not.toContain(ACME.name);
    expect(dom).not.toContain(ACME.secretNote);
    await page.close();
  });

  it('captures a team page and saves two people; the Book page opens the account in the sidebar', async () => {
    const site = await ff.newTab(sites.url('www.northwind-robotics.de', '/en/team'));
    // What the popup's "Capture from this page" sends, for the tab in front.
    const tabId = await extensionPage.evaluate(
      async (url) => {
        const ext = (globalThis as unknown as { browser: Firefox }).browser;
        // Match patterns take no port: look the tab up by its whole address.
        const tab = (await ext.tabs.query({})).find((t) => t.url === url);
        return tab?.id;
      },
      sites.url('www.northwind-robotics.de', '/en/team'),
    );
    expect(tabId).toBeTypeOf('number');
    await askBackground(asSeedPage(extensionPage), { type: 'capturePage', tabId });
    const preview = await previewWindow(ff);
    const names = await preview.waitFor('five people in the preview', () => {
      const rows = [...document.querySelectorAll('li.candidate .candidate-name')];
      return rows.length === 5 && rows.map((r) => r.textContent ?? '');
    });
    for (const name of TEAM) expect(names.some((n) => n.includes(name))).toBe(true);

    // Everyone found starts ticked: untick three, keep two.
    await preview.evaluate(
      (drop) => {
        for (const row of document.querySelectorAll('li.candidate')) {
          const name = row.querySelector('.candidate-name')?.textContent ?? '';
          if (drop.some((d) => name.includes(d))) {
            (row.querySelector('input[type="checkbox"]') as HTMLInputElement).click();
          }
        }
      },
      ['Clara Weber', 'David Fischer', 'Eva Wagner'],
    );
    await preview.waitFor('the save button for two', () => {
      const button = document.querySelector('.save-bar button.primary') as HTMLButtonElement;
      if (button?.textContent !== 'Save 2 contacts' || button.disabled) return false;
      button.click();
      return true;
    });
    const saved = await preview.waitFor('the saved summary', () =>
      document.querySelector('.saved-result p.saved')?.textContent?.startsWith('Saved 2 contacts')
        ? document.querySelector('.saved-result p.saved')?.textContent
        : undefined,
    );
    expect(saved).toContain('Northwind Robotics GmbH');
    const contacts = await readAll(asSeedPage(extensionPage), 'contacts');
    expect(
      contacts
        .map((c) => c.name)
        .filter((n) => TEAM.includes(String(n)))
        .sort(),
    ).toEqual(['Anna Schmidt', 'Ben Müller']);

    // "Open in the side panel": Firefox's sidebar opens only in the window of the click, and the
    // preview is a popup window, which has none: the panel's page opens in a tab instead.
    const accountId = await preview.evaluate(() =>
      document.querySelector('button.open-panel')?.getAttribute('data-account-id'),
    );
    await preview.click('button.open-panel');
    await poll('the account in a tab', async () =>
      (await ff.tabs()).some((t) => t.url === ff.url(`sidepanel.html?account=${accountId}`)),
    );

    // From a tab of a browser window (the Book page), the same helper opens Firefox's sidebar,
    // in the focused window: the preview's popup is closed first, as the rep would.
    await preview.close();
    const book = await ff.newTab(ff.url('book.html#accounts'));
    const row = `button.grid-row[data-account-id="${accountId}"]`;
    await book.waitFor('the account in the book', (s) => document.querySelector(s), row);
    await book.click(row);
    await poll('the sidebar open on the saved account', () =>
      book.evaluate(async (id) => {
        const ext = (globalThis as unknown as { browser: Firefox }).browser;
        const { panelAccount } = await ext.storage.session.get('panelAccount');
        return (await ext.sidebarAction.isOpen({})) && panelAccount?.accountId === id;
      }, accountId),
    );
    await book.close();
    await site.close();
  });
});

/** The capture preview the background opens (`capture.html?session=…`). */
async function previewWindow(ff: FirefoxBrowser): Promise<Context> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const tab = (await ff.tabs()).find((t) => t.url.includes('/capture.html?session='));
    if (tab) {
      await tab.context.waitFor('the preview page', () => document.readyState === 'complete');
      return tab.context;
    }
    if (performance.now() > deadline) throw new Error('no capture preview opened');
    await new Promise((ok) => setTimeout(ok, 25)); // polling, not waiting for time
  }
}
