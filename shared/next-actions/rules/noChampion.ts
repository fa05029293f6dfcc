import { msg } from '../../i18n/index.ts';
import { accountAction } from '../action.ts';
import { gapOf } from '../coverage.ts';
import type { AccountContext, Action } from '../types.ts';

/** 找对人: an open deal with nobody inside who sells for us. */
export function noChampion(ctx: AccountContext, out: Action[]): void {
  const anchor = ctx.openOpportunities[0];
  if (anchor === undefined || gapOf(ctx, 'noChampion') === undefined) return;
  out.push(
    accountAction(ctx, {
      rule: 'noChampion',
      key: `noChampion:${ctx.account.id}:${anchor.id}`,
      opportunityId: anchor.id,
      title: msg('action.noChampion.title', { account: ctx.account.name }),
      reason: msg('action.noChampion.reason', {
        opportunity: anchor.name,
        contacts: ctx.contacts.length,
      }),
      dueAt: anchor.createdAt,
      // Below a missing decision maker: a deal can close without a champion, not without a decider.
      priority: 3,
    }),
  );
}
