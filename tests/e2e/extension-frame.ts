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

/** Poll a condition every 25 ms (the poll's interval, not a wait for time). */
async function until<T>(read: () => Promise<T | undefined>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
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
        if ((await frame.locator(selector).count()) > 0) return frame;
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
      if (
        (await frame
          .locator(panel)
          .count()
          .catch(() => 0)) === 0
      )
        continue;
      return frame.locator(`${panel} ${selector}`.trim());
    }
    return undefined;
  };
  return {
    frame: () => frameWith(page, path, panel),
    text: async (selector) => (await (await current(selector))?.first().textContent()) ?? null,
    texts: async (selector) => (await (await current(selector))?.allTextContents()) ?? [],
    count: async (selector) => (await (await current(selector))?.count()) ?? 0,
  };
}

/** The webmail message panel, read live. */
export const messagePanel = (page: Page): LivePanel =>
  livePanel(page, WEBMAIL_FRAME, '[data-account-lens="webmail-panel"]');

/** The compose panel, read live. */
export const composePanel = (page: Page): LivePanel =>
  livePanel(page, WEBMAIL_FRAME, '[data-account-lens="compose-panel"]');
