import { Dexie } from 'dexie';
import type { AccountLensDB } from '../db/database.ts';
import { lookupHostname } from '../db/read.ts';
import { RECHECK_PAGE, type RecheckPage } from '../features/recheck.ts';

/** Accounts often change in bursts (a first sync writes thousands): one pass after the last. */
const QUIET_MS = 300;

/**
 * Open tabs learn about accounts added after they loaded. A page's content script looks up its
 * hostname once, at load, and a page of no account then does nothing more (it must cost nothing);
 * so when the accounts change, in any context of the extension (the popup's Add account, this
 * worker's sync after joining), the tabs whose hostname now matches an account are told to look
 * again (extension/features/registry.ts). Tabs already showing the badge follow their account
 * through the overlay's own live view.
 */
export function recheckTabsOnNewAccounts(db: AccountLensDB): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    if (!Object.keys(parts).some((key) => key.includes(`/${db.name}/accounts/`))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      recheckTabs(db).catch((e: unknown) => console.warn('[account-lens] tab recheck failed', e));
    }, QUIET_MS);
  });
}

async function recheckTabs(db: AccountLensDB): Promise<void> {
  const tabs = await browser.tabs.query({ url: ['http://*/*', 'https://*/*'] });
  const message: RecheckPage = { type: RECHECK_PAGE };
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.url === undefined) return;
      if (!(await lookupHostname(db, new URL(tab.url).hostname))) return;
      // A tab without our content script (loaded before the install, a browser page) has no
      // listener: nothing to tell, not an error.
      await browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
    }),
  );
}
