/**
 * The Book page in Chromium with the built extension: Today across the book, the accounts
 * table, the pyramid and the pipeline, checked against the shared domain code, in English and
 * Chinese. Each view is also saved as a screenshot for the README (docs/screenshots/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, forecast } from '../../shared/index.ts';
import { Client } from '../server/helpers.ts';
import { type BookFixture, bookFixture } from './book-seed.ts';
import { openSidePanels, panelChoice } from './capture-browser.ts';
import { overlayFrame } from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { routeSites, SITE_HOSTS } from './overlay-seed.ts';
import { openPage } from './popup-seed.ts';
import { eventually, putRows, readAll } from './seed.ts';
import { joinThroughOptions, launchRep, type Rep, until } from './sync-browser.ts';
import { type RestartableServer, seedTeam, startRestartableServer } from './sync-server.ts';

const SHOTS = 'docs/screenshots';
mkdirSync(SHOTS, { recursive: true });

/** Open the Book page, seed the fixture owned by this browser's rep, and reload. */
async function openSeededBook(
  browser: ExtensionBrowser,
  view = 'today',
): Promise<{ page: Page; book: BookFixture }> {
  // The install-time options tab first (launchWithExtension waits for it), then ours.
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(browser.url(`book.html#${view}`));
  await page.setViewportSize({ width: 1280, height: 860 });
  const clientId = async () =>
    (await readAll(page, 'meta')).find((m) => m.key === 'clientId')?.value as string | undefined;
  // The page makes this browser's client id on its first start; the fixture's owner is it.
  if (!(await until(async () => (await clientId()) !== undefined, 10_000))) {
    throw new Error('the Book page never made a client id');
  }
  const book = bookFixture((await clientId()) as string);
  await putRows(page, book.rows);
  await page.reload();
  return { page, book };
}

const groups = (page: Page) =>
  page.locator('.day-group').evaluateAll((g) => g.map((e) => e.getAttribute('data-group')));
const actionKeys = (page: Page, group: string) =>
  page
    .locator(`.day-group[data-group="${group}"] li`)
    .evaluateAll((li) => li.map((e) => e.getAttribute('data-action-key') ?? ''));
const accountsOf = (page: Page) =>
  page
    .locator('.today li[data-account-id]')
    .evaluateAll((li) => li.map((e) => e.getAttribute('data-account-id') ?? ''));
const shownCount = async (page: Page) =>
  Number(await page.locator('[data-shown]').getAttribute('data-shown'));

