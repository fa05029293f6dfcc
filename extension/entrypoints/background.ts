import { registerPageHandlers } from '../background/page-handlers.ts';
import { listen } from '../background/router.ts';
import { registerSyncHandlers, startBackgroundSync } from '../sync/background.ts';

// Runs on every start of the service worker: handlers first, so a message that woke it is answered.
export default defineBackground(() => {
  registerPageHandlers();
  registerSyncHandlers();
  listen();
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  startBackgroundSync();
});
