import type { Account, AccountInsight, TeamSettings } from '../schema/index.ts';
import { flagsFromMask, ownFlagMask, tierFlagMask } from './flags.ts';
import {
  hasBought,
  lostCutoffOf,
  loyaltyFrom,
  overdueByUsualInterval,
  stageFromShare,
  statusFromBusiness,
} from './lifecycle.ts';
import { cumulativeCounts, tierAtRank } from './pyramid.ts';
import { rankSlots, writeDescendingKey, writeLastKey } from './rank.ts';
import { strategyForMask } from './strategy.ts';
import { newOrderScan, scanOrders, type ValueParts, valueParts, YEAR_MS } from './value.ts';

export interface SegmentationContext {
  /** Accounts with an open opportunity: without orders, they are targets (目标) not potential. */
  readonly openOpportunityAccountIds?: ReadonlySet<string>;
}

/**
 * The team-wide segmentation (docs/domain.md §2–§7): one insight per account that is not
 * deleted, keyed by account id. The map iterates in input order (deleted accounts left out), not
 * rank order: sort by `rank` for the pyramid. Filling a million-entry map in rank order would
 * touch memory at random and cost more than the rest of the work.
 *
 * - Value: customerValue. Rank (1-based, `bookSize` = non-deleted accounts): total value
 *   descending; equal values go to the smaller id first, and ULIDs are time-ordered, so the
 *   older account wins a tie (a retained customer is worth keeping). Nothing depends on the
 *   order of `accounts`.
 * - Not yet tiered (§3.5): an account with no value data (hasValueData: no orders, no
 *   revenue12m, no potentialRevenue) takes no place in the ranking. Such accounts rank after
 *   every other account, oldest first, and the pyramid is cut over the others alone, so they
 *   never change anyone's tier. Without an override such an account gets tierSource
 *   'untiered', tier 'small' (a stand-in for older clients, see AccountInsight), strategy
 *   'addValueData' and neither A nor B.
 * - Tier: the pyramid (pyramidCounts over the ranked accounts) by rank. A rep's tierOverride
 *   wins (tierSource 'manual', tierReason = its reason), but the account keeps its rank slot:
 *   an override never moves any other account up or down.
 * - Flags: flagsFor, the key-tier entry bar being the lowest total among accounts the pyramid
 *   (not an override) put in a key tier. Strategy: strategyFor(final tier, flags).
 * - Status, loyalty, relationship stage: lifecycleStatus (an open opportunity per
 *   `context.openOpportunityAccountIds`), loyaltyRung, relationshipStage.
 * Account ids are assumed unique (they are primary keys).
 *
 * Built for a budget of a million accounts in 1.5 s: each account is read once, field by field,
 * and its insight made then, with a placeholder tier, rank and flags that a second pass fills
 * in once the ranking (a radix sort, rank.ts) is known. The only per-account allocations are
 * the insight, its value and its flags, and the scratch typed arrays stay small (about 30 bytes
 * an account), because typed-array memory past V8's external-memory threshold sets off a full
 * garbage collection of everything the caller holds.
 */
