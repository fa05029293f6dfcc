import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  forecast,
  isLost,
  isOpen,
  isWon,
  outcome,
  WON_STAGES,
  winRate,
} from '../../../shared/pipeline/index.ts';
import {
  DEFAULT_SETTINGS,
  OPEN_STAGES,
  type Opportunity,
  STAGES,
  TeamSettings,
} from '../../../shared/schema/index.ts';
import { account, daysAgo, opportunity } from '../next-actions/fixtures.ts';

const A = account(1).id;

describe('the eight stages: six open, two closed and won; lostAt means lost', () => {
  it('identify through negotiation are open', () => {
    for (const stage of OPEN_STAGES) expect(outcome({ stage })).toBe('open');
  });

  it('contract fulfilment and after-sales are closed, won business', () => {
    expect(WON_STAGES).toEqual(['contractFulfilment', 'afterSales']);
    for (const stage of WON_STAGES) {
      expect(isWon({ stage })).toBe(true);
      expect(isOpen({ stage })).toBe(false);
    }
  });

  it('a deal with lostAt is lost whatever its stage: neither open nor won', () => {
    for (const stage of STAGES) {
      const lost = { stage, lostAt: daysAgo(1) };
      expect(isLost(lost)).toBe(true);
      expect(isOpen(lost)).toBe(false);
      expect(isWon(lost)).toBe(false);
    }
  });
});

describe('win rates', () => {
  it('default win rates of the open stages are 5/10/20/30/50/80 %', () => {
    expect(OPEN_STAGES.map((s) => winRate(s, DEFAULT_SETTINGS))).toEqual([
      0.05, 0.1, 0.2, 0.3, 0.5, 0.8,
    ]);
  });

  it('won business counts fully and a lost deal not at all', () => {
    expect(winRate('contractFulfilment', DEFAULT_SETTINGS)).toBe(1);
    expect(winRate('afterSales', DEFAULT_SETTINGS)).toBe(1);
    expect(winRate('lost', DEFAULT_SETTINGS)).toBe(0);
  });

  it('win rates are the team’s settings', () => {
    const settings = TeamSettings.parse({
      winRates: { ...DEFAULT_SETTINGS.winRates, negotiation: 0.9 },
    });
    expect(winRate('negotiation', settings)).toBe(0.9);
  });
});

