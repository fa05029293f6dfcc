import { msg } from '../../i18n/index.ts';
import type { Order } from '../../schema/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { DAY_MS, predictNextOrder } from '../../segmentation/orders.ts';
import { accountAction } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';
import { winBackApplies } from './winBack.ts';

/**
 * A time no earlier than predictNextOrder(orders).nextAt, found in one pass without sorting or
 * allocating: in a history kept in time order the usual gap (a median) is at least the smallest
 * gap. Most customers are mid-cycle, so most accounts need no prediction at all. −∞ (no bound:
 * predict) when the history is out of order; +∞ when there is no rhythm to predict from.
 */
export function earliestNextOrderAt(orders: readonly Order[]): number {
  if (orders.length < 2) return Number.POSITIVE_INFINITY;
  let smallest = Number.POSITIVE_INFINITY;
  let previous = (orders[0] as Order).at;
  for (let i = 1; i < orders.length; i++) {
    const at = (orders[i] as Order).at;
    if (at < previous) return Number.NEGATIVE_INFINITY;
    // Same-day orders are one delivery, as predictNextOrder counts them.
    if (at - previous >= DAY_MS && at - previous < smallest) smallest = at - previous;
    previous = at;
  }
  // nextAt is rounded to the millisecond: keep a millisecond of slack below it.
  return previous + smallest - 1;
}

/**
 * The rice-shop rule (王永庆卖米, docs/domain.md §10.2): predict the next order from the history
 * and get in touch the team's lead time before it. Once a lost or interrupted account is more
 * than a whole usual interval past its date, the rhythm is broken and win-back speaks instead.
 * The key carries the last order: the next order starts a new prediction.
 */
export function reorderDue(ctx: AccountContext, out: Action[]): void {
  const lead = ctx.settings.reorderLeadDays * DAY_MS;
  if (ctx.now < earliestNextOrderAt(ctx.account.orders) - lead) return;
  const prediction = predictNextOrder(ctx.account.orders);
  if (prediction === undefined) return;
  const { nextAt, lastAt, intervalDays } = prediction;
  const dueAt = nextAt - lead;
  if (ctx.now < dueAt) return;
  if (winBackApplies(ctx) && ctx.now > nextAt + intervalDays * DAY_MS) return;
  const interval = Math.round(intervalDays);
  const days = Math.round(Math.abs(nextAt - ctx.now) / DAY_MS);
  const reason =
    days === 0
      ? msg('action.reorderDue.reasonToday', { interval })
      : nextAt > ctx.now
        ? msg('action.reorderDue.reasonUpcoming', { interval, days })
        : msg('action.reorderDue.reasonOverdue', { interval, days });
  out.push(
    accountAction(ctx, {
      rule: 'reorderDue',
      key: `reorderDue:${ctx.account.id}:${lastAt}`,
      title: msg('action.reorderDue.title', { account: ctx.account.name }),
      reason,
      dueAt,
      priority: isKeyTier(ctx.tier) ? 2 : 3,
    }),
  );
}
