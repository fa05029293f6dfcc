import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, TIERS } from '../../../shared/schema/index.ts';
import { pyramidCounts } from '../../../shared/segmentation/index.ts';

const shares = DEFAULT_SETTINGS.tierShares;

describe('the value pyramid (客户金字塔): how many accounts each tier holds', () => {
  it('a book of 100 accounts splits 1 / 19 / 30 / 50: top 1%, next 19%, next 30%, bottom 50%', () => {
    expect(pyramidCounts(100, shares)).toEqual({
      keyStrategic: 1,
      key: 19,
      ordinary: 30,
      small: 50,
    });
  });

  it('a book of 1,000 accounts splits 10 / 190 / 300 / 500', () => {
    expect(pyramidCounts(1000, shares)).toEqual({
      keyStrategic: 10,
      key: 190,
      ordinary: 300,
      small: 500,
    });
  });

  it('a team with 7 accounts gets a readable pyramid: 1 / 1 / 2 / 3', () => {
    expect(pyramidCounts(7, shares)).toEqual({ keyStrategic: 1, key: 1, ordinary: 2, small: 3 });
  });

  it('the single account of a one-account book is key-strategic', () => {
    expect(pyramidCounts(1, shares)).toEqual({ keyStrategic: 1, key: 0, ordinary: 0, small: 0 });
  });

  it('a two-account book has one key-strategic and one small account', () => {
    expect(pyramidCounts(2, shares)).toEqual({ keyStrategic: 1, key: 0, ordinary: 0, small: 1 });
  });

  it('an empty book has no account in any tier', () => {
    expect(pyramidCounts(0, shares)).toEqual({ keyStrategic: 0, key: 0, ordinary: 0, small: 0 });
  });

  it('tier shares are team settings: 10% / 20% / 30% / 40% of 10 accounts is 1 / 2 / 3 / 4', () => {
    expect(pyramidCounts(10, { keyStrategic: 0.1, key: 0.2, ordinary: 0.3, small: 0.4 })).toEqual({
      keyStrategic: 1,
      key: 2,
      ordinary: 3,
      small: 4,
    });
  });

  it('a tier with a zero share stays empty', () => {
    expect(pyramidCounts(50, { keyStrategic: 0, key: 0.2, ordinary: 0.3, small: 0.5 })).toEqual({
      keyStrategic: 0,
      key: 10,
      ordinary: 15,
      small: 25,
    });
  });

  it('every tier holds within one account of its share of the book, and the tiers add up to the book', () => {
    const sharesArb = fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
      )
      .map(([a, b, c, d]) => {
        const sum = a + b + c + d;
        return { keyStrategic: a / sum, key: b / sum, ordinary: c / sum, small: d / sum };
      });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.oneof(fc.constant(shares), sharesArb),
        (n, s) => {
          const counts = pyramidCounts(n, s);
          let sum = 0;
          for (const tier of TIERS) {
            expect(Number.isInteger(counts[tier])).toBe(true);
            expect(counts[tier]).toBeGreaterThanOrEqual(0);
            expect(Math.abs(counts[tier] - n * s[tier])).toBeLessThan(1 + 1e-6);
            sum += counts[tier];
          }
          expect(sum).toBe(n);
          if (n > 0 && s.keyStrategic > 0) expect(counts.keyStrategic).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});
