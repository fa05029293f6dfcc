import { msg } from '../../i18n/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { accountAction, HOUR_MS, noteContact, tierLabel } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * Complaints handled fast and visibly (DOMAIN.md §6), key accounts first (§2): an open complaint
 * past the tier's response time. One action per complaint; resolving it ends the action.
 */
export function complaintOverdue(ctx: AccountContext, out: Action[]): void {
  if (ctx.openComplaints.length === 0) return;
  const limit = ctx.settings.complaintResponseHours[ctx.tier];
  for (const note of ctx.openComplaints) {
    const dueAt = note.at + limit * HOUR_MS;
    if (ctx.now < dueAt) continue;
    out.push(
      accountAction(ctx, {
        rule: 'complaintOverdue',
        // A note on contacts of two accounts is a complaint on each of them.
        key: `complaintOverdue:${ctx.account.id}:${note.id}`,
        contactId: noteContact(ctx, note),
        title: msg('action.complaintOverdue.title', { account: ctx.account.name }),
        reason: msg('action.complaintOverdue.reason', {
          hours: Math.floor((ctx.now - note.at) / HOUR_MS),
          tier: tierLabel(ctx.tier),
          limit,
        }),
        dueAt,
        priority: isKeyTier(ctx.tier) ? 1 : 2,
      }),
    );
  }
}
