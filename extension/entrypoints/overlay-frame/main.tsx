import { render } from 'preact';
import { connectToContentScript } from '../../frame/connect.ts';
import type { FromFrame } from '../../frame/from-frame.ts';
import { OverlayShow } from '../../frame/protocol.ts';
import { currentLocale, setLanguage } from '../../i18n/index.ts';
import { Overlay } from '../../overlay/App.tsx';
import '../../overlay/style.css';

/**
 * The overlay's frame: an extension page the content script frames in a closed shadow root at
 * the page's corner (features/account-overlay.ts). It learns which account to show from the
 * content script over a port (never through the page), reads the account's view from the
 * background itself, and asks the content script only to resize it or take it away.
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
    const parsed = OverlayShow.safeParse(message);
    if (!parsed.success) return;
    const { badge, language, hostname } = parsed.data;
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
