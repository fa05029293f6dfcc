import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ACCOUNT_PORT_PREFIX, BadgeInfo, LookupReply } from '../messaging/protocol.ts';

/**
 * The contract between the eager content script and the lazily loaded overlay bundle. The
 * bundle is a separate file the content script imports at run time (see
 * features/account-overlay.ts); both run in the content script's isolated world, so the bundle
 * hands its entry point over on that world's global object, under a registry symbol the page's
 * own scripts cannot see.
 */
export const OVERLAY_GLOBAL: unique symbol = Symbol.for('account-lens.overlay');

/** The lazy bundle's file, as `browser.runtime.getURL` takes it (listed as web-accessible). */
export const OVERLAY_BUNDLE = '/overlay-ui.js';

export interface OverlayHandle {
  /** Show another account (after SPA navigation) or fresher badge data. */
  update(badge: BadgeInfo): void;
  /** Unmount the UI (the shadow root itself belongs to the content script). */
  remove(): void;
}

export interface OverlayMountOptions {
  /** The body inside the shadow root that createShadowRootUi made; the badge is drawn there. */
  readonly container: HTMLElement;
  readonly badge: BadgeInfo;
  readonly language: LookupReply['language'];
  /** The rep clicked the badge before the panel's code had arrived. */
  readonly open: boolean;
  /** The rep turned the overlay off on this site: take it off the page. */
  readonly onHidden: () => void;
}

export interface OverlayApi {
  mount(ctx: ContentScriptContext, options: OverlayMountOptions): OverlayHandle;
}

export type OverlayGlobal = typeof globalThis & { [OVERLAY_GLOBAL]?: OverlayApi };

/**
 * protocol.ts's port prefix, restated so the overlay bundle does not pull in protocol.ts's zod
 * schemas; the type keeps the two equal.
 */
export const PORT_PREFIX: typeof ACCOUNT_PORT_PREFIX = 'account-view:';
