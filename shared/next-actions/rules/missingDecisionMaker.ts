import { msg } from '../../i18n/index.ts';
import { accountAction } from '../action.ts';
import { gapOf } from '../coverage.ts';
import type { AccountContext, Action } from '../types.ts';

/** 找对人: an open deal on an account where nobody is known to decide. */
export function missingDecisionMaker(ctx: AccountContext, out: Action[]): void {
  const anchor = ctx.openOpportunities[0];
  if (anchor === undefined || gapOf(ctx, 'noDecisionMaker') === undefined) return;
  out.push(
    accountAction(ctx, {
      rule: 'missingDecisionMaker',
      key: `missingDecisionMaker:${ctx.account.id}:${anchor.id}`,
      opportunityId: anchor.id,
      title: msg('action.missingDecisionMaker.title', { account: ctx.account.name }),
      reason: msg('action.missingDecisionMaker.reason', {
        opportunity: anchor.name,
        contacts: ctx.contacts.length,
      }),
      // The gap has been open since the deal was.
      dueAt: anchor.createdAt,
      priority: 2,
    }),
  );
}
