import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';
import type { ActiveTab } from '../ui/tabs.ts';
import { problemText } from './problem.ts';
import type { CaptureOutcome } from './run.ts';

/**
 * Ask for the right to read the page's site (an optional host permission, wxt.config.ts): Chrome
 * asks the rep once per site, and answers at once when it was allowed before. Must be called in
 * the click, with nothing awaited before it (a user gesture). Not a web page: nothing to ask.
 */
function requestSiteAccess(url: string | undefined): Promise<boolean> {
  let origin: string;
  try {
    const parsed = new URL(url ?? '');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.resolve(true);
    origin = parsed.origin;
  } catch {
    return Promise.resolve(true);
  }
  return browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
}

/**
 * The popup's "Capture from this page". Opening the popup granted activeTab for the page it
 * shows, so the background may read that page now; the preview opens in its own window and the
 * toolbar popup closes. A page that cannot be read is explained here, where the rep is looking.
 *
 * The overlay's panel shows the same button (`siteAccess`): a click in its frame grants no
 * activeTab, so it asks for the site's access first, in the click.
 */
export function CaptureButton({
  tab,
  siteAccess = false,
}: {
  tab: ActiveTab | undefined;
  siteAccess?: boolean;
}) {
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const capture = async () => {
    if (state.busy) return;
    if (tab?.id === undefined) {
      setState({ error: t('capture.problem.noTab') });
      return;
    }
    const access = siteAccess ? requestSiteAccess(tab.url) : Promise.resolve(true);
    setState({ busy: true });
    try {
      if (!(await access)) {
        setState({ error: t('capture.problem.denied') });
        return;
      }
      const outcome = await ask<CaptureOutcome>({ type: 'capturePage', tabId: tab.id });
      if (outcome.problem && !outcome.opened) {
        setState({ error: problemText(outcome.problem, tab.url ?? '') });
        return;
      }
      setState({});
      // The toolbar popup has no tab of its own; the popup page opened in a tab stays open.
      if ((await browser.tabs.getCurrent()) === undefined) window.close();
    } catch (e) {
      setState({ error: problemText('failed', e instanceof Error ? e.message : String(e)) });
    }
  };
  return (
    <div class="capture-action">
      <button type="button" class="capture-page" disabled={state.busy === true} onClick={capture}>
        {state.busy ? t('capture.popup.working') : t('capture.popup.button')}
      </button>
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
