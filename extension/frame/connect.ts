import { FRAME_PORT_PREFIX, FRAME_RELAY_PREFIX } from './names.ts';

/** This page was opened other than as Account Lens's frame in a page (no nonce, no tab). */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

const NONCE = /^[0-9a-f]{32}$/;

/**
 * A frame page's end of the port to the content script that framed it (frame/link.ts): to the
 * top frame of this frame's own tab, named after the nonce in this page's address. The
 * extension's messaging carries every message; nothing goes through the page's window. In
 * Firefox, through the background's relay (names.ts, FRAME_RELAY_PREFIX).
 */
export async function connectToContentScript(): Promise<Browser.runtime.Port> {
  const nonce = location.hash.slice(1);
  if (!NONCE.test(nonce)) throw new FrameError('not opened by Account Lens in a page');
  const name = `${FRAME_PORT_PREFIX}${nonce}`;
  if (typeof browser.tabs?.getCurrent !== 'function') {
    return browser.runtime.connect({ name: `${FRAME_RELAY_PREFIX}${name}` });
  }
  const tab = await browser.tabs.getCurrent();
  if (tab?.id === undefined) throw new FrameError('not inside a tab');
  return browser.tabs.connect(tab.id, { name, frameId: 0 });
}
