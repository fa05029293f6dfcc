import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { FRAME_PORT_PREFIX } from './names.ts';

/** The content script's end of the port to one of its frames. */
export interface FrameLink {
  /**
   * What the frame shows: sent now if the frame is connected, and again whenever it connects
   * (a frame moved in the DOM reloads, and connects anew).
   */
  setState(message: object): void;
  /** A one-off message (an answer to the frame), dropped while no frame is connected. */
  send(message: object): void;
  close(): void;
}

/**
 * Accept the port of the frame whose address carries `nonce`: the frame connects with
 * `tabs.connect` to this tab's top frame (frame/connect.ts). Only the extension's own pages
 * can do that (no other extension and no page reaches `runtime.onConnect`), and the name is
 * checked against the nonce, which only this content script and the frame know; the sender
 * must be an extension page. Messages from the frame go to `onMessage`, unparsed: each feature
 * checks the few shapes it expects (no zod in the eager content script).
 */
export function linkFrame(
  ctx: ContentScriptContext,
  nonce: string,
  onMessage: (message: unknown) => void,
): FrameLink {
  const name = `${FRAME_PORT_PREFIX}${nonce}`;
  const origin = browser.runtime.getURL('/');
  let port: Browser.runtime.Port | undefined;
  let state: object | undefined;
  let closed = false;

  const post = (message: object) => {
    try {
      port?.postMessage(message);
    } catch {
      // The frame went away between the check and the post: it connects again when it loads.
    }
  };
  const onConnect = (p: Browser.runtime.Port) => {
    if (closed || p.name !== name) return;
    if (p.sender?.id !== browser.runtime.id || !p.sender.url?.startsWith(origin)) {
      p.disconnect();
      return;
    }
    port?.disconnect();
    port = p;
    p.onMessage.addListener((message: unknown) => {
      if (!closed && port === p) onMessage(message);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = undefined;
    });
    if (state) post(state);
  };
  browser.runtime.onConnect.addListener(onConnect);
  const close = () => {
    closed = true;
    browser.runtime.onConnect.removeListener(onConnect);
    port?.disconnect();
    port = undefined;
  };
  ctx.onInvalidated(close);
  return {
    setState(message) {
      state = message;
      post(message);
    },
    send: post,
    close,
  };
}
