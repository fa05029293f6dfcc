import { msg } from '../../i18n/index.ts';
import { hasValueData } from '../../segmentation/index.ts';
import { accountAction, dueToday } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * Not yet tiered (docs/domain.md §3.5, §10.8): an account with no orders, no 12-month revenue
 * and no potential revenue has no place in the pyramid, so the one thing to do about its tier
 * is to record what it buys or could buy. One action per account, due for as long as that
 * lasts. Quiet once the account has value data, even before the segmentation has caught up,
 * and on an account a rep marked a non-customer.
 */
export function notYetTiered(ctx: AccountContext, out: Action[]): void {
  if (ctx.tier !== 'untiered' || ctx.status === 'nonCustomer' || hasValueData(ctx.account)) return;
  out.push(
    accountAction(ctx, {
      rule: 'notYetTiered',
      key: `notYetTiered:${ctx.account.id}`,
      title: msg('action.notYetTiered.title', { account: ctx.account.name }),
      reason: msg('action.notYetTiered.reason'),
      dueAt: dueToday(ctx.now),
      priority: 3,
    }),
  );
}
