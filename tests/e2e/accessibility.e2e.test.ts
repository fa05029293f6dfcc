/**
 * Accessibility of every extension page, checked by axe-core in Chromium with the built
 * extension: the popup, the side panel, the options page (before and after joining), the Book
 * page's four views, the import wizard, the capture preview, and the frames the extension draws on web pages (the
 * overlay's badge and panel, the webmail message and compose panels). Each page is opened over
 * realistic seeded data, in English and in Chinese, in light and in dark (colour contrast), and
 * any serious or critical violation fails the test with the rule, the elements and what to fix.
 */
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acmeBook, ACME as MAIL_ACME, routeWebmail, WEBMAIL_HOSTS } from '../webmail/e2e-seed.ts';
import { checkBothSchemes, report } from './axe.ts';
import { bookFixture } from './book-seed.ts';
import {
  clickToolbarButton,
  nextPreview,
  openPopupFor,
  routeCaptureSites,
  TEAM_URL,
} from './capture-browser.ts';
import { composeFrame, overlayFrame, webmailFrame } from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { ACME, acmeRows, routeSites, SITE_HOSTS } from './overlay-seed.ts';
import { account, contact, openPage } from './popup-seed.ts';
import {
  eventually,
  installOptionsPage,
  openExtensionPage,
  putRows,
  readAll,
  seed,
} from './seed.ts';
import { fullAccount } from './sidepanel-seed.ts';
import { joinThroughOptions, launchRep, until } from './sync-browser.ts';
import { seedTeam, startRestartableServer } from './sync-server.ts';

/** English (the browser's default here) and Chinese. */
const LOCALES = [undefined, 'zh-CN'] as const;
type Locale = (typeof LOCALES)[number];
const name = (locale: Locale) => locale ?? 'en';

/** Two browsers a test, one after the other, on a busy machine. */
const TIMEOUT = 240_000;

type Targets = readonly (readonly [string, Page | Frame])[];

/**
 * Run `check` in a fresh browser per locale, closing each; all the violations it found.
 * `check` returns the violations of its page.
 */
async function inEachLocale(
  options: { allowHosts?: readonly string[] },
  check: (browser: ExtensionBrowser, locale: Locale) => Promise<string[]>,
): Promise<string[]> {
  const found: string[] = [];
  for (const locale of LOCALES) {
    const browser = await launchWithExtension({
      ...(locale ? { locale } : {}),
      ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    });
    try {
      found.push(...(await check(browser, locale)));
    } finally {
      await browser.close();
    }
  }
  return found;
}

/** One page, checked as it is now, in light and dark. */
const checkPage = (page: Page, where: string, locale: Locale) =>
  checkBothSchemes(page, `${where} [${name(locale)}]`, async (): Promise<Targets> => [['', page]]);

/** The title of the iframe that shows `frame` (in the page's closed shadow root). */
async function frameTitle(frame: Frame): Promise<string | null> {
  const element = await frame.frameElement();
  return element.getAttribute('title');
}

