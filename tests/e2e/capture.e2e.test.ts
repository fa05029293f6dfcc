/**
 * Quick capture in the built extension: a rep on a company's team page clicks the toolbar
 * button and "Capture from this page", ticks two of five people, gives them roles and saves;
 * the contacts show in the side panel and, through one real sync server, in a teammate's
 * browser, whose own capture of the same page then knows them. Also the ways capture can
 * fail or find nothing, the selected-signature path, and that nothing of capture is put into
 * a page before the rep asks.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureFromPopup,
  clickToolbarButton,
  holdTeamApi,
  NOISE_URL,
  nextPreview,
  openPopupFor,
  openSidePanels,
  panelChoice,
  recordScripts,
  routeCaptureSites,
  SPA_URL,
  TEAM_URL,
} from './capture-browser.ts';
import { EXTENSION_DIR, type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { account as accountRow, contact, openPage } from './popup-seed.ts';
import { askBackground, eventually, openExtensionPage, putRows, readAll } from './seed.ts';
import { joinTeam, launchRep, type Rep } from './sync-browser.ts';
import {
  type RestartableServer,
  type SeededTeam,
  seedTeam,
  startRestartableServer,
} from './sync-server.ts';

/** Figures measured in this run, printed at the end. */
const figures: string[] = [];

/** The row of one person in the preview, found by the checkbox that includes them. */
const rowOf = (preview: Page, name: string): Locator =>
  preview
    .locator('li.candidate')
    .filter({ has: preview.getByLabel(`Save ${name}`, { exact: true }) });

const TEAM = ['Anna Schmidt', 'Ben Müller', 'Clara Weber', 'David Fischer', 'Eva Wagner'];

/** The contacts the side panel lists, by name. */
async function panelContacts(panel: Page): Promise<string[]> {
  return panel
    .locator('article.contact h3')
    .evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent?.trim() ?? ''));
}

