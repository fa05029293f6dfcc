import {
  type Account,
  FLAGS,
  type Flag,
  type TeamSettings,
  type TierOrUntiered,
} from '../schema/index.ts';
import { hasBought } from './lifecycle.ts';
import type { CustomerValue } from './value.ts';
import { newOrderScan, scanOrders, YEAR_MS } from './value.ts';

/** Flags as a bit set, bit k = FLAGS[k]: the hot loop carries a number, not an array. */
export const FLAG_BIT: Readonly<Record<Flag, number>> = { A: 1, B: 2, C: 4, D: 8, E: 16 };

/** The two key tiers (the top 20% of the pyramid). Not yet tiered is no key tier. */
export const isKeyTier = (tier: TierOrUntiered): boolean =>
  tier === 'keyStrategic' || tier === 'key';

/**
 * The flags that do not depend on the account's place in the book: C (influence), D (junk) and
 * the rep's manual flags. `revenueKnown`: revenue12m is set or an order falls within the year.
 * `bought`: the account has ever bought from us (hasBought).
 */
export function ownFlagMask(
  referrals: number | undefined,
  bought: boolean,
  marginKnown: boolean,
  revenueKnown: boolean,
  current: number,
  manualFlags: readonly Flag[] | undefined,
  influenceReferrals: number,
): number {
  let mask = 0;
  if (referrals !== undefined) {
    // A referrer who never bought cannot be an advocate (the top of the loyalty ladder is a
    // customer), so the referral is recognised here, as influence, whatever the threshold.
    if (referrals >= influenceReferrals || (referrals >= 1 && !bought)) mask |= FLAG_BIT.C;
  }
  // current = revenue × margin − cost to serve, so it is negative exactly when the margin does not
  // cover the cost to serve. Without a known margin, revenue is not profit and proves nothing.
  if (marginKnown && revenueKnown && current < 0) mask |= FLAG_BIT.D;
  if (manualFlags !== undefined) mask |= maskFromFlags(manualFlags);
  return mask;
}

/** A (quality) and B (potential), which depend on the tier and on the book's key-tier bar. */
export function tierFlagMask(
  tier: TierOrUntiered,
  value: Pick<CustomerValue, 'current' | 'potential' | 'total'>,
  keyEntryBar: number | undefined,
): number {
  // Without value data there is neither profit (A) nor a potential (B) to read.
  if (tier === 'untiered') return 0;
  if (isKeyTier(tier)) return value.current > 0 ? FLAG_BIT.A : 0;
  const potential = value.potential;
  return keyEntryBar !== undefined && potential > 0 && value.total + potential >= keyEntryBar
    ? FLAG_BIT.B
    : 0;
}

const MASK_FLAGS: readonly (readonly Flag[])[] = Array.from({ length: 32 }, (_, mask) =>
  FLAGS.filter((_f, k) => (mask & (1 << k)) !== 0),
);

/** The flags of a bit set, sorted A..E; a fresh array, so callers may keep or change it. */
export const flagsFromMask = (mask: number): Flag[] =>
  // Most accounts carry no flag, and an empty literal is cheaper than a copy.
  mask === 0 ? [] : (MASK_FLAGS[mask & 31] ?? []).slice();

export function maskFromFlags(flags: readonly Flag[]): number {
  let mask = 0;
  for (const f of flags) mask |= FLAG_BIT[f] ?? 0;
  return mask;
}

/**
 * The qualitative A–E reading beside the tier (docs/domain.md §4), sorted A..E without repeats:
 * the rules below plus the rep's account.manualFlags.
 * - A quality (优质): in a key tier (keyStrategic or key, after any manual override) and
 *   profitable: current value > 0.
 * - B potential (潜在): not in a key tier, with a potential value > 0 that covers its gap to the
 *   key-tier entry bar (the lowest total value among accounts the pyramid put in a key tier):
 *   total + potential ≥ bar, so won on top of today's business it would make a key account. Not
 *   "potential ≥ bar": the total already counts the potential, so with the default weights an
 *   account whose potential alone reached the bar would be key already, and B would never show.
 *   No bar (empty key tiers), no B.
 * - C influence (影响): account.referrals ≥ settings.influenceReferrals; or any referral from an
 *   account that never bought (no orders, no 12-month revenue): a referrer who is not a
 *   customer is influence, never an advocate (§6).
 * - D junk (垃圾): unprofitable, margin below cost to serve: the margin is known, the 12-month
 *   revenue is known (revenue12m, or orders within the year) and revenue × margin < costToServe.
 * - E relationship (关系): only by hand.
 */
export function flagsFor(
  account: Account,
  tier: TierOrUntiered,
  value: Pick<CustomerValue, 'current' | 'potential' | 'total'>,
  settings: TeamSettings,
  now: number,
  keyEntryBar?: number,
): Flag[] {
  const revenueKnown =
    account.revenue12m !== undefined ||
    scanOrders(account.orders, now - YEAR_MS, newOrderScan()).hasRecent;
  const own = ownFlagMask(
    account.referrals,
    hasBought(account.orders.length, account.revenue12m),
    account.marginPct !== undefined,
    revenueKnown,
    value.current,
    account.manualFlags,
    settings.influenceReferrals,
  );
  return flagsFromMask(own | tierFlagMask(tier, value, keyEntryBar));
}
