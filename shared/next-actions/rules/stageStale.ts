import { msg } from '../../i18n/index.ts';
import { lastProgressAt } from '../../pipeline/index.ts';
import { DAY_MS } from '../../segmentation/orders.ts';
import { accountAction, wholeDays } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * An open deal with no progress (docs/domain.md §9, §10.6: the customer committed to a next
 * step) within the team's stale limit. A stage change counts as progress too, even when it is
 * later than the last recorded next step. The key carries the progress time: new progress ends
 * this occurrence.
 */
export function stageStale(ctx: AccountContext, out: Action[]): void {
  if (ctx.openOpportunities.length === 0) return;
  const limit = ctx.settings.staleStageDays;
  for (const opp of ctx.openOpportunities) {
    const since = lastProgressAt(opp);
    const dueAt = since + limit * DAY_MS;
    if (ctx.now < dueAt) continue;
    out.push(
      accountAction(ctx, {
        rule: 'stageStale',
        key: `stageStale:${opp.id}:${since}`,
        opportunityId: opp.id,
        title: msg('action.stageStale.title', { account: ctx.account.name, opportunity: opp.name }),
        reason: msg('action.stageStale.reason', {
          days: wholeDays(since, ctx.now),
          stage: `stage.${opp.stage}`,
          limit,
        }),
        dueAt,
        priority: 2,
      }),
    );
  }
}
