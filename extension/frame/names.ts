/**
 * What the content script and the extension frames it adds to a page agree on, with no code
 * that would grow the eager content script: the frame pages and the port name.
 *
 * Why frames: the rep's data (account names, tiers, roles, notes) must never be in the
 * customer's page's DOM, where any of the page's scripts could read it. A closed shadow root
 * hides its content from `element.shadowRoot`, but a page can still reach a closed root
 * (a custom element the page defined first gets it from `attachInternals().shadowRoot`), so the
 * content lives in an extension page instead: a cross-origin frame no page script can open.
 */

/** The overlay's page (badge and panel), web-accessible to every http(s) page. */
export const OVERLAY_FRAME_PAGE = '/overlay-frame.html';

/** The webmail panels' page (message and compose), web-accessible to the webmail apps. */
export const WEBMAIL_FRAME_PAGE = '/webmail-frame.html';

/**
 * A frame connects to the content script of its tab on a port named this, plus the random
 * nonce in its address. Ports are the extension's own messaging: nothing passes through the
 * page's window (no `window.postMessage`), and the page cannot connect to either end.
 */
export const FRAME_PORT_PREFIX = 'account-lens-frame:';

/**
 * Firefox gives an extension page framed by a web page only the content scripts' APIs (no
 * `tabs`), so such a frame cannot reach its tab's content script itself: it connects to the
 * background on a port named this plus its own port's name, and the background, which has
 * `tabs`, relays it to the top frame of the frame's tab (background/frame-relay.ts).
 */
export const FRAME_RELAY_PREFIX = 'account-lens-frame-relay:';
