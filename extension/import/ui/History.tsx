import { useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { listImports } from '../../db/import-batch.ts';
import { t } from '../../i18n/index.ts';
import { dateTime } from '../../ui/format.ts';
import { useLiveQuery } from '../../ui/live-query.ts';
import type { ImportClient } from '../client.ts';

/**
 * The imports this browser ran, newest first, each with Undo while it stands: also an import
 * cut short by a closed tab, whose whole rows are kept until the rep undoes them.
 */
export function History(props: { db: AccountLensDB; client: ImportClient }) {
  const batches = useLiveQuery(() => listImports(props.db), [props.db]).value;
  const [undoing, setUndoing] = useState<string | undefined>(undefined);
  if (batches === undefined || batches.length === 0) return null;
  return (
    <section class="import-history">
      <h2>{t('import.history')}</h2>
      <ul>
        {batches.slice(0, 20).map((b) => (
          <li key={b.id} data-import-batch={b.state}>
            {t('import.history.item', {
              file: b.fileName,
              rows: b.rowsWritten,
              date: dateTime(b.startedAt),
            })}{' '}
            <span class="muted">{t(`import.history.${b.state}`)}</span>{' '}
            {b.state !== 'undone' && b.rowsWritten > 0 && (
              <button
                type="button"
                disabled={undoing !== undefined}
                onClick={() => {
                  setUndoing(b.id);
                  void props.client.undo(b.id, () => {}).finally(() => setUndoing(undefined));
                }}
              >
                {t('import.undo')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
