/**
 * Test-only access to the extension's IndexedDB, with nothing added to the extension: an
 * extension page shares the database with the service worker, so rows are put and read there
 * with the plain IndexedDB API, in the layout Dexie reads (rows already in their stored shape).
 * The extension's own Dexie creates the database; rows written behind its back are seen by a
 * page after a reload. Shared by the overlay, popup, side panel and create tests (and the
 * badge benchmark) so there is one copy of the in-page IndexedDB code.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TableName } from '../../shared/index.ts';
import type { ExtensionBrowser } from './harness.ts';

export type Rows = Partial<Record<TableName, Record<string, unknown>[]>>;

/** Wait on a condition: longer than vitest's 1 s default, the machine is shared by parallel builds. */
export const eventually = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 5_000, interval: 50 });

/** The `chrome` global of an extension page, as far as these helpers use it. */
export type ChromeGlobal = { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };

/** Send a runtime message from an extension page, as the popup or a content script would. */
export function askBackground<T = unknown>(
  page: Page,
  message: Record<string, unknown>,
): Promise<T> {
  return page.evaluate(async (m) => {
    const { chrome } = globalThis as unknown as ChromeGlobal;
    const reply = (await chrome.runtime.sendMessage(m)) as
      | { ok: true; data: unknown }
      | { ok: false; error: { message: string } };
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data;
  }, message) as Promise<T>;
}

/** An extension page with the database created by the background's Dexie. */
export async function openExtensionPage(browser: ExtensionBrowser): Promise<Page> {
  const page = await installOptionsPage(browser);
  await askBackground(page, { type: 'lookup', hostname: 'warm-up.example' });
  return page;
}

/**
 * The background opens the options page on install, and that navigation would interrupt a
 * test's own: use the page it opened (waiting for it a little), else open one.
 */
export async function installOptionsPage(browser: ExtensionBrowser): Promise<Page> {
  const url = browser.url('options.html');
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const opened = browser.context.pages().find((p) => p.url().startsWith(url));
    if (opened) {
      await opened.waitForLoadState();
      return opened;
    }
    await new Promise((ok) => setTimeout(ok, 50));
  }
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** Put rows into the extension's IndexedDB in one transaction (the database must exist). */
export async function putRows(page: Page, rows: Rows): Promise<void> {
  await page.evaluate(
    async (tables) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open('account-lens');
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      const names = Object.keys(tables);
      // Rows put behind Dexie's back are not recorded for the Book page and the search index:
      // record the whole book, as a cleared table would (extension/db/change-logs.ts).
      const logs = ['book_changes', 'search_changes'].filter((log) =>
        db.objectStoreNames.contains(log),
      );
      const tx = db.transaction([...names, ...logs], 'readwrite');
      for (const name of names) for (const row of tables[name] ?? []) tx.objectStore(name).put(row);
      for (const log of logs) tx.objectStore(log).add({ accountIds: ['*'] });
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

/**
 * Wait until the page's Dexie has created the database, then put the rows in one transaction
 * (opened any earlier, plain IndexedDB would create an empty database without Dexie's stores).
 */
export async function seed(page: Page, rows: Rows): Promise<void> {
  await eventually(() =>
    page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'account-lens')),
  ).toBe(true);
  await putRows(page, rows);
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
