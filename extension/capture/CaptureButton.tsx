import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { ask } from '../messaging/client.ts';
import type { ActiveTab } from '../ui/tabs.ts';
import { problemText } from './problem.ts';
import type { CaptureOutcome } from './run.ts';

/**
 * The popup's "Capture from this page". Opening the popup granted activeTab for the page it
 * shows, so the background may read that page now; the preview opens in its own window and the
 * toolbar popup closes. A page that cannot be read is explained here, where the rep is looking.
 */
export function CaptureButton({ tab }: { tab: ActiveTab | undefined }) {
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const capture = async () => {
    if (state.busy) return;
    if (tab?.id === undefined) {
      setState({ error: t('capture.problem.noTab') });
      return;
    }
    setState({ busy: true });
    try {
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
