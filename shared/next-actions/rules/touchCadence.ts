import { msg } from '../../i18n/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { DAY_MS } from '../../segmentation/orders.ts';
import { accountAction, tierLabel, wholeDays } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';
import { winBackApplies } from './winBack.ts';

/**
 * Going cold (docs/domain.md §10.1): no visit, call, e-mail or meeting within the tier's
 * cadence. A never-touched account counts from when it was added. Accounts being won back, or
 * marked non-customers, are left to win-back or left alone: a routine touch is the wrong advice
 * there. An account not yet tiered has no cadence: its next action is to get a tier
 * (notYetTiered). The key carries the last touch, so a 'done' covers this lapse and the next
 * lapse is new.
 */
export function touchCadence(ctx: AccountContext, out: Action[]): void {
  if (ctx.tier === 'untiered' || ctx.status === 'nonCustomer' || winBackApplies(ctx)) return;
  const cadence = ctx.settings.cadenceDays[ctx.tier];
  const since = ctx.lastTouchAt ?? ctx.account.createdAt;
  const dueAt = since + cadence * DAY_MS;
  if (ctx.now < dueAt) return;
  const params = {
    days: wholeDays(since, ctx.now),
    tier: tierLabel(ctx.tier),
    cadence,
  };
  out.push(
    accountAction(ctx, {
      rule: 'touchCadence',
      key: `touchCadence:${ctx.account.id}:${since}`,
      title: msg('action.touchCadence.title', { account: ctx.account.name }),
      reason: msg(
        ctx.lastTouchAt === undefined
          ? 'action.touchCadence.reasonNever'
          : 'action.touchCadence.reason',
        params,
      ),
      dueAt,
      priority: isKeyTier(ctx.tier) ? 2 : 3,
    }),
  );
}
