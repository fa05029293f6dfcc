import { t } from '../../i18n/index.ts';
import { download } from '../../ui/download.ts';
import type { ImportClient } from '../client.ts';
import { rejectedCsv } from './rejected-csv.ts';

/** The rows left out, with why, as a CSV to fix and import again. */
export function RejectedDownload(props: { client: ImportClient }) {
  return (
    <button
      type="button"
      data-import-rejected
      onClick={() =>
        void props.client.rejected().then((rejected) => {
          download('rejected-rows.csv', rejectedCsv(rejected), 'text/csv;charset=utf-8');
        })
      }
    >
      {t('import.rejected.download')}
    </button>
  );
}
