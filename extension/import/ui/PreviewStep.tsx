import { t } from '../../i18n/index.ts';
import type { ImportClient } from '../client.ts';
import type { Opened, Preview, PreviewRow } from '../session.ts';
import { Choices } from './Choices.tsx';
import { Problems } from './Problems.tsx';
import { fieldLabel } from './text.ts';

const COUNTS = ['new', 'update', 'same', 'duplicate'] as const;

/**
 * Step 3: what importing does, before anything is written: how many rows are new, update a
 * row of the book (and which fields), are there already or repeat an earlier row; the words
 * mapped to our lists; every row left out and why; the first rows as they will be saved.
 */
export function PreviewStep(props: {
  opened: Opened;
  preview: Preview;
  client: ImportClient;
  onBack: () => void;
  onRun: () => void;
}) {
  const { preview } = props;
  return (
    <section class="import-preview">
      <ul class="import-counts" data-import-counts>
        {COUNTS.map((c) => (
          <li key={c} data-count={c}>
            <strong>{preview.counts[c]}</strong> {t(`import.count.${c}`)}
          </li>
        ))}
        <li data-count="rejected">
          <strong>{preview.rejected}</strong> {t('import.count.rejected')}
        </li>
      </ul>
      {preview.updatedFields.length > 0 && (
        <p>
          {t('import.updates', {
            fields: preview.updatedFields
              .map((f) => `${fieldLabel(f.field)} (${f.rows})`)
              .join(', '),
          })}
        </p>
      )}
      <Choices choices={preview.choices} />
      <Problems preview={preview} client={props.client} />
      <h2>{t('import.preview.rows')}</h2>
      <table class="import-rows" data-import-rows>
        <thead>
          <tr>
            <th>{t('import.preview.row')}</th>
            <th>{t('import.preview.decision')}</th>
            <th>{t('import.preview.fields')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.row} data-decision={r.decision}>
              <td>{r.row}</td>
              <td>
                <Decision row={r} />
              </td>
              <td>
                {r.decision === 'update' ? (
                  <ul class="plain">
                    {r.changes.map((c) => (
                      <li key={c.field}>
                        {t('import.change', { field: fieldLabel(c.field), from: c.from, to: c.to })}
                      </li>
                    ))}
                  </ul>
                ) : (
                  r.saved.map((s) => (
                    <span key={s.field} class="import-field">
                      <span class="muted">{fieldLabel(s.field)}</span> {s.value}
                    </span>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="row">
        <button type="button" onClick={props.onBack}>
          {t('import.back')}
        </button>
        {preview.toWrite > 0 ? (
          <button type="button" class="primary" data-import-run onClick={props.onRun}>
            {t('import.run', { n: preview.toWrite })}
          </button>
        ) : (
          <p data-import-nothing>{t('import.nothing')}</p>
        )}
      </div>
    </section>
  );
}

function Decision(props: { row: PreviewRow }) {
  const r = props.row;
  return (
    <>
      <strong>
        {r.decision === 'duplicate'
          ? t('import.decision.duplicate', { row: r.duplicateOf ?? '' })
          : t(`import.decision.${r.decision}`)}
      </strong>
      {r.matchedBy && <div class="muted">{t(`import.matchedBy.${r.matchedBy}`)}</div>}
      {r.createsAccount && (
        <div class="muted">{t('import.createsAccount', { name: r.createsAccount })}</div>
      )}
    </>
  );
}
