import { WEBMAIL_GLOBAL, type WebmailGlobal } from '../webmail/api.ts';
import { startWebmail } from '../webmail/controller.ts';

/**
 * The lazily loaded webmail panel: built as its own file, web-accessible on the webmail apps
 * only, and imported by the webmail feature when the rep opens one. It registers its entry
 * point on the isolated world's global, which the feature reads after the import resolves.
 */
export default defineUnlistedScript(() => {
  (globalThis as WebmailGlobal)[WEBMAIL_GLOBAL] = { start: startWebmail };
});
