import type { Order } from '../schema/index.ts';

export const DAY_MS = 86_400_000;

export interface OrderPrediction {
  /** Time of the most recent order. */
  readonly lastAt: number;
  /** The customer's usual gap between orders, in days (median of the gaps). */
  readonly intervalDays: number;
  /** When they are expected to order again: last order + usual gap. */
  readonly nextAt: number;
}

/**
 * The rice-shop rule (docs/domain.md §10.2): from order history, predict the next order.
 * The median gap is used, not the mean, so one holiday gap does not move the forecast.
 * Needs at least two orders on different days; otherwise there is no rhythm to read.
 */
export function predictNextOrder(orders: readonly Order[]): OrderPrediction | undefined {
  if (orders.length < 2) return undefined;
  const times = orders.map((o) => o.at).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] as number) - (times[i - 1] as number);
    if (gap >= DAY_MS) gaps.push(gap);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median =
    gaps.length % 2 === 1
      ? (gaps[mid] as number)
      : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
  const lastAt = times[times.length - 1] as number;
  return { lastAt, intervalDays: median / DAY_MS, nextAt: Math.round(lastAt + median) };
}
