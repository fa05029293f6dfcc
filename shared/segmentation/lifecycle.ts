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
 * Whether the account has ever bought from us: an order on file, or a 12-month revenue above 0
 * (its orders need not be itemised).
 */
export const hasBought = (orderCount: number, revenue12m: number | undefined): boolean =>
  orderCount > 0 || (revenue12m !== undefined && revenue12m > 0);

/**
 * Status from the account's business: `lastAt` is the latest order time (−∞ without orders),
 * `revenue12m` the account's 12-month revenue and `lostCutoff` is now − lostAfterDays.
 */
export function statusFromBusiness(
  orderCount: number,
  lastAt: number,
  revenue12m: number | undefined,
  lostCutoff: number,
  hasOpenOpportunity: boolean,
): LifecycleStatus {
  // Revenue in the last twelve months is business within the year, whatever the order list
  // (often never itemised, or only partly) says.
  if (revenue12m !== undefined && revenue12m > 0) return 'current';
  if (orderCount > 0) return lastAt >= lostCutoff ? 'current' : 'lost';
  return hasOpenOpportunity ? 'target' : 'potential';
}

export const lostCutoffOf = (settings: TeamSettings, now: number): number =>
  now - settings.lostAfterDays * DAY_MS;

/**
 * Customer status (客户状态, docs/domain.md §5). A rep's statusOverride wins (it is the only way
 * to mark a non-customer). Otherwise: a 12-month revenue above 0, or an order within
 * settings.lostAfterDays → current (现实); orders, but none that recent and no 12-month
 * revenue → lost (流失); no business but an open opportunity → target (目标); else potential
 * (潜在).
 */
export function lifecycleStatus(
  account: Account,
  now: number,
  settings: TeamSettings,
  hasOpenOpportunity: boolean,
): LifecycleStatus {
  if (account.statusOverride !== undefined) return account.statusOverride;
  return statusFromBusiness(
    account.orders.length,
    latestOrderAt(account.orders),
    account.revenue12m,
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
 * The loyalty ladder (客户的形成, docs/domain.md §6), highest rung that applies: a customer (who
 * has bought: hasBought) who referred anyone → advocate; a member → member; two or more orders
 * and shareOfWallet ≥ settings.loyalShareOfWallet (they buy (almost) only from us) → loyal
 * client; two or more orders → repeat buyer; one order, or a 12-month revenue above 0 without
 * itemised orders → first-time buyer; else qualified prospect. A referrer who never bought is
 * no advocate: the C (influence) flag records the referral instead.
 */
export function loyaltyRung(account: Account, settings: TeamSettings): LoyaltyRung {
  return loyaltyFrom(
    account.referrals,
    account.member,
    account.orders.length,
    account.revenue12m,
    account.shareOfWallet,
    settings.loyalShareOfWallet,
  );
}

/** loyaltyRung on the fields it reads, so the segmentation loop reads each field once. */
export function loyaltyFrom(
  referrals: number | undefined,
  member: boolean | undefined,
  orderCount: number,
  revenue12m: number | undefined,
  shareOfWallet: number | undefined,
  loyalShareOfWallet: number,
): LoyaltyRung {
  const bought = hasBought(orderCount, revenue12m);
  if (bought && referrals !== undefined && referrals >= 1) return 'advocate';
  if (member === true) return 'member';
  if (orderCount >= 2) {
    return shareOfWallet !== undefined && shareOfWallet >= loyalShareOfWallet
      ? 'loyalClient'
      : 'repeatBuyer';
  }
  // Revenue without an itemised order proves one purchase at least, not how many.
  return bought ? 'firstTimeBuyer' : 'qualifiedProspect';
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
 * Relationship stage with the account (docs/domain.md §7). Interruption (间断) can happen at any
 * stage and is a win-back signal: it applies when the account has orders and either its status
 * is lost (lifecycleStatus; a rep's statusOverride counts) or, by the rice-shop rule (§10.2,
 * predictNextOrder), the next order is overdue by more than one whole usual interval
 * (now > nextAt + interval).
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
      statusFromBusiness(
        orders.length,
        latestOrderAt(orders),
        account.revenue12m,
        lostCutoffOf(settings, now),
        false,
      );
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