export function segmentAccounts(
  accounts: readonly Account[],
  settings: TeamSettings,
  now: number,
  context: SegmentationContext = {},
): Map<string, AccountInsight> {
  const size = accounts.length;
  const open = context.openOpportunityAccountIds;
  const yearCutoff = now - YEAR_MS;
  const lostCutoff = lostCutoffOf(settings, now);
  const weights = settings.valueWeights;
  const thresholds = settings.relationshipThresholds;
  const loyalShare = settings.loyalShareOfWallet;
  const influenceReferrals = settings.influenceReferrals;

  // Indexed by slot: an account's position among the non-deleted, in input order.
  const insights: AccountInsight[] = [];
  // Accounts a rep marked potential by hand: an open opportunity must not make them targets.
  const keptPotential = new Set<string>();
  const keyHi = new Uint32Array(size);
  const keyLo = new Uint32Array(size);
  const ownFlags = new Uint8Array(size);

  const scan = newOrderScan();
  const parts: ValueParts = { historical: 0, current: 0, potential: 0, total: 0 };
  let n = 0;
  // Accounts with value data: the ones the pyramid ranks and cuts.
  let ranked = 0;
  for (let i = 0; i < size; i++) {
    const account = accounts[i] as Account;
    if (account.deleted) continue;
    const j = n++;
    const id = account.id;
    const orders = account.orders;
    const revenue12m = account.revenue12m;
    const marginPct = account.marginPct;
    const referrals = account.referrals;
    const shareOfWallet = account.shareOfWallet;
    const statusOverride = account.statusOverride;
    const tierOverride = account.tierOverride;
    const potentialRevenue = account.potentialRevenue;

    scanOrders(orders, yearCutoff, scan);
    valueParts(scan, revenue12m, marginPct, account.costToServe, potentialRevenue, weights, parts);
    const total = parts.total;
    const orderCount = scan.count;
    // hasValueData, on the fields already read.
    const valued = orderCount > 0 || revenue12m !== undefined || potentialRevenue !== undefined;
    if (valued) {
      ranked++;
      // NaN (only from unvalidated input) has no place in an order; −0 would sort apart from 0.
      writeDescendingKey(
        keyHi,
        keyLo,
        j,
        Number.isNaN(total) ? Number.NEGATIVE_INFINITY : total + 0,
      );
    } else {
      writeLastKey(keyHi, keyLo, j);
    }
    const untiered = !valued && tierOverride === undefined;

    const bought = hasBought(orderCount, revenue12m);
    // Targets are found after the loop, from the (much shorter) list of open opportunities.
    const status =
      statusOverride ?? statusFromBusiness(orderCount, scan.lastAt, revenue12m, lostCutoff, false);
    if (statusOverride === 'potential') keptPotential.add(id);
    const interrupted =
      orderCount > 0 && (status === 'lost' || overdueByUsualInterval(orders, now));
    const own = ownFlagMask(
      referrals,
      bought,
      marginPct !== undefined,
      revenue12m !== undefined || scan.hasRecent,
      parts.current,
      account.manualFlags,
      influenceReferrals,
    );
    ownFlags[j] = own;

    // Tier, rank and strategy are placeholders until the ranking is known; flags lack A and B.
    const insight: AccountInsight = {
      id,
      deleted: false,
      tier: tierOverride === undefined ? 'small' : tierOverride.tier,
      tierSource: tierOverride !== undefined ? 'manual' : untiered ? 'untiered' : 'pyramid',
      rank: 1,
      bookSize: 1,
      value: {
        historical: parts.historical,
        current: parts.current,
        potential: parts.potential,
        total,
      },
      flags: flagsFromMask(own),
      status,
      loyalty: loyaltyFrom(
        referrals,
        account.member,
        orderCount,
        revenue12m,
        shareOfWallet,
        loyalShare,
      ),
      relationshipStage: interrupted ? 'interruption' : stageFromShare(shareOfWallet, thresholds),
      strategy: untiered ? 'addValueData' : 'raisePriceOrCutCost',
      computedAt: now,
    };
    if (tierOverride !== undefined) insight.tierReason = tierOverride.reason;
    insights.push(insight);
  }

  const { order, rankOf } = rankSlots(n, keyHi, keyLo, insights);
  // Accounts without value data rank last and are left out of the cut.
  const cum = cumulativeCounts(ranked, settings.tierShares);

  // The key-tier entry bar: the lowest total among accounts the pyramid put in a key tier.
  // Totals fall with rank, so it is that of the last key slot not taken by a manual override.
  let keyEntryBar: number | undefined;
  for (let r = (cum[1] as number) - 1; r >= 0; r--) {
    const insight = insights[order[r] as number] as AccountInsight;
    if (insight.tierSource === 'pyramid') {
      keyEntryBar = insight.value.total;
      break;
    }
  }

  for (let j = 0; j < n; j++) {
    const insight = insights[j] as AccountInsight;
    const rank = rankOf[j] as number;
    insight.rank = rank + 1;
    insight.bookSize = n;
    if (insight.tierSource === 'untiered') continue;
    const tier = insight.tierSource === 'pyramid' ? tierAtRank(rank, cum) : insight.tier;
    const mask = (ownFlags[j] as number) | tierFlagMask(tier, insight.value, keyEntryBar);
    insight.tier = tier;
    // Most accounts gain neither A nor B and keep the array made in the first pass: a fresh
    // array stored into an insight that has since been promoted to the old generation costs
    // the garbage collector more than making it did.
    if (mask !== ownFlags[j]) insight.flags = flagsFromMask(mask);
    insight.strategy = strategyForMask(tier, mask);
  }

  // Filled last, from insights that are already old: a map filled while its values were young
  // costs the scavenger every entry (about 2.5 times as long in all).
  const out = new Map<string, AccountInsight>();
  for (let j = 0; j < n; j++) {
    const insight = insights[j] as AccountInsight;
    out.set(insight.id, insight);
  }

  // By the rules, 'potential' means no orders and no open opportunity; with one, a target.
  if (open !== undefined) {
    for (const id of open) {
      const insight = out.get(id);
      if (insight?.status === 'potential' && !keptPotential.has(id)) insight.status = 'target';
    }
  }
  return out;
}
