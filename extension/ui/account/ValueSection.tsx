import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { money } from '../format.ts';
import { useAccountForm } from './account-form.ts';
import type { AccountView } from './data.ts';
import { CardForm, EditButton, useEditing } from './editing.tsx';
import { Orders } from './Orders.tsx';
import { Section } from './Section.tsx';

export const VALUE_FIELDS = [
  'revenue12m',
  'marginPct',
  'costToServe',
  'potentialRevenue',
  'shareOfWallet',
] as const;
type ValueField = (typeof VALUE_FIELDS)[number];

/** A value input as read: money in the team's currency, percentages as percentages. */
function shown(field: ValueField, value: number, currency: string): string {
  if (field === 'marginPct') return t('options.percent', { n: value });
  if (field === 'shareOfWallet') return t('options.percent', { n: Math.round(value * 100) });
  return money(value, currency);
}

/** Value inputs (what the pyramid ranks by) read-only with an Edit form, and the orders. */
export function ValueSection({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const edit = useEditing();
  const { account } = view;
  const currency = view.settings.currency;
  return (
    <Section id="value" title={t('panel.value')} defaultOpen={false}>
      <div class="card value-card">
        <div class="card-head">
          <h3 class="sr-only">{t('panel.value')}</h3>
          <EditButton
            name={t('panel.value')}
            editing={edit.editing}
            onClick={edit.open}
            buttonRef={edit.editRef}
          />
        </div>
        {edit.editing ? (
          <ValueEditForm db={db} view={view} close={edit.close} />
        ) : (
          <dl class="card-facts value-facts">
            {VALUE_FIELDS.map((f) => {
              const value = account[f];
              return (
                <div key={f} data-field={f}>
                  <dt>{t(`ui.field.${f}`)}</dt>
                  <dd>{value === undefined ? t('panel.notSet') : shown(f, value, currency)}</dd>
                </div>
              );
            })}
          </dl>
        )}
      </div>
      <Orders db={db} account={account} currency={currency} />
    </Section>
  );
}

function ValueEditForm(props: { db: AccountLensDB; view: AccountView; close: () => void }) {
  const form = useAccountForm(props.db, props.view.account, VALUE_FIELDS, true, props.close);
  return (
    <CardForm
      label={t('panel.editLabel', { name: t('panel.value') })}
      writer={form.writer}
      onSubmit={() => void form.submit()}
      onCancel={props.close}
    >
      {VALUE_FIELDS.map((f) => {
        const id = `value-${f}`;
        return (
          <div key={f} class="form-field">
            <label for={id}>{t(`ui.field.${f}`)}</label>
            <input id={id} inputMode="decimal" {...form.bind(f)} aria-describedby={`${id}-hint`} />
            <span id={`${id}-hint`} class="hint">
              {t(`panel.hint.${f}`)}
            </span>
          </div>
        );
      })}
    </CardForm>
  );
}
