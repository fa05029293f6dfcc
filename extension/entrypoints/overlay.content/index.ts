import { runFeatures } from '../../features/registry.ts';

/**
 * The eager content script on every http(s) page. Kept tiny (budget: 15 KB gzipped, 2 ms of
 * main-thread time on a page without a match): it imports no zod, no shared/ and no UI; the
 * features it runs load their heavy parts only when a page needs them.
 *
 * No CSS is imported here on purpose: with the default injection mode WXT would list it in the
 * manifest and every page would get a stylesheet. The overlay passes its CSS to its shadow root.
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    return runFeatures(ctx);
  },
});