/** Unfold the side panel's account file (folded by default), where the shared mailboxes are. */
async function openFileSection(panel: Page): Promise<void> {
  const toggle = panel.locator('[data-section="file"] .fold-toggle');
  await eventually(() => toggle.count()).toBe(1);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

describe('capturing a team page, shared through the sync server', () => {
  let server: RestartableServer;
  let team: SeededTeam;
  let alice: Rep;
  let bob: Rep;
  let accountId = '';

  beforeAll(async () => {
    server = await startRestartableServer();
    team = await seedTeam(server, {
      teamName: 'Robotics sales',
      accountName: 'Acme Robotics',
      domain: 'acme-robotics.com',
      browsers: 2,
    });
    [alice, bob] = await Promise.all([launchRep('Alice'), launchRep('Bob')]);
    await Promise.all([
      routeCaptureSites(alice.browser.context),
      routeCaptureSites(bob.browser.context),
    ]);
    await joinTeam([alice, bob], server.url, team);
  });

  afterAll(async () => {
    if (figures.length > 0) console.info(`capture e2e figures:\n  ${figures.join('\n  ')}`);
    await Promise.all([alice?.browser.close(), bob?.browser.close()]);
    await server?.dispose();
  });

  it('puts nothing of capture into a company page until the rep asks for it', async () => {
    // Statically: the always-on content scripts carry no extractors; capture-page.js is
    // neither one of them nor reachable by pages.
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      content_scripts: { js: string[] }[];
      web_accessible_resources: { resources: string[] }[];
    };
    const eager = manifest.content_scripts.flatMap((c) => c.js);
    expect(eager.length).toBeGreaterThan(0);
    expect(eager).not.toContain('capture-page.js');
    expect(manifest.web_accessible_resources.flatMap((w) => w.resources)).not.toContain(
      'capture-page.js',
    );
    const capture = readFileSync(join(EXTENSION_DIR, 'capture-page.js'), 'utf8');
    expect(capture).toContain('application/ld+json');
    for (const file of eager) {
      expect(readFileSync(join(EXTENSION_DIR, file), 'utf8')).not.toContain('application/ld+json');
    }

    // At run time: the page's renderer compiles the eager content script, and no capture
    // code, until the rep captures; then capture-page.js, once.
    const site = await alice.browser.context.newPage();
    const scripts = await recordScripts(alice.browser.context, site);
    await site.goto(TEAM_URL);
    const eagerUrls = eager.map((file) => alice.browser.url(file));
    const captureUrl = alice.browser.url('capture-page.js');
    await eventually(() => eagerUrls.every((u) => scripts.urls().includes(u))).toBe(true);
    expect(scripts.urls()).not.toContain(captureUrl);

    const preview = await captureFromPopup(alice.browser, site);
    await eventually(() => scripts.urls().filter((u) => u === captureUrl).length).toBe(1);
    await scripts.stop();
    await preview.close();
    await site.close();
  });

  it('saves two of five people with their roles to a new account; the side panel and a teammate’s browser show them', async () => {
    const site = await alice.browser.context.newPage();
    await site.goto(TEAM_URL);
    const started = performance.now();
    const preview = await captureFromPopup(alice.browser, site);
    const rows = preview.locator('li.candidate');
    await eventually(() => rows.count()).toBe(5);
    figures.push(`click to preview with 5 people: ${(performance.now() - started).toFixed(0)} ms`);
    for (const name of TEAM) {
      await eventually(() => rowOf(preview, name).getAttribute('data-status')).toBe('new');
    }
    expect(await rowOf(preview, 'Ben Müller').getByLabel('Job title').inputValue()).toBe(
      'Head of Engineering',
    );
    expect(await rowOf(preview, 'Ben Müller').getByLabel('E-mails').inputValue()).toBe(
      'ben.mueller@northwind-robotics.de',
    );

    // No account has this site: a new one, prefilled from the page.
    const account = preview.locator('section.account');
    expect(await account.getByText('New account').count()).toBe(1);
    expect(await preview.getByLabel('Account name').inputValue()).toBe('Northwind Robotics GmbH');
    expect(await preview.getByLabel('Web domains').inputValue()).toBe('northwind-robotics.de');
    // The page's general mailbox is the company's, not a person: ticked, to go on the account.
    const mailbox = preview.getByLabel('General enquiries · info@northwind-robotics.de', {
      exact: true,
    });
    expect(await mailbox.isChecked()).toBe(true);

    // Two of five: everyone found starts ticked, so untick three.
    for (const name of ['Clara Weber', 'David Fischer', 'Eva Wagner']) {
      await preview.getByLabel(`Save ${name}`, { exact: true }).uncheck();
    }
    const anna = rowOf(preview, 'Anna Schmidt');
    const ben = rowOf(preview, 'Ben Müller');
    await anna.getByLabel('Decision maker').check();
    await ben.getByLabel('Technical evaluator').check();
    await ben.getByLabel('Influencer').check();
    await preview.getByRole('button', { name: 'Save 2 contacts' }).click();

    const saved = preview.locator('.saved-result');
    await eventually(() => saved.locator('p.saved').textContent()).toMatch(
      /^Saved 2 contacts to Northwind Robotics GmbH\..* Added 1 shared mailbox or line to Northwind Robotics GmbH\.$/,
    );
    accountId = (await saved.locator('button.open-panel').getAttribute('data-account-id')) ?? '';
    expect(accountId).not.toBe('');
    // The two saved now read "already saved" and untick themselves; the others are still new.
    await eventually(() => anna.getAttribute('data-status')).toBe('saved');
    expect(await preview.getByLabel('Save Anna Schmidt', { exact: true }).isChecked()).toBe(false);
    expect(await rowOf(preview, 'Eva Wagner').getAttribute('data-status')).toBe('new');
    // …and stay unticked, as the rep left them.
    expect(await preview.getByLabel('Save Eva Wagner', { exact: true }).isChecked()).toBe(false);

    // Stored through the normal store, with where each contact came from.
    const contacts = await readAll(preview, 'contacts');
    expect(contacts.map((c) => c.name).sort()).toEqual(['Anna Schmidt', 'Ben Müller']);
    for (const c of contacts) {
      expect(c).toMatchObject({ accountId, sourceUrl: TEAM_URL, capturedAt: expect.any(Number) });
      const sources = c.fieldSources as Record<string, { source: string }>;
      expect(sources.name?.source).not.toBe('manual');
      expect(sources.emails?.source).toBeTruthy();
    }
    expect(contacts.find((c) => c.name === 'Ben Müller')).toMatchObject({
      // Kept in the committee's canonical order, whatever order they were ticked in.
      roles: ['influencer', 'evaluator'],
      emails: ['ben.mueller@northwind-robotics.de'],
    });
    const accounts = await readAll(preview, 'accounts');
    expect(accounts.find((a) => a.id === accountId)).toMatchObject({
      name: 'Northwind Robotics GmbH',
      domains: ['northwind-robotics.de'],
      contactPoints: [{ email: 'info@northwind-robotics.de', label: 'General enquiries' }],
    });

    // "Open in the side panel": the panel opens beside the page, on the new account.
    await saved
      .getByRole('button', { name: 'Open Northwind Robotics GmbH in the side panel' })
      .click();
    await eventually(() => panelChoice(alice.browser)).toBe(accountId);
    await eventually(async () => (await openSidePanels(alice.browser)).length).toBe(1);

    // Alice's side panel for the account (as a page Playwright can read).
    const panel = await openPage(alice.browser, `sidepanel.html?account=${accountId}`);
    await eventually(() => panelContacts(panel)).toEqual(
      expect.arrayContaining(['Anna Schmidt', 'Ben Müller']),
    );
    const annaInPanel = panel.locator('article.contact', { hasText: 'Anna Schmidt' });
    expect(await annaInPanel.locator('.role-chips li').allTextContents()).toContain(
      'Decision maker',
    );
    // The shared mailbox is under the account, not among the people, as a mailto link.
    await openFileSection(panel);
    const mailboxInPanel = panel.locator('.contact-points li');
    await eventually(() => mailboxInPanel.count()).toBe(1);
    expect(
      await mailboxInPanel
        .getByRole('link', { name: 'info@northwind-robotics.de' })
        .getAttribute('href'),
    ).toBe('mailto:info@northwind-robotics.de');
    expect(await mailboxInPanel.textContent()).toContain('General enquiries');

    // Bob's browser, through the server.
    const savedAt = performance.now();
    const bobPanel = await openPage(bob.browser, `sidepanel.html?account=${accountId}`);
    await expect
      .poll(() => panelContacts(bobPanel), { timeout: 15_000, interval: 50 })
      .toEqual(expect.arrayContaining(['Anna Schmidt', 'Ben Müller']));
    figures.push(
      `save in A to both contacts in B's side panel: ${(performance.now() - savedAt).toFixed(0)} ms`,
    );
    expect((await panelContacts(bobPanel)).length).toBe(2);
    const benInBob = bobPanel.locator('article.contact', { hasText: 'Ben Müller' });
    expect(await benInBob.locator('.role-chips li').allTextContents()).toEqual(
      expect.arrayContaining(['Technical evaluator', 'Influencer']),
    );
    await openFileSection(bobPanel);
    const mailboxInBob = bobPanel.locator('.contact-points li');
    await eventually(() => mailboxInBob.textContent()).toContain('info@northwind-robotics.de');

    // Alice removes the mailbox from the account; it goes from Bob's panel too.
    await mailboxInPanel
      .getByRole('button', { name: 'Remove General enquiries · info@northwind-robotics.de' })
      .click();
    await eventually(() => mailboxInPanel.count()).toBe(0);
    await expect.poll(() => mailboxInBob.count(), { timeout: 15_000, interval: 50 }).toBe(0);
    expect(await bobPanel.locator('.contact-points').textContent()).toContain(
      'No shared mailbox or line yet.',
    );
    await Promise.all([preview.close(), site.close(), panel.close(), bobPanel.close()]);
  });

  it('shows a teammate capturing the same page who is already saved, and the account they joined', async () => {
    expect(accountId, 'runs after the save above').not.toBe('');
    const site = await bob.browser.context.newPage();
    await site.goto(TEAM_URL);
    const preview = await captureFromPopup(bob.browser, site);
    await eventually(() => preview.locator('li.candidate').count()).toBe(5);
    const account = preview.locator(`section.account [data-account-id="${accountId}"]`);
    await eventually(() => account.textContent()).toContain('Joins Northwind Robotics GmbH');

    for (const name of ['Anna Schmidt', 'Ben Müller']) {
      await eventually(() => rowOf(preview, name).getAttribute('data-status')).toBe('saved');
      expect(await preview.getByLabel(`Save ${name}`, { exact: true }).isChecked()).toBe(false);
      expect(await rowOf(preview, name).locator('.status-chip').textContent()).toBe(
        'Already saved',
      );
    }
    for (const name of ['Clara Weber', 'David Fischer', 'Eva Wagner']) {
      expect(await rowOf(preview, name).getAttribute('data-status')).toBe('new');
    }
    // Giving a saved person a role makes them an update that lists it.
    await rowOf(preview, 'Anna Schmidt').getByLabel('Approver').check();
    await eventually(() =>
      rowOf(preview, 'Anna Schmidt').locator('.status-chip').textContent(),
    ).toBe('Update: Roles');
    await Promise.all([preview.close(), site.close()]);
  });
});

