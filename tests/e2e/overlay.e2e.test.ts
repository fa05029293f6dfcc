import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERLAY_HOST, overlayFrame } from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import {
  ACME,
  acmeRows,
  addedNodesAfter,
  recordAddedNodes,
  routeSites,
  SITE_HOSTS,
  XSS_NAME,
  XSS_NOTE,
} from './overlay-seed.ts';
import { askBackground, openExtensionPage, putRows } from './seed.ts';

// Conditions, not sleeps: generous, because two other Chromium runs may share the two cores.
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

// Inside the overlay's extension frame (tests/e2e/extension-frame.ts).
const BADGE = '[data-account-lens="badge"]';
const PANEL = '[data-account-lens="panel"]';

describe('account overlay on web pages', () => {
  let browser: ExtensionBrowser;
  let extensionPage: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchWithExtension({ allowHosts: SITE_HOSTS });
    await routeSites(browser.context);
    extensionPage = await openExtensionPage(browser);
    await putRows(extensionPage, acmeRows());
    browser.context.on('page', (p) =>
      p.on('dialog', (d) => void dialogs.push(d.message()).valueOf()),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await recordAddedNodes(page);
    await page.goto(url);
    return page;
  }

  it("shows the badge on the account's www site and on its subdomains, with name and tier", async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await poll(() => frame.locator(BADGE).isVisible()).toBe(true);
    const text = await frame.locator(BADGE).textContent();
    expect(text).toContain(ACME.name);
    expect(text).toContain('Key');
    // The page's `* { color: magenta !important }` and `button { display: none }` stay outside.
    const color = await frame.locator(BADGE).evaluate((badge) => getComputedStyle(badge).color);
    expect(color).toBe('rgb(255, 255, 255)');
    expect(await page.locator(OVERLAY_HOST).count()).toBe(1);
    // The page sees a host with a closed root: no badge, no text.
    expect(
      await page.locator(OVERLAY_HOST).evaluate((host) => [host.shadowRoot, host.textContent]),
    ).toEqual([null, '']);
    // In the page's corner, and the frame is as big as the badge whatever the account.
    const box = await page.locator(OVERLAY_HOST).boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && [viewport.width - box.x - box.width, box.width, box.height]).toEqual([
      8, 272, 50,
    ]);

    const shop = await open('https://shop.acme-robotics.com/products');
    await poll(async () => (await overlayFrame(shop)).locator(BADGE).isVisible()).toBe(true);
    await page.close();
    await shop.close();
  });

  it('adds nothing to an unrelated page or to a free-mail provider stored as a domain', async () => {
    for (const url of ['https://www.industry-news.example/', 'https://www.gmail.com/']) {
      const page = await open(url);
      const before = await page.evaluate(() => document.documentElement.outerHTML.length);
      expect(await addedNodesAfter(page, extensionPage)).toEqual([]);
      expect(await page.locator(OVERLAY_HOST).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.outerHTML.length)).toBe(before);
      await page.close();
    }
  });

  it('expands into the panel: strategy, status, committee with gaps, actions, notes', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).click();
    const panel = frame.locator(PANEL);
    await poll(() => panel.locator('[data-account-lens="strategy"]').textContent()).toContain(
      'Dedicated resources',
    );
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Current');
    expect(text).toContain('Middle');
    expect(text).toContain('Jane Doe');
    expect(text).toContain('Technical evaluator');
    expect(
      await panel
        .locator('[data-gap]')
        .evaluateAll((g) => g.map((e) => e.getAttribute('data-gap'))),
    ).toEqual(['noDecisionMaker', 'noChampion', 'opponentActive']);
    expect(await panel.locator('[data-account-lens="actions"] li').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('renders a hostile contact name and note as text and runs nothing', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).click();
    const panel = frame.locator(PANEL);
    await poll(() => panel.locator('.note-body').first().textContent()).toBe(XSS_NOTE);
    expect(await panel.locator('.person').allTextContents()).toContain(XSS_NAME);
    expect(await frame.locator('img, b').count()).toBe(0);
    expect(await panel.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('saves a quick note with Ctrl+Enter and shows it; a note written elsewhere appears live', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).press('Enter');
    const box = frame.locator('[data-account-lens="quick-note"]');
    await box.fill('Call back Tuesday about line 4');
    await box.press('Control+Enter');
    const notes = frame.locator('[data-account-lens="notes"] .note-body');
    await poll(() => notes.allTextContents()).toContain('Call back Tuesday about line 4');
    expect(await box.inputValue()).toBe('');

    // Written by another part of the extension (as the sync client applies a teammate's note).
    await askBackground(extensionPage, {
      type: 'addNote',
      accountId: ACME.accountId,
      body: 'Teammate: budget approved',
    });
    await poll(() => notes.allTextContents()).toContain('Teammate: budget approved');
    await page.close();
  });

  it('marks an action done and it leaves the list', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).click();
    const first = frame.locator('[data-account-lens="actions"] li').first();
    await poll(() => first.count()).toBe(1);
    const title = await first.locator('.title').textContent();
    await first.getByRole('button', { name: 'Done' }).click();
    await poll(() =>
      frame.locator('[data-account-lens="actions"] .title').allTextContents(),
    ).not.toContain(title);
    await page.close();
  });

  it('opens by keyboard with the focus in the panel, closes with Escape back to the badge, and looks up again on SPA navigation', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    const host = page.locator(OVERLAY_HOST);
    const closed = await host.boundingBox();
    // From the page, Tab reaches the badge inside the frame; Enter opens the panel.
    await page.locator('a[href="/team"]').focus();
    await page.keyboard.press('Tab');
    await poll(() =>
      frame.locator(BADGE).evaluate((b) => b === document.activeElement && document.hasFocus()),
    ).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => frame.locator(PANEL).isVisible()).toBe(true);
    // The focus moved into the panel (its heading), and the frame took the panel's size.
    await poll(() =>
      frame.locator(`${PANEL} h2`).evaluate((h) => h === document.activeElement),
    ).toBe(true);
    await poll(async () => (await host.boundingBox())?.height ?? 0).toBeGreaterThan(
      (closed?.height ?? 0) + 100,
    );
    await page.keyboard.press('Escape');
    await poll(() => frame.locator(PANEL).count()).toBe(0);
    expect(
      await frame
        .locator(BADGE)
        .evaluate((b) => b === document.activeElement && document.hasFocus()),
    ).toBe(true);
    await poll(async () => (await host.boundingBox())?.height).toBe(closed?.height);
    await page.evaluate(() => history.pushState({}, '', '/about'));
    await poll(() => frame.locator(BADGE).isVisible()).toBe(true);
    expect(await page.locator(OVERLAY_HOST).count()).toBe(1);
    // Switched off elsewhere (the popup), then an SPA navigation: the new lookup removes it.
    await askBackground(extensionPage, {
      type: 'setSiteEnabled',
      hostname: 'www.acme-robotics.com',
      enabled: false,
    });
    await page.locator('#spa-nav').evaluate((b) => (b as HTMLButtonElement).click());
    await poll(() => page.locator(OVERLAY_HOST).count()).toBe(0);
    await askBackground(extensionPage, {
      type: 'setSiteEnabled',
      hostname: 'www.acme-robotics.com',
      enabled: true,
    });
    await page.close();
  });

  it('"never show on this site" hides it, also after a reload', async () => {
    const page = await open('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).click();
    await frame.locator('[data-account-lens="hide-site"]').click();
    await poll(() => page.locator(OVERLAY_HOST).count()).toBe(0);
    await page.reload();
    const state = await askBackground<{ siteEnabled: boolean }>(extensionPage, {
      type: 'siteState',
      hostname: 'www.acme-robotics.com',
    });
    expect(state.siteEnabled).toBe(false);
    expect(await addedNodesAfter(page, extensionPage)).toEqual([]);
    expect(await page.locator(OVERLAY_HOST).count()).toBe(0);
    await page.close();
  });
});

describe('account overlay in Chinese', () => {
  let browser: ExtensionBrowser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('shows Chinese labels when the browser speaks Chinese', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN', allowHosts: SITE_HOSTS });
    await routeSites(browser.context);
    const extensionPage = await openExtensionPage(browser);
    await putRows(extensionPage, acmeRows());
    const page = await browser.context.newPage();
    await page.goto('https://www.acme-robotics.com/');
    const frame = await overlayFrame(page);
    const badge = frame.locator(BADGE);
    await poll(() => badge.textContent()).toContain('重要客户');
    await badge.click();
    const panel = frame.locator(PANEL);
    await poll(() => panel.textContent()).toContain('采购决策小组');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('下一步行动');
    expect(text).toContain('现实客户');
    expect(text).toContain('在此网站上不再显示');
  });
});
