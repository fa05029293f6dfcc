import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { runFeatures } from '../features/registry.ts';

/**
 * The script every http(s) page gets (listed in the manifest by wxt.config.ts). Kept tiny
 * (budget: 15 KB gzipped, 2 ms of main-thread time on a page without a match): it imports no
 * zod, no shared/ and no UI; the features it runs load their heavy parts only when a page needs
 * them.
 *
 * Why an unlisted script and not `defineContentScript`: WXT's content-script wrapper builds a
 * ContentScriptContext before `main` runs, and that constructor alone (it posts a message to the
 * page to stop older copies of the script) costs about 1.3 ms on every page. Here the context is
 * built only once a feature has decided the page needs it.
 *
 * No CSS is imported here on purpose: the overlay's host passes its few rules to its own
 * shadow root, and everything the rep reads is drawn in an extension frame (frame/names.ts).
 */
export default defineUnlistedScript(() => {
  // The name lets a newer copy of this script (after an update) tell this one to stop.
  void runFeatures(() => new ContentScriptContext('page'));
});
