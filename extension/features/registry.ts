import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { accountOverlay } from './account-overlay.ts';
import type { PageFeature } from './feature.ts';
import { isRecheck } from './recheck.ts';
import { webmailPanel } from './webmail.ts';

/**
 * Every page feature, in start order. This module is part of the eager content script: a
 * feature listed here must keep its heavy code out of it: in an extension frame (the overlay,
 * account-overlay.ts) or behind a dynamic load (the webmail code, webmail.ts).
 */
export const FEATURES: readonly PageFeature<unknown>[] = [accountOverlay, webmailPanel];

/**
 * Start the features that apply to this page, each isolated from the others' failures. One
 * content-script context is shared by all of them, created when the first one needs it. A
 * feature whose probe found nothing is probed again when the background says the accounts
 * changed (features/recheck.ts), so a page of a just-added account shows its badge without a
 * reload; a feature runs at most once per page.
 */
export function runFeatures(
  makeContext: () => ContentScriptContext,
  features: readonly PageFeature<unknown>[] = FEATURES,
  onRecheck: (recheck: () => void) => void = recheckOnMessage,
): Promise<void> {
  let ctx: ContentScriptContext | undefined;
  const context = () => {
    ctx ??= makeContext();
    return ctx;
  };
  // Started, or being probed: not to be probed again.
  const busy = new Set<PageFeature<unknown>>();
  const start = async (feature: PageFeature<unknown>) => {
    if (busy.has(feature)) return;
    busy.add(feature);
    let started = false;
    try {
      if (!feature.runsOn(location)) return;
      const probed = feature.probe ? await feature.probe() : true;
      if (probed === null) return;
      if (!feature.startsBeforeDom) await domReady();
      const c = context();
      if (c.isInvalid) return;
      started = true;
      await feature.init(c, probed);
    } catch (error) {
      // Logged for the developer; never rethrown, so the page and the other features go on.
      console.warn(`[${feature.id}] failed`, error);
    } finally {
      if (!started) busy.delete(feature);
    }
  };
  onRecheck(() => {
    if (!ctx?.isInvalid) void Promise.all(features.map(start));
  });
  return Promise.all(features.map(start)).then(() => undefined);
}

/** The background's recheck message (background/page-recheck.ts). */
function recheckOnMessage(recheck: () => void): void {
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isRecheck(message)) recheck();
  });
}

/** Resolves once the document has been parsed (at once if it already has). */
function domReady(): Promise<void> {
  // No document at all (a unit test's Node): nothing to wait for.
  if (typeof document === 'undefined' || document.readyState !== 'loading')
    return Promise.resolve();
  return new Promise((ok) =>
    document.addEventListener('DOMContentLoaded', () => ok(), { once: true }),
  );
}
