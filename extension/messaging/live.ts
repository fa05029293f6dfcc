/**
 * Live sync while the rep is looking.
 *
 * The browser stops an idle background: Chrome its service worker after about 30 s, Firefox
 * its event page the same way, and an open fetch stream does not keep either awake, so a
 * teammate's change would otherwise wait for the one-minute alarm. Each extension surface the
 * rep can see (popup, side panel, Book page, options, the overlay's and the webmail panels'
 * frames) holds this port: a message on it every 20 s keeps the background awake in both
 * browsers, and when the background is stopped anyway, the port drops and is opened again at
 * once, which starts the background, which syncs and reopens the event stream.
 */

/** The port's name; the background's listener (extension/sync/background.ts) answers it. */
export const LIVE_PORT = 'account-lens-live';

/** Under both browsers' 30 s idle limit, with room for a busy main thread. */
export const LIVE_PING_MS = 20_000;

/** Reconnecting again within this long of the last connect waits, growing up to LIVE_MAX_WAIT_MS. */
const FLAPPING_MS = 2_000;
const LIVE_MAX_WAIT_MS = 10_000;

export interface LiveOptions {
  /** The port's opener (browser.runtime.connect), injectable for tests. */
  readonly connect?: (name: string) => Browser.runtime.Port;
  readonly document?: Document;
}

/**
 * Keep the background syncing live while this page is visible. Returns a function that lets go.
 * A hidden page lets the background sleep; shown again, it wakes it at once (a sync follows).
 */
export function keepSyncLive(options: LiveOptions = {}): () => void {
  const connect = options.connect ?? ((name: string) => browser.runtime.connect({ name }));
  const doc = options.document ?? document;
  let port: Browser.runtime.Port | undefined;
  let stopped = false;
  let ping: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let connectedAt = Number.NEGATIVE_INFINITY;
  let wait = 0;
  const visible = () => doc.visibilityState === 'visible';

  const open = () => {
    if (stopped || port || !visible()) return;
    clearTimeout(retry);
    retry = undefined;
    // A background that drops the port as soon as it opens (an error at its start) is not
    // woken in a tight loop.
    wait =
      performance.now() - connectedAt < FLAPPING_MS
        ? Math.min(LIVE_MAX_WAIT_MS, wait * 2 || 250)
        : 0;
    connectedAt = performance.now();
    let p: Browser.runtime.Port;
    try {
      p = connect(LIVE_PORT);
    } catch {
      // The extension was updated or removed under this page: nothing to keep alive.
      stopped = true;
      return;
    }
    port = p;
    p.onDisconnect.addListener(() => {
      if (port !== p) return;
      port = undefined;
      if (stopped || !visible()) return;
      retry = setTimeout(open, wait);
    });
  };
  const onVisibility = () => {
    if (visible()) open();
  };
  ping = setInterval(() => {
    if (visible()) port?.postMessage({ type: 'ping' });
  }, LIVE_PING_MS);
  doc.addEventListener('visibilitychange', onVisibility);
  open();
  return () => {
    stopped = true;
    clearInterval(ping);
    clearTimeout(retry);
    doc.removeEventListener('visibilitychange', onVisibility);
    port?.disconnect();
    port = undefined;
  };
}
