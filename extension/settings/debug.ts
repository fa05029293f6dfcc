import { storage } from '#imports';

/**
 * Debug mode for the extension's page features: set `debug: true` in browser.storage.local
 * (the service worker's console: `chrome.storage.local.set({ debug: true })`). The webmail
 * panel then warns in the page's console, naming the selector lists that found nothing.
 */
export const debugItem = storage.defineItem<boolean>('local:debug', { fallback: false });

export async function loadDebug(): Promise<boolean> {
  return (await debugItem.getValue()) === true;
}