describe('the Book page', () => {
  let browser: ExtensionBrowser;
  let page: Page;
  let book: BookFixture;

  beforeAll(async () => {
    browser = await launchWithExtension({ allowHosts: SITE_HOSTS });
    await routeSites(browser.context);
    ({ page, book } = await openSeededBook(browser));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Today lists the actions of several accounts: overdue first, then by priority and due date', async () => {
    await page.locator('select[data-filter="whose"]').selectOption('team');
    await eventually(() => groups(page)).toEqual(expect.arrayContaining(['overdue', 'week']));
    const order = await groups(page);
    const canonical = ['overdue', 'today', 'week', 'later'];
    expect(order).toEqual(
      [...order].sort((a, b) => canonical.indexOf(a ?? '') - canonical.indexOf(b ?? '')),
    );
    expect(order[0]).toBe('overdue');
    // The account untouched for 200 days is overdue; the complaint on a key account comes
    // first in its group (priority 0); the task due in three days is this week.
    expect((await actionKeys(page, 'overdue')).some((k) => k.includes(book.ids.cold))).toBe(true);
    const complaintGroup = (await page
      .locator('li[data-action-key^="complaint"]')
      .evaluate((li) => li.closest('.day-group')?.getAttribute('data-group'))) as string;
    expect((await actionKeys(page, complaintGroup))[0]).toMatch(/^complaint/);
    expect(await page.locator('.day-group[data-group="week"]').textContent()).toContain(
      'Send the revised quote',
    );
    expect(new Set(await accountsOf(page)).size).toBeGreaterThan(3);
    // Priorities never go down the list within a group.
    for (const group of order) {
      const priorities = await page
        .locator(`.day-group[data-group="${group}"] li`)
        .evaluateAll((li) => li.map((e) => Number(e.getAttribute('data-priority'))));
      expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    }
    await page.screenshot({ path: `${SHOTS}/book-today.en.png` });
  });

  it("Today filters to the rep's own actions or one teammate's", async () => {
    const select = page.locator('select[data-filter="whose"]');
    await select.selectOption('mine');
    await eventually(async () => (await accountsOf(page)).includes(book.ids.cold)).toBe(false);
    expect(await accountsOf(page)).toContain(book.ids.acme);
    await select.selectOption(book.teammate);
    await eventually(async () => (await accountsOf(page)).includes(book.ids.cold)).toBe(true);
    expect(await accountsOf(page)).not.toContain(book.ids.acme);
    await select.selectOption('team');
  });

  it("Done in Today takes the action out of the account's overlay panel; Snooze hides it too", async () => {
    const site = await browser.context.newPage();
    await site.goto('https://www.acme-robotics.com/');
    const overlay = await overlayFrame(site);
    await overlay.locator('[data-account-lens="badge"]').click();
    const overlayRules = () =>
      overlay
        .locator('[data-account-lens="actions"] li')
        .evaluateAll((li) => li.map((e) => e.getAttribute('data-action')));
    await eventually(overlayRules).toContain('noChampion');

    const noChampion = page.locator(`li[data-action-key^="noChampion:${book.ids.acme}"]`);
    const group = (await noChampion.evaluate((li) =>
      li.closest('.day-group')?.getAttribute('data-group'),
    )) as string;
    const heading = page.locator(`.day-group[data-group="${group}"] h3`);
    const count = async () => Number(/\((\d+)\)/.exec((await heading.textContent()) ?? '')?.[1]);
    const before = await count();
    await noChampion.getByRole('button', { name: 'Done' }).click();
    await eventually(() => noChampion.count()).toBe(0);
    // The group's count follows without counting the book again.
    await eventually(count).toBe(before - 1);
    await eventually(overlayRules).not.toContain('noChampion');

    const cold = page.locator(`li[data-action-key^="touchCadence:${book.ids.cold}"]`);
    await cold.getByRole('button', { name: 'Snooze a week' }).click();
    await eventually(() => cold.count()).toBe(0);
    const decisions = await readAll(page, 'action_decisions');
    expect(decisions.map((d) => d.decision).sort()).toEqual(['done', 'snoozed']);
    await site.close();
  });

  it('the accounts table filters, searches, sorts and keeps only visible rows in the page', async () => {
    await page.goto(browser.url('book.html#accounts'));
    await eventually(() => shownCount(page)).toBe(31);
    const keyCount = [...(book.rows.account_insights ?? [])].filter((i) => i.tier === 'key').length;
    await page.locator('select[data-filter="tier"]').selectOption('key');
    await eventually(() => shownCount(page)).toBe(keyCount);
    expect(page.url()).toContain('tier=key');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('input[data-filter="query"]').fill('xiaoming');
    await eventually(() => shownCount(page)).toBe(1);
    expect(await page.locator('.virtual-row').textContent()).toContain('Account 05');
    await page.locator('input[data-filter="query"]').fill('');
    await page.locator('input[data-filter="pastCadence"]').check();
    await eventually(async () =>
      page
        .locator('.virtual-row [data-account-id]')
        .evaluateAll((r) => r.map((e) => e.getAttribute('data-account-id'))),
    ).toContain(book.ids.cold);
    await page.locator('input[data-filter="pastCadence"]').uncheck();
    await page.locator('input[data-filter="noDecisionMaker"]').check();
    await eventually(() => shownCount(page)).toBe(30);
    await page.locator('input[data-filter="noDecisionMaker"]').uncheck();

    // Sort by last touch, newest first: the account never touched goes last either way.
    await page.locator('button[data-sort="lastTouch"]').click();
    await page.locator('button[data-sort="lastTouch"]').click();
    expect(page.url()).toContain('sort=lastTouch');
    const first = await page.locator('.virtual-row').first().textContent();
    expect(first).not.toContain('Umbrella');
    // Virtualized: fewer rows in the DOM than accounts, and never more than 60.
    const inDom = await page.locator('.virtual-row').count();
    expect(inDom).toBeLessThan(31);
    expect(inDom).toBeLessThanOrEqual(60);
    await page.screenshot({ path: `${SHOTS}/book-accounts.en.png` });

    await page.locator(`.virtual-row [data-account-id]`).first().click();
    const clicked = await page
      .locator('.virtual-row [data-account-id]')
      .first()
      .getAttribute('data-account-id');
    await eventually(() => panelChoice(browser)).toBe(clicked);
    await eventually(async () => (await openSidePanels(browser)).length).toBe(1);
  });

  it('"Export CSV" downloads the accounts the filters show, in their order, safe to open in Excel; as a workbook; their people as vCards', async () => {
    await page.locator('a[data-view="accounts"]').click();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(() => shownCount(page)).toBe(31);
    await page.locator('select[data-filter="tier"]').selectOption('key');
    const keyCount = [...(book.rows.account_insights ?? [])].filter((i) => i.tier === 'key').length;
    await eventually(() => shownCount(page)).toBe(keyCount);
    const shownNames = await page
      .locator('.virtual-row .name')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^account-lens-accounts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await file.path()) as string, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields?.slice(0, 3)).toEqual(['Account', 'Domains', 'Tier']);
    expect(parsed.data).toHaveLength(keyCount);
    expect(parsed.data.every((r) => r.Tier === 'Major')).toBe(true);
    // The table's order: the rows the page shows first are the file's first rows.
    expect(parsed.data.slice(0, shownNames.length).map((r) => r.Account)).toEqual(shownNames);

    // The same rows as an Excel workbook.
    const [workbookFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export Excel' }).click(),
    ]);
    expect(workbookFile.suggestedFilename()).toMatch(/^account-lens-accounts-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await workbookFile.path()) as string);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(keyCount + 1);
    expect(sheet?.getRow(2).getCell(1).value).toBe(parsed.data[0]?.Account);

    // Their people as contact cards, named and placed at their account.
    const keyAccounts = new Set(
      [...(book.rows.account_insights ?? [])].filter((i) => i.tier === 'key').map((i) => i.id),
    );
    const people = [...(book.rows.contacts ?? [])].filter((c) =>
      keyAccounts.has(c.accountId as string),
    );
    expect(people.length).toBeGreaterThan(0);
    const [cards] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export contacts (vCard)' }).click(),
    ]);
    expect(cards.suggestedFilename()).toMatch(/^account-lens-contacts-.*\.vcf$/);
    const vcf = readFileSync((await cards.path()) as string, 'utf8');
    expect(vcf.match(/^BEGIN:VCARD\r$/gm)?.length ?? 0).toBe(people.length);
    for (const person of people) expect(vcf).toContain(`FN:${person.name}`);
  });

  it('the search box at the top finds a contact by part of a name and opens the account in the side panel', async () => {
    await page.goto(browser.url('book.html#pipeline'));
    const box = page.locator('.book-search input[type="search"]');
    await box.fill('小明');
    const results = page.locator('.book-search .results .result');
    await eventually(() => results.allTextContents()).toEqual([
      expect.stringMatching(/王小明.*Account 05/),
    ]);
    await results.first().click();
    const account05 = (book.rows.contacts ?? []).find((c) => c.name === '王小明')?.accountId;
    await eventually(() => panelChoice(browser)).toBe(account05);
  });

  it("the pyramid's counts are the segmentation's, and a flag opens the table filtered", async () => {
    await page.goto(browser.url('book.html#pyramid'));
    const insights = book.rows.account_insights ?? [];
    for (const tier of ['keyStrategic', 'key', 'ordinary', 'small', 'untiered']) {
      const expected = insights.filter(
        (i) => (i.tierSource === 'untiered' ? 'untiered' : i.tier) === tier,
      ).length;
      await eventually(() =>
        page.locator(`tr[data-tier="${tier}"] [data-count]`).textContent(),
      ).toBe(String(expected));
    }
    expect(await page.locator('[data-top20]').textContent()).toMatch(/top 20 % of accounts \(6\)/);
    await page.locator('[data-chart] svg').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/book-pyramid.en.png`, fullPage: true });
    await page.locator('tr[data-tier="key"] a').click();
    await eventually(() => page.url()).toContain('#accounts?tier=key');
  });

  it("the funnel's forecast per currency is forecast()'s, and stale deals are listed", async () => {
    await page.goto(browser.url('book.html#pipeline'));
    for (const f of forecast(book.opportunities, DEFAULT_SETTINGS)) {
      await eventually(() =>
        page
          .locator(`[data-currency="${f.currency}"] [data-forecast]`)
          .getAttribute('data-forecast'),
      ).toBe(String(f.forecast));
    }
    expect(await page.locator('.stale').textContent()).toContain('Pilot cell');
    expect(await page.locator('[data-by-owner] tbody tr').count()).toBe(2);
    await page.locator('[data-chart] svg').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/book-pipeline.en.png`, fullPage: true });
  });

  it('opens from the popup and from the side panel', async () => {
    for (const path of ['popup.html', `sidepanel.html?account=${book.ids.acme}`]) {
      for (const p of browser.context.pages()) if (p.url().includes('book.html')) await p.close();
      const opener = await openPage(browser, path);
      const opened = browser.context.waitForEvent('page');
      await opener.getByRole('button', { name: 'Open the book' }).click();
      const bookTab = await opened;
      await bookTab.waitForLoadState();
      expect(bookTab.url()).toBe(browser.url('book.html#today'));
      await opener.close();
    }
    page = await openPage(browser, 'book.html');
  });
});

