import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type TeamSettings } from '../../../shared/schema/index.ts';
import {
  lifecycleStatus,
  loyaltyRung,
  relationshipStage,
} from '../../../shared/segmentation/index.ts';
import { overdueByUsualInterval } from '../../../shared/segmentation/lifecycle.ts';
import { DAY_MS, predictNextOrder } from '../../../shared/segmentation/orders.ts';
import { account, NOW, order } from './fixtures.ts';

const S = DEFAULT_SETTINGS;

describe('customer status (客户状态)', () => {
  it('an order within lostAfterDays makes a current customer (现实客户)', () => {
    expect(lifecycleStatus(account({ orders: [order(364, 100)] }), NOW, S, false)).toBe('current');
  });

  it('an order exactly lostAfterDays ago still counts as current', () => {
    expect(lifecycleStatus(account({ orders: [order(365, 100)] }), NOW, S, false)).toBe('current');
  });

  it('a customer whose last order is older than lostAfterDays is lost (流失客户)', () => {
    expect(
      lifecycleStatus(account({ orders: [order(366, 100), order(900, 50)] }), NOW, S, true),
    ).toBe('lost');
  });

  it('lostAfterDays is a team setting', () => {
    const settings: TeamSettings = { ...S, lostAfterDays: 90 };
    expect(lifecycleStatus(account({ orders: [order(120, 100)] }), NOW, settings, false)).toBe(
      'lost',
    );
  });

  it('no orders but an open opportunity: a target (目标客户)', () => {
    expect(lifecycleStatus(account(), NOW, S, true)).toBe('target');
  });

  it('no orders and no open opportunity: a potential customer (潜在客户)', () => {
    expect(lifecycleStatus(account({ potentialRevenue: 5_000 }), NOW, S, false)).toBe('potential');
    expect(lifecycleStatus(account({ revenue12m: 0 }), NOW, S, false)).toBe('potential');
  });

  it('an account with 12-month revenue is a current customer even when its orders were never itemised', () => {
    expect(lifecycleStatus(account({ revenue12m: 5_000 }), NOW, S, false)).toBe('current');
    expect(lifecycleStatus(account({ revenue12m: 5_000 }), NOW, S, true)).toBe('current');
  });

  it('12-month revenue keeps a customer current when the itemised orders are older than a year', () => {
    const a = account({ revenue12m: 1, orders: [order(500, 100)] });
    expect(lifecycleStatus(a, NOW, S, false)).toBe('current');
    expect(lifecycleStatus({ ...a, revenue12m: 0 }, NOW, S, false)).toBe('lost');
    expect(lifecycleStatus({ ...a, statusOverride: 'nonCustomer' }, NOW, S, false)).toBe(
      'nonCustomer',
    );
  });

  it("a rep's status override wins, and is the only way to a non-customer (非客户)", () => {
    expect(
      lifecycleStatus(
        account({ orders: [order(1, 100)], statusOverride: 'nonCustomer' }),
        NOW,
        S,
        true,
      ),
    ).toBe('nonCustomer');
    expect(lifecycleStatus(account({ statusOverride: 'lost' }), NOW, S, false)).toBe('lost');
  });
});

describe('the loyalty ladder (客户的形成)', () => {
  it('no orders: a qualified prospect', () => {
    expect(loyaltyRung(account(), S)).toBe('qualifiedProspect');
  });

  it('one order: a first-time buyer', () => {
    expect(loyaltyRung(account({ orders: [order(5, 10)], shareOfWallet: 1 }), S)).toBe(
      'firstTimeBuyer',
    );
  });

  it('two or more orders: a repeat buyer', () => {
    expect(
      loyaltyRung(account({ orders: [order(5, 10), order(50, 10)], shareOfWallet: 0.5 }), S),
    ).toBe('repeatBuyer');
  });

  it('a repeat buyer with no known share of wallet is not assumed loyal', () => {
    expect(loyaltyRung(account({ orders: [order(5, 10), order(50, 10)] }), S)).toBe('repeatBuyer');
  });

  it('a repeat buyer who buys (almost) only from us is a loyal client', () => {
    expect(
      loyaltyRung(account({ orders: [order(5, 10), order(50, 10)], shareOfWallet: 0.9 }), S),
    ).toBe('loyalClient');
  });

  it('a member ranks above a loyal client', () => {
    expect(
      loyaltyRung(
        account({ orders: [order(5, 10), order(50, 10)], shareOfWallet: 1, member: true }),
        S,
      ),
    ).toBe('member');
  });

  it('a customer who referred anyone is an advocate, the top rung', () => {
    expect(loyaltyRung(account({ member: true, referrals: 1, orders: [order(5, 10)] }), S)).toBe(
      'advocate',
    );
    expect(loyaltyRung(account({ referrals: 1, revenue12m: 100 }), S)).toBe('advocate');
  });

  it('the top of the ladder needs a customer who buys and refers: a referrer who never bought is no advocate', () => {
    expect(loyaltyRung(account({ referrals: 5 }), S)).toBe('qualifiedProspect');
    expect(loyaltyRung(account({ referrals: 5, revenue12m: 0 }), S)).toBe('qualifiedProspect');
    expect(loyaltyRung(account({ referrals: 5, member: true }), S)).toBe('member');
  });

  it('12-month revenue without itemised orders is a purchase: at least a first-time buyer', () => {
    expect(loyaltyRung(account({ revenue12m: 2_000 }), S)).toBe('firstTimeBuyer');
    expect(loyaltyRung(account({ revenue12m: 2_000, orders: [order(5, 10)] }), S)).toBe(
      'firstTimeBuyer',
    );
    expect(
      loyaltyRung(account({ revenue12m: 2_000, orders: [order(5, 10), order(50, 10)] }), S),
    ).toBe('repeatBuyer');
  });
});

