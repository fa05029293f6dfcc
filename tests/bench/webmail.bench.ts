/**
 * The webmail panel in Debian's Chromium with the built extension (`npm run build` first; set
 * ACCOUNT_LENS_OUT_DIR to measure another build), on the Gmail fixture page fulfilled at
 * mail.google.com.
 *
 * Message opened → panel visible, with 100k accounts and 300k contacts stored (seeded with plain
 * IndexedDB puts, as badge.bench.ts does). Each of ≥ 40 opens shows a message from a different
 * account's decision maker (no warm cache for that account): the page's own script swaps the
 * sender into the message view and shows it (as Gmail's SPA would), noting the time on the
 * page's clock. The panel is drawn in an extension frame (webmail-frame.html) inside the closed
 * shadow root of `account-lens-webmail`, out of the page's reach, so its end is noted inside
 * that frame (tests/bench/frame-timing.ts; Playwright runs the script there as the frame loads):
 * the first animation frame in which the account's name is rendered, laid out and inside the
 * frame's viewport, which holds only once the content script has sized the frame to the panel
 * (it is 0 px tall until the frame reports its height). Both moments are absolute times
 * (`performance.timeOrigin + performance.now()`); the difference between the page's and the
 * frame's clocks is measured after each open and reported beside the figures. The moment the
 * panel's host shows in the page (which the page can see) splits the time in two (medians).
 * Between opens the inbox is shown and no panel is: the page took the message and the host
 * beside it away, and the content script has loaded the next message's frame, hidden
 * (extension/webmail/host.ts), in the inbox's idle time, as it does for a rep. p95 of open
 * → visible against the 100 ms budget. Steady reading, as the budget means it: the opens start
 * once the background has built its search index over the seeded book (a one-off after a first
 * sync that keeps a core busy; the wait is reported).
 *
 * Main-thread time per DOM mutation batch in a busy inbox: the inbox view's rows are rewritten
 * every 4 ms for 3 s (each timer task is one mutation batch for the content script's observer),
 * and CDP `Performance.getMetrics` ScriptDuration (every world included) is read before and
 * after. The same run in a Chromium without the extension is the baseline; the difference,
 * divided by the number of batches, is what the webmail content script adds per batch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { extensionFrames, SHOWN_WEBMAIL_HOST, WEBMAIL_FRAME } from '../e2e/extension-frame.ts';
import { launchWithExtension } from '../e2e/harness.ts';
import { routeWebmail, WEBMAIL_HOSTS } from '../webmail/e2e-seed.ts';
import { searchIndexBuilt, seedLocalBook } from './fixtures.ts';
import { clockSkew, noteShownInFrames, shownAt } from './frame-timing.ts';
import { percentile, report } from './report.ts';

const ACCOUNTS = 100_000;
const CONTACTS_PER_ACCOUNT = 3;
const OPENS = 40;
const WARMUP = 3;
const BUSY_MS = 3_000;
const BUSY_EVERY_MS = 4;
const BUSY_RUNS = 3;
const INBOX = 'https://mail.google.com/mail/u/0/#inbox';

type TimedWindow = typeof globalThis & {
  /** Absolute times (`performance.timeOrigin + performance.now()`) of the last open. */
  __open: number;
  __host: number;
  showView(name: string): void;
};

/** One open, in ms from the message's open; `skew` is the frame's clock minus the page's. */
interface Open {
  visible: number;
  host: number;
  skew: number;
  /** Inbox shown → the next message's frame loaded. */
  warm: number;
}

