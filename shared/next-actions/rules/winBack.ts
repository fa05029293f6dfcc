import { msg } from '../../i18n/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { predictNextOrder } from '../../segmentation/orders.ts';
import { accountAction, dueToday, wholeDays } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/** Lost (流失) or interrupted (间断): the account needs winning back, not routine care. */
export const winBackApplies = (ctx: AccountContext): boolean =>
  ctx.status === 'lost' || ctx.relationshipStage === 'interruption';

/**
 * Win back (docs/domain.md §7, §10.7): interruption is a win-back signal at any stage, and a
 * lost customer costs about four times as much to replace as to keep. The key carries the last
 * order, so an account that orders again and later lapses again is a new occurrence.
 */
export function winBack(ctx: AccountContext, out: Action[]): void {
  if (!winBackApplies(ctx)) return;
  const orders = ctx.account.orders;
  let lastOrderAt: number | undefined;
  for (const o of orders) if (lastOrderAt === undefined || o.at > lastOrderAt) lastOrderAt = o.at;
  const reason = (() => {
    if (lastOrderAt === undefined) {
      return ctx.status === 'lost'
        ? msg('action.winBack.reasonLostNoOrders')
        : msg('action.winBack.reasonInterruptedNoOrders');
    }
    const days = wholeDays(lastOrderAt, ctx.now);
    if (ctx.status === 'lost') {
      return msg('action.winBack.reasonLost', { days, limit: ctx.settings.lostAfterDays });
    }
    const prediction = predictNextOrder(orders);
    return prediction === undefined
      ? msg('action.winBack.reasonInterruptedNoOrders')
      : msg('action.winBack.reasonInterrupted', {
          days,
          interval: Math.round(prediction.intervalDays),
        });
  })();
  out.push(
    accountAction(ctx, {
      rule: 'winBack',
      key: `winBack:${ctx.account.id}:${lastOrderAt ?? 'none'}`,
      title: msg('action.winBack.title', { account: ctx.account.name }),
      reason,
      // A state rather than a deadline: it is due now, for as long as it lasts.
      dueAt: dueToday(ctx.now),
      priority: isKeyTier(ctx.tier) ? 2 : 3,
    }),
  );
}