describe('capture in one browser', () => {
  let b: ExtensionBrowser;
  let extensionPage: Page;

  beforeAll(async () => {
    b = await launchWithExtension();
    await routeCaptureSites(b.context);
    extensionPage = await openExtensionPage(b);
  });

  afterAll(async () => {
    await b?.close();
  });

  it('turns a selected e-mail signature into a contact, with an account prefilled from its company and address', async () => {
    // The context menu entry exists (update rejects for an unknown id).
    await b.serviceWorker.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { contextMenus: { update(id: string, p: object): Promise<void> } };
      };
      await chrome.contextMenus.update('capture-selection', {});
    });
    // The context menu's handler, given the selection it would read: the same background path.
    const site = await b.context.newPage();
    await site.goto(NOISE_URL);
    const tabId = await extensionPage.evaluate(async (url) => {
      const { chrome } = globalThis as unknown as {
        chrome: { tabs: { query(q: { url: string }): Promise<{ id?: number }[]> } };
      };
      return (await chrome.tabs.query({ url }))[0]?.id;
    }, NOISE_URL);
    const preview = nextPreview(b);
    await askBackground(extensionPage, {
      type: 'captureSelection',
      tabId,
      text: [
        'Best regards,',
        '',
        'Clara Weber',
        'Chief Financial Officer | Northwind Robotics GmbH',
        'Tel: +49 89 1234 5603',
        'Mobile: +49 170 1234567',
        'clara.weber@northwind-robotics.de',
        'www.northwind-robotics.de',
      ].join('\n'),
    });
    const page = await preview;
    expect(await page.locator('.source-url').textContent()).toBe(
      `From text selected on ${NOISE_URL}`,
    );
    const row = rowOf(page, 'Clara Weber');
    await eventually(() => row.getAttribute('data-status')).toBe('new');
    expect(await row.getByLabel('Job title').inputValue()).toBe('Chief Financial Officer');
    expect(await row.getByLabel('E-mails').inputValue()).toBe('clara.weber@northwind-robotics.de');
    expect(await row.getByLabel('Phones').inputValue()).toContain('+498912345603');
    expect(await page.getByLabel('Web domains').inputValue()).toBe('northwind-robotics.de');
    expect(await page.getByLabel('Account name').inputValue()).toBe('Northwind Robotics GmbH');

    await row.getByLabel('Financial gatekeeper').check();
    await page.getByRole('button', { name: 'Save 1 contact' }).click();
    await eventually(() => page.locator('.saved-result p.saved').textContent()).toMatch(
      /^Saved 1 contact to Northwind Robotics GmbH\./,
    );
    const [clara] = await readAll(page, 'contacts');
    expect(clara).toMatchObject({
      name: 'Clara Weber',
      roles: ['financialGatekeeper'],
      sourceUrl: NOISE_URL,
      fieldSources: { name: { source: 'signature' } },
    });
    await Promise.all([page.close(), site.close()]);
  });

  it('says a browser page cannot be read, in the popup, and opens nothing', async () => {
    const blank = await b.context.newPage();
    await blank.goto('about:blank');
    const popup = await openPopupFor(b, blank);
    await popup.getByRole('button', { name: 'Capture from this page' }).click();
    await eventually(() => popup.getByRole('alert').textContent()).toMatch(
      /^This page cannot be read\./,
    );
    expect(b.context.pages().some((p) => p.url().includes('/capture.html'))).toBe(false);
    await Promise.all([popup.close(), blank.close()]);
  });

  it('says when a page has nobody on it and lets the rep add a contact by hand; a bad e-mail is refused naming the field', async () => {
    const site = await b.context.newPage();
    await site.goto(NOISE_URL);
    const preview = await captureFromPopup(b, site);
    await eventually(() => preview.getByText('No contacts found on this page.').count()).toBe(1);
    expect(await preview.locator('li.candidate').count()).toBe(0);

    await preview.getByRole('button', { name: 'Add a contact by hand' }).click();
    const row = preview.locator('li.candidate');
    await eventually(() => row.count()).toBe(1);
    // The new row's name field has the focus: the rep types straight away.
    await eventually(() =>
      row.getByLabel('Name').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await preview.keyboard.type('Frank Becker');
    await row.getByLabel('E-mails').fill('frank.becker at northwind-robotics.de');
    await preview.getByRole('button', { name: 'Save 1 contact' }).click();
    await eventually(() => row.getByRole('alert').textContent()).toBe(
      'Frank Becker: E-mails: must be an e-mail address',
    );
    expect(await row.getByLabel('E-mails').getAttribute('aria-invalid')).toBe('true');
    const franks = async () =>
      (await readAll(preview, 'contacts')).filter((c) => c.name === 'Frank Becker');
    expect(await franks()).toEqual([]);

    await row.getByLabel('E-mails').fill('frank.becker@northwind-robotics.de');
    await preview.getByRole('button', { name: 'Save 1 contact' }).click();
    await eventually(() => preview.locator('.saved-result p.saved').textContent()).toMatch(
      /^Saved 1 contact to /,
    );
    const [stored] = await franks();
    expect(stored).toMatchObject({
      emails: ['frank.becker@northwind-robotics.de'],
      fieldSources: { name: { source: 'manual' }, emails: { source: 'manual' } },
    });
    await Promise.all([preview.close(), site.close()]);
  });

  it('captures the team a single-page app draws after the rep asked, once it has settled', async () => {
    const api = await holdTeamApi(b.context);
    const site = await b.context.newPage();
    const scripts = await recordScripts(b.context, site);
    await site.goto(SPA_URL, { waitUntil: 'load' });
    expect(await site.locator('.person-card').count()).toBe(0);
    const captureUrl = b.url('capture-page.js');
    const preview = nextPreview(b);
    await clickToolbarButton(b, site);
    const popup = await openPopupFor(b, site);
    await popup.getByRole('button', { name: 'Capture from this page' }).click();
    // The capture is running in the page and has found nobody yet: now the API answers.
    await eventually(() => scripts.urls().includes(captureUrl)).toBe(true);
    api.release();
    const page = await preview;
    await eventually(() => page.locator('li.candidate').count()).toBe(3);
    expect(await rowOf(page, 'Ada Lovelace').getByLabel('Job title').inputValue()).toBe(
      'Procurement Lead',
    );
    await scripts.stop();
    await Promise.all([page.close(), popup.close(), site.close()]);
  });
});