describe('the Book page in Chinese', () => {
  let browser: ExtensionBrowser;
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every view in Chinese', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const { page } = await openSeededBook(browser);
    await eventually(() => page.locator('.book-tabs').textContent()).toBe('今日客户金字塔销售漏斗');
    await eventually(() => page.locator('.day-group h3').first().textContent()).toMatch(
      /^已逾期（\d+）$/,
    );
    await page.screenshot({ path: `${SHOTS}/book-today.zh_CN.png` });
    await page.locator('a[data-view="accounts"]').click();
    await eventually(() => page.locator('[data-shown]').textContent()).toBe(
      '共 31 个客户，显示 31 个',
    );
    await page.screenshot({ path: `${SHOTS}/book-accounts.zh_CN.png` });
    await page.locator('a[data-view="pyramid"]').click();
    await page.locator('[data-chart] svg').first().waitFor();
    expect(await page.locator('.pyramid').textContent()).toContain('前 20% 的客户');
    await page.screenshot({ path: `${SHOTS}/book-pyramid.zh_CN.png`, fullPage: true });
    await page.locator('a[data-view="pipeline"]').click();
    await page.locator('[data-chart] svg').first().waitFor();
    expect(await page.locator('.pipeline').textContent()).toContain('停滞商机');
    await page.screenshot({ path: `${SHOTS}/book-pipeline.zh_CN.png`, fullPage: true });
  });
});

