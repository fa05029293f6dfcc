/**
 * The background's word to a tab's content script: the accounts changed and this page now
 * belongs to one (an account just added from the popup, or the team's accounts arriving after
 * joining), so run the features that found nothing at load again: the badge appears without a
 * reload. Part of the eager script: a constant and a guard, no zod.
 */
export const RECHECK_PAGE = 'account-lens:recheck-page';

export interface RecheckPage {
  readonly type: typeof RECHECK_PAGE;
}

export const isRecheck = (message: unknown): message is RecheckPage =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === RECHECK_PAGE;