describe('capturing the same page twice', () => {
  let b: ExtensionBrowser;
  let extensionPage: Page;
  let accountId = '';

  beforeAll(async () => {
    b = await launchWithExtension();
    await routeCaptureSites(b.context);
    extensionPage = await openExtensionPage(b);
    // The company is an account already, with an address on file but no phone.
    const northwind = accountRow({
      name: 'Northwind Robotics GmbH',
      domains: ['northwind-robotics.de'],
      address: 'Werkstraße 1, 80339 München',
    });
    accountId = String(northwind.id);
    await putRows(extensionPage, { accounts: [northwind] });
  });

  afterAll(async () => {
    await b?.close();
  });

  it('ticks only the people not saved yet, shows the saved ones’ roles, saves an attitude, and offers the footer’s phone for the account file', async () => {
    const site = await b.context.newPage();
    await site.goto(TEAM_URL);

    // First capture: everyone is new; the footer's phone is offered for the empty phone field,
    // ticked; the page's address unticked beside the one on file.
    const first = await captureFromPopup(b, site);
    await eventually(() => first.locator('li.candidate').count()).toBe(5);
    await eventually(() =>
      first.locator(`section.account [data-account-id="${accountId}"]`).count(),
    ).toBe(1);
    for (const name of TEAM) {
      await eventually(() => rowOf(first, name).getAttribute('data-status')).toBe('new');
      expect(await first.getByLabel(`Save ${name}`, { exact: true }).isChecked()).toBe(true);
    }
    const phone = first.getByLabel('Phone: +498912345600', { exact: true });
    await eventually(() => phone.isChecked()).toBe(true);
    const address = first.getByLabel('Address: Industriestraße 12, 80339 München, DE', {
      exact: true,
    });
    expect(await address.isChecked()).toBe(false);
    expect(await first.locator('.file-offer[data-field="address"] .on-file').textContent()).toBe(
      'On file: Werkstraße 1, 80339 München',
    );
    // The phone is the account's, not a shared line as well.
    expect(await first.locator('.contact-point').allTextContents()).toEqual([
      'General enquiries · info@northwind-robotics.de',
    ]);

    for (const name of ['Clara Weber', 'David Fischer', 'Eva Wagner']) {
      await first.getByLabel(`Save ${name}`, { exact: true }).uncheck();
    }
    await rowOf(first, 'Anna Schmidt').getByLabel('Decision maker').check();
    await rowOf(first, 'Ben Müller').getByLabel('Technical evaluator').check();
    await rowOf(first, 'Ben Müller').getByLabel('Influencer').check();
    await first.getByRole('button', { name: 'Save 2 contacts' }).click();
    await eventually(() => first.locator('.saved-result p.saved').textContent()).toMatch(
      /^Saved 2 contacts to Northwind Robotics GmbH\..*Updated Northwind Robotics GmbH’s file: Phone\.$/,
    );
    const stored = (await readAll(first, 'accounts')).find((a) => a.id === accountId);
    expect(stored).toMatchObject({
      phone: '+498912345600',
      // Left unticked: the address on file stays.
      address: 'Werkstraße 1, 80339 München',
    });
    // Now on file, the phone is no longer offered.
    await eventually(() => first.locator('.file-offer[data-field="phone"]').count()).toBe(0);
    await first.close();

    // Second capture of the same page: the two saved start unticked, read "Already saved" and
    // show their saved roles; the three others are new and ticked.
    const second = await captureFromPopup(b, site);
    await eventually(() => second.locator('li.candidate').count()).toBe(5);
    for (const [name, roles] of [
      ['Anna Schmidt', ['Decision maker']],
      ['Ben Müller', ['Influencer', 'Technical evaluator']],
    ] as const) {
      const row = rowOf(second, name);
      await eventually(() => row.getAttribute('data-status')).toBe('saved');
      expect(await second.getByLabel(`Save ${name}`, { exact: true }).isChecked()).toBe(false);
      expect(await row.locator('.status-chip').textContent()).toBe('Already saved');
      expect(await row.locator('.saved-roles .role-chips li').allTextContents()).toEqual(roles);
    }
    for (const name of ['Clara Weber', 'David Fischer', 'Eva Wagner']) {
      expect(await rowOf(second, name).getAttribute('data-status')).toBe('new');
      expect(await second.getByLabel(`Save ${name}`, { exact: true }).isChecked()).toBe(true);
      expect(await rowOf(second, name).locator('.saved-roles').count()).toBe(0);
    }
    expect(
      await second
        .locator('.file-offer')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-field'))),
    ).toEqual(['address']);

    // An attitude for a new person; two of the new ones left out.
    const clara = rowOf(second, 'Clara Weber');
    await clara.getByLabel('Attitude').selectOption({ label: 'Supporter' });
    for (const name of ['David Fischer', 'Eva Wagner']) {
      await second.getByLabel(`Save ${name}`, { exact: true }).uncheck();
    }
    // The whole preview in one frame (the save bar sticks to the bottom of the viewport).
    await second.setViewportSize({ width: 900, height: 1_200 });
    await second.setViewportSize({
      width: 900,
      height: await second.evaluate(() => document.documentElement.scrollHeight),
    });
    await second.screenshot({ path: 'docs/screenshots/capture-preview.en.png' });

    await second.getByRole('button', { name: 'Save 1 contact' }).click();
    await eventually(() => second.locator('.saved-result p.saved').textContent()).toMatch(
      /^Saved 1 contact to Northwind Robotics GmbH\./,
    );
    const contacts = await readAll(second, 'contacts');
    // Nobody added twice, and the saved ones untouched.
    expect(contacts.map((c) => c.name).sort()).toEqual([
      'Anna Schmidt',
      'Ben Müller',
      'Clara Weber',
    ]);
    expect(contacts.find((c) => c.name === 'Clara Weber')).toMatchObject({
      accountId,
      attitude: 'supporter',
      roles: [],
    });
    expect(contacts.find((c) => c.name === 'Anna Schmidt')).toMatchObject({
      roles: ['decisionMaker'],
    });
    expect(contacts.find((c) => c.name === 'Anna Schmidt')?.attitude).toBeUndefined();
    await Promise.all([second.close(), site.close()]);
  });
});