describe('relationship stage with the account, by share of wallet', () => {
  const withShare = (shareOfWallet: number) =>
    relationshipStage(account({ orders: [order(10, 100)], shareOfWallet }), S, NOW);

  it('under 30% of their wallet: incubation (孕育期)', () => {
    expect(withShare(0.29)).toBe('incubation');
  });

  it('30% to 50%: early (初期)', () => {
    expect(withShare(0.3)).toBe('early');
    expect(withShare(0.49)).toBe('early');
  });

  it('50% up to the partnership threshold: middle (中期)', () => {
    expect(withShare(0.5)).toBe('middle');
    expect(withShare(0.94)).toBe('middle');
  });

  it('about all of their wallet: partnership (高期)', () => {
    expect(withShare(0.95)).toBe('partnership');
    expect(withShare(1)).toBe('partnership');
  });

  it('an unknown share of wallet counts as none', () => {
    expect(relationshipStage(account(), S, NOW)).toBe('incubation');
  });

  it('a lost customer is an interrupted relationship (间断), whatever the share of wallet', () => {
    expect(
      relationshipStage(account({ orders: [order(400, 100)], shareOfWallet: 1 }), S, NOW),
    ).toBe('interruption');
  });

  it("a rep's 'lost' status override interrupts the relationship too", () => {
    expect(
      relationshipStage(
        account({ orders: [order(3, 100)], shareOfWallet: 1, statusOverride: 'lost' }),
        S,
        NOW,
      ),
    ).toBe('interruption');
  });

  it('a customer overdue by more than one whole usual interval is interrupted (rice-shop rule)', () => {
    // Orders every 30 days, the last 70 days ago: due 40 days ago, a full interval missed.
    const orders = [order(70, 100), order(100, 100), order(130, 100)];
    expect(relationshipStage(account({ orders, shareOfWallet: 0.6 }), S, NOW)).toBe('interruption');
  });

  it('a customer a little late for their usual reorder is not interrupted yet', () => {
    // Orders every 30 days, the last 45 days ago: due 15 days ago, within one interval.
    const orders = [order(45, 100), order(75, 100), order(105, 100)];
    expect(relationshipStage(account({ orders, shareOfWallet: 0.6 }), S, NOW)).toBe('middle');
  });

  it('12-month revenue counts in the relationship stage: a customer buying this year is not interrupted by an old itemised order', () => {
    const a = account({ orders: [order(400, 100)], revenue12m: 500, shareOfWallet: 0.6 });
    expect(relationshipStage(a, S, NOW)).toBe('middle');
    expect(relationshipStage({ ...a, revenue12m: undefined }, S, NOW)).toBe('interruption');
  });

  it('an account without orders is never interrupted', () => {
    expect(relationshipStage(account({ statusOverride: 'lost', shareOfWallet: 0.4 }), S, NOW)).toBe(
      'early',
    );
  });

  it('the overdue test agrees exactly with predictNextOrder: now > nextAt + interval', () => {
    const orderArb = fc.record({
      at: fc.integer({ min: NOW - 3_000 * DAY_MS, max: NOW + 30 * DAY_MS }),
      amount: fc.constant(1),
    });
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 40 }),
        fc.integer({ min: -DAY_MS, max: 400 * DAY_MS }),
        fc.boolean(),
        (orders, offset, sameDay) => {
          // Orders within a day of each other carry no rhythm; make some books all that way.
          const list = sameDay ? orders.map((o, i) => ({ ...o, at: NOW - 1_000 - i })) : orders;
          const now = NOW + offset;
          const p = predictNextOrder(list);
          const expected = p !== undefined && now > p.nextAt + p.intervalDays * DAY_MS;
          expect(overdueByUsualInterval(list, now)).toBe(expected);
        },
      ),
    );
  });
});
