import { useState } from 'preact/hooks';
import { IMPORT_ENTITIES, IMPORT_FIELDS, type ImportEntity } from '../../../shared/import/index.ts';
import { t } from '../../i18n/index.ts';
import type { ImportClient } from '../client.ts';
import type { Opened, Preview, Settings } from '../session.ts';
import { fieldLabel, fileErrorText } from './text.ts';

const DELIMITERS: Record<string, string> = {
  ',': 'import.delimiter.comma',
  ';': 'import.delimiter.semicolon',
  '\t': 'import.delimiter.tab',
  '|': 'import.delimiter.bar',
};

/**
 * Step 2: what was detected (format, encoding, separator, sheet, kind of rows) and each
 * column's field, all of it the rep's to change before the preview.
 */
export function MappingStep(props: {
  client: ImportClient;
  opened: Opened;
  file: File;
  currency: string;
  onReopened: (opened: Opened) => void;
  onBack: () => void;
  onPreview: (settings: Settings, preview: Preview) => void;
}) {
  const { opened, client } = props;
  const [entity, setEntity] = useState<ImportEntity>(opened.entity);
  const [fields, setFields] = useState<(string | null)[]>(opened.fields);
  const [currency, setCurrency] = useState(props.currency);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const changeEntity = async (next: ImportEntity) => {
    setEntity(next);
    setFields(await client.mappingFor(next));
  };
  const changeSheet = async (sheet: string) => {
    setBusy(t('import.reading', { file: opened.fileName }));
    try {
      const reopened = await client.open(props.file, sheet);
      props.onReopened(reopened);
      setEntity(reopened.entity);
      setFields(reopened.fields);
    } catch (e) {
      setError(fileErrorText(e));
    } finally {
      setBusy(undefined);
    }
  };
  const preview = async () => {
    setBusy(t('import.planning'));
    setError(undefined);
    try {
      const settings = { entity, fields, currency: currency.toUpperCase() };
      props.onPreview(settings, await client.preview(settings));
    } catch (e) {
      setError(fileErrorText(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="import-mapping">
      <dl class="import-detected">
        <dt>{t('import.format')}</dt>
        <dd data-import-format>{t(`import.format.${opened.format}`)}</dd>
        {opened.encoding && (
          <>
            <dt>{t('import.encoding')}</dt>
            <dd data-import-encoding>{opened.encoding.toUpperCase()}</dd>
          </>
        )}
        {opened.delimiter && (
          <>
            <dt>{t('import.delimiter')}</dt>
            <dd>{t(DELIMITERS[opened.delimiter] ?? 'import.delimiter.comma')}</dd>
          </>
        )}
        {opened.sheets && (
          <>
            <dt>{t('import.sheet')}</dt>
            <dd>
              <select
                value={opened.sheet}
                onChange={(e) => void changeSheet(e.currentTarget.value)}
                data-import-sheet
              >
                {opened.sheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </dd>
          </>
        )}
        <dt>{t('import.rowCount')}</dt>
        <dd data-import-row-count>{opened.rowCount}</dd>
      </dl>
      <div class="row">
        <label>
          {t('import.entity')}{' '}
          <select
            value={entity}
            disabled={opened.format === 'vcard'}
            data-import-entity
            onChange={(e) => void changeEntity(e.currentTarget.value as ImportEntity)}
          >
            {IMPORT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {t(`import.entity.${e}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('import.currency')}{' '}
          <input
            value={currency}
            maxLength={3}
            size={4}
            onInput={(e) => setCurrency(e.currentTarget.value)}
          />
        </label>
      </div>
      {opened.remembered && <p class="muted">{t('import.remembered')}</p>}
      {opened.headers.length > 0 && (
        <table class="import-columns">
          <thead>
            <tr>
              <th>{t('import.column')}</th>
              <th>{t('import.field')}</th>
              <th>{t('import.sample')}</th>
            </tr>
          </thead>
          <tbody>
            {opened.headers.map((header, i) => (
              <tr key={`${i}`}>
                <td>{header}</td>
                <td>
                  <select
                    data-import-column={header}
                    aria-label={t('import.field.of', { column: header })}
                    value={fields[i] ?? ''}
                    onChange={(e) => {
                      const next = [...fields];
                      next[i] = e.currentTarget.value === '' ? null : e.currentTarget.value;
                      setFields(next);
                    }}
                  >
                    <option value="">{t('import.field.none')}</option>
                    {IMPORT_FIELDS[entity].map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(f)}
                      </option>
                    ))}
                  </select>
                </td>
                <td class="muted">
                  {opened.sample
                    .map((r) => r[i] ?? '')
                    .filter((v) => v !== '')
                    .slice(0, 3)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {busy !== undefined && <p role="status">{busy}</p>}
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" onClick={props.onBack}>
          {t('import.back')}
        </button>
        <button
          type="button"
          class="primary"
          data-import-preview
          disabled={busy !== undefined || !/^[A-Za-z]{3}$/.test(currency)}
          onClick={() => void preview()}
        >
          {t('import.toPreview')}
        </button>
      </div>
    </section>
  );
}
