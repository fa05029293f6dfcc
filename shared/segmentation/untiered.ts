import type { Account, AccountInsight, TierOrUntiered } from '../schema/index.ts';

/**
 * Whether the account has any value data the pyramid can rank it by (docs/domain.md §3.5): an
 * order, a 12-month revenue or a potential revenue, even one of 0 (a known zero is data). Cost
 * to serve, margin and share of wallet alone say nothing about how much they buy.
 */
export const hasValueData = (
  account: Pick<Account, 'orders' | 'revenue12m' | 'potentialRevenue'>,
): boolean =>
  account.orders.length > 0 ||
  account.revenue12m !== undefined ||
  account.potentialRevenue !== undefined;

/** The tier an insight gives the account: 'untiered' when its tierSource says so. */
export const insightTier = (
  insight: Pick<AccountInsight, 'tier' | 'tierSource'>,
): TierOrUntiered => (insight.tierSource === 'untiered' ? 'untiered' : insight.tier);

/**
 * The tier every surface shows for an account: its insight's (a deleted insight counts as none),
 * else the rep's manual tier, else not yet tiered when the account has no value data. Undefined
 * when only the book-wide pyramid could tell (value data, but not segmented yet): each caller
 * says what it shows then.
 */
export function shownTier(
  account: Pick<Account, 'orders' | 'revenue12m' | 'potentialRevenue' | 'tierOverride'>,
  insight: (Pick<AccountInsight, 'tier' | 'tierSource'> & { deleted?: boolean }) | undefined,
): TierOrUntiered | undefined {
  if (insight !== undefined && insight.deleted !== true) return insightTier(insight);
  if (account.tierOverride !== undefined) return account.tierOverride.tier;
  return hasValueData(account) ? undefined : 'untiered';
}
