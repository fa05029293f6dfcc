/**
 * Fixtures for the overlay tests: the Acme book, the fixture sites, and watching a page for
 * added nodes. Putting rows into the extension's database is tests/e2e/seed.ts.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { toLocal } from '../../extension/db/derive.ts';
import type { LookupReply } from '../../extension/messaging/protocol.ts';
import { Account, AccountInsight, Contact, Note, Opportunity } from '../../shared/index.ts';
import { askBackground, type Rows } from './seed.ts';

// sync.e2e.test.ts still imports askBackground from here; it now lives in seed.ts.
export { askBackground } from './seed.ts';

export const ACME = {
  accountId: ulid(),
  name: 'Acme Robotics',
  domain: 'acme-robotics.com',
};
export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_NOTE = 'Met their CTO. <script>alert(2)</script> <b>bold?</b>';

/** A key-strategic account with an open deal, an opponent with a hostile name, and a note. */
export function acmeRows(now = Date.now()): Rows {
  const id = ACME.accountId;
  const account = Account.parse({ id, createdAt: now, name: ACME.name, domains: [ACME.domain] });
  const freeMail = Account.parse({
    id: ulid(),
    createdAt: now,
    name: 'Someone on Gmail',
    domains: ['gmail.com'],
  });
  const insight = AccountInsight.parse({
    id,
    tier: 'keyStrategic',
    tierSource: 'pyramid',
    rank: 1,
    bookSize: 3,
    value: { historical: 1, current: 1, potential: 1, total: 3 },
    flags: ['A'],
    status: 'current',
    loyalty: 'repeatBuyer',
    relationshipStage: 'middle',
    strategy: 'dedicatedResources',
    computedAt: now,
  });
  const contacts = [
    Contact.parse({
      id: ulid(),
      createdAt: now,
      accountId: id,
      name: XSS_NAME,
      title: 'Head of Procurement',
      roles: ['purchaser'],
      attitude: 'opponent',
    }),
    Contact.parse({
      id: ulid(),
      createdAt: now,
      accountId: id,
      name: 'Jane Doe',
      title: 'CTO',
      roles: ['evaluator'],
      attitude: 'supporter',
    }),
  ];
  const opportunity = Opportunity.parse({
    id: ulid(),
    createdAt: now,
    accountId: id,
    name: 'Line 4 arms',
    stage: 'presentation',
    amount: 120_000,
    currency: 'USD',
    stageChangedAt: now - 3 * 86_400_000,
  });
  const note = Note.parse({
    id: ulid(),
    createdAt: now - 86_400_000,
    kind: 'visit',
    body: XSS_NOTE,
    accountId: id,
    authorId: ulid(),
    at: now - 86_400_000,
  });
  return {
    accounts: [toLocal('accounts', account), toLocal('accounts', freeMail)],
    account_insights: [insight],
    contacts,
    opportunities: [opportunity],
    notes: [note],
  };
}

const SITES = resolve('tests/e2e/fixtures/sites');

/**
 * Fulfil the fixture sites: the company (with a strict CSP, so the overlay must load despite
 * the page's policy), a news site, and a free-mail provider.
 */
export async function routeSites(context: BrowserContext): Promise<void> {
  const company = readFileSync(resolve(SITES, 'company.html'), 'utf8');
  await context.route(/^https:\/\/([a-z0-9-]+\.)*acme-robotics\.com\//, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: company,
      headers: {
        'content-security-policy':
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
      },
    }),
  );
  await context.route('https://www.industry-news.example/**', (route) =>
    route.fulfill({ path: resolve(SITES, 'news.html') }),
  );
  await context.route('https://www.gmail.com/**', (route) =>
    route.fulfill({ path: resolve(SITES, 'webmail.html') }),
  );
}

export const SITE_HOSTS = [
  'www.acme-robotics.com',
  'shop.acme-robotics.com',
  'www.industry-news.example',
  'www.gmail.com',
];

/**
 * After the background has answered a lookup for this page's host (so the content script's
 * own lookup, sent earlier, is answered too), watch the page for `ms`: nothing may be added.
 * Returns the nodes added to the document since it started (an init script records them).
 */
export async function addedNodesAfter(
  page: Page,
  extensionPage: Page,
  ms = 400,
): Promise<string[]> {
  const reply = await askBackground<LookupReply>(extensionPage, {
    type: 'lookup',
    hostname: new URL(page.url()).hostname,
  });
  if (reply.match) throw new Error(`expected no match for ${page.url()}`);
  return page.evaluate(
    (wait) =>
      new Promise<string[]>((ok) =>
        setTimeout(() => ok((window as unknown as { __added: string[] }).__added), wait),
      ),
    ms,
  );
}

/** Record every element added to the document after DOMContentLoaded (install before goto). */
export async function recordAddedNodes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const added: string[] = [];
    (window as unknown as { __added: string[] }).__added = added;
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') added.push(`@${r.attributeName}`);
          for (const n of r.addedNodes) added.push(n.nodeName);
        }
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    });
  });
}
