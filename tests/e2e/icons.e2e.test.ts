import { afterEach, describe, expect, it } from 'vitest';
import { ICON_SIZES } from '../../extension/icons/render.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';

let browser: ExtensionBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

type ManifestGlobal = {
  chrome: { runtime: { getManifest(): { icons?: Record<string, string> } } };
};

describe('the toolbar and store icons', () => {
  it('lists an icon at every size the browsers ask for, each a PNG of that size', async () => {
    browser = await launchWithExtension();
    const icons = await browser.serviceWorker.evaluate(
      () => (globalThis as unknown as ManifestGlobal).chrome.runtime.getManifest().icons ?? {},
    );
    expect(
      Object.keys(icons)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...ICON_SIZES]);
    const page = await browser.context.newPage();
    for (const size of ICON_SIZES) {
      await page.goto(browser.url(icons[String(size)] ?? ''));
      const drawn = await page.evaluate(() => {
        const img = document.querySelector('img');
        return img ? { width: img.naturalWidth, height: img.naturalHeight } : undefined;
      });
      expect(drawn).toEqual({ width: size, height: size });
    }
  });
});
