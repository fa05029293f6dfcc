import { shownTier } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';
import { TierBadge } from '../TierBadge.tsx';
import type { AccountView } from './data.ts';

/** Name, domains, tier with its strategy, and the segmentation's readings of the account. */
export function Summary({ view }: { view: AccountView }) {
  const { account, insight } = view;
  const tier = shownTier(account, insight);
  return (
    <header class="summary">
      <div class="spread">
        <h1 id="account-name">{account.name}</h1>
        <TierBadge tier={tier} local={insight?.local} />
      </div>
      {account.domains.length > 0 && <p class="muted">{account.domains.join(', ')}</p>}
      {insight ? (
        <dl class="facts">
          <dt>{t('panel.strategy')}</dt>
          <dd>{t(`strategy.${insight.strategy}`)}</dd>
          <dt>{t('panel.status')}</dt>
          <dd>{t(`status.${insight.status}`)}</dd>
          <dt>{t('panel.relationship')}</dt>
          <dd>{t(`relationship.${insight.relationshipStage}`)}</dd>
          <dt>{t('panel.loyalty')}</dt>
          <dd>{t(`loyalty.${insight.loyalty}`)}</dd>
          {insight.flags.length > 0 && (
            <>
              <dt>{t('panel.flags')}</dt>
              <dd>{insight.flags.map((f) => t(`flag.${f}`)).join(', ')}</dd>
            </>
          )}
          {/* An account not yet tiered has no place in the pyramid's ranking. */}
          {tier !== 'untiered' && (
            <>
              <dt>{t('panel.rank')}</dt>
              <dd>{t('panel.rankOf', { rank: insight.rank, size: insight.bookSize })}</dd>
            </>
          )}
        </dl>
      ) : tier === 'untiered' ? (
        <p class="muted">{t('strategy.addValueData')}</p>
      ) : (
        <p class="muted">{t('panel.notSegmented')}</p>
      )}
    </header>
  );
}
