import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { accountOverlay } from './account-overlay.ts';
import type { PageFeature } from './feature.ts';
import { webmailPanel } from './webmail.ts';

/**
 * Every page feature, in start order. This module is part of the eager content script: a
 * feature listed here must keep its heavy code out of it: in an extension frame (the overlay,
 * account-overlay.ts) or behind a dynamic load (the webmail code, webmail.ts).
 */
export const FEATURES: readonly PageFeature<unknown>[] = [accountOverlay, webmailPanel];

/**
 * Start the features that apply to this page, each isolated from the others' failures. One
 * content-script context is shared by all of them, created when the first one needs it.
 */
export function runFeatures(
  makeContext: () => ContentScriptContext,
  features: readonly PageFeature<unknown>[] = FEATURES,
): Promise<void> {
  let ctx: ContentScriptContext | undefined;
  const context = () => {
    ctx ??= makeContext();
    return ctx;
  };
  const started = Promise.all(
    features.map(async (feature) => {
      try {
        if (!feature.runsOn(location)) return;
        const probed = feature.probe ? await feature.probe() : true;
        if (probed === null) return;
        const c = context();
        if (c.isInvalid) return;
        await feature.init(c, probed);
      } catch (error) {
        // Logged for the developer; never rethrown, so the page and the other features go on.
        console.warn(`[${feature.id}] failed`, error);
      }
    }),
  );
  return started.then(() => undefined);
}
