import { msg } from '../../i18n/index.ts';
import type { Task } from '../../schema/index.ts';
import { wholeDays } from '../action.ts';
import type { AccountContext, Action } from '../types.ts';

/**
 * A manual task the rep wrote, in the same list as the generated actions. A task with no due
 * date is due from when it was written. `accountId` is the account the task resolved to (its
 * own, or that of its opportunity or contact); a task attached to none has no accountId.
 */
export function taskAction(task: Task, accountId: string | undefined, now: number): Action {
  const dueAt = task.dueAt ?? task.createdAt;
  const overdueDays = wholeDays(dueAt, now);
  return {
    key: `task:${task.id}`,
    rule: 'task',
    ...(accountId === undefined ? {} : { accountId }),
    ...(task.contactId === undefined ? {} : { contactId: task.contactId }),
    ...(task.opportunityId === undefined ? {} : { opportunityId: task.opportunityId }),
    title: msg('action.task.title', { title: task.title }),
    reason:
      task.dueAt !== undefined && overdueDays >= 1
        ? msg('action.task.reasonOverdue', { days: overdueDays })
        : msg('action.task.reason'),
    dueAt,
    priority: 2,
  };
}

/** Open tasks (no doneAt) on the account. */
export function task(ctx: AccountContext, out: Action[]): void {
  for (const t of ctx.tasks) out.push(taskAction(t, ctx.account.id, ctx.now));
}
