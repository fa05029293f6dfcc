import { type AccountContext, type Action, DAY_MS, openAmounts } from '../../shared/index.ts';
import type { BookAction, BookRow } from './types.ts';

/** An account's book row, from the context the rules read and the actions they gave. */
export function bookRow(ctx: AccountContext, actions: readonly Action[]): BookRow {
  const { account, insight, tier } = ctx;
  const cadenceDays = tier === 'untiered' ? undefined : ctx.settings.cadenceDays[tier];
  const since = ctx.lastTouchAt ?? account.createdAt;
  const first = actions[0];
  const contactNames: string[] = [];
  const emails: string[] = [];
  let decisionMaker = false;
  for (const c of ctx.contacts) {
    contactNames.push(c.name);
    for (const e of c.emails) emails.push(e);
    if (c.roles.includes('decisionMaker')) decisionMaker = true;
  }
  return {
    accountId: account.id,
    name: account.name,
    domains: account.domains,
    tier,
    tierManual: account.tierOverride !== undefined,
    status: ctx.status,
    relationship: ctx.relationshipStage,
    loyalty: insight?.loyalty,
    ownerId: account.ownerId ?? '',
    flags: ctx.flags,
    value: insight?.value.total ?? 0,
    rank: tier === 'untiered' ? undefined : insight?.rank,
    lastTouchAt: ctx.lastTouchAt,
    cadenceDays,
    cadenceDueAt: cadenceDays === undefined ? undefined : since + cadenceDays * DAY_MS,
    openAmounts: openAmounts(ctx.openOpportunities),
    openDeals: ctx.openOpportunities.length,
    noDecisionMaker: !decisionMaker,
    next: first && { title: first.title, dueAt: first.dueAt },
    actionCount: actions.length,
    contactNames,
    emails,
  };
}

/** Actions as Today stores them: with the account's name and whose they are. */
export function bookActions(
  ctx: AccountContext | undefined,
  actions: readonly Action[],
  assigneeOf: (taskKey: string) => string | undefined,
): BookAction[] {
  const accountId = ctx?.account.id ?? '';
  const accountName = ctx?.account.name ?? '';
  const owner = ctx?.account.ownerId ?? '';
  return actions.map((a) => ({
    key: a.key,
    accountId,
    accountName,
    ownerId: (a.rule === 'task' ? assigneeOf(a.key) : undefined) ?? owner,
    rule: a.rule,
    title: a.title,
    reason: a.reason,
    dueAt: a.dueAt,
    priority: a.priority,
    ...(a.contactId === undefined ? {} : { contactId: a.contactId }),
    ...(a.opportunityId === undefined ? {} : { opportunityId: a.opportunityId }),
  }));
}
