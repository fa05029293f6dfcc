import {
  forecast,
  type Opportunity,
  outcome,
  STAGES,
  type Stage,
  winRate,
} from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { deleteRow, writeRow } from '../../db/write.ts';
import { t } from '../../i18n/index.ts';
import { money } from '../format.ts';
import { AddOpportunity } from './AddOpportunity.tsx';
import { DeleteButton } from './controls.tsx';
import type { AccountView } from './data.ts';
import { useWriter, WriteError } from './write.tsx';

/** Deals with their stage (editable) and the account's weighted forecast per currency. */
export function Opportunities({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const figures = forecast(view.opportunities, view.settings);
  return (
    <section aria-labelledby="opps-heading">
      <h2 id="opps-heading">{t('panel.opportunities')}</h2>
      {view.opportunities.length === 0 ? (
        <p class="muted">{t('panel.opportunities.none')}</p>
      ) : (
        <table class="opps">
          <thead>
            <tr>
              <th scope="col">{t('panel.opportunity.name')}</th>
              <th scope="col">{t('panel.opportunity.stage')}</th>
              <th scope="col">{t('panel.opportunity.amount')}</th>
              <th scope="col">{t('panel.opportunity.weighted')}</th>
              <th scope="col">{t('panel.opportunity.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.opportunities.map((opp) => (
              <OpportunityRow key={opp.id} db={db} opp={opp} view={view} />
            ))}
          </tbody>
        </table>
      )}
      {figures.map((f) => (
        <p key={f.currency} class="forecast" data-currency={f.currency}>
          {t('panel.forecast', {
            forecast: money(f.forecast, f.currency),
            closed: money(f.closedRevenue, f.currency),
            weighted: money(f.weightedOpen, f.currency),
          })}
        </p>
      ))}
      <AddOpportunity db={db} accountId={view.account.id} currency={view.settings.currency} />
    </section>
  );
}

function OpportunityRow(props: { db: AccountLensDB; opp: Opportunity; view: AccountView }) {
  const { opp } = props;
  const writer = useWriter(props.db);
  const state = outcome(opp);
  const rate = state === 'lost' ? 0 : winRate(opp.stage, props.view.settings);
  const label = `${t('panel.opportunity.stage')}: ${opp.name}`;
  return (
    <tr data-opportunity-id={opp.id}>
      <td>
        {opp.name}
        {state === 'lost' && <span class="muted"> · {t('panel.opportunity.lost')}</span>}
        <WriteError writer={writer} />
      </td>
      <td>
        <select
          aria-label={label}
          value={opp.stage}
          disabled={writer.busy}
          onChange={(e) => {
            const stage = e.currentTarget.value as Stage;
            void writer.run((ctx) =>
              writeRow(ctx, 'opportunities', opp.id, { stage, stageChangedAt: Date.now() }),
            );
          }}
        >
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {t(`stage.${s}`)}
            </option>
          ))}
        </select>
      </td>
      <td>{money(opp.amount, opp.currency)}</td>
      <td>
        {money(opp.amount * rate, opp.currency)}{' '}
        <span class="muted">({t('options.percent', { n: Math.round(rate * 100) })})</span>
      </td>
      <td>
        <DeleteButton
          label={t('panel.opportunity.deleteLabel', { name: opp.name })}
          name={opp.name}
          disabled={writer.busy}
          onDelete={() => writer.run((ctx) => deleteRow(ctx, 'opportunities', opp.id))}
        />
      </td>
    </tr>
  );
}
