import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { webmailSiteOf } from '../hosts/hosts.ts';
import { ask } from '../messaging/client.ts';
import type { WebmailStartReply } from '../messaging/webmail.ts';
import { WEBMAIL_BUNDLE, WEBMAIL_GLOBAL, type WebmailGlobal } from '../webmail/api.ts';
import type { PageFeature } from './feature.ts';

/**
 * Account context beside the open e-mail in Gmail, Outlook, QQ Mail and NetEase Mail. This is
 * the eager part: a hostname check (every other page pays one Map lookup), then, on a webmail
 * app where the panel is switched on, the bundle with the site adapters and the panel is loaded
 * (content scripts are classic scripts, so Vite cannot split them into chunks; a dynamic
 * import() of a web-accessible extension file does work from a content script, whatever the
 * page's CSP, and evaluates the module in the same isolated world). The panels themselves are
 * drawn in extension frames (webmail/host.ts), out of the mail app's reach.
 */
export const webmailPanel: PageFeature<WebmailStartReply> = {
  id: 'account-lens/webmail',
  runsOn: (loc) => webmailSiteOf(loc.hostname) !== undefined,
  // Switched off (globally or on this site): nothing is loaded and no context is made.
  async probe() {
    const reply = await ask<WebmailStartReply>({
      type: 'webmailStart',
      hostname: location.hostname,
    });
    return reply.enabled ? reply : null;
  },
  async init(ctx: ContentScriptContext, init: WebmailStartReply): Promise<void> {
    const site = webmailSiteOf(location.hostname);
    if (!site) return;
    const world = globalThis as WebmailGlobal;
    if (!world[WEBMAIL_GLOBAL]) {
      await import(/* @vite-ignore */ browser.runtime.getURL(WEBMAIL_BUNDLE));
    }
    const api = world[WEBMAIL_GLOBAL];
    if (!api) throw new Error('the webmail bundle did not register itself');
    if (!ctx.isInvalid) api.start(ctx, site, init);
  },
};