describe('the capture preview in Chinese', () => {
  let b: ExtensionBrowser;

  afterAll(async () => {
    await b?.close();
  });

  it('marks someone already saved 已保存 with their roles, and offers the footer’s phone for the account file', async () => {
    b = await launchWithExtension({ locale: 'zh-CN' });
    await routeCaptureSites(b.context);
    const extensionPage = await openExtensionPage(b);
    const northwind = accountRow({
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

    const site = await b.context.newPage();
    await site.goto(TEAM_URL);
    await clickToolbarButton(b, site);
    const popup = await openPopupFor(b, site);
    const opened = nextPreview(b);
    await popup.getByRole('button', { name: '从此页面采集联系人' }).click();
    const preview = await opened;
    await popup.close();
    await eventually(() => preview.locator('li.candidate').count()).toBe(5);
    const annaRow = preview.locator('li.candidate[data-row="c0"]');
    await eventually(() => annaRow.getAttribute('data-status')).toBe('saved');
    expect(await preview.getByLabel('保存 Anna Schmidt', { exact: true }).isChecked()).toBe(false);
    expect(await annaRow.locator('.status-chip').textContent()).toBe('已保存');
    expect(await annaRow.locator('.saved-roles .role-chips li').allTextContents()).toEqual([
      '决策者',
    ]);
    expect(await annaRow.getByLabel('态度').inputValue()).toBe('champion');
    expect(await preview.getByLabel('保存 Ben Müller', { exact: true }).isChecked()).toBe(true);
    expect(await preview.getByLabel('电话：+498912345600', { exact: true }).isChecked()).toBe(true);
    expect(await preview.locator('.file-offers legend').textContent()).toBe('补充客户档案');
    // The whole preview in one frame (the save bar sticks to the bottom of the viewport).
    await preview.setViewportSize({ width: 900, height: 1_200 });
    await preview.setViewportSize({
      width: 900,
      height: await preview.evaluate(() => document.documentElement.scrollHeight),
    });
    await preview.screenshot({
      path: 'docs/screenshots/capture-preview.zh_CN.png',
      fullPage: true,
    });
    await Promise.all([preview.close(), site.close()]);
  });
});
