/**
 * Timing what the rep sees inside an extension frame. The badge and the webmail panels are drawn
 * in extension pages framed in closed shadow roots (README, "What the customer's page can see"):
 * the page cannot see them render, so the moment they are visible is noted inside the frame, on
 * the frame's clock, and compared with a moment on the page's clock. Both are read as absolute
 * times, `performance.timeOrigin + performance.now()`: every document in the browser counts
 * from the same epoch. Each renderer process converts its monotonic clock to that epoch once,
 * so two processes may differ by how far the wall clock drifted between them; `clockSkew`
 * measures that difference, and the benchmarks report it beside their figures.
 * Playwright attaches to every frame as it starts (that is how it lists them and runs the
 * script below in them), which a rep's browser does not do: a frame's load may read a little
 * slower here than it is. Its request routing (the harness's) made no measurable difference.
 */
import type { Frame, Page } from 'playwright-core';
import { extensionFrames } from '../e2e/extension-frame.ts';

/** What an extension frame notes (a global of the frame's document; benchmarks only). */
interface Shown {
  /** Element text → absolute time of the first animation frame it was visible in. */
  readonly at: Record<string, number>;
}
type ShownWindow = typeof globalThis & { __accountLensShown?: Shown };

/**
 * In every extension frame at `path` the page opens from now on, note the first animation frame
 * in which an element matching `selector` is rendered with its text (the key), laid out, and
 * inside the frame's viewport (a frame the page has not sized yet, 0 px tall, shows nothing).
 * The check runs on the frame's DOM mutations and resizes, and is read in the animation frame
 * that follows; it waits on those events, never on a timer. Playwright runs init scripts in
 * every frame of the page, the extension's cross-origin frames included.
 */
export async function noteShownInFrames(page: Page, path: string, selector: string): Promise<void> {
  await page.addInitScript(watchShown, { protocol: 'chrome-extension:', path, selector });
}

/**
 * noteShownInFrames' watcher, run at the start of every document (Playwright's init scripts,
 * Firefox's BiDi preload scripts); it acts only in the extension frame named. Self-contained:
 * the browser runs its source text.
 */
export function watchShown(watch: { protocol: string; path: string; selector: string }): void {
  if (location.protocol !== watch.protocol || location.pathname !== watch.path) return;
  const shown: Shown = { at: {} };
  (window as ShownWindow).__accountLensShown = shown;
  let pending = false;
  // A method, not an arrow in a const: tsx would wrap that in a helper the page lacks.
  const watcher = {
    check() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const now = performance.timeOrigin + performance.now();
        for (const element of document.querySelectorAll(watch.selector)) {
          const text = element.textContent?.trim() ?? '';
          if (text === '' || shown.at[text] !== undefined) continue;
          const box = element.getBoundingClientRect();
          const inView =
            box.width > 0 &&
            box.height > 0 &&
            box.bottom > 0 &&
            box.right > 0 &&
            box.top < innerHeight &&
            box.left < innerWidth;
          if (inView) shown.at[text] = now;
        }
      });
    },
  };
  new MutationObserver(() => watcher.check()).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  addEventListener('resize', () => watcher.check());
  // What is drawn already (a watcher put into a frame that has started; at a document's start
  // there is nothing yet).
  watcher.check();
}

/** What watchShown noted for `text` in this document (run inside the frame). */
export function shownTime(text: string): number | null {
  return (window as ShownWindow).__accountLensShown?.at[text] ?? null;
}

/**
 * The absolute time `text` was first visible in the live extension frame at `path` of `page`
 * (see noteShownInFrames), once it has been. Polls the frames every 25 ms: the poll's interval,
 * not a wait for time; the moment itself was noted inside the frame.
 */
export async function shownAt(
  page: Page,
  path: string,
  text: string,
  timeoutMs = 10_000,
): Promise<{ frame: Frame; at: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of extensionFrames(page, path)) {
      const at = await frame
        .evaluate((t) => (window as ShownWindow).__accountLensShown?.at[t], text)
        .catch(() => undefined);
      if (at !== undefined) return { frame, at };
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" in ${path}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

/**
 * How far `document`'s absolute clock (`timeOrigin + now()`) is from the system's wall clock,
 * in ms: read at the instant `Date.now()` ticks to the next millisecond, median of 9 ticks.
 */
function wallOffset(document: Page | Frame): Promise<number> {
  return document.evaluate(wallClockOffset);
}

/** wallOffset's measurement, run in the document (self-contained: runs as source text). */
export function wallClockOffset(): number {
  const offsets: number[] = [];
  let last = Date.now();
  while (offsets.length < 9) {
    const wall = Date.now();
    const precise = performance.timeOrigin + performance.now();
    if (wall !== last) offsets.push(precise - wall);
    last = wall;
  }
  offsets.sort((a, b) => a - b);
  return offsets[4] as number;
}

/**
 * The frame's absolute clock minus the page's, in ms: what a time noted in the frame is off by
 * when compared with one noted in the page. Within a millisecond or so, both clocks are read
 * with the coarsening `performance.now()` gets in a page that is not cross-origin isolated.
 */
export async function clockSkew(page: Page, frame: Frame): Promise<number> {
  return (await wallOffset(frame)) - (await wallOffset(page));
}

/** The page's moments, absolute (`performance.timeOrigin + performance.now()`). */
export interface PageTimes {
  navigationStart: number;
  dcl: number;
  load: number;
  /** The content script put the overlay's host on the page (the page can see that much). */
  host: number;
}
type TimedWindow = typeof globalThis & { __t: PageTimes };

/**
 * Run at the start of each top-level page (Playwright's init script; Firefox's BiDi
 * preload script): note its moments in `window.__t`. Self-contained: runs as source text.
 */
export function notePageTimes(hostName: string): void {
  if (window !== window.top) return;
  const t: PageTimes = {
    navigationStart: performance.timeOrigin,
    dcl: -1,
    load: -1,
    host: -1,
  };
  (window as unknown as TimedWindow).__t = t;
  document.addEventListener('DOMContentLoaded', () => {
    t.dcl = performance.timeOrigin + performance.now();
  });
  window.addEventListener('load', () => {
    t.load = performance.timeOrigin + performance.now();
  });
  new MutationObserver((_records, observer) => {
    if (!document.querySelector(hostName)) return;
    t.host = performance.timeOrigin + performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
}

/** The page's moments as notePageTimes noted them (run in the page). */
export function pageTimes(): PageTimes | null {
  return (window as unknown as Partial<TimedWindow>).__t ?? null;
}
