import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type TeamSettings } from '../../../shared/schema/index.ts';
import { customerValue } from '../../../shared/segmentation/index.ts';
import { account, NOW, order } from './fixtures.ts';

describe('customer value to us (客户价值): historical + current + potential', () => {
  it('customer value is historical + current + potential, each as profit at the account margin', () => {
    const value = customerValue(
      account({
        orders: [order(400, 10_000), order(800, 5_000), order(30, 2_000)],
        revenue12m: 24_000,
        marginPct: 25,
        costToServe: 1_000,
        potentialRevenue: 40_000,
      }),
      DEFAULT_SETTINGS,
      NOW,
    );
    // historical: orders older than a year, 15,000 × 25%; current: 24,000 × 25% − 1,000;
    // potential: 40,000 × 25%.
    expect(value).toEqual({ historical: 3_750, current: 5_000, potential: 10_000, total: 18_750 });
  });

  it('without a known margin, revenue stands in for profit', () => {
    const value = customerValue(
      account({ orders: [order(500, 1_000)], revenue12m: 3_000, potentialRevenue: 500 }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(value).toEqual({ historical: 1_000, current: 3_000, potential: 500, total: 4_500 });
  });

  it('without revenue12m, current value is the orders of the last 365 days', () => {
    const value = customerValue(
      account({ orders: [order(10, 700), order(200, 300), order(366, 5_000)], marginPct: 50 }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(value).toEqual({ historical: 2_500, current: 500, potential: 0, total: 3_000 });
  });

  it('an order exactly 365 days old is still current business', () => {
    const value = customerValue(account({ orders: [order(365, 800)] }), DEFAULT_SETTINGS, NOW);
    expect(value).toEqual({ historical: 0, current: 800, potential: 0, total: 800 });
  });

  it('revenue12m, when known, wins over the sum of recent orders', () => {
    const value = customerValue(
      account({ orders: [order(10, 700)], revenue12m: 9_000 }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(value.current).toBe(9_000);
  });

  it('an account that costs more to serve than it earns has a negative current value', () => {
    const value = customerValue(
      account({ revenue12m: 10_000, marginPct: 10, costToServe: 3_000 }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(value).toEqual({ historical: 0, current: -2_000, potential: 0, total: -2_000 });
  });

  it('a prospect with nothing recorded is worth 0', () => {
    expect(customerValue(account(), DEFAULT_SETTINGS, NOW)).toEqual({
      historical: 0,
      current: 0,
      potential: 0,
      total: 0,
    });
  });

  it('a negative margin on zero amounts gives plain zeros, never −0', () => {
    const value = customerValue(account({ marginPct: -20, revenue12m: 0 }), DEFAULT_SETTINGS, NOW);
    expect(Object.is(value.historical, 0)).toBe(true);
    expect(Object.is(value.current, 0)).toBe(true);
    expect(Object.is(value.potential, 0)).toBe(true);
    expect(Object.is(value.total, 0)).toBe(true);
  });

  it('the value weights are team settings', () => {
    const settings: TeamSettings = {
      ...DEFAULT_SETTINGS,
      valueWeights: { historical: 0.5, current: 1, potential: 0.25 },
    };
    const value = customerValue(
      account({ orders: [order(400, 1_000)], revenue12m: 2_000, potentialRevenue: 4_000 }),
      settings,
      NOW,
    );
    expect(value).toEqual({ historical: 1_000, current: 2_000, potential: 4_000, total: 3_500 });
  });
});