describe('the Book page over sync', () => {
  let server: RestartableServer | undefined;
  let rep: Rep | undefined;
  afterAll(async () => {
    await rep?.browser.close();
    await server?.dispose();
  });

  it("a teammate's Done reaches an open Today live, without a reload; owners show by name", async () => {
    server = await startRestartableServer();
    const team = await seedTeam(server, {
      teamName: 'Acme sales',
      accountName: 'Acme Robotics',
      domain: 'acme-robotics.com',
      browsers: 1,
    });
    // The teammate owns the account: the Book page names them (from GET /v1/me's members).
    const teammate = new Client(server.url, team.seeder);
    await teammate.push([
      teammate.mutation('accounts', team.accountId, { ownerId: team.seeder.memberId }),
    ]);
    rep = await launchRep('Alice');
    await joinThroughOptions(rep, {
      serverUrl: server.url,
      inviteCode: team.invites[0] ?? '',
      teamName: team.teamName,
    });
    const page = await openPage(rep.browser, 'book.html#today');
    await page.locator('select[data-filter="whose"]').selectOption('team');
    // The account has no value data yet: its action is to get some (not yet tiered).
    const action = page.locator(`li[data-action-key^="notYetTiered:${team.accountId}"]`);
    await eventually(() => action.count()).toBe(1);
    const key = (await action.getAttribute('data-action-key')) as string;

    await teammate.push([
      teammate.mutation('action_decisions', ulid(), {
        createdAt: Date.now(),
        actionKey: key,
        accountId: team.accountId,
        decision: 'done',
        decidedBy: team.seeder.memberId,
      }),
    ]);
    await eventually(() => action.count()).toBe(0);

    await page.locator('a[data-view="accounts"]').click();
    await eventually(() =>
      page.locator(`.virtual-row [data-account-id="${team.accountId}"]`).textContent(),
    ).toContain('seeding laptop');
  });
});
