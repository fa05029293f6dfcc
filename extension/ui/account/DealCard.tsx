import { type Opportunity, outcome, winRate } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { date, money } from '../format.ts';
import { ownerLabel } from '../owner.ts';
import { DealEditForm } from './DealEditForm.tsx';
import type { AccountView } from './data.ts';
import { EditButton, useEditing } from './editing.tsx';

/**
 * A deal, read-only: stage (with its win rate), amount (and what it weighs in the forecast),
 * expected close, owner and next step, stacked so it fits a narrow panel. A deal has no owner
 * of its own: it is the account owner's.
 */
export function DealCard(props: { db: AccountLensDB; opp: Opportunity; view: AccountView }) {
  const { opp } = props;
  const edit = useEditing();
  const state = outcome(opp);
  const rate = state === 'lost' ? 0 : winRate(opp.stage, props.view.settings);
  const id = `deal-${opp.id}`;
  return (
    <article
      class="card deal"
      data-opportunity-id={opp.id}
      data-outcome={state}
      aria-labelledby={`${id}-name`}
    >
      <div class="card-head">
        <h3 id={`${id}-name`} class="deal-name">
          {opp.name}
          {state === 'lost' && <span class="muted"> · {t('panel.opportunity.lost')}</span>}
        </h3>
        <EditButton
          name={opp.name}
          editing={edit.editing}
          onClick={edit.open}
          buttonRef={edit.editRef}
        />
      </div>
      {edit.editing ? (
        <DealEditForm db={props.db} opp={opp} close={edit.close} />
      ) : (
        <dl class="deal-facts">
          <div data-fact="stage">
            <dt>{t('panel.opportunity.stage')}</dt>
            <dd>
              {t(`stage.${opp.stage}`)}{' '}
              <span class="muted">({t('options.percent', { n: Math.round(rate * 100) })})</span>
            </dd>
          </div>
          <div data-fact="amount">
            <dt>{t('panel.opportunity.amount')}</dt>
            <dd>
              {money(opp.amount, opp.currency)}{' '}
              <span class="muted">
                {t('panel.opportunity.weightedValue', {
                  amount: money(opp.amount * rate, opp.currency),
                })}
              </span>
            </dd>
          </div>
          <div data-fact="close">
            <dt>{t('panel.opportunity.expectedClose')}</dt>
            <dd>
              {opp.expectedCloseAt === undefined ? t('panel.notSet') : date(opp.expectedCloseAt)}
            </dd>
          </div>
          <div data-fact="owner">
            <dt>{t('panel.owner')}</dt>
            <dd>
              {ownerLabel(props.view.account.ownerId, props.view.authorId, props.view.members)}
            </dd>
          </div>
          <div data-fact="nextStep" class="wide">
            <dt>{t('panel.opportunity.nextStep')}</dt>
            <dd>{opp.nextStep ?? t('panel.notSet')}</dd>
          </div>
        </dl>
      )}
    </article>
  );
}
