import type {
  Account,
  LifecycleStatus,
  LoyaltyRung,
  Order,
  RelationshipStage,
  TeamSettings,
} from '../schema/index.ts';
import { DAY_MS } from './orders.ts';

/**
 * Status from the order history alone: `lastAt` is the latest order time (−∞ without orders)
 * and `lostCutoff` is now − lostAfterDays.
 */
export function statusFromOrders(
  orderCount: number,
  lastAt: number,
  lostCutoff: number,
  hasOpenOpportunity: boolean,
): LifecycleStatus {
  if (orderCount > 0) return lastAt >= lostCutoff ? 'current' : 'lost';
  return hasOpenOpportunity ? 'target' : 'potential';
}

export const lostCutoffOf = (settings: TeamSettings, now: number): number =>
  now - settings.lostAfterDays * DAY_MS;

/**
 * Customer status (客户状态, DOMAIN.md §3). A rep's statusOverride wins (it is the only way to
 * mark a non-customer). Otherwise: an order within settings.lostAfterDays → current (现实);
 * orders, but none that recent → lost (流失); no orders but an open opportunity → target (目标);
 * else potential (潜在). Only orders count: revenue12m without an order history says how much,
 * not when.
 */
export function lifecycleStatus(
  account: Account,
  now: number,
  settings: TeamSettings,
  hasOpenOpportunity: boolean,
): LifecycleStatus {
  if (account.statusOverride !== undefined) return account.statusOverride;
  return statusFromOrders(
    account.orders.length,
    latestOrderAt(account.orders),
    lostCutoffOf(settings, now),
    hasOpenOpportunity,
  );
}

function latestOrderAt(orders: readonly Order[]): number {
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const o of orders) if (o.at > lastAt) lastAt = o.at;
  return lastAt;
}

/**
 * The loyalty ladder (客户的形成, DOMAIN.md §3), highest rung that applies: referred anyone →
 * advocate; a member → member; two or more orders and shareOfWallet ≥
 * settings.loyalShareOfWallet (they buy (almost) only from us) → loyal client; two or more
 * orders → repeat buyer; one → first-time buyer; none → qualified prospect.
 */
export function loyaltyRung(account: Account, settings: TeamSettings): LoyaltyRung {
  return loyaltyFrom(
    account.referrals,
    account.member,
    account.orders.length,
    account.shareOfWallet,
    settings.loyalShareOfWallet,
  );
}

/** loyaltyRung on the fields it reads, so the segmentation loop reads each field once. */
export function loyaltyFrom(
  referrals: number | undefined,
  member: boolean | undefined,
  orderCount: number,
  shareOfWallet: number | undefined,
  loyalShareOfWallet: number,
): LoyaltyRung {
  if (referrals !== undefined && referrals >= 1) return 'advocate';
  if (member === true) return 'member';
  if (orderCount >= 2) {
    return shareOfWallet !== undefined && shareOfWallet >= loyalShareOfWallet
      ? 'loyalClient'
      : 'repeatBuyer';
  }
  return orderCount === 1 ? 'firstTimeBuyer' : 'qualifiedProspect';
}

/** The share-of-wallet reading of the relationship stage, without interruption. */
export function stageFromShare(
  shareOfWallet: number | undefined,
  t: TeamSettings['relationshipThresholds'],
): RelationshipStage {
  const share = shareOfWallet ?? 0;
  if (share < t.early) return 'incubation';
  if (share < t.middle) return 'early';
  if (share < t.partnership) return 'middle';
  return 'partnership';
}

/**
 * Relationship stage with the account (DOMAIN.md §3). Interruption (间断) can happen at any stage
 * and is a win-back signal: it applies when the account has orders and either its status is
 * lost (a rep's statusOverride counts) or, by the rice-shop rule (§6, predictNextOrder), the
 * next order is overdue by more than one whole usual interval (now > nextAt + interval).
 * Otherwise the stage follows share of wallet (missing → 0) against
 * settings.relationshipThresholds: below early → incubation (孕育), below middle → early (初期),
 * below partnership → middle (中期), else partnership (高期).
 */
export function relationshipStage(
  account: Account,
  settings: TeamSettings,
  now: number,
): RelationshipStage {
  const orders = account.orders;
  if (orders.length > 0) {
    const status =
      account.statusOverride ??
      statusFromOrders(orders.length, latestOrderAt(orders), lostCutoffOf(settings, now), false);
    if (status === 'lost' || overdueByUsualInterval(orders, now)) return 'interruption';
  }
  return stageFromShare(account.shareOfWallet, settings.relationshipThresholds);
}

// Scratch buffers for overdueByUsualInterval: segmentation asks this of every account, and
// predictNextOrder's arrays would be a million allocations. Grown on demand, never shrunk.
let times = new Float64Array(64);
let gaps = new Float64Array(64);

/**
 * Exactly `p !== undefined && now > p.nextAt + p.intervalDays * DAY_MS` for
 * `p = predictNextOrder(orders)`, without allocating.
 */
export function overdueByUsualInterval(orders: readonly Order[], now: number): boolean {
  const n = orders.length;
  if (n < 2) return false;
  if (times.length < n) {
    times = new Float64Array(n * 2);
    gaps = new Float64Array(n * 2);
  }
  for (let i = 0; i < n; i++) times[i] = (orders[i] as Order).at;
  sortPrefix(times, n);
  let g = 0;
  for (let i = 1; i < n; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap >= DAY_MS) gaps[g++] = gap;
  }
  if (g === 0) return false;
  sortPrefix(gaps, g);
  const mid = g >> 1;
  const median =
    g % 2 === 1 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  const lastAt = times[n - 1] as number;
  const nextAt = Math.round(lastAt + median);
  return now > nextAt + (median / DAY_MS) * DAY_MS;
}

/** Ascending sort of a[0..n): insertion sort for the handful of orders most accounts have. */
function sortPrefix(a: Float64Array, n: number): void {
  if (n > 24) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}
