import { useState } from 'preact/hooks';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import type { ImportClient } from '../client.ts';
import type { Opened } from '../session.ts';
import { History } from './History.tsx';
import { fileErrorText } from './text.ts';

/** Step 1: the file (picked, or dropped on the picker), and the imports this browser ran before. */
export function ChooseStep(props: {
  db: AccountLensDB;
  client: ImportClient;
  onOpened: (opened: Opened, file: File) => void;
}) {
  const [reading, setReading] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const choose = async (file: File | undefined) => {
    if (file === undefined) return;
    setError(undefined);
    setReading(file.name);
    try {
      props.onOpened(await props.client.open(file), file);
    } catch (e) {
      setError(fileErrorText(e));
    } finally {
      setReading(undefined);
    }
  };
  return (
    // A file dropped on the input is chosen like a picked one (the browser's own behaviour).
    <section class="import-choose">
      <label class="import-drop">
        <span>{t('import.choose.label')}</span>
        <input
          type="file"
          data-import-file
          accept=".csv,.tsv,.txt,.xlsx,.vcf,text/csv,text/vcard"
          disabled={reading !== undefined}
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
        />
        <small class="muted">{t('import.choose.hint')}</small>
      </label>
      {reading !== undefined && <p role="status">{t('import.reading', { file: reading })}</p>}
      {error !== undefined && (
        <p class="error" role="alert" data-import-error>
          {error}
        </p>
      )}
      <History db={props.db} client={props.client} />
    </section>
  );
}
