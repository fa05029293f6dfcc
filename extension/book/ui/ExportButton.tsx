import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { errorText } from '../../ui/errors.ts';
import { dateInput } from '../../ui/format.ts';
import type { AccountsExportContext } from '../export.ts';
import type { BookRow } from '../types.ts';

/**
 * "Export CSV" over the accounts table: the rows the filters show, in the table's order. The
 * export code (papaparse) is loaded on the first click, not with the page.
 */
export function ExportButton(props: {
  /** How many rows the table shows (the rows themselves are gathered on click). */
  count: number;
  rows: () => BookRow[];
  ctx: AccountsExportContext;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { accountsCsv, download } = await import('../export.ts');
      const name = `account-lens-${t('accounts.export.file')}-${dateInput(Date.now())}.csv`;
      download(name, accountsCsv(props.rows(), props.ctx));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        data-export="accounts"
        disabled={busy}
        title={t('accounts.export.hint', { n: props.count })}
        onClick={() => void run()}
      >
        {t('accounts.export')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
