import type { ActionDecision } from '../../shared/index.ts';
import type { LocalRow } from './database.ts';
import { createRow, deleteRow, type WriteContext } from './write.ts';

/** How long "Snooze" puts an action to sleep, everywhere it is offered. */
export const SNOOZE_MS = 7 * 24 * 3_600_000;

export interface DecideActionInput {
  readonly actionKey: string;
  /** The account the action is about; absent for a task attached to no account. */
  readonly accountId?: string | undefined;
  readonly decision: ActionDecision['decision'];
  /** For 'snoozed': until when; a week from now when absent. */
  readonly snoozedUntil?: number | undefined;
  readonly decidedBy?: string | undefined;
}

/**
 * A rep's decision on a next action: done, or snoozed. The one write behind every Done and
 * Snooze button (side panel, overlay, webmail panel, the Book page's Today), so a decision made
 * on any of them hides the action on all of them: each reads the same decisions.
 */
export function decideAction(
  ctx: WriteContext,
  input: DecideActionInput,
): Promise<LocalRow['action_decisions']> {
  const now = (ctx.now ?? Date.now)();
  return createRow(ctx, 'action_decisions', {
    actionKey: input.actionKey,
    decision: input.decision,
    ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
    ...(input.decidedBy === undefined ? {} : { decidedBy: input.decidedBy }),
    ...(input.decision === 'snoozed'
      ? { snoozedUntil: input.snoozedUntil ?? now + SNOOZE_MS }
      : {}),
  });
}

/**
 * Take back the decisions on an action, so it is on everyone's list again: the "Reopen" behind
 * each decided action. All of the action's decisions go (two reps may have snoozed it), in one
 * transaction, each a tombstone that syncs.
 */
export function reopenAction(ctx: WriteContext, decisionIds: readonly string[]): Promise<void> {
  const { db } = ctx;
  return db.transaction('rw', [db.synced('action_decisions'), db.outbox, db.meta], async () => {
    for (const id of decisionIds) await deleteRow(ctx, 'action_decisions', id);
  });
}
