import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fromFrame } from '../frame/from-frame.ts';
import { type FrameHost, makeFrameHost } from '../frame/host.ts';
import { type FrameLink, linkFrame } from '../frame/link.ts';
import { OVERLAY_FRAME_PAGE } from '../frame/names.ts';
import { ask } from '../messaging/client.ts';
import type { LookupReply } from '../messaging/protocol.ts';
import hostCss from '../overlay/host.css?inline';
import type { PageFeature } from './feature.ts';

/** The one element Account Lens adds to a page: a custom element hosting a closed shadow root. */
export const OVERLAY_ELEMENT = 'account-lens-overlay';

type Match = NonNullable<LookupReply['match']>;

/**
 * The account badge: ask the background whether this page belongs to an account. No match
 * (or the overlay switched off here): nothing else happens, no DOM is touched. A match adds
 * one opaque host to the page: a closed shadow root holding an extension frame, which draws
 * the badge and the panel (extension/entrypoints/overlay-frame/). The page can see that host
 * and an iframe with a random nonce in its address, never the account's name, tier, people or
 * notes: those go from this content script to the frame over the extension's messaging.
 */
export const accountOverlay: PageFeature<LookupReply> = {
  id: 'account-lens/account-overlay',
  runsOn: (loc) => loc.protocol === 'https:' || loc.protocol === 'http:',
  // The frame starts loading as soon as the match is known, while the page is still loading.
  startsBeforeDom: true,
  // Before any context exists: most pages match no account and must cost nothing more.
  async probe() {
    const reply = await lookup();
    return reply.match ? reply : null;
  },
  init(ctx: ContentScriptContext, first: LookupReply): void {
    let ui: { host: FrameHost; link: FrameLink } | undefined;
    // A later lookup supersedes an earlier one still in flight.
    let generation = 0;

    const remove = () => {
      ui?.link.close();
      ui?.host.remove();
      ui = undefined;
    };

    const mount = () => {
      const host = makeFrameHost(ctx, OVERLAY_ELEMENT, OVERLAY_FRAME_PAGE, hostCss);
      const link = linkFrame(ctx, host.nonce, (message) => {
        const m = fromFrame(message);
        // The panel opened or closed: the frame takes the panel's size, or the badge's again.
        if (m?.type === 'open') host.frame.toggleAttribute('data-open', m.open);
        else if (m?.type === 'hidden') remove();
      });
      // Fixed to the corner by the shadow root's own CSS: at the end of the body, or, while the
      // page has no body yet (the script starts at document_start), of the root element.
      (document.body ?? document.documentElement).append(host.host);
      return { host, link };
    };

    const show = (reply: LookupReply, match: Match) => {
      ui ??= mount();
      ui.link.setState({
        type: 'show',
        badge: match,
        language: reply.language,
        hostname: location.hostname,
      });
    };

    const apply = (reply: LookupReply) => {
      if (reply.match) show(reply, reply.match);
      else remove();
    };

    // The hostname rarely changes on SPA navigation, but the rep's switches and the data may
    // have: looking up again is one indexed read in the background. (A page that matched
    // nothing at load is not watched: its hostname cannot change without a new page load.)
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      const gen = ++generation;
      lookup()
        .then((reply) => {
          if (gen === generation && !ctx.isInvalid) apply(reply);
        })
        .catch(report);
    });
    apply(first);
  },
};

const lookup = () => ask<LookupReply>({ type: 'lookup', hostname: location.hostname });

const report = (error: unknown) => console.warn('[account-lens] overlay failed', error);
