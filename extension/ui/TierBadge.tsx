import type { TierOrUntiered } from '../../shared/index.ts';
import { t } from '../i18n/index.ts';

/**
 * An account's tier as a coloured badge with its name (shownTier gives it): a level of the
 * pyramid, "not yet tiered" for an account without value data, or "no tier yet" (undefined)
 * until the segmentation has placed it. `local` marks a preview computed in this browser until
 * the server's team-wide segmentation arrives.
 */
export function TierBadge({
  tier,
  local,
}: {
  tier: TierOrUntiered | undefined;
  local?: boolean | undefined;
}) {
  if (!tier)
    return (
      <span class="tier-badge" data-tier="none">
        {t('ui.tier.none')}
      </span>
    );
  return (
    <span class="tier-badge" data-tier={tier} title={local ? t('ui.tier.localHint') : undefined}>
      {t(`tier.${tier}`)}
      {local && <span class="tier-local">{t('ui.tier.local')}</span>}
    </span>
  );
}
