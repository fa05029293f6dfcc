import { render } from 'preact';
import { connectToContentScript } from '../../frame/connect.ts';
import type { FromFrame } from '../../frame/from-frame.ts';
import { webmailState } from '../../frame/webmail-state.ts';
import { currentLocale, setLanguage } from '../../i18n/language.ts';
import { keepSyncLive } from '../../messaging/live.ts';
import { ComposePanel } from '../../webmail/ComposePanel.tsx';
import { MessagePanel } from '../../webmail/MessagePanel.tsx';
import { messageReader } from '../../webmail/read-message.ts';
import '../../webmail/style.css';

/**
 * A webmail panel's frame (the message panel or the compose panel, whichever the content script
 * sends): an extension page framed in a closed shadow root beside the open message
 * (webmail/host.ts). The views come from the content script over a port, never through the
 * page; the panel's own requests (notes, contacts, logging) go straight to the background.
 * The frame tells the content script its height, and asks it for the open message when the
 * rep logs it or adds its sender.
 *
 * The panel is the first paint here, so its message is checked by hand (frame/webmail-state.ts)
 * and zod comes in only with the first answer to a read.
 */
/**
 * How long a parked frame keeps the background awake: a rep going through their mail opens the
 * next message within it, and each live port opened wakes a sync (extension/sync/background.ts).
 */
const LIVE_AFTER_PARKED_MS = 30_000;

async function start(): Promise<void> {
  const port = await connectToContentScript();
  const root = document.getElementById('app');
  if (!root) return;
  const tell = (message: FromFrame) => {
    try {
      port.postMessage(message);
    } catch {
      // The page went away, and this frame with it.
    }
  };

  let letGo: (() => void) | undefined;
  let parkedAt: ReturnType<typeof setTimeout> | undefined;
  const reader = messageReader(tell);
  const readMessage = reader.read;

  // The page sizes the frame to the panel: as tall as the panel is now.
  let height = -1;
  new ResizeObserver(() => {
    const next = Math.ceil(root.getBoundingClientRect().height);
    if (next === height) return;
    height = next;
    tell({ type: 'size', height: next });
  }).observe(root);

  // zod and the read's schema, only once the content script answers a read (the rep's action).
  let readReply: Promise<typeof import('../../frame/protocol.ts').ReadReply> | undefined;
  const answerRead = (message: unknown) => {
    readReply ??= import('../../frame/protocol.ts').then((p) => p.ReadReply);
    readReply
      .then((schema) => {
        const parsed = schema.safeParse(message);
        if (parsed.success) reader.answer(parsed.data.rpc, parsed.data.message);
      })
      .catch((e: unknown) => console.warn('[account-lens] webmail frame failed', e));
  };

  port.onMessage.addListener((message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === 'read') {
      answerRead(message);
      return;
    }
    const m = webmailState(message);
    if (!m) return;
    if (m.type === 'parked') {
      render(null, root);
      // The page set the frame 0 px tall: the next panel's height is news, even if it is the
      // last one's (and a hidden frame may not get to measure the empty one in between).
      height = -1;
      // Off the page's view: nothing here for a teammate's change to reach, once the rep has
      // stopped going from message to message.
      clearTimeout(parkedAt);
      parkedAt = setTimeout(() => {
        letGo?.();
        letGo = undefined;
      }, LIVE_AFTER_PARKED_MS);
      return;
    }
    // A teammate's note on this correspondent shows while the rep reads (extension/messaging/live.ts).
    clearTimeout(parkedAt);
    letGo ??= keepSyncLive();
    setLanguage(m.language);
    document.documentElement.lang = currentLocale() === 'zh_CN' ? 'zh-CN' : 'en';
    render(
      m.type === 'message' ? (
        <MessagePanel site={m.site} view={m.view} fallback={m.fallback} readMessage={readMessage} />
      ) : (
        <ComposePanel view={m.view} />
      ),
      root,
    );
  });
}

start().catch((e: unknown) => console.warn('[account-lens] webmail frame failed', e));
