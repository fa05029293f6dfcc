import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { FromFrame } from '../frame/from-frame.ts';
import type { MessageRead, WebmailComposeState, WebmailMessageState } from '../frame/protocol.ts';
import type { WebmailSite } from '../hosts/hosts.ts';
import type { Compose, MailAdapter, MailSnapshot, OpenMessage } from '../hosts/types.ts';
import type {
  WebmailComposeView,
  WebmailMessageView,
  WebmailStartReply,
  WebmailView,
  WebmailWatch,
} from '../messaging/webmail.ts';
import { HealthRecorder } from '../settings/selector-health.ts';
import { ADAPTERS } from './adapters.ts';
import { PORT_NAME } from './api.ts';
import { PanelHost } from './host.ts';
import { watchMail } from './watch.ts';

/** Wait before reconnecting, so a background that keeps failing is not woken in a tight loop. */
const RECONNECT_MS = 1_000;

/** Readings of the page to look for the signed-in address in, before giving up on this page. */
const SIGNED_IN_TRIES = 100;
/** The first frame is loaded in the mail app's idle time after it starts, or after this long. */
const WARM_AFTER_MS = 3_000;

const addressKey = (list: readonly { email: string }[]): string =>
  list.map((a) => a.email).join(',');

/** What identifies what a panel is about: when it changes, the background is asked again. */
export const messageKey = (m: OpenMessage | null): string =>
  m ? `${m.id}|${m.sender.email}|${addressKey(m.participants)}|${m.fallback}` : '';

export const composeKey = (c: Compose | undefined): string =>
  c ? `${c.id}|${addressKey(c.recipients)}` : '';

/** Worth a panel: someone on screen is in the book, or there is something to offer. */
export const worthShowing = (view: WebmailMessageView): boolean =>
  view.offer !== null ||
  view.account !== null ||
  [view.person, view.sender, ...view.participants].some(
    (p) => p !== null && (p.account !== null || p.contact !== null),
  );

export const composeWorthShowing = (view: WebmailComposeView): boolean =>
  view.recipients.some((p) => p.account !== null);

/**
 * The compose window the rep is working in: the one holding the focused element (a frame
 * element counts as holding what is focused inside it), else the one with the id last focused,
 * else the first.
 */
export function chooseCompose(
  composing: readonly Compose[],
  active: Element | null,
  lastFocused: string | undefined,
): Compose | undefined {
  return (
    focusedCompose(composing, active) ?? composing.find((c) => c.id === lastFocused) ?? composing[0]
  );
}

/** The compose window holding `active`, if any. */
export function focusedCompose(
  composing: readonly Compose[],
  active: Element | null,
): Compose | undefined {
  if (!active || active === active.ownerDocument.body) return undefined;
  return composing.find((c) => c.root?.contains(active) === true);
}

interface Shown<V> {
  /** The key of what the view is about. */
  readonly key: string;
  readonly view: V | null;
}

/** The open message as a panel's frame asks for it (the body only when asked: it is long). */
export function readOpenMessage(m: OpenMessage | null, body: boolean): MessageRead | null {
  if (!m) return null;
  return {
    id: m.id,
    subject: m.subject,
    ...(m.sentAt !== undefined ? { sentAt: m.sentAt } : {}),
    sender: m.sender,
    participants: [...m.participants],
    ...(body ? { body: m.bodyText() } : {}),
  };
}

/**
 * The webmail panel's controller: reads the page through the site's adapter, asks the
 * background for a live view of the addresses on screen (one port per tab), and shows one
 * panel beside the open message and one in the compose window. Nothing shows while nothing is
 * open, nor when no one on screen is in the rep's book and there is nothing to offer. The
 * panels are drawn in extension frames (host.ts): this content script sends them the views
 * over the extension's messaging and reads the open message for them when they ask.
 */
