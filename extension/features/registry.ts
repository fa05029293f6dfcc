import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { accountOverlay } from './account-overlay.ts';
import type { PageFeature } from './feature.ts';

/**
 * Every page feature, in start order. This module is part of the eager content script: a
 * feature listed here must keep its heavy code behind a dynamic load (see account-overlay.ts).
 */
export const FEATURES: readonly PageFeature[] = [accountOverlay];

/** Start the features that apply to this page, each isolated from the others' failures. */
export function runFeatures(
  ctx: ContentScriptContext,
  features: readonly PageFeature[] = FEATURES,
): Promise<void> {
  const started = Promise.all(
    features.map(async (feature) => {
      try {
        if (ctx.isInvalid || !feature.runsOn(location)) return;
        await feature.init(ctx);
      } catch (error) {
        // Logged for the developer; never rethrown, so the page and the other features go on.
        console.warn(`[${feature.id}] failed`, error);
      }
    }),
  );
  return started.then(() => undefined);
}
