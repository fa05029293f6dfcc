import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * The isolated world's own DOM functions. A page's scripts run in the main world: their patches
 * to `Element.prototype.attachShadow`, to prototype getters or to `window.postMessage` change the
 * main world's wrappers only, never these (each world has its own prototypes over the same DOM).
 * Read when a frame is made, not when the script loads: a page without a match must not pay
 * for instantiating them (budget: 2 ms of main-thread time, see the README's Benchmarks).
 */
const attachShadowOf = (): Element['attachShadow'] | undefined =>
  globalThis.Element?.prototype.attachShadow;

/** There is no DOM here (a worker, a unit test's Node): nothing can be framed. */
export class NoDomError extends Error {
  override readonly name = 'NoDomError';
}

export interface FrameHost {
  /** The element the page sees: a custom element with a closed shadow root. */
  readonly host: HTMLElement;
  /** The extension frame inside that root (cross-origin to the page). */
  readonly frame: HTMLIFrameElement;
  /** The random name of this frame's port (see names.ts); in its address, nowhere else. */
  readonly nonce: string;
  remove(): void;
}

/** 128 random bits, hex: not guessable, and it says nothing about the account. */
function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * An opaque host for an extension frame: a custom element (`name`) with a closed shadow root
 * holding only `css` and an iframe of the extension page `page`, whose address carries nothing
 * but a random nonce (no account id, no tier). The frame gets its data over the extension's
 * messaging (frame/link.ts), so nothing of the rep's data is ever in the page's DOM. Not yet
 * on the page: `place` puts it there. Written out by hand (no WXT UI helpers), as this is part
 * of the eager content script.
 */
export function makeFrameHost(
  ctx: ContentScriptContext,
  name: string,
  page: string,
  css: string,
): FrameHost {
  const attachShadow = attachShadowOf();
  if (!attachShadow) throw new NoDomError('no DOM to frame the extension page in');
  const host = document.createElement(name);
  // Closed: `host.shadowRoot` is null to the page. The isolated world's own attachShadow.
  const shadow = attachShadow.call(host, { mode: 'closed' });
  const style = document.createElement('style');
  // The page's styles stop at the host; the iframe's own document is out of their reach.
  style.textContent = `:host{all:initial !important;}\n${css}`;
  const frame = document.createElement('iframe');
  const nonce = randomNonce();
  frame.src = `${browser.runtime.getURL(page as '/')}#${nonce}`;
  // The extension's name only: the same on every page, it tells the page nothing new.
  // (WXT types getMessage for the keys it knows; ours are generated, so widen it.)
  frame.title = (browser.i18n.getMessage as (key: string) => string)('extName');
  shadow.append(style, frame);
  const remove = () => host.remove();
  ctx.onInvalidated(remove);
  return { host, frame, nonce, remove };
}
