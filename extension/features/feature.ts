import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * One thing Account Lens does on web pages. Features are independent: each decides from the
 * page's location whether it runs, and one that throws or rejects never stops the others.
 * Everything a feature starts (listeners, timers, UI) is tied to `ctx`, so it dies with the
 * content script when the extension is updated or disabled.
 */
export interface PageFeature {
  /** Namespaced, for logs: `account-lens/<name>`. */
  readonly id: string;
  /** Cheap and synchronous: the page must pay nothing for a feature that does not apply. */
  readonly runsOn: (location: Location) => boolean;
  readonly init: (ctx: ContentScriptContext) => void | Promise<void>;
}
