import { shownTier } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';
import { ownerLabel } from '../owner.ts';
import { TierBadge } from '../TierBadge.tsx';
import type { AccountView } from './data.ts';

/**
 * The account's header: its name, then tier, status, relationship stage and owner at a glance,
 * then the tier's strategy and the segmentation's other readings in one muted line.
 */
export function Summary({ view }: { view: AccountView }) {
  const { account, insight } = view;
  const tier = shownTier(account, insight);
  const readings = insight
    ? [
        t(`loyalty.${insight.loyalty}`),
        ...insight.flags.map((f) => t(`flag.${f}`)),
        // An account not yet tiered has no place in the pyramid's ranking.
        ...(tier === 'untiered'
          ? []
          : [
              `${t('panel.rank')} ${t('panel.rankOf', { rank: insight.rank, size: insight.bookSize })}`,
            ]),
      ]
    : [];
  return (
    <header class="summary">
      <h1 id="account-name">{account.name}</h1>
      {account.domains.length > 0 && (
        <p class="muted summary-domains">{account.domains.join(', ')}</p>
      )}
      <dl class="header-facts">
        <div data-fact="tier">
          <dt>{t('panel.tier')}</dt>
          <dd>
            <TierBadge tier={tier} local={insight?.local} />
          </dd>
        </div>
        <div data-fact="status">
          <dt>{t('panel.status')}</dt>
          <dd>{insight ? t(`status.${insight.status}`) : t('panel.unknown')}</dd>
        </div>
        <div data-fact="relationship">
          <dt>{t('panel.relationship')}</dt>
          <dd>{insight ? t(`relationship.${insight.relationshipStage}`) : t('panel.unknown')}</dd>
        </div>
        <div data-fact="owner">
          <dt>{t('panel.owner')}</dt>
          <dd>{ownerLabel(view.account.ownerId, view.authorId, view.members)}</dd>
        </div>
      </dl>
      {insight ? (
        <>
          <p class="summary-strategy">
            <span class="muted">{t('panel.strategy')}: </span>
            {t(`strategy.${insight.strategy}`)}
          </p>
          <p class="muted summary-readings">{readings.join(' · ')}</p>
        </>
      ) : tier === 'untiered' ? (
        <p class="muted">{t('strategy.addValueData')}</p>
      ) : (
        <p class="muted">{t('panel.notSegmented')}</p>
      )}
    </header>
  );
}