describe('accessibility (axe-core: no serious or critical violations)', () => {
  it('the popup has no serious accessibility problems, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const acme = account({ name: 'Acme Robotics', domains: ['www.acme-robotics.com'] });
    const huawei = account({ name: '华为技术有限公司', domains: ['huawei.com'] });
    const contacts = [
      contact({ accountId: acme.id, name: 'Jane Doe', emails: ['jane.doe@acme-robotics.com'] }),
      contact({
        accountId: huawei.id,
        name: '王小明',
        title: '采购经理',
        emails: ['xm.wang@huawei.com'],
      }),
    ];
    const found = await inEachLocale({}, async (browser, locale) => {
      const popup = await openPage(browser, 'popup.html');
      await seed(popup, { accounts: [acme, huawei], contacts });
      await popup.reload();
      const violations: string[] = [];
      // Search results.
      await popup.getByRole('searchbox').fill('acme');
      const results = popup.locator('.results .result');
      await eventually(() => results.count()).toBe(2);
      violations.push(...(await checkPage(popup, 'popup, search results', locale)));
      // An account chosen: its card, the quick note, the side panel button.
      await results.first().click();
      await popup.locator(`.account-card[data-account-id="${acme.id}"] h2`).waitFor();
      violations.push(...(await checkPage(popup, 'popup, account card', locale)));
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the popup on a company site with no account (add it, capture) has no serious accessibility problems, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({}, async (browser, locale) => {
      await routeCaptureSites(browser.context);
      await openExtensionPage(browser);
      const site = await browser.context.newPage();
      await site.goto(TEAM_URL);
      await clickToolbarButton(browser, site);
      const popup = await openPopupFor(browser, site);
      await popup.locator('.add-account').waitFor();
      await popup.locator('button.capture-page').waitFor();
      return checkPage(popup, 'popup, add account', locale);
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the side panel has no serious accessibility problems, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({}, async (browser, locale) => {
      const full = fullAccount();
      const page = await openPage(browser, `sidepanel.html?account=${full.accountId}`);
      await page.setViewportSize({ width: 420, height: 900 });
      await seed(page, full.rows);
      await page.reload();
      await eventually(() => page.locator('#account-name').textContent()).toBe(full.name);
      await eventually(() => page.locator('[data-contact-id]').count()).toBe(3);
      // Every section unfolded, so every card and control is checked.
      const folded = page.locator('.fold-toggle[aria-expanded="false"]');
      for (let n = await folded.count(); n > 0; n--) await folded.first().click();
      await eventually(() => folded.count()).toBe(0);
      const violations = await checkPage(page, 'side panel, read-only', locale);
      // A contact being edited: its fields and role checkboxes.
      const card = page.locator(`[data-contact-id="${full.contactIds[0]}"]`);
      await card.locator('button.edit').first().click();
      await eventually(() => card.locator('input[type="checkbox"]').count()).not.toBe(0);
      violations.push(...(await checkPage(page, 'side panel, editing a contact', locale)));
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the options page has no serious accessibility problems before and after joining, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    // Before joining: the page the extension opens on install.
    const found = await inEachLocale({}, async (browser, locale) => {
      const options = await installOptionsPage(browser);
      await options.locator('form.join').waitFor();
      return checkPage(options, 'options, not joined', locale);
    });
    // Joined to a team (one locale: the same page with the other strings was checked above).
    const server = await startRestartableServer();
    try {
      const team = await seedTeam(server, {
        teamName: 'Sales East',
        accountName: 'Acme Robotics',
        domain: 'acme-robotics.com',
        browsers: 1,
      });
      const rep = await launchRep('Alice');
      try {
        await joinThroughOptions(rep, {
          serverUrl: server.url,
          inviteCode: team.invites[0] ?? '',
          teamName: team.teamName,
        });
        found.push(...(await checkPage(rep.options, 'options, joined', undefined)));
      } finally {
        await rep.browser.close();
      }
    } finally {
      await server.dispose();
    }
    expect(found, report(found)).toEqual([]);
  });

  it('the Book page has no serious accessibility problems in any view, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({}, async (browser, locale) => {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(browser.url('book.html#today'));
      await page.setViewportSize({ width: 1280, height: 860 });
      const clientId = async () =>
        (await readAll(page, 'meta')).find((m) => m.key === 'clientId')?.value as
          | string
          | undefined;
      if (!(await until(async () => (await clientId()) !== undefined, 10_000))) {
        throw new Error('the Book page never made a client id');
      }
      await putRows(page, bookFixture((await clientId()) as string).rows);
      await page.reload();
      const violations: string[] = [];
      // Each view at its own address, once its content is drawn.
      const views = [
        ['today', '.day-group'],
        ['accounts', '[data-shown]'],
        ['pyramid', '[data-chart] svg'],
        ['pipeline', '[data-chart] svg'],
      ] as const;
      for (const [view, drawn] of views) {
        await page.goto(browser.url(`book.html#${view}`));
        await page.locator(drawn).first().waitFor();
        violations.push(...(await checkPage(page, `Book page, ${view}`, locale)));
      }
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the import wizard has no serious accessibility problems at its columns and preview, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    // A deals file: its columns, the table of stage words, a row left out, the rows to save.
    const deals = [
      'Deal Name,Company,Deal Stage,Amount,Close Date',
      'Line 3 retrofit,Acme Robotics,Negotiation,50000,2027-03-31',
      'Spare parts,Acme Robotics,Closed Lost,9000,2027-01-15',
      'Pilot,Nordwerk Logistik SE,Whatever stage,abc,2027-02-01',
    ].join('\n');
    const found = await inEachLocale({}, async (browser, locale) => {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(browser.url('import.html'));
      await page.setViewportSize({ width: 1180, height: 860 });
      const violations = await checkPage(page, 'import, choose a file', locale);
      await page.locator('input[data-import-file]').setInputFiles({
        name: 'deals.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(deals),
      });
      await page.locator('[data-import-step="mapping"]').waitFor();
      violations.push(...(await checkPage(page, 'import, columns', locale)));
      await page.locator('button[data-import-preview]').click();
      await page.locator('[data-import-choices]').waitFor();
      violations.push(...(await checkPage(page, 'import, preview', locale)));
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the capture preview with the people found has no serious accessibility problems, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({}, async (browser, locale) => {
      await routeCaptureSites(browser.context);
      const extensionPage = await openExtensionPage(browser);
      // The company is an account with one person saved already: new and saved rows, the
      // footer's phone offered for the account file.
      const northwind = account({
        name: 'Northwind Robotics GmbH',
        domains: ['northwind-robotics.de'],
      });
      const anna = contact({
        accountId: String(northwind.id),
        name: 'Anna Schmidt',
        title: 'Chief Executive Officer',
        emails: ['anna.schmidt@northwind-robotics.de'],
        phones: ['+498912345601'],
        roles: ['decisionMaker'],
        attitude: 'champion',
      });
      await putRows(extensionPage, { accounts: [northwind], contacts: [anna] });
      const site = await browser.context.newPage();
      await site.goto(TEAM_URL);
      await clickToolbarButton(browser, site);
      const popup = await openPopupFor(browser, site);
      const violations = await checkPage(popup, 'popup, on an account’s site', locale);
      const opened = nextPreview(browser);
      await popup.locator('button.capture-page').click();
      const preview = await opened;
      await popup.close().catch(() => undefined);
      await eventually(() => preview.locator('li.candidate').count()).toBe(5);
      await eventually(() =>
        preview
          .locator('li.candidate')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
      ).toContain('saved');
      violations.push(...(await checkPage(preview, 'capture preview', locale)));
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it("the overlay's badge and panel on a company's site have no serious accessibility problems, light and dark", {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({ allowHosts: SITE_HOSTS }, async (browser, locale) => {
      await routeSites(browser.context);
      const extensionPage = await openExtensionPage(browser);
      const rows = acmeRows();
      await putRows(extensionPage, rows);
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`https://www.${ACME.domain}/`);
      const badge = await overlayFrame(page);
      const violations: string[] = [];
      if (!(await frameTitle(badge))) violations.push('overlay frame: the iframe has no title');
      violations.push(
        ...(await checkBothSchemes(page, `overlay [${name(locale)}]`, async () => [
          ['badge', await overlayFrame(page)],
        ])),
      );
      await badge.locator('[data-account-lens="badge"]').click();
      await badge.locator('[data-account-lens="panel"]').waitFor();
      await badge.locator('[data-account-lens="quick-note"]').waitFor();
      violations.push(
        ...(await checkBothSchemes(page, `overlay [${name(locale)}]`, async () => [
          ['panel', await overlayFrame(page)],
        ])),
      );
      // A tier computed in this browser, not yet by the server: the "not yet synced" tag.
      const insight = { ...(rows.account_insights?.[0] ?? {}), local: true };
      await putRows(extensionPage, { account_insights: [insight] });
      await page.reload();
      await (await overlayFrame(page)).locator('[data-account-lens="badge"] .local').waitFor();
      violations.push(
        ...(await checkBothSchemes(page, `overlay [${name(locale)}]`, async () => [
          ['badge, tier not yet synced', await overlayFrame(page)],
        ])),
      );
      // An account nobody is known at (the news site's, here): the panel offers "Capture from
      // this page" and "Add contact".
      await putRows(extensionPage, {
        accounts: [account({ name: 'Industry News', domains: ['industry-news.example'] })],
      });
      const news = await browser.context.newPage();
      news.setDefaultTimeout(10_000);
      await news.goto('https://www.industry-news.example/');
      const empty = await overlayFrame(news);
      await empty.locator('[data-account-lens="badge"]').click();
      await empty.locator('[data-account-lens="no-contacts"]').waitFor();
      violations.push(
        ...(await checkBothSchemes(news, `overlay [${name(locale)}]`, async () => [
          ['panel, no contacts, tier not yet synced', await overlayFrame(news)],
        ])),
      );
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });

  it('the webmail panels beside an e-mail and while writing one have no serious accessibility problems, light and dark', {
    timeout: TIMEOUT,
  }, async () => {
    const found = await inEachLocale({ allowHosts: WEBMAIL_HOSTS }, async (browser, locale) => {
      await routeWebmail(browser.context);
      const extensionPage = await openExtensionPage(browser);
      await putRows(extensionPage, acmeBook());
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto('https://mail.google.com/mail/u/0/#inbox');
      await page.evaluate(() =>
        (window as unknown as { showView(v: string): void }).showView('message'),
      );
      const message = await webmailFrame(page);
      await eventually(() =>
        message.locator('[data-account-lens="account-name"]').textContent(),
      ).toBe(MAIL_ACME.name);
      const violations: string[] = [];
      if (!(await frameTitle(message))) violations.push('webmail frame: the iframe has no title');
      violations.push(
        ...(await checkBothSchemes(page, `webmail [${name(locale)}]`, async () => [
          ['message panel', await webmailFrame(page)],
        ])),
      );
      await page.evaluate(() => (window as unknown as { openCompose(): void }).openCompose());
      const compose = await composeFrame(page);
      await eventually(() => compose.locator('[data-warning]').count()).toBe(2);
      violations.push(
        ...(await checkBothSchemes(page, `webmail [${name(locale)}]`, async () => [
          ['compose panel', await composeFrame(page)],
        ])),
      );
      return violations;
    });
    expect(found, report(found)).toEqual([]);
  });
});
