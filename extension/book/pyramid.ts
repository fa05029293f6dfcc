import {
  FLAGS,
  type Flag,
  pyramidCounts,
  type Strategy,
  strategyFor,
  type TeamSettings,
  TIERS,
  type TierOrUntiered,
} from '../../shared/index.ts';
import type { BookRow } from './types.ts';

export interface PyramidLevel {
  readonly tier: TierOrUntiered;
  readonly accounts: number;
  /** How many the team's cutoffs put in this tier (the pyramid's ranking; none for untiered). */
  readonly target: number | undefined;
  readonly value: number;
  /** Share of the book's value, 0–1. */
  readonly valueShare: number;
  /** The tier's advice, without flags (the tier's own row of docs/domain.md §3.2). */
  readonly strategy: Strategy;
}

export interface BookPyramid {
  readonly levels: readonly PyramidLevel[];
  readonly ranked: number;
  readonly totalValue: number;
  /** The top 20 % of ranked accounts by value and their share of the value: the 80/20 check. */
  readonly top20: { readonly accounts: number; readonly valueShare: number };
  readonly flags: Readonly<Record<Flag, number>>;
}

const LEVELS: readonly TierOrUntiered[] = [...TIERS, 'untiered'];

/**
 * The value pyramid of a book as its rows say (tiers as segmented, manual ones included),
 * beside what the team's cutoffs would give (docs/domain.md §3.1, §11.2). Accounts not yet tiered
 * are counted apart and take no part in the ranking or the 80/20 check.
 */
export function bookPyramid(rows: readonly BookRow[], settings: TeamSettings): BookPyramid {
  const count = new Map<TierOrUntiered, number>();
  const value = new Map<TierOrUntiered, number>();
  const flags = Object.fromEntries(FLAGS.map((f) => [f, 0])) as Record<Flag, number>;
  // A typed array sorts numbers natively, several times faster than an array with a comparator
  // (100k accounts on the Book page).
  const rankedValues = new Float64Array(rows.length);
  let ranked = 0;
  let total = 0;
  for (const r of rows) {
    count.set(r.tier, (count.get(r.tier) ?? 0) + 1);
    value.set(r.tier, (value.get(r.tier) ?? 0) + r.value);
    for (const f of r.flags) flags[f]++;
    if (r.tier !== 'untiered') {
      rankedValues[ranked++] = r.value;
      total += r.value;
    }
  }
  const targets = pyramidCounts(ranked, settings.tierShares);
  // Ascending: the top values are at the end.
  const sorted = rankedValues.subarray(0, ranked).sort();
  const topN = Math.ceil(ranked * 0.2);
  let topValue = 0;
  for (let i = ranked - topN; i < ranked; i++) topValue += sorted[i] as number;
  return {
    levels: LEVELS.map((tier) => ({
      tier,
      accounts: count.get(tier) ?? 0,
      target: tier === 'untiered' ? undefined : targets[tier],
      value: value.get(tier) ?? 0,
      valueShare: tier === 'untiered' || total <= 0 ? 0 : (value.get(tier) ?? 0) / total,
      strategy: strategyFor(tier, []),
    })),
    ranked,
    totalValue: total,
    top20: { accounts: topN, valueShare: total > 0 ? topValue / total : 0 },
    flags,
  };
}
