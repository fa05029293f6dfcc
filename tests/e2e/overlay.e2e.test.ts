import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Opportunity } from '../../shared/index.ts';
import {
  closeSidePanels,
  nextPreview,
  openSidePanels,
  routeCaptureSites,
  TEAM_URL,
} from './capture-browser.ts';
import { OVERLAY_HOST, overlayFrame } from './extension-frame.ts';
import { EXTENSION_DIR, type ExtensionBrowser, launchWithExtension } from './harness.ts';
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
import { account as accountRow, openPage } from './popup-seed.ts';
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

/** The side panel's choice of account (session storage, ui/tabs.ts panelAccountItem). */
function panelChoiceOf(b: ExtensionBrowser): Promise<{ accountId?: string; form?: string } | null> {
  return b.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
    };
    const { panelAccount } = await chrome.storage.session.get('panelAccount');
    return (panelAccount ?? null) as { accountId?: string; form?: string } | null;
  });
}

describe("the overlay's panel: open deals, the side panel, an account nobody is known at", () => {
  let browser: ExtensionBrowser;
  let extensionPage: Page;
  const now = Date.now();
  // Noon UTC, so the date reads the same in any time zone the browser may have.
  const closeAt = Date.UTC(2027, 2, 15, 12);
  const deal = (fields: Record<string, unknown>) =>
    Opportunity.parse({
      id: ulid(),
      createdAt: now,
      accountId: ACME.accountId,
      currency: 'USD',
      stageChangedAt: now,
      ...fields,
    });
  // Northwind's team page (the capture fixture) is the site of an account with no contacts,
  // whose tier this browser computed (no insight from the server yet).
  const northwind = accountRow({
    name: 'Northwind Robotics GmbH',
    domains: ['northwind-robotics.de'],
  });

  // The build, with Northwind's site among its granted hosts: as if the rep had answered
  // Chrome's "read this site?" with Allow, which the overlay's "Capture from this page" asks
  // first (a click in the overlay's frame grants no activeTab; a test cannot click the prompt).
  const extensionDir = mkdtempSync(join(tmpdir(), 'account-lens-overlay-'));

  beforeAll(async () => {
    cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
    const manifestFile = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      host_permissions: string[];
    };
    manifest.host_permissions.push('https://www.northwind-robotics.de/*');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    browser = await launchWithExtension({
      extensionDir,
      allowHosts: [...SITE_HOSTS, 'www.northwind-robotics.de'],
    });
    await routeSites(browser.context);
    await routeCaptureSites(browser.context);
    extensionPage = await openExtensionPage(browser);
    const rows = acmeRows(now);
    await putRows(extensionPage, {
      ...rows,
      accounts: [...(rows.accounts ?? []), northwind],
      opportunities: [
        ...(rows.opportunities ?? []),
        deal({
          name: 'Gripper upgrade',
          stage: 'negotiation',
          amount: 80_000,
          currency: 'EUR',
          expectedCloseAt: closeAt,
        }),
        deal({ name: 'Service renewal', stage: 'afterSales', amount: 500_000 }),
        deal({ name: 'Welding cell', stage: 'presentation', amount: 900_000, lostAt: now }),
        ...[1, 2, 3, 4, 5].map((n) =>
          deal({ name: `Spare parts ${n}`, stage: 'identify', amount: n * 1_000 }),
        ),
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(extensionDir, { recursive: true, force: true });
  });

  async function openPanel(url: string) {
    const page = await browser.context.newPage();
    await page.goto(url);
    const frame = await overlayFrame(page);
    await frame.locator(BADGE).click();
    await poll(() => frame.locator(PANEL).isVisible()).toBe(true);
    return { page, frame, panel: frame.locator(PANEL) };
  }

  it('lists the open deals, largest first, with stage, amount and close date; not the won or lost ones', async () => {
    const { page, panel } = await openPanel('https://www.acme-robotics.com/');
    const deals = panel.locator('[data-account-lens="deals"] li');
    await poll(() => deals.count()).toBe(5);
    const texts = await deals.allTextContents();
    expect(texts[0]).toContain('Line 4 arms');
    expect(await deals.nth(0).locator('[data-fact="stage"]').textContent()).toBe('Presentation');
    expect(await deals.nth(0).locator('[data-fact="amount"]').textContent()).toBe('$120,000');
    expect(await deals.nth(0).locator('[data-fact="close"]').textContent()).toBe('no close date');
    expect(texts[1]).toContain('Gripper upgrade');
    expect(await deals.nth(1).locator('[data-fact="stage"]').textContent()).toBe('Negotiation');
    expect(await deals.nth(1).locator('[data-fact="amount"]').textContent()).toBe('€80,000');
    expect(await deals.nth(1).locator('[data-fact="close"]').textContent()).toBe(
      'closes Mar 15, 2027',
    );
    expect(texts.slice(2).map((t) => t.split('$')[0])).toEqual([
      'Spare parts 5',
      'Spare parts 4',
      'Spare parts 3',
    ]);
    const all = (await panel.locator('[data-account-lens="deals"]').textContent()) ?? '';
    expect(all).not.toContain('Service renewal');
    expect(all).not.toContain('Welding cell');
    expect(all).toContain('and 2 more in the side panel');
    // Acme has contacts: no capture or add-contact offer.
    expect(await panel.locator('[data-account-lens="no-contacts"]').count()).toBe(0);
    await page.close();
  });

  it('"Open in side panel" opens the side panel on this account', async () => {
    const { page, panel } = await openPanel('https://www.acme-robotics.com/');
    await panel.getByRole('button', { name: 'Open in side panel' }).click();
    await poll(async () => (await panelChoiceOf(browser))?.accountId).toBe(ACME.accountId);
    expect((await panelChoiceOf(browser))?.form).toBeUndefined();
    await poll(async () => (await openSidePanels(browser)).length).toBe(1);
    expect(await panel.locator('.error').count()).toBe(0);
    await page.close();
    await closeSidePanels(browser);
  });

  it('says "not yet synced" for a tier this browser computed, with what it means, on the badge and in the panel', async () => {
    const page = await browser.context.newPage();
    await page.goto(TEAM_URL);
    const frame = await overlayFrame(page);
    const hint = "A preview computed in this browser until the server segments the team's accounts";
    const tag = frame.locator(`${BADGE} [data-account-lens="local"]`);
    await poll(() => tag.textContent()).toBe('not yet synced');
    expect(await tag.getAttribute('title')).toBe(hint);
    expect(await frame.locator(BADGE).getAttribute('aria-label')).toBe(
      'Northwind Robotics GmbH: Not yet tiered not yet synced account. Open Account Lens',
    );
    await frame.locator(BADGE).click();
    const inPanel = frame.locator(
      `${PANEL} [data-account-lens="tier"] [data-account-lens="local"]`,
    );
    await poll(() => inPanel.textContent()).toBe('not yet synced');
    expect(await inPanel.getAttribute('title')).toBe(hint);
    await page.close();
  });

  it('offers "Capture from this page" on an account with no contacts: the preview opens with the page\'s people', async () => {
    const { page, panel } = await openPanel(TEAM_URL);
    const offer = panel.locator('[data-account-lens="no-contacts"]');
    await poll(() => offer.count()).toBe(1);
    expect(await panel.locator('[data-account-lens="deals"]').textContent()).toContain(
      'No open deals.',
    );
    const preview = nextPreview(browser);
    await offer.getByRole('button', { name: 'Capture from this page' }).click();
    const capture = await preview;
    await poll(() => capture.locator('li.candidate').count()).toBe(5);
    // The page's company is the account the badge is for.
    await poll(() => capture.locator('section.account').textContent()).toContain(
      'Northwind Robotics GmbH',
    );
    expect(await panel.locator('.error').count()).toBe(0);
    await capture.close();
    await page.close();
  });

  it('offers "Add contact" on an account with no contacts: the side panel opens on it with the form open', async () => {
    const { page, panel } = await openPanel(TEAM_URL);
    const offer = panel.locator('[data-account-lens="no-contacts"]');
    await offer.getByRole('button', { name: 'Add contact' }).click();
    await poll(() => panelChoiceOf(browser)).toMatchObject({
      accountId: northwind.id,
      form: 'addContact',
    });
    await poll(async () => (await openSidePanels(browser)).length).toBe(1);
    // The side panel as a page Playwright can read, opened just after the choice (as the
    // browser's own side panel reads it): the account, with "Add contact" open.
    const side = await openPage(browser, 'sidepanel.html');
    await poll(() => side.locator('article[data-account-id]').getAttribute('data-account-id')).toBe(
      northwind.id,
    );
    const toggle = side.getByRole('button', { name: 'Add contact' });
    await poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await poll(() => side.locator('#new-contact-name').isVisible()).toBe(true);
    await side.close();
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
    expect(text).toContain('进行中的商机');
    expect(
      await panel.locator('[data-account-lens="deals"] [data-fact="stage"]').allTextContents(),
    ).toEqual(['产品推介']);
    expect(await panel.locator('[data-account-lens="open-side-panel"]').textContent()).toBe(
      '在侧边栏中打开',
    );
  });
});
