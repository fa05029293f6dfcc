import { t } from '../../i18n/index.ts';
import type { ImportClient } from '../client.ts';
import type { Preview } from '../session.ts';
import { RejectedDownload } from './RejectedDownload.tsx';
import { problemText } from './text.ts';

/** Every row left out, by row, column and reason; and what is imported with a part left out. */
export function Problems(props: { preview: Preview; client: ImportClient }) {
  const { preview } = props;
  const shown = preview.problems;
  const more = Math.max(0, preview.rejected - new Set(shown.map((p) => p.row)).size);
  return (
    <>
      {preview.rejected > 0 && (
        <details open class="import-problems" data-import-problems>
          <summary>{t('import.problems', { n: preview.rejected })}</summary>
          <ul>
            {shown.map((p) => (
              <li key={`${p.row} ${p.field} ${p.code} ${p.value}`}>{problemText(p)}</li>
            ))}
          </ul>
          {more > 0 && <p class="muted">{t('import.problems.more', { n: more })}</p>}
          <RejectedDownload client={props.client} />
        </details>
      )}
      {preview.warnings.length > 0 && (
        <details class="import-warnings">
          <summary>{t('import.warnings', { n: preview.warnings.length })}</summary>
          <ul>
            {preview.warnings.map((p) => (
              <li key={`${p.row} ${p.code}`}>{problemText(p)}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
