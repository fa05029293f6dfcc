import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { WebmailSite } from '../hosts/hosts.ts';
import type { WEBMAIL_PORT, WebmailStartReply } from '../messaging/webmail.ts';

/**
 * The contract between the eager webmail feature (features/webmail.ts) and the lazily loaded
 * webmail bundle (entrypoints/webmail-ui.ts): the bundle registers its entry point on the
 * isolated world's global under a registry symbol the page's own scripts cannot see.
 */
export const WEBMAIL_GLOBAL: unique symbol = Symbol.for('account-lens.webmail');

/** The lazy bundle's file, as `browser.runtime.getURL` takes it (listed as web-accessible). */
export const WEBMAIL_BUNDLE = '/webmail-ui.js';

export interface WebmailApi {
  /** Watch the page for open messages and compose windows, and show the panel beside them. */
  start(ctx: ContentScriptContext, site: WebmailSite, init: WebmailStartReply): void;
}

export type WebmailGlobal = typeof globalThis & { [WEBMAIL_GLOBAL]?: WebmailApi };

/** messaging/webmail.ts's port name, restated so the bundle does not pull in its zod schemas. */
export const PORT_NAME: typeof WEBMAIL_PORT = 'webmail-view';
