import { msg } from '../../i18n/index.ts';
import type { Note } from '../../schema/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { DAY_MS } from '../../segmentation/orders.ts';
import { accountAction, noteContact, wholeDays } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * A buying signal (购买信号, docs/domain.md §9, §10.4) nobody followed up: no touch and no deal
 * progress on the account since. The answer is to propose a next step the customer can commit
 * to. Only the latest unanswered signal speaks (older ones are answered by the same next step);
 * signals older than the team's window have gone cold and no longer prompt anything.
 */
export function buyingSignal(ctx: AccountContext, out: Action[]): void {
  const windowStart = ctx.now - ctx.settings.buyingSignalDays * DAY_MS;
  const answeredUntil = Math.max(ctx.lastTouchAt ?? -1, ctx.lastProgressAt ?? -1);
  let latest: Note | undefined;
  for (const note of ctx.buyingSignals) {
    if (note.at < windowStart || note.at > ctx.now) continue;
    if (note.at < answeredUntil) continue;
    if (
      latest === undefined ||
      note.at > latest.at ||
      (note.at === latest.at && note.id > latest.id)
    ) {
      latest = note;
    }
  }
  if (latest === undefined) return;
  const days = wholeDays(latest.at, ctx.now);
  const signal = latest.signal === undefined ? 'noteKind.buyingSignal' : `signal.${latest.signal}`;
  out.push(
    accountAction(ctx, {
      rule: 'buyingSignal',
      key: `buyingSignal:${ctx.account.id}:${latest.id}`,
      contactId: noteContact(ctx, latest),
      opportunityId: latest.opportunityId,
      title: msg('action.buyingSignal.title', { account: ctx.account.name }),
      reason:
        days === 0
          ? msg('action.buyingSignal.reasonToday', { signal })
          : msg('action.buyingSignal.reason', { signal, days }),
      dueAt: latest.at,
      priority: isKeyTier(ctx.tier) ? 1 : 2,
    }),
  );
}