export function startWebmail(
  ctx: ContentScriptContext,
  site: WebmailSite,
  init: WebmailStartReply,
  adapter: MailAdapter = ADAPTERS[site],
): void {
  const answer = (request: FromFrame, host: PanelHost) => {
    // The message as the page shows it now: the panel logs it, or prefills a contact from it.
    if (request.type === 'read') {
      host.send({
        type: 'read',
        rpc: request.rpc,
        message: readOpenMessage(snapshot.message, request.body),
      });
    }
  };
  // The message panel keeps a frame loaded for the next message (webmail/host.ts): it is what
  // the rep waits for on every message opened. Compose windows open less often.
  const messageHost = new PanelHost(ctx, 'account-lens-webmail', answer, true);
  ctx.requestIdleCallback(() => messageHost.warm(), { timeout: WARM_AFTER_MS });
  const composeHost = new PanelHost(ctx, 'account-lens-compose', answer);

  let snapshot: MailSnapshot = { message: null, composing: [], missed: [] };
  /** The compose window the panel is about (see chooseCompose), and the id last focused. */
  let compose: Compose | undefined;
  let lastFocused: string | undefined;
  const pickCompose = (composing: readonly Compose[]): Compose | undefined => {
    const focused = focusedCompose(composing, document.activeElement);
    if (focused) lastFocused = focused.id;
    return chooseCompose(composing, document.activeElement, lastFocused);
  };
  let current = { message: '', compose: '' };
  let seq = 0;
  /** What each posted watch was about, so a view is only ever shown beside what it describes. */
  const asked = new Map<number, { message: string; compose: string }>();
  let messageView: Shown<WebmailMessageView> = { key: '', view: null };
  let composeView: Shown<WebmailComposeView> = { key: '', view: null };
  /** What the panels last rendered: re-rendering on every reading of a busy page is waste. */
  const rendered: {
    message: Shown<WebmailMessageView> | undefined;
    compose: Shown<WebmailComposeView> | undefined;
  } = { message: undefined, compose: undefined };
  const warned = new Set<string>();
  const health = new HealthRecorder(site, (fn, ms) => ctx.setTimeout(fn, ms));
  ctx.onInvalidated(() => void health.flush());
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState === 'hidden') void health.flush();
  });
  ctx.addEventListener(window, 'pagehide', () => void health.flush());

  let port: Browser.runtime.Port | undefined;
  let waitingForVisible = false;
  /** The mailbox's own address, once the adapter could read it (the panel asks about it). */
  let signedIn: string | undefined;
  let signedInTries = 0;
  const readSignedIn = (): boolean => {
    if (signedIn !== undefined || !adapter.signedIn || signedInTries >= SIGNED_IN_TRIES) {
      return false;
    }
    signedInTries++;
    try {
      signedIn = adapter.signedIn(document);
    } catch {
      signedIn = undefined;
    }
    return signedIn !== undefined;
  };

  const watchMessage = (): WebmailWatch => {
    const m = snapshot.message;
    const c = compose;
    return {
      type: 'watch',
      seq,
      site,
      message: m ? { id: m.id, sender: m.sender, participants: [...m.participants] } : null,
      compose: c ? { recipients: [...c.recipients] } : null,
      ...(signedIn !== undefined ? { signedIn } : {}),
    };
  };

  const connect = () => {
    if (ctx.isInvalid || port) return;
    const p = browser.runtime.connect({ name: PORT_NAME });
    port = p;
    p.onMessage.addListener((view: WebmailView) => {
      const keys = asked.get(view.seq);
      if (!keys) return;
      for (const s of asked.keys()) if (s < view.seq) asked.delete(s);
      messageView = { key: keys.message, view: view.message };
      composeView = { key: keys.compose, view: view.compose };
      draw();
    });
    p.onDisconnect.addListener(() => {
      port = undefined;
      if (ctx.isInvalid) return;
      // Chrome stops an idle service worker, which drops the port: subscribe again.
      if (document.visibilityState === 'visible') ctx.setTimeout(reconnect, RECONNECT_MS);
      else waitingForVisible = true;
    });
  };
  const post = () => {
    seq++;
    asked.set(seq, current);
    connect();
    try {
      port?.postMessage(watchMessage());
    } catch {
      // Disconnected between the check and the post: onDisconnect reconnects and posts again.
    }
  };
  const reconnect = () => {
    if (current.message !== '' || current.compose !== '') post();
    else connect();
  };
  ctx.addEventListener(document, 'visibilitychange', () => {
    if (document.visibilityState !== 'visible' || !waitingForVisible) return;
    waitingForVisible = false;
    reconnect();
  });
  ctx.onInvalidated(() => port?.disconnect());

  function draw() {
    const m = snapshot.message;
    if (
      m &&
      messageView.key === current.message &&
      messageView.view &&
      worthShowing(messageView.view)
    ) {
      const fresh = rendered.message !== messageView;
      rendered.message = messageView;
      const state: WebmailMessageState = {
        type: 'message',
        site,
        language: init.language,
        fallback: m.fallback,
        view: messageView.view,
      };
      messageHost.show(m.mount, fresh ? state : undefined);
    } else {
      rendered.message = undefined;
      messageHost.hide();
    }
    const c = compose;
    if (
      c &&
      composeView.key === current.compose &&
      composeView.view &&
      composeWorthShowing(composeView.view)
    ) {
      const fresh = rendered.compose !== composeView;
      rendered.compose = composeView;
      const state: WebmailComposeState = {
        type: 'compose',
        language: init.language,
        view: composeView.view,
      };
      composeHost.show(c.mount, fresh ? state : undefined);
    } else {
      rendered.compose = undefined;
      composeHost.hide();
    }
  }

  const onRead = (next: MailSnapshot) => {
    snapshot = next;
    compose = pickCompose(next.composing);
    if (init.debug) {
      for (const miss of next.missed) {
        if (warned.has(miss)) continue;
        warned.add(miss);
        console.warn(`[account-lens] webmail (${site}): no element matched ${miss}`);
      }
    }
    const learned = readSignedIn();
    const keys = { message: messageKey(next.message), compose: composeKey(compose) };
    health.note({
      key: keys.message,
      found: next.message ? (next.message.fallback ? 'fallback' : 'anchors') : 'none',
      missed: next.missed,
    });
    if (keys.message !== current.message || keys.compose !== current.compose) {
      current = keys;
      if (keys.message !== '' || keys.compose !== '') post();
    } else if (learned && current.message !== '') {
      // The account button rendered after the message: ask again, with it.
      post();
    }
    draw();
  };

  const watcher = watchMail(ctx, adapter, onRead);
  // Focus moving between compose windows changes nothing in the DOM: follow it, reading the
  // page again (throttled, as for a mutation) only when the window the panel is about changes.
  ctx.addEventListener(document, 'focusin', () => {
    if (pickCompose(snapshot.composing)?.id !== compose?.id) watcher.schedule();
  });
}
