import { useRef, useState } from 'preact/hooks';
import { STAGES, type Stage, ValidationError } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { createRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { parseDateInput } from '../format.ts';
import { Disclosure } from './controls.tsx';
import { useWriter, WriteError } from './write.tsx';

export interface OpportunityDraft {
  name: string;
  stage: Stage;
  amount: string;
  currency: string;
  /** yyyy-mm-dd, as <input type="date"> gives it; empty when not known. */
  expectedClose: string;
}

/**
 * An amount as typed: spaces and thousands commas are dropped ("10,000" is ten thousand). A
 * blank or unreadable amount is an error naming the field, never a silent zero in the forecast.
 */
export function parseAmount(value: string): number {
  const cleaned = value.replace(/[\s,，]/g, '');
  const amount = cleaned === '' ? Number.NaN : Number(cleaned);
  if (!Number.isFinite(amount)) {
    throw new ValidationError('fields.amount: must be a number', 'fields.amount');
  }
  return amount;
}

/** The fields a new deal is created with; it enters its stage now. */
export function opportunityFields(
  accountId: string,
  draft: OpportunityDraft,
  now: number,
): Record<string, unknown> {
  const close = draft.expectedClose === '' ? undefined : parseDateInput(draft.expectedClose);
  return {
    accountId,
    name: draft.name,
    stage: draft.stage,
    amount: parseAmount(draft.amount),
    currency: draft.currency,
    stageChangedAt: now,
    // A date the picker could not read still goes to validation, which names the field.
    ...(draft.expectedClose === '' ? {} : { expectedCloseAt: close ?? Number.NaN }),
  };
}

/** "Add opportunity": a deal with its stage, amount and currency, counted in the forecast. */
export function AddOpportunity(props: { db: AccountLensDB; accountId: string; currency: string }) {
  return (
    <Disclosure id="new-opportunity" label={t('panel.opportunity.add')}>
      {(close) => <OpportunityForm {...props} close={close} />}
    </Disclosure>
  );
}

function OpportunityForm(props: {
  db: AccountLensDB;
  accountId: string;
  currency: string;
  close: () => void;
}) {
  const empty = (): OpportunityDraft => ({
    name: '',
    stage: STAGES[0],
    amount: '',
    currency: props.currency,
    expectedClose: '',
  });
  const writer = useWriter(props.db);
  const [draft, setDraft] = useState<OpportunityDraft>(empty);
  const [added, setAdded] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const set = <K extends keyof OpportunityDraft>(key: K, value: OpportunityDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setAdded(false);
  };
  const bind = (key: 'name' | 'amount' | 'currency' | 'expectedClose') => ({
    id: `new-opportunity-${key}`,
    name: key,
    value: draft[key],
    onInput: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });
  const submit = async () => {
    const ok = await writer.run((ctx) =>
      createRow(ctx, 'opportunities', opportunityFields(props.accountId, draft, Date.now())),
    );
    if (!ok) return;
    setDraft(empty());
    setAdded(true);
    nameRef.current?.focus();
  };
  return (
    <form
      class="grid-form new-opportunity"
      aria-label={t('panel.opportunity.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div class="form-field">
        <label for="new-opportunity-name">{t('ui.field.name')}</label>
        <input {...bind('name')} ref={nameRef} aria-required="true" autoComplete="off" />
      </div>
      <div class="form-field">
        <label for="new-opportunity-stage">{t('ui.field.stage')}</label>
        <select
          id="new-opportunity-stage"
          name="stage"
          value={draft.stage}
          onChange={(e) => set('stage', e.currentTarget.value as Stage)}
        >
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <div class="form-field">
          <label for="new-opportunity-amount">{t('ui.field.amount')}</label>
          <input {...bind('amount')} inputMode="decimal" aria-required="true" autoComplete="off" />
        </div>
        <div class="form-field">
          <label for="new-opportunity-currency">{t('ui.field.currency')}</label>
          <input
            {...bind('currency')}
            size={4}
            maxLength={3}
            autoCapitalize="characters"
            spellcheck={false}
            autoComplete="off"
          />
        </div>
        <div class="form-field">
          <label for="new-opportunity-expectedClose">{t('ui.field.expectedCloseAt')}</label>
          <input {...bind('expectedClose')} type="date" />
        </div>
      </div>
      <div class="row">
        <button type="submit" class="primary" disabled={writer.busy}>
          {t('panel.opportunity.save')}
        </button>
        <button type="button" onClick={props.close}>
          {t('panel.cancel')}
        </button>
        <span role="status" aria-live="polite" class="saved">
          {added ? t('panel.opportunity.added') : ''}
        </span>
      </div>
      <WriteError writer={writer} />
    </form>
  );
}
