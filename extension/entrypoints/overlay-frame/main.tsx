import { render } from 'preact';
import { connectToContentScript } from '../../frame/connect.ts';
import type { FromFrame } from '../../frame/from-frame.ts';
import { overlayShow } from '../../frame/overlay-show.ts';
import { currentLocale, setLanguage } from '../../i18n/language.ts';
import { keepSyncLive } from '../../messaging/live.ts';
import { Overlay } from '../../overlay/Overlay.tsx';
import '../../overlay/style.css';

/**
 * The overlay's frame: an extension page the content script frames in a closed shadow root at
 * the page's corner (features/account-overlay.ts). It learns which account to show from the
 * content script over a port (never through the page), reads the account's view from the
 * background itself, and asks the content script only to resize it or take it away.
 *
 * Its first paint is the badge, so this entry holds only what the badge needs: the port, a
 * hand-written check of the message (no zod), the badge and its strings (overlay/Overlay.tsx).
 * Everything the panel needs is loaded after the badge has painted. The language comes with the
 * message, so nothing else (no storage read) stands between the port and the paint.
 */
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
  const onOpenChange = (open: boolean) => tell({ type: 'open', open });
  const onHidden = () => tell({ type: 'hidden' });
  port.onMessage.addListener((message: unknown) => {
    const show = overlayShow(message);
    if (!show) return;
    const { badge, language, hostname } = show;
    setLanguage(language);
    document.documentElement.lang = currentLocale() === 'zh_CN' ? 'zh-CN' : 'en';
    render(
      <Overlay
        key={badge.accountId}
        badge={badge}
        hostname={hostname}
        onOpenChange={onOpenChange}
        onHidden={onHidden}
      />,
      root,
    );
  });
}

start().catch((e: unknown) => console.warn('[account-lens] overlay frame failed', e));
// The badge and the panel show a teammate's change while the rep looks (extension/messaging/live.ts).
keepSyncLive();
