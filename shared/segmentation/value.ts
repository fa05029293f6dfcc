import type { Account, Order, TeamSettings } from '../schema/index.ts';
import { DAY_MS } from './orders.ts';

/** The window that separates current from historical value: one year. */
export const YEAR_MS = 365 * DAY_MS;

/** Customer value to us, split the way docs/domain.md §2 reads it (lifetime value, 终生价值). */
export interface CustomerValue {
  readonly historical: number;
  readonly current: number;
  readonly potential: number;
  readonly total: number;
}

/**
 * What one pass over an account's orders tells segmentation. A single mutable object is reused
 * so that segmenting a million accounts allocates nothing per account for it.
 */
export interface OrderScan {
  count: number;
  /** Σ amounts of orders at or after the one-year cutoff (future-dated orders count as recent). */
  recent: number;
  /** Whether at least one order falls in that window: the 12-month revenue is then known. */
  hasRecent: boolean;
  /** Σ amounts of orders before the one-year cutoff. */
  older: number;
  lastAt: number;
}

export const newOrderScan = (): OrderScan => ({
  count: 0,
  recent: 0,
  hasRecent: false,
  older: 0,
  lastAt: Number.NEGATIVE_INFINITY,
});

export function scanOrders(
  orders: readonly Order[],
  yearCutoff: number,
  into: OrderScan,
): OrderScan {
  let recent = 0;
  let older = 0;
  let hasRecent = false;
  let lastAt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i] as Order;
    if (o.at < yearCutoff) older += o.amount;
    else {
      recent += o.amount;
      hasRecent = true;
    }
    if (o.at > lastAt) lastAt = o.at;
  }
  into.count = orders.length;
  into.recent = recent;
  into.hasRecent = hasRecent;
  into.older = older;
  into.lastAt = lastAt;
  return into;
}

/** Mutable twin of CustomerValue, filled in place by the segmentation hot loop. */
export interface ValueParts {
  historical: number;
  current: number;
  potential: number;
  total: number;
}

/** customerValue on the fields it reads, so the segmentation loop reads each field once. */
export function valueParts(
  scan: OrderScan,
  revenue12m: number | undefined,
  marginPct: number | undefined,
  costToServe: number | undefined,
  potentialRevenue: number | undefined,
  weights: TeamSettings['valueWeights'],
  into: ValueParts,
): ValueParts {
  // Unknown margin: revenue stands in for profit.
  const margin = marginPct === undefined ? 1 : marginPct / 100;
  // `+ 0` turns the −0 a negative margin makes of a zero amount into 0, so stored rows and
  // the ranking never see a signed zero.
  const historical = scan.older * margin + 0;
  const current = (revenue12m ?? scan.recent) * margin - (costToServe ?? 0) + 0;
  const potential = (potentialRevenue ?? 0) * margin + 0;
  into.historical = historical;
  into.current = current;
  into.potential = potential;
  into.total =
    weights.historical * historical + weights.current * current + weights.potential * potential + 0;
  return into;
}

/**
 * Customer value to us (docs/domain.md §2: historical + current + potential, 终生价值), in the
 * team's currency, as profit where the margin is known:
 *
 * - margin = marginPct / 100 when known, else 1: revenue is the proxy for profit.
 * - historical = Σ amounts of orders older than 365 days × margin. Old business still counts:
 *   keeping a customer costs about a quarter of winning a new one.
 * - current = (revenue12m ?? Σ amounts of orders within the last 365 days) × margin
 *   − (costToServe ?? 0). It is negative for an account that costs more than it earns. An
 *   order exactly 365 days old, or dated in the future, counts as current.
 * - potential = (potentialRevenue ?? 0) × margin.
 * - total = settings.valueWeights · (historical, current, potential). The default weights are all
 *   1, the plain sum of docs/domain.md §2. The pyramid ranks accounts by this total.
 */
export function customerValue(
  account: Account,
  settings: TeamSettings,
  now: number,
): CustomerValue {
  const scan = scanOrders(account.orders, now - YEAR_MS, newOrderScan());
  const parts = valueParts(
    scan,
    account.revenue12m,
    account.marginPct,
    account.costToServe,
    account.potentialRevenue,
    settings.valueWeights,
    { historical: 0, current: 0, potential: 0, total: 0 },
  );
  return { ...parts };
}
