/**
 * The content script on a page with no match, in Debian's Chromium with the built extension
 * (`npm run build` first).
 *
 * Size: the eager content script (page.js, the one the manifest lists for every page) gzipped at
 * level 9. Reported beside it for information, what a page with a match loads next: the overlay
 * is drawn in an extension frame (overlay-frame.html, in a closed shadow root), whose page loads
 * its entry chunk and the chunks that imports statically (followed from the HTML's module
 * script and modulepreload tags through each chunk's own imports; dynamic imports are left
 * out), each gzipped at level 9 and summed; and that entry chunk alone (the rest is shared with
 * the extension's other pages). They are read from the extension's package, not the network,
 * in the frame's own document: the size stands for the parsing and compiling the badge waits
 * for on a matched page, not for bytes on the wire. A page without a match loads none of it.
 *
 * Main-thread time, method: CDP `Performance.getMetrics` ScriptDuration (time the renderer's
 * main thread spent compiling and running script, every world included) of a fresh tab after
 * loading a page that has no script of its own, read once the content script has had its lookup
 * answered (the page's load, then a fixed 500 ms settle: a bench may wait, a test may not).
 * The same loads in a Chromium without the extension give the baseline, which is subtracted.
 * WXT's location watcher (1 s interval, for SPA navigation) is not inside the window.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

/** The module script of a built HTML page, and its modulepreloads: paths from the extension's root. */
const MODULE_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="\/([^"]+\.js)"/;
const MODULE_PRELOAD = /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="\/([^"]+\.js)"/g;
/** A static import in a minified chunk (`import{a}from"./x.js"`, `import"./x.js"`). */
const STATIC_IMPORT = /\b(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g;

/**
 * The script files an extension page loads before it runs: its module script (the entry), its
 * preloads, and every chunk they import statically; paths from the extension's root.
 */
function pageScripts(dir: string, html: string): { entry: string; files: string[] } {
  const text = readFileSync(join(dir, html), 'utf8');
  const entry = MODULE_SCRIPT.exec(text)?.[1];
  if (entry === undefined) throw new Error(`${html} has no module script`);
  const found = new Set<string>();
  const queue = [entry, ...[...text.matchAll(MODULE_PRELOAD)].map((m) => m[1] as string)];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (found.has(file)) continue;
    found.add(file);
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(STATIC_IMPORT)) {
      queue.push(relative(dir, join(dir, dirname(file), m[1] as string)));
    }
  }
  return { entry, files: [...found] };
}

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
  const { entry, files: frameScripts } = pageScripts(EXTENSION_DIR, 'overlay-frame.html');
  report({
    name: `matched page: overlay frame (overlay-frame.html) scripts, ${frameScripts.length} chunks, gzipped`,
    value: frameScripts.reduce((sum, f) => sum + gzKb(join(EXTENSION_DIR, f)), 0),
    unit: 'KB',
  });
  report({
    name: "matched page: overlay frame's own entry chunk (chunks/overlay-frame-*.js), gzipped",
    value: gzKb(join(EXTENSION_DIR, entry)),
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
