import { forecast } from '../../../shared/index.ts';
import type { AccountLensDB } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { money } from '../format.ts';
import { AddOpportunity } from './AddOpportunity.tsx';
import { DealCard } from './DealCard.tsx';
import type { AccountView } from './data.ts';
import { Section } from './Section.tsx';

/** Deals as cards, the account's weighted forecast per currency, and "Add opportunity". */
export function Opportunities({ db, view }: { db: AccountLensDB; view: AccountView }) {
  const figures = forecast(view.opportunities, view.settings);
  return (
    <Section id="opps" title={t('panel.opportunities')} count={view.opportunities.length}>
      {view.opportunities.length === 0 && <p class="muted">{t('panel.opportunities.none')}</p>}
      <div class="cards">
        {view.opportunities.map((opp) => (
          <DealCard key={opp.id} db={db} opp={opp} view={view} />
        ))}
      </div>
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
    </Section>
  );
}
