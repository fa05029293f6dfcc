/**
 * One rep's browser for the sync tests: Chromium with the built extension, joined to a team
 * through the options page's form, with the company site open and the overlay panel expanded.
 */

import type { Page } from 'playwright-core';
import { overlayFrame } from './extension-frame.ts';
import { type ExtensionBrowser, launchWithExtension } from './harness.ts';
import { routeSites, SITE_HOSTS } from './overlay-seed.ts';

// Inside the overlay's extension frame (tests/e2e/extension-frame.ts).
export const BADGE = '[data-account-lens="badge"]';
export const PANEL = '[data-account-lens="panel"]';
export const QUICK_NOTE = '[data-account-lens="quick-note"]';
export const NOTE_BODIES = '[data-account-lens="notes"] .note-body';

export interface Rep {
  readonly name: string;
  readonly browser: ExtensionBrowser;
  /** The options page the extension opened on install: the join form, then the status dot. */
  readonly options: Page;
}

/** Poll `check` every 20 ms until it holds or `timeoutMs` has passed; true if it held. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > deadline) return false;
    await new Promise((ok) => setTimeout(ok, 20)); // the poll's interval, not a wait for time
  }
}

export async function launchRep(name: string): Promise<Rep> {
  const browser = await launchWithExtension({ allowHosts: SITE_HOSTS });
  await routeSites(browser.context);
  const isOptions = (p: Page) => p.url().endsWith('/options.html');
  let options = browser.context.pages().find(isOptions);
  if (!options) {
    options = await browser.context.newPage();
    await options.goto(browser.url('options.html'));
  }
  await options.waitForLoadState();
  options.setDefaultTimeout(15_000);
  return { name, browser, options };
}

/** Join through the options page's form, as a rep does, and wait for the first sync to end. */
export async function joinThroughOptions(
  rep: Rep,
  fields: { serverUrl: string; inviteCode: string; teamName: string },
): Promise<void> {
  const page = rep.options;
  await page.locator('form.join input[name="serverUrl"]').fill(fields.serverUrl);
  await page.locator('form.join input[name="inviteCode"]').fill(fields.inviteCode);
  // The person (teammates see it on notes and tasks), then the device: two names.
  await page.locator('form.join input[name="memberName"]').fill(rep.name);
  await page.locator('form.join input[name="deviceName"]').fill(`${rep.name}'s laptop`);
  await page.locator('form.join button[type="submit"]').click();
  await page.locator('.team-name', { hasText: fields.teamName }).waitFor();
  await page.locator('.status[data-sync-state="synced"]').waitFor();
}

/** Each rep joins the seeded team with the next of its invites, all at once. */
export async function joinTeam(
  reps: readonly Rep[],
  serverUrl: string,
  team: { readonly invites: readonly string[]; readonly teamName: string },
): Promise<void> {
  await Promise.all(
    reps.map((rep, i) =>
      joinThroughOptions(rep, {
        serverUrl,
        inviteCode: team.invites[i] ?? '',
        teamName: team.teamName,
      }),
    ),
  );
}

/** The options page's status dot: synced, syncing, offline, error… */
export function syncState(rep: Rep): Promise<string | null> {
  return rep.options.locator('.status').getAttribute('data-sync-state');
}

/** The options page's "n changes waiting to be sent", or 0 when it is not shown. */
export async function pendingChanges(rep: Rep): Promise<number> {
  const hints = await rep.options.locator('.joined .hint').allTextContents();
  const waiting = hints.map((h) => /^(\d+) changes? waiting/.exec(h)).find((m) => m !== null);
  return waiting ? Number(waiting[1]) : 0;
}

/** Open the company's site and expand the overlay's panel. */
export async function openAccountPanel(rep: Rep, url: string): Promise<Page> {
  const page = await rep.browser.context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  const frame = await overlayFrame(page, 15_000);
  await frame.locator(BADGE).click();
  await frame.locator(PANEL).waitFor();
  await frame.locator(QUICK_NOTE).waitFor();
  return page;
}

/**
 * Write a quick note in the overlay's panel and save it with Ctrl+Enter; resolves once the box
 * is empty again (the background stored it). Returns when the save began (performance.now()).
 */
export async function writeQuickNote(page: Page, body: string): Promise<number> {
  const box = (await overlayFrame(page)).locator(QUICK_NOTE);
  await box.fill(body);
  const savedAt = performance.now();
  await box.press('Control+Enter');
  if (!(await until(async () => (await box.inputValue()) === '', 10_000))) {
    throw new Error(`the quick note "${body}" was not saved`);
  }
  return savedAt;
}

/** The note bodies the panel shows. */
export async function notesShown(page: Page): Promise<string[]> {
  return (await overlayFrame(page)).locator(NOTE_BODIES).allTextContents();
}

/**
 * Stop the extension's service worker, as Chrome does to an idle one, and wait until it has
 * stopped (the pages holding ports to it see them drop). What starts it again is up to the
 * extension.
 */
export async function stopBackground(rep: Rep): Promise<void> {
  const cdp = await rep.browser.context.newCDPSession(rep.options);
  const origin = `chrome-extension://${rep.browser.extensionId}/`;
  try {
    const stopped = new Promise<void>((ok) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        const ours = versions.filter((v) => v.scriptURL.startsWith(origin));
        if (ours.some((v) => v.runningStatus === 'stopped')) ok();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await stopped;
  } finally {
    await cdp.detach();
  }
}
