import type { ActionDecision } from '../../shared/index.ts';
import type { LocalRow } from './database.ts';
import { createRow, type WriteContext } from './write.ts';

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
