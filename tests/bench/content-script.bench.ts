/**
 * The content script on a page with no match, in Debian's Chromium with the built extension
 * (`npm run build` first).
 *
 * Size: the eager content script (page.js, the one the manifest lists for every page) gzipped at
 * level 9;
 * the lazily loaded overlay bundle is reported beside it for information.
 *
 * Main-thread time, method: CDP `Performance.getMetrics` ScriptDuration (time the renderer's
 * main thread spent compiling and running script, every world included) of a fresh tab after
 * loading a page that has no script of its own, read once the content script has had its lookup
 * answered (the page's load, then a fixed 500 ms settle: a bench may wait, a test may not).
 * The same loads in a Chromium without the extension give the baseline, which is subtracted.
 * WXT's location watcher (1 s interval, for SPA navigation) is not inside the window.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { z } from 'zod';
import { EXTENSION_DIR, launchPlainChromium, launchWithExtension } from '../e2e/harness.ts';
import { percentile, report } from './report.ts';

const LOADS = 30;
const WARMUP = 3;
const HOST = 'www.industry-news.example';
const PAGE = '<!doctype html><title>News</title><h1>Daily Industry News</h1><p>No script here.</p>';

const gzKb = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

async function scriptMs(context: BrowserContext): Promise<number[]> {
  await context.route(`https://${HOST}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: PAGE }),
  );
  const samples: number[] = [];
  for (let k = 0; k < LOADS + WARMUP; k++) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await cdp.send('Performance.getMetrics');
    await page.goto(`https://${HOST}/?load=${k}`, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const after = await cdp.send('Performance.getMetrics');
    const metric = (m: typeof after, name: string) =>
      m.metrics.find((x) => x.name === name)?.value ?? 0;
    if (k >= WARMUP) {
      samples.push((metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000);
    }
    await page.close();
  }
  return samples;
}

export default async function main(): Promise<void> {
  const manifest = z
    .object({ content_scripts: z.array(z.object({ js: z.array(z.string()).default([]) })) })
    .parse(JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')));
  const eager = manifest.content_scripts
    .flatMap((script) => script.js)
    .reduce((sum, f) => sum + gzKb(join(EXTENSION_DIR, f)), 0);
  report({ name: 'content script: eager bundle, gzipped', value: eager, unit: 'KB', budget: 15 });
  report({
    name: 'content script: lazy overlay bundle (overlay-ui.js), gzipped',
    value: gzKb(join(EXTENSION_DIR, 'overlay-ui.js')),
    unit: 'KB',
  });

  const withExtension = await launchWithExtension({ allowHosts: [HOST] });
  let withSamples: number[];
  try {
    withSamples = await scriptMs(withExtension.context);
  } finally {
    await withExtension.close();
  }

  const plain = await launchPlainChromium([HOST]);
  let baseline: number[];
  try {
    baseline = await scriptMs(plain.context);
  } finally {
    await plain.close();
  }
  const base = percentile(baseline, 50);
  const extra = withSamples.map((s) => Math.max(0, s - base));
  report({
    name: `content script: no-match page, main-thread script time (median of ${LOADS}, baseline ${base.toFixed(2)} ms subtracted)`,
    value: percentile(extra, 50),
    unit: 'ms',
    budget: 2,
    scale: 'browser',
  });
  report({
    name: 'content script: no-match page, main-thread script time, p95',
    value: percentile(extra, 95),
    unit: 'ms',
  });
}
