import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { MailAdapter, MailSnapshot } from '../hosts/types.ts';

/**
 * The least time between two reads of the page: one frame. A busy inbox mutates its list every
 * few milliseconds; the observer's callback only notes that something changed, and the adapter
 * reads the page at most this often, so the per-batch cost stays a few microseconds. The first
 * change after a quiet spell is read at once (on the next task); a message opened while the
 * inbox is busy, or just after the last view changed, waits for a frame at most.
 */
export const READ_INTERVAL_MS = 16;

/** The panels' own hosts (`account-lens-webmail`, `account-lens-compose`). */
const isOwn = (node: Node): boolean => node.nodeName.startsWith('ACCOUNT-LENS-');

/**
 * A change the content script made itself: a panel's host moved, shown or hidden, and still on
 * the page. It is no news about the mail app, and reading the page for it would only hold back
 * the next read (a host the page took away is news: the panel must come back).
 */
function ownChange(r: MutationRecord): boolean {
  if (isOwn(r.target)) return true;
  if (r.type !== 'childList' || r.addedNodes.length + r.removedNodes.length === 0) return false;
  for (const n of r.addedNodes) if (!isOwn(n)) return false;
  for (const n of r.removedNodes) if (!isOwn(n) || !n.isConnected) return false;
  return true;
}

const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  attributes: true,
  // Views are switched by hiding them (Gmail, NetEase tabs) and messages expanded by class.
  attributeFilter: ['class', 'style', 'hidden', 'aria-expanded', 'src'],
};

export interface MailWatcher {
  /** Read the page now (after the panel's own changes, or when the rep asks). */
  readNow(): MailSnapshot;
  /** Read the page soon, throttled like the reads a mutation asks for. */
  schedule(): void;
}

/**
 * Watch the site's app root, its same-origin frames and SPA navigation, and hand every fresh
 * reading of the page to `onRead`. Everything is tied to `ctx`.
 */
export function watchMail(
  ctx: ContentScriptContext,
  adapter: MailAdapter,
  onRead: (snapshot: MailSnapshot) => void,
): MailWatcher {
  let timer: number | undefined;
  let lastRead = Number.NEGATIVE_INFINITY;
  let root: Element | null = null;
  const observedFrames = new WeakSet<Document>();

  const read = (): MailSnapshot => {
    lastRead = performance.now();
    try {
      attach();
      return adapter.read(document, location);
    } catch (error) {
      // An adapter must not throw; if one does, the page goes on and the panel shows nothing.
      console.warn(`[account-lens] ${adapter.id} adapter failed`, error);
      return { message: null, composing: [], missed: [] };
    }
  };

  const run = () => {
    timer = undefined;
    if (ctx.isInvalid) return;
    onRead(read());
  };

  const schedule = () => {
    if (timer !== undefined || ctx.isInvalid) return;
    const wait = Math.max(0, lastRead + READ_INTERVAL_MS - performance.now());
    timer = ctx.setTimeout(run, wait);
  };

  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (!ownChange(r)) {
        schedule();
        return;
      }
    }
  });

  /** (Re)attach to the app root and to frames that loaded a new document. */
  function attach() {
    const next = adapter.root(document) ?? document.documentElement;
    if (next !== root) {
      root = next;
      observer.disconnect();
      observer.observe(next, OBSERVE);
      // Frames observed on the old root are observed again below.
      for (const frame of adapter.frames?.(document) ?? []) observeFrame(frame, true);
    }
    for (const frame of adapter.frames?.(document) ?? []) observeFrame(frame, false);
  }

  function observeFrame(frame: Document, again: boolean) {
    if (!again && observedFrames.has(frame)) return;
    // A frame caught between documents has none yet: its `load` brings us back here.
    const target = frame.documentElement;
    if (!target) return;
    observedFrames.add(frame);
    observer.observe(target, OBSERVE);
  }

  // A frame's new document (QQ Mail's old UI loads every view into one) fires `load` on the
  // frame element, which does not bubble: listen in the capture phase.
  ctx.addEventListener(document, 'load', schedule, { capture: true });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(window, 'hashchange', schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  ctx.onInvalidated(() => observer.disconnect());
  schedule();

  return { readNow: read, schedule };
}
