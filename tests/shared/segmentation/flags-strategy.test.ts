import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type Flag,
  type Strategy,
  type TierOrUntiered,
} from '../../../shared/schema/index.ts';
import { flagsFor, strategyFor } from '../../../shared/segmentation/index.ts';
import { account, NOW, order } from './fixtures.ts';

const S = DEFAULT_SETTINGS;
const v = (current: number, potential = 0) => ({ current, potential, total: current + potential });

describe('A–E flags beside the tier', () => {
  it('a profitable key account is A (quality, 优质)', () => {
    expect(flagsFor(account(), 'key', v(1), S, NOW)).toEqual(['A']);
    expect(flagsFor(account(), 'keyStrategic', v(500), S, NOW)).toEqual(['A']);
  });

  it('a key account that makes no profit is not A', () => {
    expect(flagsFor(account(), 'key', v(0), S, NOW)).toEqual([]);
  });

  it('a profitable ordinary account is not A: quality is a key-account reading', () => {
    expect(flagsFor(account(), 'ordinary', v(10_000), S, NOW)).toEqual([]);
  });

  it('an account whose potential covers its gap to the key-tier entry bar is B (potential, 潜在)', () => {
    // Worth 1,000 + 2,000 today; won, its 2,000 potential would lift it to the 5,000 bar.
    expect(flagsFor(account(), 'small', v(1_000, 2_000), S, NOW, 5_000)).toEqual(['B']);
    expect(flagsFor(account(), 'ordinary', v(1_000, 1_999), S, NOW, 5_000)).toEqual([]);
  });

  it('no key accounts, no entry bar, no B', () => {
    expect(flagsFor(account(), 'small', v(0, 1e9), S, NOW)).toEqual([]);
  });

  it('a potential of zero is never B, even against a bar of zero', () => {
    expect(flagsFor(account(), 'small', v(0, 0), S, NOW, 0)).toEqual([]);
  });

  it('a key account is not B: it is key already', () => {
    expect(flagsFor(account(), 'key', v(0, 1e6), S, NOW, 10)).toEqual([]);
  });

  it('an account with at least influenceReferrals referrals is C (influence, 影响)', () => {
    // Customers: for one who never bought, any referral is influence (next test).
    const buyer = (referrals: number) => account({ referrals, orders: [order(20, 100)] });
    expect(flagsFor(buyer(2), 'small', v(0), S, NOW)).toEqual(['C']);
    expect(flagsFor(buyer(1), 'small', v(0), S, NOW)).toEqual([]);
    expect(flagsFor(buyer(1), 'small', v(0), { ...S, influenceReferrals: 1 }, NOW)).toEqual(['C']);
  });

  it('a referrer who has never bought (no orders, no revenue) is flagged C for influence, whatever the threshold', () => {
    expect(flagsFor(account({ referrals: 1 }), 'untiered', v(0), S, NOW)).toEqual(['C']);
    expect(flagsFor(account({ referrals: 1, revenue12m: 0 }), 'small', v(0), S, NOW)).toEqual([
      'C',
    ]);
    // Bought, known only by the 12-month revenue: a customer, under the threshold.
    expect(flagsFor(account({ referrals: 1, revenue12m: 800 }), 'small', v(800), S, NOW)).toEqual(
      [],
    );
    expect(flagsFor(account({ referrals: 0 }), 'untiered', v(0), S, NOW)).toEqual([]);
  });

  it('an account not yet tiered is neither A nor B: without value data there is no profit or potential to read', () => {
    expect(flagsFor(account(), 'untiered', v(0, 0), S, NOW, 0)).toEqual([]);
    expect(flagsFor(account({ manualFlags: ['B', 'E'] }), 'untiered', v(0), S, NOW)).toEqual([
      'B',
      'E',
    ]);
  });

  it('an account whose margin is below its cost to serve is flagged D (unprofitable, 垃圾)', () => {
    const a = account({ revenue12m: 10_000, marginPct: 10, costToServe: 1_500 });
    expect(flagsFor(a, 'small', v(-500), S, NOW)).toEqual(['D']);
  });

  it('recent orders stand in for a missing revenue12m when judging profitability', () => {
    const a = account({ orders: [order(20, 1_000)], marginPct: 10, costToServe: 500 });
    expect(flagsFor(a, 'small', v(-400), S, NOW)).toEqual(['D']);
  });

  it('without a known margin, an account is never judged unprofitable', () => {
    const a = account({ revenue12m: 100, costToServe: 1_500 });
    expect(flagsFor(a, 'small', v(-1_400), S, NOW)).toEqual([]);
  });

  it('without any revenue in the year, cost to serve alone does not make D', () => {
    const a = account({ orders: [order(500, 1_000)], marginPct: 10, costToServe: 500 });
    expect(flagsFor(a, 'small', v(-500), S, NOW)).toEqual([]);
  });

  it('E (relationship, 关系) is only ever set by hand, and manual flags add to the rules', () => {
    expect(flagsFor(account({ manualFlags: ['E'] }), 'small', v(0), S, NOW)).toEqual(['E']);
    expect(flagsFor(account({ manualFlags: ['E', 'C', 'A'] }), 'key', v(5), S, NOW)).toEqual([
      'A',
      'C',
      'E',
    ]);
  });

  it('flags come sorted A..E without repeats', () => {
    const a = account({ manualFlags: ['E', 'D', 'D', 'B'], referrals: 9 });
    expect(flagsFor(a, 'key', v(5), S, NOW)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});

describe('strategy per tier and flags (docs/domain.md §3.2, the strategy column)', () => {
  const cases: [TierOrUntiered, Flag[], Strategy][] = [
    ['keyStrategic', [], 'dedicatedResources'],
    ['keyStrategic', ['D'], 'dedicatedResources'],
    ['key', [], 'dedicatedLighter'],
    ['key', ['B', 'D'], 'dedicatedLighter'],
    ['ordinary', ['B'], 'cultivateToKey'],
    ['ordinary', [], 'cutCostToServe'],
    ['ordinary', ['D'], 'cutCostToServe'],
    ['ordinary', ['B', 'D'], 'cutCostToServe'],
    ['small', ['B'], 'cultivate'],
    ['small', [], 'raisePriceOrCutCost'],
    ['small', ['C', 'E'], 'raisePriceOrCutCost'],
    ['small', ['D'], 'phaseOut'],
    ['small', ['B', 'D'], 'phaseOut'],
    ['untiered', [], 'addValueData'],
    ['untiered', ['B', 'D'], 'addValueData'],
  ];
  it.each(cases)('a %s account flagged %j: %s', (tier, flags, strategy) => {
    expect(strategyFor(tier, flags)).toBe(strategy);
  });
});
