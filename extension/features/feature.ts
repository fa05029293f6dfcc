import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * One thing Account Lens does on web pages. Features are independent: each decides from the
 * page's location whether it runs, and one that throws or rejects never stops the others.
 * Everything a feature starts (listeners, timers, UI) is tied to `ctx`, so it dies with the
 * content script when the extension is updated or disabled.
 */
export interface PageFeature<P = true> {
  /** Namespaced, for logs: `account-lens/<name>`. */
  readonly id: string;
  /** Cheap and synchronous: the page must pay nothing for a feature that does not apply. */
  readonly runsOn: (location: Location) => boolean;
  /**
   * Optional, and run before any content-script context exists: decides whether this page needs
   * the feature at all (the account overlay asks the background for a match). Resolving to
   * `null` ends the feature with nothing touched; anything else is handed to `init`. Creating
   * the context costs about 1.3 ms, so a page nobody needs should never pay for it.
   */
  probe?(): Promise<P | null>;
  /**
   * The script starts at `document_start`, so the probe's answer is often in before the page
   * has been parsed. `init` waits for the DOM (DOMContentLoaded) unless the feature says it can
   * start on a page still loading: the overlay does, so its frame loads beside the page's own
   * resources instead of after them.
   */
  readonly startsBeforeDom?: boolean;
  // Method syntax on purpose: a list of features with different probe results is then one type.
  init(ctx: ContentScriptContext, probed: P): void | Promise<void>;
}
