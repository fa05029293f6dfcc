import { msg } from '../../i18n/index.ts';
import { isKeyTier } from '../../segmentation/index.ts';
import { accountAction, HOUR_MS, noteContact, settingsTier, tierLabel } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * Complaints handled fast and visibly, key accounts first (docs/domain.md §10.3). On a key
 * account an open complaint is a next action from the moment it is logged, due within the
 * tier's response time and at priority 0, before every other action; on any other account it
 * becomes one once that time has passed. An account not yet tiered has the bottom tier's
 * response time. One action per complaint, the same before and after its deadline (so a
 * 'done' covers both); resolving it ends the action.
 */
export function complaintOverdue(ctx: AccountContext, out: Action[]): void {
  if (ctx.openComplaints.length === 0) return;
  const key = isKeyTier(ctx.tier);
  const limit = ctx.settings.complaintResponseHours[settingsTier(ctx.tier)];
  for (const note of ctx.openComplaints) {
    const dueAt = note.at + limit * HOUR_MS;
    const overdue = ctx.now >= dueAt;
    if (!overdue && !key) continue;
    const hours = Math.floor((ctx.now - note.at) / HOUR_MS);
    const params = { hours, tier: tierLabel(ctx.tier), limit };
    const reason = overdue
      ? msg('action.complaintOverdue.reason', params)
      : hours < 1
        ? msg('action.complaintOverdue.reasonJustLogged', { tier: params.tier, limit })
        : msg('action.complaintOverdue.reasonOpen', params);
    out.push(
      accountAction(ctx, {
        rule: 'complaintOverdue',
        // A note on contacts of two accounts is a complaint on each of them.
        key: `complaintOverdue:${ctx.account.id}:${note.id}`,
        contactId: noteContact(ctx, note),
        title: msg('action.complaintOverdue.title', { account: ctx.account.name }),
        reason,
        dueAt,
        priority: key ? 0 : 2,
      }),
    );
  }
}