/** Open a message from `Company <n>`'s decision maker and time its panel. */
async function openMessageFrom(page: Page, n: number): Promise<Open> {
  await page.evaluate(
    ({ k, hostName }) => {
      const w = window as unknown as TimedWindow;
      const template = document.getElementById('view-message') as HTMLTemplateElement;
      const sender = template.content.querySelector('.gD') as Element;
      sender.setAttribute('email', `p0@co${k}.com`);
      sender.setAttribute('name', `Person 0 of ${k}`);
      sender.textContent = `Person 0 of ${k}`;
      template.content
        .querySelector('[data-message-id]')
        ?.setAttribute('data-message-id', `#msg-f:bench${k}`);
      w.__host = -1;
      new MutationObserver((_records, observer) => {
        if (!document.querySelector(hostName)) return;
        w.__host = performance.timeOrigin + performance.now();
        observer.disconnect();
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
      w.__open = performance.timeOrigin + performance.now();
      w.showView('message');
    },
    { k: n, hostName: SHOWN_WEBMAIL_HOST },
  );
  const { frame, at } = await shownAt(page, WEBMAIL_FRAME, `Company ${n}`);
  const { open, host } = await page.evaluate(() => {
    const w = window as unknown as TimedWindow;
    return { open: w.__open, host: w.__host };
  });
  const skew = await clockSkew(page, frame);
  await page.evaluate(() => (window as unknown as TimedWindow).showView('inbox'));
  await page.waitForFunction((name) => document.querySelector(name) === null, SHOWN_WEBMAIL_HOST);
  const inbox = performance.now();
  await nextFrameLoaded(page);
  return { visible: at - open, host: host - open, skew, warm: performance.now() - inbox };
}

/**
 * Once the frame for the next message is loaded, hidden (extension/webmail/host.ts): a rep
 * spends longer than that in the inbox before opening the next message. Polled every 25 ms
 * (the poll's interval, not a wait for time).
 */
async function nextFrameLoaded(page: Page, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of extensionFrames(page, WEBMAIL_FRAME)) {
      const ready = await frame
        .evaluate(() => document.readyState === 'complete')
        .catch(() => false);
      if (ready) return;
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for the next message's frame");
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/** Script time of a busy inbox for BUSY_MS, and the number of mutation batches it made. */
async function busyInbox(
  page: Page,
  context: BrowserContext,
): Promise<{ ms: number; batches: number }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')
      ?.value ?? 0;
  const before = await metric();
  const batches = await page.evaluate(
    ({ duration, every }) =>
      new Promise<number>((done) => {
        const rows = [...document.querySelectorAll('#list tr')];
        let ticks = 0;
        const start = performance.now();
        const timer = setInterval(() => {
          ticks++;
          // What a live inbox does: a row's snippet and unread state change, a row moves up.
          const row = rows[ticks % rows.length] as HTMLElement;
          const cell = row.querySelector('.bog span') as HTMLElement;
          cell.textContent = `Update ${ticks}`;
          row.classList.toggle('zE');
          row.parentElement?.prepend(row);
          if (performance.now() - start >= duration) {
            clearInterval(timer);
            done(ticks);
          }
        }, every);
      }),
    { duration: BUSY_MS, every: BUSY_EVERY_MS },
  );
  // Let the last throttled read run inside the window.
  await page.waitForTimeout(100);
  const after = await metric();
  await cdp.detach();
  return { ms: (after - before) * 1000, batches };
}

export default async function main(): Promise<void> {
  const browser = await launchWithExtension({ allowHosts: WEBMAIL_HOSTS });
  const perBatchWith: { ms: number; batches: number }[] = [];
  try {
    const seconds = (await seedLocalBook(browser, ACCOUNTS, CONTACTS_PER_ACCOUNT)) / 1000;
    report({
      name: 'webmail: seed 100k accounts + 300k contacts (plain IndexedDB)',
      value: seconds,
      unit: 's',
    });
    report({
      name: 'webmail: background search index built over the seeded book, waited',
      value: await searchIndexBuilt(browser),
      unit: 's',
    });
    await routeWebmail(browser.context);
    const page = await browser.context.newPage();
    // The account's name in the panel's header, as its frame draws it.
    await noteShownInFrames(page, WEBMAIL_FRAME, '[data-account-lens="account-name"]');
    await page.goto(INBOX);
    await nextFrameLoaded(page);
    const opens: Open[] = [];
    for (let k = 0; k < OPENS + WARMUP; k++) {
      const open = await openMessageFrom(page, (k * 2_477 + 11) % ACCOUNTS);
      if (k >= WARMUP) opens.push(open);
    }
    const samples = opens.map((o) => o.visible);
    report({
      name: `webmail: message opened → panel visible in its frame, p95 of ${samples.length} opens (100k accounts)`,
      value: percentile(samples, 95),
      unit: 'ms',
      budget: 100,
      scale: 'browser',
    });
    report({
      name: 'webmail: message opened → panel visible in its frame, median',
      value: percentile(samples, 50),
      unit: 'ms',
    });
    report({
      name: 'webmail: message opened → panel host in the page (content script reads the message, looks it up), median',
      value: percentile(
        opens.map((o) => o.host),
        50,
      ),
      unit: 'ms',
    });
    report({
      name: 'webmail: panel host shown in the page → panel visible in its frame (render, sizing), median',
      value: percentile(
        opens.map((o) => o.visible - o.host),
        50,
      ),
      unit: 'ms',
    });
    report({
      name: "webmail: inbox shown → next message's frame loaded, hidden (the content script in the inbox's idle time), median",
      value: percentile(
        opens.map((o) => o.warm),
        50,
      ),
      unit: 'ms',
    });
    report({
      name: 'webmail: frame clock − page clock, largest of the opens (what the times above may be off by)',
      value: opens.reduce((worst, o) => (Math.abs(o.skew) > Math.abs(worst) ? o.skew : worst), 0),
      unit: 'ms',
    });
    // The content script is running (it just showed and hid the panel): now a busy inbox.
    for (let r = 0; r < BUSY_RUNS; r++) perBatchWith.push(await busyInbox(page, browser.context));
  } finally {
    await browser.close();
  }

  const profile = mkdtempSync(join(tmpdir(), 'account-lens-bench-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const baseline: { ms: number; batches: number }[] = [];
  try {
    await plain.route('**/*', (route) => route.abort('blockedbyclient'));
    await routeWebmail(plain);
    const page = await plain.newPage();
    await page.goto(INBOX);
    for (let r = 0; r < BUSY_RUNS; r++) baseline.push(await busyInbox(page, plain));
  } finally {
    await plain.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const perBatch = (runs: { ms: number; batches: number }[]) =>
    percentile(
      runs.map((r) => r.ms / r.batches),
      50,
    );
  const added = Math.max(0, perBatch(perBatchWith) - perBatch(baseline));
  report({
    name: `webmail: content script main-thread time per DOM mutation batch, busy inbox (median of ${BUSY_RUNS} runs of ${BUSY_MS / 1000} s, a batch every ${BUSY_EVERY_MS} ms, baseline subtracted)`,
    value: added,
    unit: 'ms',
    budget: 2,
    scale: 'browser',
  });
  report({
    name: 'webmail: busy inbox, page script time per batch without the extension (baseline)',
    value: perBatch(baseline),
    unit: 'ms',
  });
}
