import { useState } from 'preact/hooks';
import { type Opportunity, STAGES, type Stage } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { deleteRow, writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { dateInput, parseDateInput } from '../format.ts';
import { parseAmount } from './AddOpportunity.tsx';
import { DeleteButton } from './controls.tsx';
import { CardForm } from './editing.tsx';
import { useWriter } from './write.tsx';

interface Draft {
  name: string;
  stage: Stage;
  amount: string;
  expectedClose: string;
  nextStep: string;
}

const draftOf = (o: Opportunity): Draft => ({
  name: o.name,
  stage: o.stage,
  amount: String(o.amount),
  expectedClose: o.expectedCloseAt === undefined ? '' : dateInput(o.expectedCloseAt),
  nextStep: o.nextStep ?? '',
});

/**
 * What changed, as one write. A new stage is entered now (stageChangedAt); a cleared date or
 * next step is removed; an unreadable amount or date goes to validation, which names the field.
 */
export function dealChanges(stored: Opportunity, draft: Draft, now: number) {
  const before = draftOf(stored);
  const changes: Record<string, unknown> = {};
  if (draft.name.trim() !== before.name) changes.name = draft.name.trim();
  if (draft.stage !== before.stage) {
    changes.stage = draft.stage;
    changes.stageChangedAt = now;
  }
  if (draft.amount.trim() !== before.amount) changes.amount = parseAmount(draft.amount);
  if (draft.expectedClose !== before.expectedClose) {
    changes.expectedCloseAt =
      draft.expectedClose === '' ? null : (parseDateInput(draft.expectedClose) ?? Number.NaN);
  }
  if (draft.nextStep.trim() !== before.nextStep) changes.nextStep = draft.nextStep.trim() || null;
  return changes;
}

/** A deal's edit form: name, stage, amount, expected close, next step; Delete. */
export function DealEditForm(props: { db: AccountLensDB; opp: Opportunity; close: () => void }) {
  const { opp } = props;
  const writer = useWriter(props.db);
  const [draft, setDraft] = useState<Draft>(() => draftOf(opp));
  const bind = (key: 'name' | 'amount' | 'expectedClose' | 'nextStep') => ({
    id: `deal-edit-${opp.id}-${key}`,
    name: key,
    value: draft[key],
    autoComplete: 'off',
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((d) => ({ ...d, [key]: value }));
    },
  });
  const id = `deal-edit-${opp.id}`;
  const save = async () => {
    const ok = await writer.run(async (ctx) => {
      const changes = dealChanges(opp, draft, Date.now());
      if (Object.keys(changes).length > 0) await writeRow(ctx, 'opportunities', opp.id, changes);
    });
    if (ok) props.close();
  };
  return (
    <CardForm
      label={t('panel.editLabel', { name: opp.name })}
      writer={writer}
      onSubmit={() => void save()}
      onCancel={props.close}
      extra={
        <DeleteButton
          label={t('panel.opportunity.deleteLabel', { name: opp.name })}
          name={opp.name}
          disabled={writer.busy}
          onDelete={() => writer.run((ctx) => deleteRow(ctx, 'opportunities', opp.id))}
        />
      }
    >
      <div class="form-field">
        <label for={`${id}-name`}>{t('ui.field.name')}</label>
        <input {...bind('name')} />
      </div>
      <div class="form-field">
        <label for={`${id}-stage`}>{t('panel.opportunity.stage')}</label>
        <select
          id={`${id}-stage`}
          name="stage"
          value={draft.stage}
          onChange={(e) => {
            const stage = e.currentTarget.value as Stage;
            setDraft((d) => ({ ...d, stage }));
          }}
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
          <label for={`${id}-amount`}>
            {t('panel.opportunity.amount')} ({opp.currency})
          </label>
          <input {...bind('amount')} inputMode="decimal" size={12} />
        </div>
        <div class="form-field">
          <label for={`${id}-expectedClose`}>{t('panel.opportunity.expectedClose')}</label>
          <input {...bind('expectedClose')} type="date" />
        </div>
      </div>
      <div class="form-field">
        <label for={`${id}-nextStep`}>{t('panel.opportunity.nextStep')}</label>
        <input {...bind('nextStep')} maxLength={500} />
      </div>
    </CardForm>
  );
}
