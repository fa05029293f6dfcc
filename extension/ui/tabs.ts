import { storage } from '#imports';
import type { AccountLensDB, LocalAccount } from '../db/database.ts';
import { lookupHostname } from '../db/read.ts';

export interface ActiveTab {
  readonly id: number | undefined;
  readonly windowId: number | undefined;
  readonly url: string | undefined;
  readonly title: string | undefined;
}

const activeTabOf = (tab: Browser.tabs.Tab): ActiveTab => ({
  id: tab.id,
  windowId: tab.windowId,
  url: tab.url,
  title: tab.title,
});

export async function activeTab(): Promise<ActiveTab | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab && activeTabOf(tab);
}

/**
 * The page the popup is about. As the toolbar popup it has no tab of its own and its window is
 * the rep's browser window. Opened as a page in a window of its own (a detached popup window,
 * as `windows.create` makes), its window's active tab is itself: the page meant is then the one
 * in front in the browser window focused last.
 */
export async function popupPageTab(): Promise<ActiveTab | undefined> {
  const [current, own] = await Promise.all([activeTab(), browser.tabs.getCurrent()]);
  if (own === undefined || current?.id !== own.id) return current;
  const window = await browser.windows.getLastFocused({ windowTypes: ['normal'], populate: true });
  const tab = window.tabs?.find((t) => t.active);
  return tab && tab.id !== own.id ? activeTabOf(tab) : undefined;
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

/** A form the side panel opens on the account it is asked to show (the overlay's "Add contact"). */
export type PanelForm = 'addContact';

/**
 * The account the rep asked the side panel to show (from the popup's search, or the overlay's
 * panel), and the form to open there if any. Session storage: a choice is for this browsing
 * session, and `at` makes choosing the same account again a change.
 */
export const panelAccountItem = storage.defineItem<{
  accountId: string;
  at: number;
  form?: PanelForm;
} | null>('session:panelAccount', { fallback: null });

/** Firefox's side panel: a sidebar per window, absent from Chrome's `browser` types. */
type SidebarAction = { open(): Promise<void> };
const sidebarAction = (): SidebarAction | undefined =>
  (globalThis as { browser?: { sidebarAction?: SidebarAction } }).browser?.sidebarAction;

/** Whether this browser has a side panel for the extension: Chrome's, or Firefox's sidebar. */
export function canOpenSidePanel(): boolean {
  return (
    typeof browser.sidePanel?.open === 'function' || typeof sidebarAction()?.open === 'function'
  );
}

/**
 * Open the side panel for a tab and show an account there (with `form` open, if given). Must
 * run inside the click handler: Chrome opens the side panel, and Firefox its sidebar, only in
 * response to a user gesture, so nothing is awaited before `open`. Feature-detected, not by user
 * agent: Firefox's sidebar belongs to the window, so it needs no tab.
 */
export function openSidePanel(
  tab: ActiveTab | undefined,
  accountId: string,
  form?: PanelForm,
): Promise<void> {
  const chosen = panelAccountItem.setValue({
    accountId,
    at: Date.now(),
    ...(form ? { form } : {}),
  });
  if (!canOpenSidePanel()) {
    // Firefox's extension frames in web pages (the overlay) have neither API: the panel's page
    // in a tab of its own, opened by the same click.
    const query = new URLSearchParams({ account: accountId, ...(form ? { form } : {}) });
    window.open(browser.runtime.getURL(`/sidepanel.html?${query}`), '_blank');
    return chosen.then(() => undefined);
  }
  const sidebar = sidebarAction();
  const opening =
    typeof browser.sidePanel?.open !== 'function' && sidebar
      ? sidebar.open()
      : tab?.id !== undefined
        ? browser.sidePanel.open({ tabId: tab.id })
        : tab?.windowId !== undefined
          ? browser.sidePanel.open({ windowId: tab.windowId })
          : Promise.resolve();
  return Promise.all([chosen, opening]).then(() => undefined);
}
