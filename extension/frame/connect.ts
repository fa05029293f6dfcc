import { FRAME_PORT_PREFIX } from './names.ts';

/** This page was opened other than as Account Lens's frame in a page (no nonce, no tab). */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

const NONCE = /^[0-9a-f]{32}$/;

/**
 * A frame page's end of the port to the content script that framed it (frame/link.ts): to the
 * top frame of this frame's own tab, named after the nonce in this page's address. The
 * extension's messaging carries every message; nothing goes through the page's window.
 */
export async function connectToContentScript(): Promise<Browser.runtime.Port> {
  const nonce = location.hash.slice(1);
  if (!NONCE.test(nonce)) throw new FrameError('not opened by Account Lens in a page');
  const tab = await browser.tabs.getCurrent();
  if (tab?.id === undefined) throw new FrameError('not inside a tab');
  return browser.tabs.connect(tab.id, { name: `${FRAME_PORT_PREFIX}${nonce}`, frameId: 0 });
}
