/**
 * The badge and the content script's cost in Debian's Firefox ESR, with the built Firefox
 * extension (`npm run build:firefox` first), measured as badge.bench.ts and
 * content-script.bench.ts measure them in Chromium, and printed beside those.
 *
 * Badge: 100k accounts and 300k contacts seeded with the same plain-IndexedDB code (from the
 * extension's options page), the search index built, then ≥ 30 loads of http://www.co<N>.com/
 * for different accounts, served from this machine (the profile maps those hosts to 127.0.0.1).
 * A BiDi preload script notes the page's moments (its load event); inside the overlay's
 * extension frame, the same watcher as in Chromium (tests/bench/frame-timing.ts) notes the
 * first animation frame in which the badge shows the account's name. Firefox runs preload
 * scripts in web pages only, so the watcher is put into the frame as soon as it is listed. The budget figure is
 * page load → badge visible, beside the two clocks' measured skew.
 *
 * No-match cost: Firefox has no counterpart of Chromium's ScriptDuration metric, so the nearest
 * one is taken: the CPU time of the web content processes (ChromeUtils.requestProcInfo, read from
 * the browser's privileged window) over a fresh tab's load of a page with no match and the same
 * 500 ms settle, in this Firefox and in one without the extension; the baseline's median is
 * subtracted. It counts everything the content process did, the content script included; so
 * the same is measured for an extension whose content script is empty (Firefox's own price for
 * injecting any content script), and the figure above that floor is reported beside it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { OVERLAY_FRAME, OVERLAY_HOST } from '../e2e/extension-frame.ts';
import {
  ADDON_ID,
  type Context,
  type FirefoxBrowser,
  launchFirefox,
  poll,
} from '../e2e/firefox/harness.ts';
import { asSeedPage, optionsPage } from '../e2e/firefox/sites.ts';
import { searchIndexBuiltFrom, seedBookFrom } from './fixtures.ts';
import {
  notePageTimes,
  pageTimes,
  shownTime,
  wallClockOffset,
  watchShown,
} from './frame-timing.ts';
import { percentile, report } from './report.ts';

const ACCOUNTS = 100_000;
const CONTACTS_PER_ACCOUNT = 3;
const LOADS = 40;
const WARMUP = 3;
const NO_MATCH_LOADS = 30;
const NEWS = 'www.industry-news.example';
const COMPANY = '<!doctype html><title>Company</title><h1>Welcome</h1><p>We make things.</p>';
const NO_SCRIPT =
  '<!doctype html><title>News</title><h1>Daily Industry News</h1><p>No script here.</p>';

/** The pages of this benchmark, by host, from one local server; its port. */
async function serve(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const body = host === NEWS ? NO_SCRIPT : /^www\.co\d+\.com$/.test(host) ? COMPANY : undefined;
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, port: (server.address() as AddressInfo).port };
}

/** The CPU time of Firefox's web content processes so far, in ms. */
const CPU_OF_WEB_PROCESSES = `ChromeUtils.requestProcInfo().then((info) =>
  info.children.filter((c) => c.type.startsWith('web')).reduce((sum, c) => sum + c.cpuTime, 0) / 1e6)`;

async function noMatchCpuMs(ff: FirefoxBrowser, port: number): Promise<number[]> {
  const cpu = async () => z.number().parse(await ff.evaluatePrivileged(CPU_OF_WEB_PROCESSES));
  const samples: number[] = [];
  for (let k = 0; k < NO_MATCH_LOADS + WARMUP; k++) {
    const tab = await ff.newTab();
    const before = await cpu();
    await tab.goto(`http://${NEWS}:${port}/?load=${k}`, 'complete');
    // As content-script.bench.ts: a fixed settle for the content script's lookup (a bench may
    // wait; a test may not).
    await new Promise((ok) => setTimeout(ok, 500));
    const after = await cpu();
    await tab.close();
    if (k >= WARMUP) samples.push(after - before);
  }
  return samples;
}

const BADGE_NAME = '[data-account-lens="badge"] .name';

type Watch = Parameters<typeof watchShown>[0];
/**
 * watchShown run in a frame, after noting whether the badge was already drawn: one function of
 * source text, as the harness sends it (the frame has no copy of watchShown to call).
 */
const watchInFrame = new Function(
  'watch',
  `const drawn = (document.querySelector(watch.selector)?.textContent ?? '') !== '';
  (${watchShown.toString()})(watch);
  return drawn;`,
) as (watch: Watch) => boolean;

/**
 * Firefox runs BiDi preload scripts in web pages but not in extension documents, so the frame's
 * watcher (frame-timing.ts) is put into the overlay's frame as soon as the frame is there:
 * `tab.frames` is asked back to back (each answer is a round trip, about a millisecond here)
 * until it lists the frame. Returns whether the badge was already drawn by then (its time is
 * then the next animation frame's, a little late; such loads are counted and reported).
 */
async function watchBadge(
  ff: FirefoxBrowser,
  tab: Context,
): Promise<{ frame: Context; late: boolean }> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    const [frame] = await tab.frames(ff.url(OVERLAY_FRAME));
    if (!frame) continue;
    const late = await frame
      .evaluate(watchInFrame, {
        protocol: 'moz-extension:',
        path: OVERLAY_FRAME,
        selector: BADGE_NAME,
      })
      .catch(() => undefined);
    if (late !== undefined) return { frame, late };
  }
  throw new Error('no overlay frame on the page');
}

