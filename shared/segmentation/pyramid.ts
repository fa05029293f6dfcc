import { type TeamSettings, TIERS, type Tier } from '../schema/index.ts';

/**
 * How many accounts of a book of `n` go into each tier of the value pyramid (客户金字塔,
 * docs/domain.md §3.1: top 1% key-strategic, next 19% key, next 30% ordinary, bottom 50%
 * small; the rounding for small books is §3.3).
 *
 * Cumulative-ceiling rule: with C_k the cumulative shares top down (0.01, 0.20, 0.50, 1.0),
 * the top cum_k = ceil(n × C_k − 1e-9) accounts are in tier k or above, and
 * count_k = cum_k − cum_{k−1}. Consequences:
 * - every count is within one account of n × share, and the counts add up to n;
 * - a readable pyramid for small books: the top account of any non-empty book is always
 *   key-strategic, so a team of 7 sees 1 / 1 / 2 / 3 rather than an empty top; n = 100 gives
 *   exactly 1 / 19 / 30 / 50;
 * - the 1e-9 keeps floating-point noise in the summed shares (0.01 + 0.19 + 0.3 is a hair above
 *   0.5) from pushing an extra account up a tier.
 * Shares that do not add up to 1 (TeamSettings rejects them) still give a full partition: the
 * last tier takes whatever is left.
 */
export function pyramidCounts(n: number, shares: TeamSettings['tierShares']): Record<Tier, number> {
  const cum = cumulativeCounts(n, shares);
  return {
    keyStrategic: cum[0] as number,
    key: (cum[1] as number) - (cum[0] as number),
    ordinary: (cum[2] as number) - (cum[1] as number),
    small: (cum[3] as number) - (cum[2] as number),
  };
}

/** cum_k of pyramidCounts: how many of the top accounts are in tier TIERS[k] or above. */
export function cumulativeCounts(n: number, shares: TeamSettings['tierShares']): Uint32Array {
  const total = Math.max(0, Math.floor(n));
  const cum = new Uint32Array(TIERS.length);
  let share = 0;
  let prev = 0;
  for (let k = 0; k < TIERS.length; k++) {
    share += shares[TIERS[k] as Tier];
    const upTo = k === TIERS.length - 1 ? total : Math.min(total, Math.ceil(total * share - 1e-9));
    prev = Math.max(prev, upTo);
    cum[k] = prev;
  }
  return cum;
}

/** The pyramid tier of the account at 0-based rank `rank`, given cumulativeCounts. */
export function tierAtRank(rank: number, cum: Uint32Array): Tier {
  if (rank < (cum[0] as number)) return 'keyStrategic';
  if (rank < (cum[1] as number)) return 'key';
  if (rank < (cum[2] as number)) return 'ordinary';
  return 'small';
}
