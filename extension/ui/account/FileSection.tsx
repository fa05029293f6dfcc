import { ACCOUNT_FILE_FIELDS } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { asText, useAccountForm } from './account-form.ts';
import { ContactPoints } from './ContactPoints.tsx';
import type { AccountView } from './data.ts';
import { CardForm, EditButton, useEditing } from './editing.tsx';
import { Section } from './Section.tsx';

/** Single-line file fields; the others are free text. */
const SINGLE_LINE: ReadonlySet<string> = new Set(['address', 'phone', 'industry']);

/**
 * The account file (建档): the filled fields read-only, the missing ones named in one line
 * (a key account with gaps gets "complete the file"), the shared mailboxes; Edit opens the form.
 */
export function FileSection({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const edit = useEditing();
  const record = view.account as unknown as Record<string, unknown>;
  const filled = ACCOUNT_FILE_FIELDS.filter((f) => asText(record[f]).trim() !== '');
  const missing = ACCOUNT_FILE_FIELDS.filter((f) => !filled.includes(f));
  return (
    <Section id="file" title={t('panel.file')} defaultOpen={false}>
      <div class="card file-card">
        <div class="card-head">
          <h3 class="sr-only">{t('panel.file')}</h3>
          <EditButton
            name={t('panel.file')}
            editing={edit.editing}
            onClick={edit.open}
            buttonRef={edit.editRef}
          />
        </div>
        {edit.editing ? (
          <FileEditForm db={db} view={view} close={edit.close} />
        ) : (
          <>
            {filled.length > 0 && (
              <dl class="card-facts">
                {filled.map((f) => (
                  <div key={f} data-field={f}>
                    <dt>{t(`ui.field.${f}`)}</dt>
                    <dd>{asText(record[f])}</dd>
                  </div>
                ))}
              </dl>
            )}
            {missing.length > 0 && (
              <p class="muted file-missing">
                {t('panel.file.missing', {
                  fields: missing.map((f) => t(`ui.field.${f}`)).join(t('panel.listSeparator')),
                })}
              </p>
            )}
          </>
        )}
      </div>
      <ContactPoints db={db} account={view.account} />
    </Section>
  );
}

function FileEditForm(props: { db: AccountLensDB; view: AccountView; close: () => void }) {
  const form = useAccountForm(
    props.db,
    props.view.account,
    ACCOUNT_FILE_FIELDS,
    false,
    props.close,
  );
  return (
    <CardForm
      label={t('panel.editLabel', { name: t('panel.file') })}
      writer={form.writer}
      onSubmit={() => void form.submit()}
      onCancel={props.close}
    >
      {ACCOUNT_FILE_FIELDS.map((f) => {
        const id = `file-${f}`;
        return (
          <div key={f} class="form-field">
            <label for={id}>{t(`ui.field.${f}`)}</label>
            {SINGLE_LINE.has(f) ? (
              <input id={id} {...form.bind(f)} />
            ) : (
              <textarea id={id} rows={2} {...form.bind(f)} />
            )}
          </div>
        );
      })}
    </CardForm>
  );
}
