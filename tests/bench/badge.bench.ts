/**
 * Page load to visible badge, in Debian's Chromium with the built extension (`npm run build`
 * first) and 100k accounts and 300k contacts in its IndexedDB.
 *
 * Seeding: plain IndexedDB puts from an extension page, in transactions of 10k rows, in the
 * layout Dexie reads (the background's Dexie creates the database first).
 *
 * Method: each of ≥ 30 loads opens https://www.co<N>.com/ for a different account (no warm
 * cache for that account), fulfilled by a route. A script the test adds at document start
 * records, on the page's own clock: DOMContentLoaded; the load event; and the first animation
 * frame after `account-lens-overlay` is inserted with a laid-out badge (visible).
 * The budget figure is page load (the load event) → badge visible: the content script runs at
 * `document_idle`, which Chrome schedules between DOMContentLoaded and just after the load
 * event, so this covers the script's start, the lookup, the shadow root and the first render.
 * The script's own start cannot be observed from the page any more (it announces nothing
 * until a page matches, to keep pages without a match at no cost). DOMContentLoaded → badge and
 * navigation start → badge are reported beside it for information.
 */
import { launchWithExtension } from '../e2e/harness.ts';
import { seedLocalBook } from './fixtures.ts';
import { percentile, report } from './report.ts';

const ACCOUNTS = 100_000;
const CONTACTS_PER_ACCOUNT = 3;
const LOADS = 40;
const WARMUP = 3;

interface Timing {
  dcl: number;
  load: number;
  visible: number;
}

export default async function main(): Promise<void> {
  const hosts = Array.from(
    { length: LOADS + WARMUP },
    (_, k) => `www.co${(k * 2_477) % ACCOUNTS}.com`,
  );
  const browser = await launchWithExtension({ allowHosts: hosts });
  try {
    const seconds = (await seedLocalBook(browser, ACCOUNTS, CONTACTS_PER_ACCOUNT)) / 1000;
    report({
      name: 'badge: seed 100k accounts + 300k contacts (plain IndexedDB)',
      value: seconds,
      unit: 's',
    });
    await browser.context.route(/^https:\/\/www\.co\d+\.com\//, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Company</title><h1>Welcome</h1><p>We make things.</p>',
      }),
    );
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const t = { dcl: -1, load: -1, visible: -1 };
      (window as unknown as { __t: typeof t }).__t = t;
      document.addEventListener('DOMContentLoaded', () => {
        t.dcl = performance.now();
      });
      window.addEventListener('load', () => {
        t.load = performance.now();
      });
      new MutationObserver((_records, observer) => {
        const host = document.querySelector('account-lens-overlay');
        const badge = host?.shadowRoot?.querySelector('[data-account-lens="badge"]');
        if (!badge) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          if (badge.getBoundingClientRect().width > 0) t.visible = performance.now();
        });
      }).observe(document, { childList: true, subtree: true });
    });
    const samples: Timing[] = [];
    for (const [k, host] of hosts.entries()) {
      await page.goto(`https://${host}/`);
      await page.waitForFunction(
        () => (window as unknown as { __t: Timing }).__t.visible >= 0,
        null,
        {
          timeout: 10_000,
        },
      );
      const t = await page.evaluate(() => (window as unknown as { __t: Timing }).__t);
      if (k >= WARMUP) samples.push(t);
    }
    const fromLoad = samples.map((s) => s.visible - s.load);
    const fromDcl = samples.map((s) => s.visible - s.dcl);
    const fromNav = samples.map((s) => s.visible);
    report({
      name: `badge: page load → badge visible, p95 of ${samples.length} loads`,
      value: percentile(fromLoad, 95),
      unit: 'ms',
      budget: 50,
      scale: 'browser',
    });
    report({
      name: 'badge: page load → badge visible, median',
      value: percentile(fromLoad, 50),
      unit: 'ms',
    });
    report({
      name: 'badge: DOMContentLoaded → badge visible, p95',
      value: percentile(fromDcl, 95),
      unit: 'ms',
    });
    report({
      name: 'badge: navigation start → badge visible, p95',
      value: percentile(fromNav, 95),
      unit: 'ms',
    });
  } finally {
    await browser.close();
  }
}
