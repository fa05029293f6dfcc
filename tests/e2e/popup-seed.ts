/**
 * Rows and pages for the popup and side panel end-to-end tests. Rows are parsed with the shared
 * schemas (defaults filled) and given their local fields; tests/e2e/seed.ts puts them into the
 * extension's database.
 */
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { toLocal } from '../../extension/db/derive.ts';
import { Account, Contact } from '../../shared/index.ts';
import type { ExtensionBrowser } from './harness.ts';
import { eventually } from './seed.ts';

// sync.e2e.test.ts still imports readAll from here; it now lives in seed.ts.
export { readAll } from './seed.ts';

export function account(fields: { name: string; domains?: string[] } & Record<string, unknown>) {
  const row = Account.parse({ id: ulid(), createdAt: Date.now(), ...fields });
  return toLocal('accounts', row);
}

export function contact(fields: { accountId: string; name: string } & Record<string, unknown>) {
  return Contact.parse({ id: ulid(), createdAt: Date.now(), ...fields });
}

/**
 * Open an extension page once the install-time options tab is up: opened while a fresh blank
 * page is loading, Chrome can navigate that page to options.html instead ("navigation
 * interrupted"). Default timeout 10 s so a missing element fails instead of waiting forever.
 */
export async function openPage(b: ExtensionBrowser, path: string): Promise<Page> {
  const optionsOpen = () => b.context.pages().some((p) => p.url().endsWith('/options.html'));
  await eventually(optionsOpen)
    .toBe(true)
    .catch(() => undefined);
  const page = await b.context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(b.url(path));
  return page;
}
