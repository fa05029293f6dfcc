import { msg } from '../../i18n/index.ts';
import { sortRoles } from '../../roles/index.ts';
import { accountAction } from '../action.ts';
import { gapOf } from '../coverage.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * 找对人: an active opponent on an account with an open deal. One action per opponent, so each
 * can be handled (and marked done) on its own; the reason names their most important role.
 */
export function opponentActive(ctx: AccountContext, out: Action[]): void {
  const anchor = ctx.openOpportunities[0];
  const gap = gapOf(ctx, 'opponentActive');
  if (anchor === undefined || gap === undefined) return;
  for (const contactId of gap.contactIds) {
    const contact = ctx.contacts.find((c) => c.id === contactId);
    if (!contact) continue;
    const role = sortRoles(contact.roles)[0];
    out.push(
      accountAction(ctx, {
        rule: 'opponentActive',
        key: `opponentActive:${ctx.account.id}:${anchor.id}:${contact.id}`,
        contactId: contact.id,
        opportunityId: anchor.id,
        title: msg('action.opponentActive.title', {
          account: ctx.account.name,
          contact: contact.name,
        }),
        reason:
          role === undefined
            ? msg('action.opponentActive.reasonNoRole', {
                contact: contact.name,
                opportunity: anchor.name,
              })
            : msg('action.opponentActive.reason', {
                contact: contact.name,
                role: `role.${role}`,
                opportunity: anchor.name,
              }),
        dueAt: anchor.createdAt,
        priority: 2,
      }),
    );
  }
}