describe('forecast = closed revenue + Σ(open amount × stage win rate)', () => {
  let n = 0;
  const opp = (fields: Partial<Opportunity>): Opportunity => opportunity(++n, A, fields);
  const book = [
    opp({ stage: 'identify', amount: 1000 }),
    opp({ stage: 'firstContact', amount: 2000 }),
    opp({ stage: 'needsAssessment', amount: 3000 }),
    opp({ stage: 'presentation', amount: 3 }),
    opp({ stage: 'displaceCompetitors', amount: 4000 }),
    opp({ stage: 'negotiation', amount: 5000 }),
    opp({ stage: 'negotiation', amount: 0.1 }),
    opp({ stage: 'contractFulfilment', amount: 10_000 }),
    opp({ stage: 'afterSales', amount: 2500.55 }),
    opp({ stage: 'negotiation', amount: 99_999, lostAt: daysAgo(2) }),
    opp({ stage: 'presentation', amount: 7777, deleted: true }),
    opp({ stage: 'negotiation', amount: 1_000_000, currency: 'CNY' }),
    opp({ stage: 'afterSales', amount: 0.3, currency: 'EUR' }),
    opp({ stage: 'presentation', amount: 0.1, currency: 'EUR' }),
    opp({ stage: 'presentation', amount: 0.2, currency: 'EUR' }),
  ];
  const result = forecast(book, DEFAULT_SETTINGS);
  const usd = result.find((f) => f.currency === 'USD');

  it('one forecast per currency, sorted by currency code', () => {
    expect(result.map((f) => f.currency)).toEqual(['CNY', 'EUR', 'USD']);
  });

  it('is exact with the default win rates: 3 at 30 % is 0.9, not 0.8999999999999999', () => {
    expect(usd?.byStage.find((s) => s.stage === 'presentation')).toEqual({
      stage: 'presentation',
      count: 1,
      amount: 3,
      weighted: 0.9,
    });
    expect(usd?.weightedOpen).toBe(6850.98);
    expect(usd?.closedRevenue).toBe(12_500.55);
    expect(usd?.openAmount).toBe(15_003.1);
    expect(usd?.forecast).toBe(19_351.53);
  });

  it('lists all eight stages in process order with counts, amounts and weighted amounts', () => {
    expect(usd?.byStage).toEqual([
      { stage: 'identify', count: 1, amount: 1000, weighted: 50 },
      { stage: 'firstContact', count: 1, amount: 2000, weighted: 200 },
      { stage: 'needsAssessment', count: 1, amount: 3000, weighted: 600 },
      { stage: 'presentation', count: 1, amount: 3, weighted: 0.9 },
      { stage: 'displaceCompetitors', count: 1, amount: 4000, weighted: 2000 },
      { stage: 'negotiation', count: 2, amount: 5000.1, weighted: 4000.08 },
      { stage: 'contractFulfilment', count: 1, amount: 10_000, weighted: 10_000 },
      { stage: 'afterSales', count: 1, amount: 2500.55, weighted: 2500.55 },
    ]);
  });

  it('lost and deleted deals are left out', () => {
    const negotiation = usd?.byStage.find((s) => s.stage === 'negotiation');
    expect(negotiation?.count).toBe(2);
    expect(usd?.byStage.reduce((sum, s) => sum + s.count, 0)).toBe(9);
  });

  it('currencies are never added together', () => {
    const cny = result.find((f) => f.currency === 'CNY');
    expect(cny).toMatchObject({ closedRevenue: 0, weightedOpen: 800_000, forecast: 800_000 });
    // 0.1 + 0.2 in floating point is 0.30000000000000004; × 30 % and + 0.3 closed.
    const eur = result.find((f) => f.currency === 'EUR');
    expect(eur).toMatchObject({
      closedRevenue: 0.3,
      openAmount: 0.3,
      weightedOpen: 0.09,
      forecast: 0.39,
    });
  });

  it('uses the team’s win rates', () => {
    const settings = TeamSettings.parse({
      winRates: { ...DEFAULT_SETTINGS.winRates, identify: 0.5 },
    });
    const [only] = forecast([opp({ stage: 'identify', amount: 10 })], settings);
    expect(only?.forecast).toBe(5);
  });

  it('an empty book has no forecast', () => {
    expect(forecast([], DEFAULT_SETTINGS)).toEqual([]);
  });

  it('sums stay exact past 2^53 ten-thousandths of a unit (big deals in a big book)', () => {
    // Amounts as the schema allows them: any finite, non-negative number, with up to 13
    // digits before the point, so a stage's scaled sum passes 2^53 and is carried into BigInt.
    const arbAmount = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000_000_000 }),
      fc.integer({ min: 0, max: 1_000_000_000 }).map((c) => c / 100),
    );
    fc.assert(
      fc.property(fc.array(arbAmount, { minLength: 1, maxLength: 40 }), (amounts) => {
        const opps = amounts.map((amount, i) =>
          opportunity(i + 1, A, { stage: 'negotiation', amount, currency: 'USD' }),
        );
        const exact = amounts.reduce((sum, a) => sum + BigInt(Math.round(a * 10_000)), 0n);
        const expected = Number(
          `${exact / 10_000n}.${(exact % 10_000n).toString().padStart(4, '0')}`,
        );
        const [usd] = forecast(opps, DEFAULT_SETTINGS);
        expect(usd?.byStage.find((s) => s.stage === 'negotiation')?.amount).toBe(expected);
        expect(usd?.openAmount).toBe(expected);
      }),
    );
  });

  it('agrees with the plain formula and does not depend on the order of the deals', () => {
    const arbOpp = fc.record({
      stage: fc.constantFrom(...STAGES),
      cents: fc.integer({ min: 0, max: 100_000_000 }),
      currency: fc.constantFrom('USD', 'CNY'),
      lost: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbOpp, { maxLength: 30 }), (rows) => {
        const opps = rows.map((r, i) =>
          opportunity(i + 1, A, {
            stage: r.stage,
            amount: r.cents / 100,
            currency: r.currency,
            ...(r.lost ? { lostAt: daysAgo(1) } : {}),
          }),
        );
        const forward = forecast(opps, DEFAULT_SETTINGS);
        expect(forecast([...opps].reverse(), DEFAULT_SETTINGS)).toEqual(forward);
        for (const f of forward) {
          const mine = opps.filter((o) => o.currency === f.currency && o.lostAt === undefined);
          const plain = mine.reduce(
            (sum, o) => sum + o.amount * winRate(o.stage, DEFAULT_SETTINGS),
            0,
          );
          expect(f.forecast).toBeCloseTo(plain, 6);
          expect(f.forecast).toBeCloseTo(f.closedRevenue + f.weightedOpen, 6);
        }
      }),
    );
  });
});
