import { storage } from '#imports';
import type { AccountLensDB, LocalAccount } from '../db/database.ts';
import { lookupHostname } from '../db/read.ts';

export interface ActiveTab {
  readonly id: number | undefined;
  readonly windowId: number | undefined;
  readonly url: string | undefined;
}

export async function activeTab(): Promise<ActiveTab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab && { id: tab.id, windowId: tab.windowId, url: tab.url };
}

/** The account a web page belongs to, by the same index lookup the background answers from. */
export async function accountForUrl(
  db: AccountLensDB,
  url: string | undefined,
): Promise<LocalAccount | undefined> {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return (await lookupHostname(db, parsed.hostname))?.account;
}

/**
 * The account the rep asked the side panel to show (from the popup's search). Session storage:
 * a choice is for this browsing session, and `at` makes choosing the same account again a change.
 */
export const panelAccountItem = storage.defineItem<{ accountId: string; at: number } | null>(
  'session:panelAccount',
  { fallback: null },
);

/**
 * Open the side panel for a tab and show an account there. Must run inside the click handler:
 * Chrome opens the side panel only in response to a user gesture, so nothing is awaited before
 * `open`.
 */
export function openSidePanel(tab: ActiveTab | undefined, accountId: string): Promise<void> {
  const chosen = panelAccountItem.setValue({ accountId, at: Date.now() });
  const opening =
    tab?.id !== undefined
      ? browser.sidePanel.open({ tabId: tab.id })
      : tab?.windowId !== undefined
        ? browser.sidePanel.open({ windowId: tab.windowId })
        : Promise.resolve();
  return Promise.all([chosen, opening]).then(() => undefined);
}
