import { msg } from '../../i18n/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { accountAction, dueToday, tierLabel } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * Upgrade management (docs/domain.md §4, §10.7): an ordinary or small account flagged B
 * (potential) is to be cultivated into a key account. An account not yet tiered has no tier to
 * upgrade from: recording its value comes first (notYetTiered). The key carries the tier, so
 * the plan comes back if the account moves to another non-key tier and is still flagged.
 */
export function upgradePlan(ctx: AccountContext, out: Action[]): void {
  if (isKeyTier(ctx.tier) || ctx.tier === 'untiered' || !ctx.flags.includes('B')) return;
  const tier = tierLabel(ctx.tier);
  const potential = ctx.insight?.value.potential;
  out.push(
    accountAction(ctx, {
      rule: 'upgradePlan',
      key: `upgradePlan:${ctx.account.id}:${ctx.tier}`,
      title: msg('action.upgradePlan.title', { account: ctx.account.name }),
      reason:
        potential === undefined
          ? msg('action.upgradePlan.reasonFlagged', { tier })
          : msg('action.upgradePlan.reason', { tier, potential: Math.round(potential) }),
      // A plan, not a deadline: due now for as long as the account qualifies.
      dueAt: dueToday(ctx.now),
      priority: 4,
    }),
  );
}
