/** Small helpers every rule shares, so keys, labels and day counts read the same everywhere. */
import type { Msg } from '../i18n/index.ts';
import type { Note, Tier, TierOrUntiered } from '../schema/index.ts';
import { DAY_MS } from '../segmentation/orders.ts';
import type { AccountContext, Action, Priority, RuleId } from './types.ts';

export const HOUR_MS = 3_600_000;

/** The domain catalog's id for a tier label, passed as a parameter so it is translated. */
export const tierLabel = (tier: TierOrUntiered): string => `tier.${tier}`;

/**
 * The tier whose per-tier settings (complaint response time) apply: an account not yet tiered
 * is served like the bottom of the pyramid until its value is known.
 */
export const settingsTier = (tier: TierOrUntiered): Tier => (tier === 'untiered' ? 'small' : tier);

/** Whole days elapsed from `from` to `to`, rounded down: 23.9 days without a touch is 23. */
export const wholeDays = (from: number, to: number): number => Math.floor((to - from) / DAY_MS);

/**
 * The due time of a standing action (due for as long as its condition holds): the start of
 * `now`'s local day, not `now` itself, so that recomputing an unchanged account during the day
 * gives the same action and nothing is rewritten (docs/domain.md §10.9).
 */
export const dueToday = (now: number): number => startOfLocalDay(now);

/**
 * Local midnight of a time: where the rules' standing actions fall due, where Today's day
 * groups start and end, and what Today's counts are kept per (one definition for all three, so
 * they can never disagree about which day an action is due).
 */
export function startOfLocalDay(time: number): number {
  const day = new Date(time);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/**
 * The contact a note is about, among the account's own: a note can name contacts of several
 * accounts, and a deleted contact is no one to call.
 */
export function noteContact(ctx: AccountContext, note: Note): string | undefined {
  for (const id of note.contactIds) {
    for (const c of ctx.contacts) if (c.id === id) return id;
  }
  return undefined;
}

export interface ActionFields {
  readonly rule: RuleId;
  /**
   * `rule:part:part…`, the parts being what makes this occurrence distinct: ids and times,
   * which never contain a colon.
   */
  readonly key: string;
  readonly title: Msg;
  readonly reason: Msg;
  readonly dueAt: number;
  readonly priority: Priority;
  readonly contactId?: string | undefined;
  readonly opportunityId?: string | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An action on the context's account. */
export function accountAction(ctx: AccountContext, f: ActionFields): Action {
  // Built in place rather than with spreads: the engine makes tens of thousands of these.
  const action: Mutable<Action> = {
    key: f.key,
    rule: f.rule,
    accountId: ctx.account.id,
    title: f.title,
    reason: f.reason,
    dueAt: f.dueAt,
    priority: f.priority,
  };
  if (f.contactId !== undefined) action.contactId = f.contactId;
  if (f.opportunityId !== undefined) action.opportunityId = f.opportunityId;
  return action;
}
