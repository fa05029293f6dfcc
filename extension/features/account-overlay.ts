import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ask } from '../messaging/client.ts';
import type { BadgeLabels, LookupReply } from '../messaging/protocol.ts';
import {
  OVERLAY_BUNDLE,
  OVERLAY_GLOBAL,
  type OverlayApi,
  type OverlayGlobal,
  type OverlayHandle,
} from '../overlay/api.ts';
import badgeCss from '../overlay/badge.css?inline';
import type { PageFeature } from './feature.ts';
import { mountShadowHost, type ShadowHost } from './shadow-host.ts';

/** The one element Account Lens adds to a page: a custom element hosting a shadow root. */
export const OVERLAY_ELEMENT = 'account-lens-overlay';

/**
 * Load the overlay bundle. Content scripts are classic scripts, so Vite cannot split them into
 * chunks; a dynamic import() of a web-accessible extension file does work from a content script
 * (whatever the page's CSP) and evaluates the module in the same isolated world.
 */
async function loadOverlay(): Promise<OverlayApi> {
  const world = globalThis as OverlayGlobal;
  if (!world[OVERLAY_GLOBAL])
    await import(/* @vite-ignore */ browser.runtime.getURL(OVERLAY_BUNDLE));
  const api = world[OVERLAY_GLOBAL];
  if (!api) throw new Error('the overlay bundle did not register itself');
  return api;
}

type Match = NonNullable<LookupReply['match']>;

/**
 * The badge as plain DOM, the same markup the overlay's Preact component renders: fetching
 * the overlay bundle costs 10–40 ms on a busy machine whatever its size, so the badge does not
 * wait for it. Text goes in with textContent only; page-derived strings are never parsed as HTML.
 */
function drawBadge(container: HTMLElement, match: Match, labels: BadgeLabels, onOpen: () => void) {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string) => {
    const node = document.createElement(tag);
    node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const root = el('div', 'root');
  root.dataset.tier = match.tier;
  const button = el('button', 'badge');
  button.type = 'button';
  button.dataset.accountLens = 'badge';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', labels.open);
  const dot = el('span', 'dot');
  dot.setAttribute('aria-hidden', 'true');
  button.append(dot, el('span', 'name', match.name), el('span', 'tier', labels.tier));
  if (match.tierLocal) {
    const local = el('span', 'local', labels.local);
    local.title = labels.localHint;
    button.append(local);
  }
  button.addEventListener('click', onOpen);
  root.append(button);
  container.replaceChildren(root);
}

/**
 * The account badge: ask the background whether this page belongs to an account. No match
 * (or the overlay switched off here): nothing else happens, no DOM is touched and the overlay
 * code is never fetched. A match draws the badge in a shadow root at once, then loads the
 * overlay (panel, live updates) when the page is idle, or at once if the rep clicks first.
 */
export const accountOverlay: PageFeature<LookupReply> = {
  id: 'account-lens/account-overlay',
  runsOn: (loc) => loc.protocol === 'https:' || loc.protocol === 'http:',
  // Before any context exists: most pages match no account and must cost nothing more.
  async probe() {
    const reply = await lookup();
    return reply.match ? reply : null;
  },
  init(ctx: ContentScriptContext, first: LookupReply): void {
    let ui: ShadowHost | undefined;
    let overlay: OverlayHandle | undefined;
    let loading: Promise<void> | undefined;
    let current: { match: Match; language: LookupReply['language'] } | undefined;
    let openRequested = false;
    // A later lookup supersedes an earlier one still in flight.
    let generation = 0;

    const remove = () => {
      overlay?.remove();
      overlay = undefined;
      loading = undefined;
      ui?.remove();
      ui = undefined;
    };

    const upgrade = (): Promise<void> => {
      loading ??= loadOverlay().then((api) => {
        const container = ui?.container;
        if (!container || !current || ctx.isInvalid || overlay) return;
        overlay = api.mount(ctx, {
          container,
          badge: current.match,
          language: current.language,
          open: openRequested,
          onHidden: remove,
        });
      });
      return loading;
    };

    const show = (reply: LookupReply, match: Match, labels: BadgeLabels) => {
      current = { match, language: reply.language };
      if (overlay) {
        overlay.update(match);
        return;
      }
      // Fixed to the corner by the shadow root's own CSS, at the end of the body.
      ui ??= mountShadowHost(ctx, OVERLAY_ELEMENT, badgeCss);
      drawBadge(ui.container, match, labels, () => {
        openRequested = true;
        upgrade().catch(report);
      });
      // The panel's code arrives while the rep reads the page, so a click opens it at once.
      ctx.requestIdleCallback(() => upgrade().catch(report), { timeout: 2_000 });
    };

    const apply = (reply: LookupReply) => {
      if (reply.match && reply.labels) show(reply, reply.match, reply.labels);
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
