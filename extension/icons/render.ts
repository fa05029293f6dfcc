/**
 * `npm run icons`: renders extension/icons/icon.svg to the PNG sizes the manifests ask for
 * (toolbar 16 and 32, extensions page 48, store 128, Firefox's 96) into extension/public/icon/,
 * where WXT finds them and lists them in the manifest. Chrome takes no SVG icons, so the PNGs
 * are committed; run this after changing the SVG. Uses Debian's Chromium, as the tests do.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'public', 'icon');
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
      );
      await page.screenshot({ path: join(out, `${size}.png`), omitBackground: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`icons: ${ICON_SIZES.join(', ')} px in ${out}`);
}
