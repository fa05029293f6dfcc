import { afterEach, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('options page', () => {
  it('shows the default tier cutoffs and cadences a new team starts with', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const strategic = page.locator('tr[data-tier="keyStrategic"]');
    // The top 1 % (重要客户) is "Key", the next 19 % (次要客户) "Major"; the ids stay.
    await expect.poll(() => strategic.textContent()).toContain('Key');
    expect(await strategic.textContent()).not.toContain('strategic');
    expect(await page.locator('tr[data-tier="key"]').textContent()).toContain('Major');
    expect(await strategic.textContent()).toContain('1%');
    expect(await strategic.textContent()).toContain('7 days');
    expect(await page.locator('tr[data-tier="small"]').textContent()).toContain('90 days');
  });

  it('speaks Simplified Chinese when the browser does', async () => {
    browser = await launchWithExtension({ locale: 'zh-CN' });
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('客户透镜设置');
    expect(await page.locator('tr[data-tier="keyStrategic"]').textContent()).toContain('重要客户');
  });

  it('switches to the language the rep picks, whatever the browser speaks', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    await page.locator('select').selectOption('zh_CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('客户透镜设置');
    await page.reload();
    await expect
      .poll(() => page.locator('tr[data-tier="small"]').textContent())
      .toContain('小客户');
  });
});

/** The extension page's `chrome.storage.local`, typed for code run inside the page. */
type WithStorage = {
  chrome: {
    storage: {
      local: {
        get(key: string): Promise<Record<string, unknown>>;
        set(items: Record<string, unknown>): Promise<void>;
      };
    };
  };
};

describe('where the badge shows', () => {
  it('lists the sites the badge was hidden on and brings one back', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    // What "never show on this site" in the page's panel stores.
    await page.evaluate(() =>
      (globalThis as unknown as WithStorage).chrome.storage.local.set({
        disabledSites: ['acme-robotics.com', 'news.example.org'],
      }),
    );
    const acme = page.locator('li[data-site="acme-robotics.com"]');
    await acme.waitFor();
    await acme.getByRole('button').click();
    await acme.waitFor({ state: 'detached' });
    const stored = await page.evaluate(() =>
      (globalThis as unknown as WithStorage).chrome.storage.local.get('disabledSites'),
    );
    expect(stored.disabledSites).toEqual(['news.example.org']);
  });

  it('the global switch turns the badge off everywhere', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const box = page.getByRole('checkbox', { name: 'Show account badges on web pages' });
    await expect.poll(() => box.isChecked()).toBe(true);
    await box.uncheck();
    await expect
      .poll(() =>
        page.evaluate(() =>
          (globalThis as unknown as WithStorage).chrome.storage.local.get('overlayEnabled'),
        ),
      )
      .toEqual({ overlayEnabled: false });
  });
});

describe('your e-mail addresses', () => {
  it('names an invalid address and saves nothing, then saves the valid list', async () => {
    browser = await launchWithExtension();
    const page = await browser.context.newPage();
    await page.goto(browser.url('options.html'));
    const stored = () =>
      page.evaluate(() =>
        (globalThis as unknown as WithStorage).chrome.storage.local.get('myAddresses'),
      );
    const field = page.getByRole('textbox', { name: 'E-mail addresses' });
    const save = page.getByRole('button', { name: 'Save addresses' });
    await field.fill('rep@oursales.example\nsam@oursales');
    await save.click();
    await expect
      .poll(() => page.locator('.identity [role="alert"]').textContent())
      .toBe('Not saved. Not a valid e-mail address: sam@oursales');
    expect(await stored()).toEqual({});

    await field.fill('Rep@OurSales.example\nsam@oursales.example');
    await save.click();
    await expect
      .poll(stored)
      .toEqual({ myAddresses: ['rep@oursales.example', 'sam@oursales.example'] });
    expect(await page.locator('.identity [data-company]').textContent()).toBe(
      'Your company: oursales.example',
    );
    await page.reload();
    await expect.poll(() => field.inputValue()).toBe('rep@oursales.example\nsam@oursales.example');
  });
});
