import { useEffect, useState } from 'preact/hooks';
import {
  ACCOUNT_PORT_PREFIX,
  type AccountPortMessage,
  type AccountView,
} from '../messaging/protocol.ts';

export type ViewState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly view: AccountView }
  | { readonly kind: 'gone' };

/**
 * Wait before reconnecting after a port that dropped soon after it opened, so a background
 * that keeps failing is not woken in a tight loop. A port that lived longer (the browser
 * stopped an idle background) is reconnected at once: the rep is looking at this panel.
 */
const RECONNECT_MS = 1_000;
const SHORT_LIVED_MS = 2_000;

/**
 * One account's view, kept current by the background over a port: it sends the view again
 * whenever the rows it is built from change (a note saved here, a teammate's note pulled by
 * sync). Chrome stops an idle service worker, which drops the port; the overlay's frame
 * reconnects while it is visible, else as soon as it is shown again. The frame is an extension
 * page: the port goes straight to the background, never through the customer's page.
 */
export function useAccountView(accountId: string): ViewState {
  const [state, setState] = useState<ViewState>({ kind: 'loading' });
  useEffect(() => {
    let port: Browser.runtime.Port | undefined;
    let stopped = false;
    let waitingForVisible = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ kind: 'loading' });

    const connect = () => {
      if (stopped || port) return;
      const p = browser.runtime.connect({ name: `${ACCOUNT_PORT_PREFIX}${accountId}` });
      const openedAt = performance.now();
      port = p;
      p.onMessage.addListener((message: AccountPortMessage) => {
        if (stopped) return;
        setState(
          message.type === 'view' ? { kind: 'ready', view: message.view } : { kind: 'gone' },
        );
      });
      p.onDisconnect.addListener(() => {
        port = undefined;
        if (stopped) return;
        const wait = performance.now() - openedAt < SHORT_LIVED_MS ? RECONNECT_MS : 0;
        if (document.visibilityState === 'visible') timer = setTimeout(connect, wait);
        else waitingForVisible = true;
      });
    };
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || !waitingForVisible) return;
      waitingForVisible = false;
      connect();
    };
    document.addEventListener('visibilitychange', onVisible);
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      port?.disconnect();
      port = undefined;
    };
  }, [accountId]);
  return state;
}
