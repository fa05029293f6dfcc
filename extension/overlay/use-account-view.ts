import { useEffect, useState } from 'preact/hooks';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { AccountPortMessage, AccountView } from '../messaging/protocol.ts';
import { PORT_PREFIX } from './api.ts';

export type ViewState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly view: AccountView }
  | { readonly kind: 'gone' };

/** Wait before reconnecting, so a background that keeps failing is not woken in a tight loop. */
const RECONNECT_MS = 1_000;

/**
 * One account's view, kept current by the background over a port: it sends the view again
 * whenever the rows it is built from change (a note saved here, a teammate's note pulled by
 * sync). Chrome stops an idle service worker, which drops the port; the overlay reconnects
 * while the page is visible, else as soon as it is shown again.
 */
export function useAccountView(ctx: ContentScriptContext, accountId: string): ViewState {
  const [state, setState] = useState<ViewState>({ kind: 'loading' });
  useEffect(() => {
    let port: Browser.runtime.Port | undefined;
    let stopped = false;
    let waitingForVisible = false;
    setState({ kind: 'loading' });

    const connect = () => {
      if (stopped || ctx.isInvalid || port) return;
      const p = browser.runtime.connect({ name: `${PORT_PREFIX}${accountId}` });
      port = p;
      p.onMessage.addListener((message: AccountPortMessage) => {
        if (stopped) return;
        setState(
          message.type === 'view' ? { kind: 'ready', view: message.view } : { kind: 'gone' },
        );
      });
      p.onDisconnect.addListener(() => {
        port = undefined;
        if (stopped || ctx.isInvalid) return;
        if (document.visibilityState === 'visible') ctx.setTimeout(connect, RECONNECT_MS);
        else waitingForVisible = true;
      });
    };
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || !waitingForVisible) return;
      waitingForVisible = false;
      connect();
    };
    document.addEventListener('visibilitychange', onVisible);
    const stop = () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisible);
      port?.disconnect();
      port = undefined;
    };
    const forget = ctx.onInvalidated(stop);
    connect();
    return () => {
      forget();
      stop();
    };
  }, [ctx, accountId]);
  return state;
}
