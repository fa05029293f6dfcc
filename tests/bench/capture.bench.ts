/**
 * Page capture (shared/capture) where it runs: in a page, in Debian's Chromium.
 *
 * shared/capture/index.ts is bundled with esbuild (IIFE, minified, as the extension would ship
 * it) and injected into two generated pages served through request interception:
 * - a 2 MB team page with 500 people in page-builder markup (nested wrappers, inline SVG icons,
 *   srcset images, a bio per person), the worst page a rep is likely to capture;
 * - a ~150 KB article page with nothing to capture (nav, article, sidebar, footer).
 * Each run calls capturePage(document, location.href) (people and organisation in one pass)
 * and is timed with performance.now() inside the page; runs are separated by a task so no
 * per-task cache carries over. Median and p95 of RUNS after WARMUP. The two-call path the
 * capture script uses (extractContacts then extractOrganization) is reported beside it.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { percentile, report } from './report.ts';

const RUNS = 20;
const WARMUP = 3;
const PEOPLE = 500;
const HOST = 'https://www.bench-industries.com';

const FIRST = [
  'Ann',
  'Bruno',
  'Chloe',
  'Deepak',
  'Erin',
  'Farah',
  'George',
  'Hana',
  'Ivan',
  'Julia',
  'Kofi',
  'Laura',
  'Mateo',
  'Nina',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'Lee',
  'Diaz',
  'Martin',
  'Rao',
  'Walsh',
  'Khan',
  'Hill',
  'Sato',
  'Petrov',
  'Berg',
  'Mensah',
  'Chen',
  'Silva',
  'Novak',
  'Haddad',
  'Shah',
  'Reid',
  'Costa',
  'Larsen',
  'Okafor',
  'Young',
  'Fischer',
  'Moreau',
  'Ito',
  'Brown',
];
const TITLES = [
  'VP Operations',
  'Director of Sales',
  'Key Account Manager',
  'Chief Financial Officer',
  'Procurement Lead',
  'Head of Engineering',
  'Senior Buyer',
  'Plant Manager',
  'IT Director',
  'Regional Sales Manager',
];
// Inline icon paths as page builders emit them: they make up much of a real team page's weight.
const ICON = `<svg aria-hidden="true" class="e-font-icon-svg" viewBox="0 0 448 512" xmlns="http://www.w3.org/2000/svg"><path d="${'M100.28 448H7.4V148.9h92.88zM53.79 108.1C24.09 108.1 0 83.5 0 53.8a53.79 53.79 0 0 1 107.58 0c0 29.7-24.1 54.3-53.79 54.3zM447.9 448h-92.68V302.4c0-34.7-.7-79.2-48.29-79.2-48.29 0-55.69 37.7-55.69 76.7V448h-92.78V148.9h89.08v40.8h1.3c12.4-23.5 42.69-48.3 87.88-48.3 94 0 111.28 61.9 111.28 142.3V448z'}"></path></svg>`;

function person(i: number): string {
  const first = FIRST[i % FIRST.length] ?? 'Ann';
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'Lee';
  const name = `${first} ${last}`;
  const slug = `${first}.${last}`.toLowerCase();
  const title = TITLES[i % TITLES.length] ?? 'Manager';
  const id = (0x10000 + i).toString(16);
  const img = `/wp-content/uploads/2024/03/${slug}`;
  return `<div class="elementor-column elementor-col-25 elementor-inner-column elementor-element elementor-element-${id}" data-id="${id}" data-element_type="column">
<div class="elementor-widget-wrap elementor-element-populated">
<div class="elementor-element elementor-element-${id}a elementor-widget elementor-widget-image" data-widget_type="image.default"><div class="elementor-widget-container"><img width="400" height="400" src="${img}-400x400.jpg" class="attachment-large size-large wp-image-${i}" alt="" loading="lazy" srcset="${img}-400x400.jpg 400w, ${img}-300x300.jpg 300w, ${img}-150x150.jpg 150w, ${img}-768x768.jpg 768w" sizes="(max-width: 400px) 100vw, 400px"></div></div>
<div class="elementor-element elementor-element-${id}b elementor-widget elementor-widget-heading" data-widget_type="heading.default"><div class="elementor-widget-container"><h3 class="elementor-heading-title elementor-size-default">${name}</h3></div></div>
<div class="elementor-element elementor-element-${id}c elementor-widget elementor-widget-text-editor" data-widget_type="text-editor.default"><div class="elementor-widget-container"><p>${title}</p></div></div>
<div class="elementor-element elementor-element-${id}d elementor-widget elementor-widget-text-editor" data-widget_type="text-editor.default"><div class="elementor-widget-container"><p>${first} joined Bench Industries in ${2005 + (i % 18)} and works with customers on planning, rollout and service contracts across the region, after roles in operations and purchasing at two equipment makers. Before that, ${first} spent six years in field service, which is why customers call when a line stops.</p></div></div>
<div class="elementor-element elementor-element-${id}e elementor-widget elementor-widget-social-icons" data-widget_type="social-icons.default"><div class="elementor-widget-container"><div class="elementor-social-icons-wrapper elementor-grid">
<span class="elementor-grid-item"><a class="elementor-icon elementor-social-icon elementor-social-icon-envelope" href="mailto:${slug}${i}@bench-industries.com"><span class="elementor-screen-only">Envelope</span>${ICON}</a></span>
<span class="elementor-grid-item"><a class="elementor-icon elementor-social-icon elementor-social-icon-phone" href="tel:+1415555${String(1000 + i).padStart(4, '0')}"><span class="elementor-screen-only">Phone</span>${ICON}</a></span>
<span class="elementor-grid-item"><a class="elementor-icon elementor-social-icon elementor-social-icon-linkedin" href="https://www.linkedin.com/in/${slug}-${i}" target="_blank"><span class="elementor-screen-only">Linkedin</span>${ICON}</a></span>
</div></div></div>
</div></div>`;
}

function chrome(main: string, title: string): string {
  const nav = Array.from(
    { length: 60 },
    (_, i) => `<li class="menu-item menu-item-${i}"><a href="/section-${i}/">Section ${i}</a></li>`,
  ).join('');
  return `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>${title} | Bench Industries</title>
<meta property="og:site_name" content="Bench Industries">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Bench Industries","url":"${HOST}/","telephone":"+1 415 555 0100"}</script>
</head><body class="page elementor-page">
<div id="cookie-notice" class="cookie-banner"><p>We use cookies.</p><button type="button">Accept</button></div>
<header class="site-header"><nav class="main-navigation"><ul class="menu">${nav}</ul></nav></header>
<main id="content">${main}</main>
<footer class="site-footer"><p>Bench Industries · 1 Harbor Way, San Francisco, CA 94107 · Tel: +1 415 555 0100</p><ul>${nav}</ul></footer>
</body></html>`;
}

function teamPage(): string {
  const rows: string[] = [];
  for (let r = 0; r < PEOPLE / 4; r++) {
    const cards = Array.from({ length: 4 }, (_, k) => person(r * 4 + k)).join('\n');
    rows.push(
      `<section class="elementor-section elementor-inner-section elementor-element" data-element_type="section"><div class="elementor-container elementor-column-gap-default">${cards}</div></section>`,
    );
  }
  return chrome(`<h1>Our Team</h1>${rows.join('\n')}`, 'Our Team');
}

function articlePage(): string {
  const sentence =
    'Warehouse automation has moved from pilots to production lines, and the question buyers ask has shifted from whether robots work to how fast they pay back. ';
  const paragraphs = Array.from(
    { length: 80 },
    (_, i) =>
      `<div class="elementor-element elementor-widget elementor-widget-text-editor" data-id="p${i}"><div class="elementor-widget-container"><p>${sentence.repeat(3)}</p></div></div>${i % 8 === 0 ? `<div class="elementor-element elementor-widget elementor-widget-heading"><div class="elementor-widget-container"><h2 class="elementor-heading-title">Part ${i / 8 + 1}: What Changed</h2></div></div>` : ''}`,
  ).join('\n');
  // A grid of post cards: repeated siblings with a short title line, which the team-grid
  // detector has to look at and turn down.
  const related = Array.from(
    { length: 30 },
    (_, i) =>
      `<article class="post-card post-${i}"><a class="post-card__image" href="/blog/post-${i}/"><img src="/img/post-${i}.jpg" alt="" loading="lazy"></a><div class="post-card__body"><h3 class="post-card__title"><a href="/blog/post-${i}/">Automation Trends ${i}</a></h3><p class="post-card__meta"><time datetime="2025-01-${String((i % 20) + 10)}">January ${(i % 20) + 10}, 2025</time> · ${3 + (i % 9)} min read</p><p class="post-card__excerpt">${sentence}</p></div></article>`,
  ).join('');
  const comments = Array.from(
    { length: 15 },
    (_, i) =>
      `<li class="comment"><div class="comment-author vcard-like"><img src="/avatar/${i}.png" alt=""><b class="fn">Reader ${i}</b> says:</div><div class="comment-meta"><a href="#c${i}">March ${i + 3}, 2025 at 9:${String(i + 10)} am</a></div><div class="comment-content"><p>${sentence}</p></div><a class="reply" href="#respond">Reply</a></li>`,
  ).join('');
  return chrome(
    `<article class="post"><h1>Automation in 2025</h1><p class="byline">By the editorial team · March 3, 2025</p>${paragraphs}</article><section class="comments"><ol class="comment-list">${comments}</ol></section><section class="related"><h2>Related Posts</h2><div class="post-grid">${related}</div></section>`,
    'Automation in 2025',
  );
}

const IN_PAGE_TIMING = `(async () => {
  const api = window.AccountLensCapture;
  const nextTask = () => new Promise((r) => setTimeout(r, 0));
  const samples = [];
  const split = [];
  let people = 0;
  for (let i = 0; i < ${RUNS + WARMUP}; i++) {
    await nextTask();
    const t0 = performance.now();
    people = api.capturePage(document, location.href).contacts.length;
    const t1 = performance.now();
    await nextTask();
    const t2 = performance.now();
    api.extractContacts(document, location.href);
    api.extractOrganization(document, location.href);
    const t3 = performance.now();
    if (i >= ${WARMUP}) {
      samples.push(t1 - t0);
      split.push(t3 - t2);
    }
  }
  return { samples, split, people };
})()`;

interface Timing {
  readonly samples: number[];
  readonly split: number[];
  readonly people: number;
}

async function measure(browser: Browser, bundle: string, html: string): Promise<Timing> {
  const page: Page = await browser.newPage();
  try {
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${HOST}/`)
        ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: html })
        : route.abort(),
    );
    await page.goto(`${HOST}/about/team/`, { waitUntil: 'load' });
    await page.addScriptTag({ content: bundle });
    // A string, not a function: tsx would wrap a function's inner helpers in its own `__name`,
    // which does not exist in the page.
    return (await page.evaluate(IN_PAGE_TIMING)) as Timing;
  } finally {
    await page.close();
  }
}

export default async function main(): Promise<void> {
  const result = await build({
    entryPoints: ['shared/capture/index.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'AccountLensCapture',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0]?.text ?? '';
  report({
    name: 'capture: bundle (shared/capture, minified), gzipped',
    value: gzipSync(bundle, { level: 9 }).length / 1024,
    unit: 'KB',
  });

  const team = teamPage();
  const article = articlePage();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const big = await measure(browser, bundle, team);
    report({
      name: `capture: ${(team.length / 1024 / 1024).toFixed(1)} MB team page, people found`,
      value: big.people,
      unit: 'people',
      budget: PEOPLE,
      kind: 'min',
    });
    report({
      name: `capture: ${PEOPLE}-person team page, capturePage (median of ${RUNS})`,
      value: percentile(big.samples, 50),
      unit: 'ms',
      budget: 50,
      scale: 'memory',
    });
    report({ name: 'capture: team page, p95', value: percentile(big.samples, 95), unit: 'ms' });
    report({
      name: 'capture: team page, extractContacts + extractOrganization (median)',
      value: percentile(big.split, 50),
      unit: 'ms',
    });

    const none = await measure(browser, bundle, article);
    report({
      name: `capture: ${(article.length / 1024).toFixed(0)} KB page with nothing to capture (median of ${RUNS})`,
      value: percentile(none.samples, 50),
      unit: 'ms',
      budget: 5,
      scale: 'memory',
    });
    report({
      name: 'capture: nothing to capture, p95',
      value: percentile(none.samples, 95),
      unit: 'ms',
    });
    report({
      name: 'capture: nothing to capture, people found',
      value: none.people,
      unit: 'people',
      budget: 0,
    });
  } finally {
    await browser.close();
  }
}
