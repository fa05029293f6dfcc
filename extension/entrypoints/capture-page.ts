import { capturePage } from '../../shared/capture/index.ts';
import type { PageCapture } from '../capture/schema.ts';

/**
 * Quick capture's page side, injected by the background with `scripting.executeScript` only
 * when the rep asks (popup button, keyboard command): never listed as a content script, so the
 * extractors and their libraries cost nothing on pages the rep does not capture. The value the
 * main function resolves to is the injection's result (WXT ends the bundle with it), so it must
 * be structured-clonable: plain data, as the capture contract is.
 */

/** A page still loading gets this long to finish before it is read as it is. */
const LOAD_WAIT_MS = 3_000;
/**
 * A page with nothing to capture may be an app that has not drawn its content yet: if its DOM
 * starts changing within FIRST_CHANGE_MS, wait (RENDER_WAIT_MS at most) for it to settle.
 */
const FIRST_CHANGE_MS = 1_000;
const RENDER_WAIT_MS = 2_500;
/** The DOM counts as settled after this long without a change. */
const QUIET_MS = 300;

export default defineUnlistedScript(async (): Promise<PageCapture> => {
  try {
    await loaded();
    const url = location.href;
    let found = capturePage(document, url);
    // An app that fetches its team after load may not have drawn it when the rep pressed the key.
    if (found.contacts.length === 0 && (await settled())) found = capturePage(document, url);
    // Plain data only: the contract's objects, cloned, without any accidental DOM references.
    return JSON.parse(
      JSON.stringify({ ok: true, url, title: document.title, ...found }),
    ) as PageCapture;
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
});

function loaded(): Promise<void> {
  if (document.readyState === 'complete') return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(done, LOAD_WAIT_MS);
    addEventListener(
      'load',
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });
}

/**
 * Resolves true once the document changed and then stayed unchanged for QUIET_MS, false if
 * it did not change within FIRST_CHANGE_MS (reading it again would find the same nothing).
 */
function settled(): Promise<boolean> {
  return new Promise((done) => {
    let changed = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(limit);
      done(changed);
    };
    const observer = new MutationObserver(() => {
      changed = true;
      clearTimeout(quiet);
      quiet = setTimeout(finish, QUIET_MS);
    });
    const limit = setTimeout(finish, RENDER_WAIT_MS);
    quiet = setTimeout(finish, FIRST_CHANGE_MS);
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}
