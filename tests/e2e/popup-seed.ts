/**
 * Seeding for the popup and side panel end-to-end tests. Rows are parsed with the shared
 * schemas (defaults filled) and given their local fields, then put with plain IndexedDB from an
 * extension page, which shares the database with the rest of the extension. The page's own
 * Dexie creates the database; rows written behind its back are seen after a reload.
 */
import type { Page } from 'playwright-core';
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { toLocal } from '../../extension/db/derive.ts';
import { Account, Contact, type TableName } from '../../shared/index.ts';
import type { ExtensionBrowser } from './harness.ts';

export type Rows = Partial<Record<TableName, Record<string, unknown>[]>>;

export function account(fields: { name: string; domains?: string[] } & Record<string, unknown>) {
  const row = Account.parse({ id: ulid(), createdAt: Date.now(), ...fields });
  return toLocal('accounts', row);
}

export function contact(fields: { accountId: string; name: string } & Record<string, unknown>) {
  return Contact.parse({ id: ulid(), createdAt: Date.now(), ...fields });
}

/** Wait on a condition: longer than vitest's 1 s default, the machine is shared by parallel builds. */
export const eventually = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 5_000, interval: 50 });

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

/** Wait until the page's Dexie has created the database, then put the rows in one transaction. */
export async function seed(page: Page, rows: Rows): Promise<void> {
  await eventually(() =>
    page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'account-lens')),
  ).toBe(true);
  await page.evaluate(
    async (tables) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('account-lens');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const names = Object.keys(tables);
      const tx = db.transaction(names, 'readwrite');
      for (const name of names) for (const row of tables[name] ?? []) tx.objectStore(name).put(row);
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
      db.close();
    },
    rows as Record<string, Record<string, unknown>[]>,
  );
}

/** Rows of a table as stored, read with plain IndexedDB. */
export function readAll(page: Page, table: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const open = indexedDB.open('account-lens');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const all = await new Promise<Record<string, unknown>[]>((ok, fail) => {
      const req = db.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => ok(req.result as Record<string, unknown>[]);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return all;
  }, table);
}