export default async function main(): Promise<void> {
  const accounts = Array.from({ length: LOADS + WARMUP }, (_, k) => (k * 2_477) % ACCOUNTS);
  const hosts = accounts.map((n) => `www.co${n}.com`);
  const { server, port } = await serve();
  try {
    await noMatchCost(port);
    await badge(port, accounts, hosts);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
}

/**
 * As in Chromium: a fresh Firefox with the extension (an empty book: a page without a match
 * costs the same whatever the book holds), then one without it, each loading the same page.
 */
async function noMatchCost(port: number): Promise<void> {
  const fresh = await launchFirefox({ localHosts: [NEWS] });
  let withExtension: number[];
  try {
    await optionsPage(fresh);
    withExtension = await noMatchCpuMs(fresh, port);
  } finally {
    await fresh.close();
  }
  const plain = await launchFirefox({ extension: false, localHosts: [NEWS] });
  let baseline: number[];
  try {
    baseline = await noMatchCpuMs(plain, port);
  } finally {
    await plain.close();
  }
  const floorDir = emptyContentScriptExtension();
  const floorFirefox = await launchFirefox({ extension: floorDir, localHosts: [NEWS] });
  let floor: number[];
  try {
    floor = await noMatchCpuMs(floorFirefox, port);
  } finally {
    await floorFirefox.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
  const base = percentile(baseline, 50);
  const extra = withExtension.map((ms) => Math.max(0, ms - base));
  const floorExtra = floor.map((ms) => Math.max(0, ms - base));
  report({
    name: `content script, Firefox: no-match page, content-process CPU time (median of ${NO_MATCH_LOADS}, baseline ${base.toFixed(2)} ms subtracted)`,
    value: percentile(extra, 50),
    unit: 'ms',
    budget: 2,
  });
  report({
    name: 'content script, Firefox: no-match page, content-process CPU time, p95',
    value: percentile(extra, 95),
    unit: 'ms',
  });
  report({
    name: 'content script, Firefox: floor, an extension whose content script is empty, same measure, median',
    value: percentile(floorExtra, 50),
    unit: 'ms',
  });
  report({
    name: "content script, Firefox: no-match page above the floor (Account Lens's own script), median",
    value: percentile(extra, 50) - percentile(floorExtra, 50),
    unit: 'ms',
  });
}

/**
 * The floor of a content script in Firefox: an extension that runs an empty script on every
 * page at document_start, as Account Lens's page.js runs. Whatever it costs is Firefox's price
 * for injecting any content script, which no extension of this kind can avoid.
 */
function emptyContentScriptExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'al-floor-extension-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Content script floor',
      version: '1.0',
      browser_specific_settings: { gecko: { id: ADDON_ID } },
      content_scripts: [
        { matches: ['http://*/*', 'https://*/*'], js: ['empty.js'], run_at: 'document_start' },
      ],
    }),
  );
  writeFileSync(join(dir, 'empty.js'), '');
  return dir;
}

async function badge(
  port: number,
  accounts: readonly number[],
  hosts: readonly string[],
): Promise<void> {
  const ff = await launchFirefox({ localHosts: hosts });
  try {
    const options = await optionsPage(ff);
    const seeded = await seedBookFrom(asSeedPage(options), ACCOUNTS, CONTACTS_PER_ACCOUNT);
    report({
      name: 'badge, Firefox: seed 100k accounts + 300k contacts (plain IndexedDB)',
      value: seeded / 1000,
      unit: 's',
    });
    report({
      name: 'badge, Firefox: background search index built over the seeded book, waited',
      value: await searchIndexBuiltFrom(asSeedPage(options)),
      unit: 's',
    });
    await ff.addPreloadScript(notePageTimes, OVERLAY_HOST);
    const tab = await ff.newTab();
    const fromLoad: number[] = [];
    const hostToVisible: number[] = [];
    let worstSkew = 0;
    let late = 0;
    for (const [k, host] of hosts.entries()) {
      // From a blank page, so no frame of the last load is still listed when this one starts.
      await tab.goto('about:blank', 'complete');
      await tab.goto(`http://${host}:${port}/`, 'none');
      const watched = await watchBadge(ff, tab);
      const text = `Company ${accounts[k]}`;
      const at = await poll(`"${text}" in the badge`, () =>
        watched.frame.evaluate(shownTime, text),
      );
      const t = await poll('the page load event', async () => {
        const times = await tab.evaluate(pageTimes);
        return times && times.load > 0 ? times : undefined;
      });
      const skew =
        (await watched.frame.evaluate(wallClockOffset)) - (await tab.evaluate(wallClockOffset));
      if (k < WARMUP) continue;
      if (watched.late) late++;
      fromLoad.push(at - t.load);
      hostToVisible.push(at - t.host);
      if (Math.abs(skew) > Math.abs(worstSkew)) worstSkew = skew;
    }
    report({
      name: `badge, Firefox: page load → badge visible in its frame, p95 of ${fromLoad.length} loads`,
      value: percentile(fromLoad, 95),
      unit: 'ms',
      budget: 50,
    });
    report({
      name: 'badge, Firefox: page load → badge visible in its frame, median',
      value: percentile(fromLoad, 50),
      unit: 'ms',
    });
    report({
      name: 'badge, Firefox: overlay host on the page → badge visible (frame load and first render), median',
      value: percentile(hostToVisible, 50),
      unit: 'ms',
    });
    report({
      name: 'badge, Firefox: loads whose badge was drawn before its watcher was in the frame (their time is a frame late)',
      value: late,
      unit: 'loads',
    });
    report({
      name: 'badge, Firefox: frame clock − page clock, largest of the loads',
      value: worstSkew,
      unit: 'ms',
    });
  } finally {
    await ff.close();
  }
}
