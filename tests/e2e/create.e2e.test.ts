import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { OVERLAY_HOST, overlayFrame } from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { routeSites, SITE_HOSTS } from './overlay-seed.ts';
import { account, openPage } from './popup-seed.ts';
import { eventually, readAll, seed } from './seed.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Inside the overlay's extension frame (tests/e2e/extension-frame.ts). */
const BADGE = '[data-account-lens="badge"]';

/** The `chrome` global of the service worker, as far as this test uses it. */
type WindowsGlobal = {
  chrome: {
    windows: { create(d: { url: string; type: 'popup'; focused: boolean }): Promise<unknown> };
  };
};

/**
 * The popup as a rep meets it, about the page in front. Headless Chromium does not expose the
 * toolbar popup to Playwright, so popup.html opens in a popup window of its own, as
 * `windows.create` makes one: the popup then reads the page in front of the last focused
 * browser window, which is `site`.
 */
async function openPopupFor(b: ExtensionBrowser, site: Page): Promise<Page> {
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

describe('creating accounts, contacts and opportunities', () => {
  it('adds the company site in front as an account from the popup; the open tab shows the badge without a reload', async () => {
    browser = await launchWithExtension({ allowHosts: SITE_HOSTS });
    await routeSites(browser.context);

    // A free-mail provider's site gets no offer.
    const gmail = await browser.context.newPage();
    await gmail.goto('https://www.gmail.com/');
    const noOffer = await openPopupFor(browser, gmail);
    await eventually(() => noOffer.getByText('This page belongs to no account.').count()).toBe(1);
    expect(await noOffer.getByRole('button', { name: 'Add account' }).count()).toBe(0);
    await noOffer.close();

    const site = await browser.context.newPage();
    await site.goto('https://www.acme-robotics.com/');
    expect(await site.locator(OVERLAY_HOST).count()).toBe(0);

    const popup = await openPopupFor(browser, site);
    await eventually(() =>
      popup.getByRole('heading', { name: 'Add acme-robotics.com as an account' }).count(),
    ).toBe(1);
    // Prefilled from the tab's title ("Acme Robotics: industrial arms") and its domain.
    const name = popup.getByLabel('Account name');
    expect(await name.inputValue()).toBe('Acme Robotics');
    expect(await popup.getByLabel('Web domain').inputValue()).toBe('acme-robotics.com');

    // A domain that could never identify a company is refused, naming the field.
    await popup.getByLabel('Web domain').fill('gmail.com');
    await popup.getByRole('button', { name: 'Add account' }).click();
    await eventually(() => popup.getByRole('alert').textContent()).toMatch(/^Web domain: /);
    expect(await readAll(popup, 'accounts')).toEqual([]);

    await popup.getByLabel('Web domain').fill('acme-robotics.com');
    await name.fill('Acme Robotics GmbH');
    await popup.getByRole('button', { name: 'Add account' }).click();
    const card = popup.locator('.account-card');
    await eventually(() => card.locator('h2').textContent()).toBe('Acme Robotics GmbH');
    expect(await card.getByRole('status').first().textContent()).toContain(
      "Its badge now shows on this site's open pages.",
    );

    const [stored] = await readAll(popup, 'accounts');
    expect(stored).toMatchObject({ name: 'Acme Robotics GmbH', domains: ['acme-robotics.com'] });
    const outbox = await readAll(popup, 'outbox');
    expect(outbox.some((e) => e.table === 'accounts' && e.rowId === stored?.id)).toBe(true);
    expect(await card.getAttribute('data-account-id')).toBe(String(stored?.id));

    // The tab in front shows the badge without a reload: the background told its content
    // script that the accounts changed.
    const frame = await overlayFrame(site);
    await eventually(() => frame.locator(BADGE).isVisible()).toBe(true);
    expect(await frame.locator(BADGE).textContent()).toContain('Acme Robotics GmbH');
  });

  it('adds contacts with roles and an opportunity in the side panel; an invalid e-mail writes nothing; both can be deleted', async () => {
    browser = await launchWithExtension();
    const acme = account({ name: 'Acme Robotics', domains: ['acme-robotics.com'] });
    const page = await openPage(browser, `sidepanel.html?account=${acme.id}`);
    await seed(page, { accounts: [acme] });
    await page.reload();
    await eventually(() => page.locator('#account-name').textContent()).toBe('Acme Robotics');

    // A contact, keyboard first: the disclosure puts focus on the name field.
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contactForm = page.getByRole('form', { name: 'New contact' });
    await eventually(() =>
      page.evaluate(() => document.activeElement?.getAttribute('name') ?? ''),
    ).toBe('name');
    await page.keyboard.type('Jane Doe');
    await contactForm.getByLabel('Job title').fill('CTO');
    await contactForm.getByLabel('E-mails').fill('Jane@Acme-Robotics.com, jd@acme-robotics.com');
    await contactForm.getByLabel('Decision maker').check();
    await contactForm.getByLabel('Evaluator').check();
    await contactForm.getByLabel('Attitude').selectOption('champion');
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    await eventually(() => contactForm.getByRole('status').textContent()).toBe('Contact added.');

    const [jane] = await readAll(page, 'contacts');
    expect(jane).toMatchObject({
      accountId: acme.id,
      name: 'Jane Doe',
      title: 'CTO',
      emails: ['jane@acme-robotics.com', 'jd@acme-robotics.com'],
      roles: ['decisionMaker', 'evaluator'],
      attitude: 'champion',
    });
    const janeRow = page.locator(`[data-contact-id="${String(jane?.id)}"]`);
    await eventually(() => janeRow.locator('h3').textContent()).toBe('Jane Doe · CTO');
    // The card reads the roles as chips (the checkboxes are in its Edit form).
    expect(await janeRow.locator('.role-chips li').allTextContents()).toEqual([
      'Decision maker',
      'Technical evaluator',
    ]);
    // The form was emptied for the next person.
    expect(await contactForm.getByLabel('Name').inputValue()).toBe('');

    // An invalid address: the error names the field and nothing is written.
    const outboxBefore = (await readAll(page, 'outbox')).length;
    await contactForm.getByLabel('Name').fill('Bob Roe');
    await contactForm.getByLabel('E-mails').fill('bob at acme');
    await contactForm.getByRole('button', { name: 'Save contact' }).click();
    await eventually(() => contactForm.getByRole('alert').textContent()).toBe(
      'E-mails: must be an e-mail address',
    );
    expect(await readAll(page, 'contacts')).toHaveLength(1);
    expect(await readAll(page, 'outbox')).toHaveLength(outboxBefore);
    expect(await page.locator('[data-contact-id]').count()).toBe(1);

    // An opportunity in the team's currency; it shows as a card and in the weighted forecast.
    await page.getByRole('button', { name: 'Add opportunity' }).click();
    const oppForm = page.getByRole('form', { name: 'New opportunity' });
    expect(await oppForm.getByLabel('Currency').inputValue()).toBe('USD');
    await oppForm.getByLabel('Name').fill('Line 3 retrofit');
    await oppForm.getByLabel('Stage').selectOption('negotiation');
    await oppForm.getByLabel('Amount').fill('10,000');
    await oppForm.getByLabel('Expected close').fill('2031-03-15');
    await oppForm.getByRole('button', { name: 'Save opportunity' }).click();
    await eventually(() => oppForm.getByRole('status').textContent()).toBe('Opportunity added.');

    const [deal] = await readAll(page, 'opportunities');
    expect(deal).toMatchObject({
      accountId: acme.id,
      name: 'Line 3 retrofit',
      stage: 'negotiation',
      amount: 10_000,
      currency: 'USD',
      expectedCloseAt: new Date(2031, 2, 15).getTime(),
    });
    expect(typeof deal?.stageChangedAt).toBe('number');
    const dealRow = page.locator(`[data-opportunity-id="${String(deal?.id)}"]`);
    await eventually(() => dealRow.locator('.deal-name').textContent()).toContain(
      'Line 3 retrofit',
    );
    await eventually(() => page.locator('.forecast[data-currency="USD"]').textContent()).toBe(
      'Forecast $8,000 (closed $0 + weighted open $8,000)',
    );
    // A decision maker who is a champion: the open deal leaves no coverage gap.
    expect(await page.locator('.gaps').count()).toBe(0);

    // Delete (in the card's Edit form) asks first, in the page; Cancel keeps the contact and
    // returns focus.
    await janeRow.getByRole('button', { name: 'Edit Jane Doe' }).click();
    const deleteJane = page.getByRole('button', { name: 'Delete contact Jane Doe' });
    await deleteJane.click();
    await janeRow.locator('.confirm').getByRole('button', { name: 'Cancel' }).press('Enter');
    await eventually(() => deleteJane.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await readAll(page, 'contacts')).toHaveLength(1);

    await deleteJane.click();
    await janeRow.getByRole('button', { name: 'Yes, delete' }).click();
    await eventually(() => janeRow.count()).toBe(0);
    expect(await readAll(page, 'contacts')).toEqual([]);
    // The deal is open again with nobody known: the gaps come back.
    await eventually(() => page.locator('.gaps li').count()).toBeGreaterThan(0);

    await dealRow.getByRole('button', { name: 'Edit Line 3 retrofit' }).click();
    await page.getByRole('button', { name: 'Delete opportunity Line 3 retrofit' }).click();
    await dealRow.getByRole('button', { name: 'Yes, delete' }).click();
    await eventually(() => dealRow.count()).toBe(0);
    expect(await readAll(page, 'opportunities')).toEqual([]);
    expect(await page.locator('.forecast').count()).toBe(0);
    const tombstones = (await readAll(page, 'outbox')).filter(
      (e) => (e.fields as Record<string, unknown>).deleted === true,
    );
    expect(tombstones.map((e) => e.table).sort()).toEqual(['contacts', 'opportunities']);
  });
});

describe('creating, in Simplified Chinese', () => {
  it('offers the site and labels the side panel forms in Chinese', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN', allowHosts: SITE_HOSTS });
    await routeSites(browser.context);
    const site = await browser.context.newPage();
    await site.goto('https://www.acme-robotics.com/');
    const popup = await openPopupFor(browser, site);
    await eventually(() =>
      popup.getByRole('heading', { name: '将 acme-robotics.com 添加为客户' }).count(),
    ).toBe(1);
    expect(await popup.getByRole('button', { name: '添加客户' }).count()).toBe(1);

    const acme = account({ name: '艾克米机器人', domains: ['acme-robotics.com'] });
    const panel = await openPage(browser, `sidepanel.html?account=${acme.id}`);
    await seed(panel, { accounts: [acme] });
    await panel.reload();
    await panel.getByRole('button', { name: '添加联系人' }).click();
    const form = panel.getByRole('form', { name: '新联系人' });
    await form.getByLabel('姓名').fill('王小明');
    await form.getByLabel('邮箱').fill('不是邮箱');
    await form.getByRole('button', { name: '保存联系人' }).click();
    await eventually(() => form.getByRole('alert').textContent()).toMatch(/^邮箱：/);
    expect(await readAll(panel, 'contacts')).toEqual([]);
    expect(await panel.getByRole('button', { name: '添加商机' }).count()).toBe(1);
  });
});
