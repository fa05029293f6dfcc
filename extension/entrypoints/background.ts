import { registerBookHandlers } from '../background/book-handlers.ts';
import { registerCaptureHandlers } from '../background/capture-handlers.ts';
import { registerFrameRelay } from '../background/frame-relay.ts';
import { registerPageHandlers } from '../background/page-handlers.ts';
import { recheckTabsOnNewAccounts } from '../background/page-recheck.ts';
import { listen } from '../background/router.ts';
import { registerWebmailHandlers } from '../background/webmail-handlers.ts';
import { getDb } from '../db/database.ts';
import { keepSearchIndex } from '../search/background.ts';
import { registerSyncHandlers, startBackgroundSync } from '../sync/background.ts';

// Runs on every start of the service worker: handlers first, so a message that woke it is answered.
export default defineBackground(() => {
  registerPageHandlers();
  registerFrameRelay();
  registerCaptureHandlers();
  registerWebmailHandlers();
  registerBookHandlers();
  registerSyncHandlers();
  listen();
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  startBackgroundSync();
  keepSearchIndex();
  recheckTabsOnNewAccounts(getDb());
});
