import { canOpenSidePanel, openSidePanel } from '../../ui/tabs.ts';

/** This page's own tab and window, known before any click (see openAccount). */
let here: { id: number | undefined; windowId: number | undefined } | undefined;
void browser.tabs.getCurrent().then((tab) => {
  here = { id: tab?.id, windowId: tab?.windowId };
});

/**
 * Show an account in the side panel (Firefox: the sidebar), from a click: both open it only
 * within the user gesture, so nothing is awaited first. Without either, the panel's page opens in
 * a tab of its own.
 */
export function openAccount(accountId: string): Promise<void> {
  if (canOpenSidePanel() && here !== undefined) {
    return openSidePanel({ ...here, url: undefined, title: undefined }, accountId);
  }
  return browser.tabs
    .create({
      url: browser.runtime.getURL(`/sidepanel.html?account=${encodeURIComponent(accountId)}`),
    })
    .then(() => undefined);
}
