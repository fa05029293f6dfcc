/**
 * Reaching the rep's data in a browser test. The overlay and the webmail panels are drawn in
 * extension pages framed inside closed shadow roots (see README, "What the customer's page can
 * see"): neither a page script nor Playwright's CSS engine can reach through a closed root, but
 * Playwright lists every frame of a page, cross-origin ones included. One copy of the lookup,
 * shared by every test that reads the overlay or a webmail panel.
 */
import type { Frame, Locator, Page } from 'playwright-core';

/** The frame pages (WXT entrypoints in extension/entrypoints/). */
export const OVERLAY_FRAME = '/overlay-frame.html';
export const WEBMAIL_FRAME = '/webmail-frame.html';

/** The host elements the content script adds to a page (opaque: a closed root, one iframe). */
export const OVERLAY_HOST = 'account-lens-overlay';
export const WEBMAIL_HOST = 'account-lens-webmail';
export const COMPOSE_HOST = 'account-lens-compose';
/**
 * The message panel's host while it shows. Between messages Chromium keeps it on the page,
 * hidden, with its frame loaded and blank for the next message (extension/webmail/host.ts).
 */
export const SHOWN_WEBMAIL_HOST = `${WEBMAIL_HOST}:not([hidden])`;

const isExtension = (frame: Frame, path: string): boolean => {
  const url = frame.url();
  return (
    url.startsWith('chrome-extension://') && new URL(url).pathname === path && !frame.isDetached()
  );
};

/** Every live extension frame of `page` showing `path`, in document order. */
export function extensionFrames(page: Page, path: string): Frame[] {
  return page.frames().filter((f) => isExtension(f, path));
}

/**
 * `query`'s answer, or `fallback` after `ms`: a query in a frame whose document never gets a
 * script context (one replaced while it loaded) waits for that context without a timeout of
 * its own, and one such frame must not stop the lookup of the others.
 */
async function bounded<T>(query: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((ok) => {
    timer = setTimeout(() => ok(fallback), ms);
  });
  try {
    return await Promise.race([query.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long one frame is asked before it counts as not showing what is looked for. */
const FRAME_QUERY_MS = 2_000;

/**
 * Poll a condition every 25 ms (the poll's interval, not a wait for time). Each reading is cut
 * off at the deadline too: a query in a frame whose document never gets a script context (one
 * replaced while it loaded) waits for that context without a timeout of its own.
 */
async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cutOff = new Promise<undefined>((ok) => {
      timer = setTimeout(() => ok(undefined), Math.max(0, deadline - Date.now()));
    });
    const value = await Promise.race([read().catch(() => undefined), cutOff]);
    clearTimeout(timer);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/**
 * The extension frame at `path` holding `selector` (the first such, in document order), once
 * it exists. A frame is re-created when its host is, so tests look it up again after a change.
 */
export function frameWith(
  page: Page,
  path: string,
  selector: string,
  timeoutMs = 10_000,
): Promise<Frame> {
  return until(
    async () => {
      for (const frame of extensionFrames(page, path)) {
        if ((await bounded(frame.locator(selector).count(), FRAME_QUERY_MS, 0)) > 0) return frame;
      }
      return undefined;
    },
    timeoutMs,
    `an extension frame ${path} with ${selector}`,
  );
}

/** The overlay's frame, once its badge is drawn. */
export const overlayFrame = (page: Page, timeoutMs?: number): Promise<Frame> =>
  frameWith(page, OVERLAY_FRAME, '[data-account-lens="badge"]', timeoutMs);

/** The webmail message panel's frame, once the panel is drawn. */
export const webmailFrame = (page: Page, timeoutMs?: number): Promise<Frame> =>
  frameWith(page, WEBMAIL_FRAME, '[data-account-lens="webmail-panel"]', timeoutMs);

/** The compose panel's frame, once the panel is drawn. */
export const composeFrame = (page: Page, timeoutMs?: number): Promise<Frame> =>
  frameWith(page, WEBMAIL_FRAME, '[data-account-lens="compose-panel"]', timeoutMs);

/**
 * A panel read through whichever extension frame shows it right now: each call finds the frame
 * again, so a poll spanning a panel taken off the page and shown again (a new frame) goes on
 * reading. Without a frame (or no match), `text` is null, `texts` empty, `count` 0.
 */
export interface LivePanel {
  /** The frame showing the panel now (waits for it). */
  frame(): Promise<Frame>;
  text(selector: string): Promise<string | null>;
  texts(selector: string): Promise<string[]>;
  count(selector: string): Promise<number>;
}

export function livePanel(page: Page, path: string, panel: string): LivePanel {
  const current = async (selector: string): Promise<Locator | undefined> => {
    for (const frame of extensionFrames(page, path)) {
      if ((await bounded(frame.locator(panel).count(), FRAME_QUERY_MS, 0)) === 0) continue;
      return frame.locator(`${panel} ${selector}`.trim());
    }
    return undefined;
  };
  // Readings for polls: each answers now (or after FRAME_QUERY_MS at worst), never waiting for
  // the element to appear, which is the poll's job.
  return {
    frame: () => frameWith(page, path, panel),
    text: async (selector) => {
      const found = await current(selector);
      if (!found || (await bounded(found.count(), FRAME_QUERY_MS, 0)) === 0) return null;
      return bounded(found.first().textContent({ timeout: FRAME_QUERY_MS }), FRAME_QUERY_MS, null);
    },
    texts: async (selector) => {
      const found = await current(selector);
      return found ? bounded(found.allTextContents(), FRAME_QUERY_MS, []) : [];
    },
    count: async (selector) => {
      const found = await current(selector);
      return found ? bounded(found.count(), FRAME_QUERY_MS, 0) : 0;
    },
  };
}

/** The webmail message panel, read live. */
export const messagePanel = (page: Page): LivePanel =>
  livePanel(page, WEBMAIL_FRAME, '[data-account-lens="webmail-panel"]');

/** The compose panel, read live. */
export const composePanel = (page: Page): LivePanel =>
  livePanel(page, WEBMAIL_FRAME, '[data-account-lens="compose-panel"]');
