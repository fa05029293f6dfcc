import { FRAME_PORT_PREFIX, FRAME_RELAY_PREFIX } from '../frame/names.ts';

/**
 * Firefox's extension frames in web pages have no `tabs` API (frame/names.ts): each such frame
 * connects here, and this joins its port to one opened to the top frame of the frame's own tab,
 * named as the frame would have named it, so the content script's check (frame/link.ts) is the
 * same in both browsers. Only this extension's own pages reach `runtime.onConnect`; the sender
 * must still be one of its pages inside a tab. Either end going away closes the other.
 */
export function registerFrameRelay(): void {
  const origin = browser.runtime.getURL('/');
  browser.runtime.onConnect.addListener((frame) => {
    if (!frame.name.startsWith(FRAME_RELAY_PREFIX)) return;
    const name = frame.name.slice(FRAME_RELAY_PREFIX.length);
    const sender = frame.sender;
    const tabId = sender?.tab?.id;
    if (
      tabId === undefined ||
      sender?.id !== browser.runtime.id ||
      !sender.url?.startsWith(origin) ||
      !name.startsWith(FRAME_PORT_PREFIX)
    ) {
      frame.disconnect();
      return;
    }
    const page = browser.tabs.connect(tabId, { name, frameId: 0 });
    const forward = (to: Browser.runtime.Port) => (message: unknown) => {
      try {
        to.postMessage(message);
      } catch {
        // That end has just gone: its disconnect closes this one.
      }
    };
    frame.onMessage.addListener(forward(page));
    page.onMessage.addListener(forward(frame));
    frame.onDisconnect.addListener(() => page.disconnect());
    page.onDisconnect.addListener(() => frame.disconnect());
  });
}
