import { msg } from '../../i18n/index.ts';
import { accountAction, dueToday } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * Junk (D, 垃圾: margin below the cost to serve, docs/domain.md §4, §10.7): review the terms; a
 * small account without profit is phased out (淘汰) unless the terms change. The key carries
 * which advice was given, so a small account that grows past small gets the review advice
 * afresh.
 */
export function unprofitable(ctx: AccountContext, out: Action[]): void {
  if (!ctx.flags.includes('D')) return;
  const phaseOut = ctx.tier === 'small';
  const { revenue12m, marginPct, costToServe } = ctx.account;
  const reason =
    revenue12m !== undefined && marginPct !== undefined && costToServe !== undefined
      ? msg('action.unprofitable.reason', {
          margin: Math.round((revenue12m * marginPct) / 100),
          revenue: Math.round(revenue12m),
          cost: Math.round(costToServe),
        })
      : msg('action.unprofitable.reasonFlagged');
  out.push(
    accountAction(ctx, {
      rule: 'unprofitable',
      key: `unprofitable:${ctx.account.id}:${phaseOut ? 'phaseOut' : 'review'}`,
      title: msg(phaseOut ? 'action.unprofitable.titlePhaseOut' : 'action.unprofitable.title', {
        account: ctx.account.name,
      }),
      reason,
      dueAt: dueToday(ctx.now),
      priority: 3,
    }),
  );
}
