/**
 * The import wizard in Chromium with the built extension: a HubSpot export chosen, its columns
 * detected, the preview with the row left out and why, the rejected rows downloaded, the
 * import, a teammate receiving the accounts, and the undo reaching the teammate too. Each step
 * is saved as a screenshot for the README (docs/screenshots/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../server/helpers.ts';
import { openPage } from './popup-seed.ts';
import { joinThroughOptions, launchRep, type Rep } from './sync-browser.ts';
import {
  type RestartableServer,
  type SeededTeam,
  seedTeam,
  startRestartableServer,
} from './sync-server.ts';

const SHOTS = 'docs/screenshots';
mkdirSync(SHOTS, { recursive: true });
const HUBSPOT = resolve('tests/import/fixtures/hubspot-companies.csv');

describe('the import wizard', () => {
  let server: RestartableServer;
  let team: SeededTeam;
  let rep: Rep;
  let page: Page;
  let teammate: Client;

  /** The live (not deleted) account names the teammate has after pulling. */
  const teammateAccounts = async () => {
    await teammate.sync();
    return teammate
      .rowsOf('accounts')
      .filter((r) => !r.deleted)
      .map((r) => String(r.fields.name))
      .sort();
  };

  beforeAll(async () => {
    server = await startRestartableServer();
    team = await seedTeam(server, {
      teamName: 'Nordwerk sales',
      accountName: 'Acme Robotics',
      domain: 'acme-robotics.com',
      browsers: 1,
    });
    teammate = new Client(server.url, team.seeder);
    rep = await launchRep('Alice');
    await joinThroughOptions(rep, {
      serverUrl: server.url,
      inviteCode: team.invites[0] ?? '',
      teamName: team.teamName,
    });
    page = await rep.browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(rep.browser.url('import.html'));
    await page.setViewportSize({ width: 1180, height: 900 });
  });
  afterAll(async () => {
    await rep?.browser.close();
    await server?.dispose();
  });

  it('detects a HubSpot export: text table, UTF-8, accounts, and each column mapped', async () => {
    await page.locator('input[data-import-file]').setInputFiles(HUBSPOT);
    await page.locator('[data-import-step="mapping"]').waitFor();
    expect(await page.locator('[data-import-encoding]').textContent()).toBe('UTF-8');
    expect(await page.locator('select[data-import-entity]').inputValue()).toBe('accounts');
    expect(await page.locator('select[data-import-column="Company name"]').inputValue()).toBe(
      'name',
    );
    expect(
      await page.locator('select[data-import-column="Company Domain Name"]').inputValue(),
    ).toBe('website');
    expect(await page.locator('select[data-import-column="Record ID"]').inputValue()).toBe('');
    await page.screenshot({ path: `${SHOTS}/import-mapping.png`, fullPage: true });
  });

  it('previews two new accounts and names the formula row by row, column and reason', async () => {
    await page.locator('button[data-import-preview]').click();
    await page.locator('[data-import-step="preview"]').waitFor();
    const count = (c: string) => page.locator(`[data-count="${c}"] strong`).textContent();
    expect(await count('new')).toBe('2');
    expect(await count('rejected')).toBe('1');
    expect(await page.locator('[data-import-problems] li').allTextContents()).toEqual([
      expect.stringMatching(/^Row 3, column “Company name”: .*HYPERLINK.* spreadsheet formula/),
    ]);
    expect(await page.locator('[data-import-rows] tr[data-decision="new"]').count()).toBe(2);
    // Page content is never markup: the formula shows as the text it is.
    expect(await page.locator('[data-import-problems] a').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/import-preview.png`, fullPage: true });
  });

  it('hands over the rejected rows as a CSV with the reason, the formula escaped', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-import-problems] button[data-import-rejected]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('rejected-rows.csv');
    const text = readFileSync((await download.path()) as string, 'utf8');
    const [header, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'Row,Record ID,Company name,Company Domain Name,Industry,Phone Number,Street Address,City,Company owner,Annual Revenue,Create Date,Lifecycle Stage,Why it was left out',
    );
    expect(row).toMatch(/^3,9812003,"'=HYPERLINK\(/);
    expect(row).toContain('spreadsheet formula');
  });

  it('imports with progress, and the teammate receives the accounts', async () => {
    await page.locator('button[data-import-run]').click();
    await page.locator('[data-import-summary="done"]').waitFor();
    expect(await page.locator('[data-import-summary] [role="status"]').first().textContent()).toBe(
      'Imported 2 rows: 2 new, 0 updated.',
    );
    await page.screenshot({ path: `${SHOTS}/import-summary.png`, fullPage: true });
    await expect
      .poll(teammateAccounts, { timeout: 15_000, interval: 100 })
      .toEqual(['Acme Robotics', 'Brandt & Sons, Ltd', 'Nordwerk Logistik SE']);
  });

  it('the same file again changes nothing', async () => {
    const again = await openPage(rep.browser, 'import.html');
    await again.locator('input[data-import-file]').setInputFiles(HUBSPOT);
    await again.locator('button[data-import-preview]').click();
    await again.locator('[data-import-nothing]').waitFor();
    expect(await again.locator('[data-count="same"] strong').textContent()).toBe('2');
    await again.close();
  });

  it('undo takes the import back for the teammate too', async () => {
    await page.locator('button[data-import-undo]').click();
    await page.locator('[data-import-undone]').waitFor();
    await expect
      .poll(teammateAccounts, { timeout: 15_000, interval: 100 })
      .toEqual(['Acme Robotics']);
  });
});
