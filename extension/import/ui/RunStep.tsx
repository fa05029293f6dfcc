import { useEffect, useState } from 'preact/hooks';
import { openBook } from '../../book/open.ts';
import { t } from '../../i18n/index.ts';
import { ask } from '../../messaging/client.ts';
import type { ImportClient } from '../client.ts';
import type { Preview, Summary } from '../session.ts';
import { RejectedDownload } from './RejectedDownload.tsx';
import { fileErrorText } from './text.ts';

/**
 * Step 4: the import under way (a progress bar and Cancel), then what it did, with the
 * rejected rows to download and Undo.
 */
export function RunStep(props: { client: ImportClient; preview: Preview; onAnother: () => void }) {
  const { client } = props;
  const [progress, setProgress] = useState({ done: 0, total: props.preview.toWrite });
  const [cancelling, setCancelling] = useState(false);
  const [summary, setSummary] = useState<Summary | undefined>(undefined);
  const [undo, setUndo] = useState<{ done: number; total: number; finished: boolean }>();
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    client
      .run((done, total) => setProgress({ done, total }))
      .then((s) => {
        setSummary(s);
        // Push now rather than at the next alarm: teammates see the import at once.
        void ask({ type: 'syncNow' }).catch(() => {});
      })
      .catch((e: unknown) => setError(fileErrorText(e)));
  }, [client]);

  const runUndo = () => {
    if (summary === undefined) return;
    setUndo({ done: 0, total: 1, finished: false });
    client
      .undo(summary.batchId, (done, total) => setUndo({ done, total, finished: false }))
      .then(() => {
        setUndo((u) => ({ done: u?.total ?? 1, total: u?.total ?? 1, finished: true }));
        void ask({ type: 'syncNow' }).catch(() => {});
      })
      .catch((e: unknown) => setError(fileErrorText(e)));
  };

  if (summary === undefined) {
    return (
      <section class="import-run">
        <progress
          value={progress.done}
          max={Math.max(1, progress.total)}
          data-import-progress
          aria-label={t('import.running', progress)}
        />
        <p role="status">{cancelling ? t('import.cancelling') : t('import.running', progress)}</p>
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button
          type="button"
          data-import-cancel
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            client.cancel();
          }}
        >
          {t('import.cancel')}
        </button>
      </section>
    );
  }
  const { counts } = summary;
  return (
    <section class="import-summary" data-import-summary={summary.cancelled ? 'cancelled' : 'done'}>
      <p role="status">
        {summary.cancelled
          ? t('import.cancelled', { written: summary.written, total: summary.planned })
          : t('import.done', { written: summary.written, new: counts.new, update: counts.update })}
      </p>
      <p>
        {t('import.summary.rest', {
          same: counts.same,
          duplicate: counts.duplicate,
          rejected: summary.rejected,
        })}
      </p>
      <p class="muted">{t('import.synced')}</p>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        {summary.rejected > 0 && <RejectedDownload client={client} />}
        {undo === undefined && summary.written > 0 && (
          <button type="button" data-import-undo onClick={runUndo}>
            {t('import.undo')}
          </button>
        )}
        <button type="button" onClick={() => void openBook()}>
          {t('import.openBook')}
        </button>
        <button type="button" onClick={props.onAnother}>
          {t('import.another')}
        </button>
      </div>
      {undo !== undefined && (
        <p role="status" data-import-undone={undo.finished ? '' : undefined}>
          {undo.finished
            ? t('import.undone')
            : t('import.undoing', { done: undo.done, total: undo.total })}
        </p>
      )}
    </section>
  );
}
