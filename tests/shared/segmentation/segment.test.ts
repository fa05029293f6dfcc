import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Account,
  AccountInsight,
  DEFAULT_SETTINGS,
  TIERS,
  type Tier,
} from '../../../shared/schema/index.ts';
import {
  customerValue,
  hasValueData,
  insightTier,
  pyramidCounts,
  segmentAccounts,
} from '../../../shared/segmentation/index.ts';
import { account, bareAccountsArb, bookArb, idOf, NOW, order, shuffled } from './fixtures.ts';

const S = DEFAULT_SETTINGS;

/** Account k is worth `value(k)` in current business and has id idOf(k). */
const book = (n: number, value: (k: number) => number = (k) => (k + 1) * 100): Account[] =>
  Array.from({ length: n }, (_, k) => account({ id: idOf(k), revenue12m: value(k) }));

const get = (m: Map<string, AccountInsight>, id: string): AccountInsight => {
  const insight = m.get(id);
  if (insight === undefined) throw new Error(`no insight for ${id}`);
  return insight;
};

const tierCounts = (insights: Iterable<AccountInsight>, source?: 'pyramid' | 'manual') => {
  const counts: Record<Tier, number> = { keyStrategic: 0, key: 0, ordinary: 0, small: 0 };
  for (const i of insights) if (source === undefined || i.tierSource === source) counts[i.tier]++;
  return counts;
};

describe('segmentAccounts: the value pyramid over the whole book', () => {
  it('the top 1% of the book by value are key-strategic accounts', () => {
    const result = segmentAccounts(book(100), S, NOW);
    expect(get(result, idOf(99))).toMatchObject({ tier: 'keyStrategic', rank: 1, bookSize: 100 });
    expect(get(result, idOf(98))).toMatchObject({ tier: 'key', rank: 2 });
    expect(tierCounts(result.values())).toEqual({
      keyStrategic: 1,
      key: 19,
      ordinary: 30,
      small: 50,
    });
  });

  it('the next 19% are key, the next 30% ordinary and the bottom 50% small', () => {
    const result = segmentAccounts(book(100), S, NOW);
    expect(get(result, idOf(80)).tier).toBe('key'); // rank 20
    expect(get(result, idOf(79)).tier).toBe('ordinary'); // rank 21
    expect(get(result, idOf(50)).tier).toBe('ordinary'); // rank 50
    expect(get(result, idOf(49)).tier).toBe('small'); // rank 51
    expect(get(result, idOf(0))).toMatchObject({ tier: 'small', rank: 100 });
  });

  it('a team with 7 accounts gets a readable pyramid: 1 / 1 / 2 / 3', () => {
    const result = segmentAccounts(book(7), S, NOW);
    const tiers = [6, 5, 4, 3, 2, 1, 0].map((k) => get(result, idOf(k)).tier);
    expect(tiers).toEqual([
      'keyStrategic',
      'key',
      'ordinary',
      'ordinary',
      'small',
      'small',
      'small',
    ]);
  });

  it('accounts rank by total value, highest first, whatever the order they come in', () => {
    const accounts = [
      account({ id: idOf(1), revenue12m: 300 }),
      account({ id: idOf(2), revenue12m: 100, potentialRevenue: 1_000 }),
      account({ id: idOf(3), orders: [order(500, 700)] }),
    ];
    const result = segmentAccounts(accounts, S, NOW);
    expect([idOf(1), idOf(2), idOf(3)].map((id) => get(result, id).rank)).toEqual([3, 1, 2]);
    expect(get(result, idOf(2)).value).toEqual({
      historical: 0,
      current: 100,
      potential: 1_000,
      total: 1_100,
    });
  });

  it('among accounts of equal value the older one (smaller ULID) ranks first: a retained customer is worth keeping', () => {
    const accounts = [5, 2, 9, 7].map((k) => account({ id: idOf(k), revenue12m: 400 }));
    const result = segmentAccounts(accounts, S, NOW);
    expect([2, 5, 7, 9].map((k) => get(result, idOf(k)).rank)).toEqual([1, 2, 3, 4]);
  });

  it('a long run of accounts nobody has valued yet is ranked oldest first', () => {
    const ks = shuffled(
      Array.from({ length: 300 }, (_, k) => k),
      7,
    );
    const result = segmentAccounts(
      ks.map((k) => account({ id: idOf(k) })),
      S,
      NOW,
    );
    for (let k = 0; k < 300; k++) expect(get(result, idOf(k)).rank).toBe(k + 1);
  });

  it('deleted accounts are left out of the book', () => {
    const accounts = book(4);
    accounts[3] = { ...(accounts[3] as Account), deleted: true };
    const result = segmentAccounts(accounts, S, NOW);
    expect(result.has(idOf(3))).toBe(false);
    expect(result.size).toBe(3);
    expect(get(result, idOf(2))).toMatchObject({ rank: 1, bookSize: 3, tier: 'keyStrategic' });
  });

  it('an empty book gives no insights', () => {
    expect(segmentAccounts([], S, NOW).size).toBe(0);
  });

  it('insights are keyed by account id and come in input order', () => {
    const accounts = book(5);
    const result = segmentAccounts(shuffled(accounts, 3), S, NOW);
    expect([...result.keys()]).toEqual(shuffled(accounts, 3).map((a) => a.id));
  });

  it('every insight is a valid AccountInsight row stamped with the computation time', () => {
    const accounts = [
      ...book(30),
      account({
        id: idOf(40),
        tierOverride: { tier: 'key', reason: 'Parent of our biggest client' },
      }),
      account({ id: idOf(41), manualFlags: ['E'], statusOverride: 'nonCustomer' }),
    ];
    for (const insight of segmentAccounts(accounts, S, NOW).values()) {
      expect(AccountInsight.parse(insight)).toEqual(insight);
      expect(insight.computedAt).toBe(NOW);
      expect(insight.deleted).toBe(false);
    }
  });
});

describe('manual tier override (rep knows best)', () => {
  it('manual tier override wins and keeps its reason', () => {
    const accounts = book(10);
    accounts[0] = {
      ...(accounts[0] as Account),
      tierOverride: { tier: 'keyStrategic', reason: 'Group HQ' },
    };
    const insight = get(segmentAccounts(accounts, S, NOW), idOf(0));
    expect(insight).toMatchObject({
      tier: 'keyStrategic',
      tierSource: 'manual',
      tierReason: 'Group HQ',
      rank: 10,
      strategy: 'dedicatedResources',
    });
  });

  it('a pyramid-assigned insight has no tier reason', () => {
    const insight = get(segmentAccounts(book(3), S, NOW), idOf(2));
    expect(insight.tierSource).toBe('pyramid');
    expect('tierReason' in insight).toBe(false);
  });

  it('an override keeps its rank slot: no other account moves up or down', () => {
    const accounts = book(7);
    const before = segmentAccounts(accounts, S, NOW);
    accounts[6] = {
      ...(accounts[6] as Account),
      tierOverride: { tier: 'small', reason: 'Pays late' },
    };
    const after = segmentAccounts(accounts, S, NOW);
    expect(get(after, idOf(6))).toMatchObject({ tier: 'small', tierSource: 'manual', rank: 1 });
    for (let k = 0; k < 6; k++) {
      const { tier, rank } = get(before, idOf(k));
      expect(get(after, idOf(k))).toMatchObject({ tier, rank });
    }
    expect(get(after, idOf(5)).tier).toBe('key');
  });
});

describe('not yet tiered: accounts with no value data', () => {
  const bare = (k: number, fields: Partial<Account> = {}) => account({ id: idOf(k), ...fields });

  it('an account with no value data is not yet tiered and takes no place in the pyramid', () => {
    const valued = book(7);
    const withBare = [bare(20), ...valued, bare(10), bare(30, { costToServe: 500, marginPct: 20 })];
    const before = segmentAccounts(valued, S, NOW);
    const after = segmentAccounts(withBare, S, NOW);
    // The seven are cut 1 / 1 / 2 / 3 as if the others did not exist.
    for (let k = 0; k < 7; k++) {
      const { tier, rank, flags, strategy } = get(before, idOf(k));
      expect(get(after, idOf(k))).toMatchObject({ tier, rank, flags, strategy, bookSize: 10 });
    }
    expect([10, 20, 30].map((k) => get(after, idOf(k)))).toMatchObject([
      { tierSource: 'untiered', tier: 'small', strategy: 'addValueData', rank: 8, flags: [] },
      { tierSource: 'untiered', tier: 'small', strategy: 'addValueData', rank: 9, flags: [] },
      { tierSource: 'untiered', tier: 'small', strategy: 'addValueData', rank: 10, flags: [] },
    ]);
    expect(insightTier(get(after, idOf(10)))).toBe('untiered');
  });

  it('the only account of a new book is not yet tiered, not key-strategic', () => {
    const insight = get(segmentAccounts([bare(1)], S, NOW), idOf(1));
    expect(insight).toMatchObject({
      tierSource: 'untiered',
      strategy: 'addValueData',
      rank: 1,
      bookSize: 1,
    });
    expect(insightTier(insight)).toBe('untiered');
  });

  it('a prospect never sold to, without value data, gets no small-account advice (raise prices)', () => {
    const result = segmentAccounts([...book(9), bare(20)], S, NOW, {
      openOpportunityAccountIds: new Set([idOf(20)]),
    });
    expect(get(result, idOf(20))).toMatchObject({
      status: 'target',
      loyalty: 'qualifiedProspect',
      strategy: 'addValueData',
    });
  });

  it('any value data places an account in the pyramid, a known zero included', () => {
    const data: Partial<Account>[] = [
      { revenue12m: 0 },
      { potentialRevenue: 0 },
      { orders: [order(900, 0)] },
    ];
    for (const fields of data) {
      const insight = get(segmentAccounts([bare(1, fields)], S, NOW), idOf(1));
      expect(insight, JSON.stringify(fields)).toMatchObject({
        tierSource: 'pyramid',
        tier: 'keyStrategic',
      });
    }
  });

  it('a manual tier wins over not yet tiered, and the account still takes no place in the cut', () => {
    const accounts = [...book(4), bare(20, { tierOverride: { tier: 'key', reason: 'Group HQ' } })];
    const result = segmentAccounts(accounts, S, NOW);
    expect(get(result, idOf(20))).toMatchObject({
      tier: 'key',
      tierSource: 'manual',
      tierReason: 'Group HQ',
      strategy: 'dedicatedLighter',
      rank: 5,
    });
    // Four accounts are cut 1 / 0 / 1 / 2; a fifth slot would have made the third ordinary.
    const tiers = [3, 2, 1, 0].map((k) => get(result, idOf(k)).tier);
    expect(tiers).toEqual(['keyStrategic', 'ordinary', 'small', 'small']);
  });

  it('a book of accounts without value data has no key tier, so no B anywhere', () => {
    const result = segmentAccounts([bare(1), bare(2, { manualFlags: ['E'] })], S, NOW);
    expect([...result.values()].map((i) => [i.tierSource, i.flags])).toEqual([
      ['untiered', []],
      ['untiered', ['E']],
    ]);
  });

  it('accounts without value data never change the tiers of the others (property)', () => {
    fc.assert(
      fc.property(bookArb(), bareAccountsArb(), fc.integer(), (accounts, extra, seed) => {
        const before = segmentAccounts(accounts, S, NOW);
        const after = segmentAccounts(shuffled([...accounts, ...extra], seed), S, NOW);
        const byId = new Map(accounts.map((a) => [a.id, a]));
        for (const [id, insight] of before) {
          // Only the book size, and the order among accounts without value data, may change.
          const { rank, bookSize: _size, ...rest } = insight;
          const later = get(after, id);
          expect(later).toMatchObject(rest);
          if (hasValueData(byId.get(id) as Account)) expect(later.rank).toBe(rank);
        }
      }),
    );
  });

  it('an account is not yet tiered exactly when it has no value data and no manual tier (property)', () => {
    fc.assert(
      fc.property(bookArb(), bareAccountsArb(), (accounts, extra) => {
        const result = segmentAccounts([...accounts, ...extra], S, NOW);
        for (const a of [...accounts, ...extra]) {
          if (a.deleted) continue;
          const insight = get(result, a.id);
          const untiered = !hasValueData(a) && a.tierOverride === undefined;
          expect(insight.tierSource === 'untiered').toBe(untiered);
          if (untiered) {
            expect(insight.strategy).toBe('addValueData');
            // Neither A nor B from the rules; a rep may still set any flag by hand.
            for (const f of ['A', 'B'] as const) {
              if (!a.manualFlags?.includes(f)) expect(insight.flags).not.toContain(f);
            }
            expect(AccountInsight.parse(insight)).toEqual(insight);
          }
        }
      }),
    );
  });
});

describe('status and loyalty read the 12-month revenue as well as the orders', () => {
  it('an account with 12-month revenue and no itemised orders is a current customer and a buyer', () => {
    const accounts = [...book(3), account({ id: idOf(9), revenue12m: 4_000, referrals: 1 })];
    expect(get(segmentAccounts(accounts, S, NOW), idOf(9))).toMatchObject({
      status: 'current',
      loyalty: 'advocate',
      // A customer under the referral threshold: an advocate, not C.
      flags: ['A'],
    });
  });

  it('a referrer who has never bought is flagged for influence (C), never called an advocate', () => {
    const accounts = [...book(3), account({ id: idOf(9), referrals: 1, member: false })];
    expect(get(segmentAccounts(accounts, S, NOW), idOf(9))).toMatchObject({
      status: 'potential',
      loyalty: 'qualifiedProspect',
      flags: ['C'],
    });
  });

  it('every account with 12-month revenue above 0 is current, unless a rep set its status (property)', () => {
    fc.assert(
      fc.property(bookArb(), (accounts) => {
        const result = segmentAccounts(accounts, S, NOW);
        for (const a of accounts) {
          if (a.deleted || !(a.revenue12m !== undefined && a.revenue12m > 0)) continue;
          expect(get(result, a.id).status).toBe(a.statusOverride ?? 'current');
        }
      }),
    );
  });

  it('no one who never bought is an advocate, and every referrer is an advocate or flagged C (property)', () => {
    fc.assert(
      fc.property(bookArb(), bareAccountsArb(), (accounts, extra) => {
        const result = segmentAccounts([...accounts, ...extra], S, NOW);
        for (const a of [...accounts, ...extra]) {
          if (a.deleted) continue;
          const insight = get(result, a.id);
          const bought = a.orders.length > 0 || (a.revenue12m ?? 0) > 0;
          if (!bought) expect(insight.loyalty).not.toBe('advocate');
          if ((a.referrals ?? 0) >= 1) {
            expect(insight.loyalty === 'advocate' || insight.flags.includes('C')).toBe(true);
          }
        }
      }),
    );
  });
});

describe('flags and strategy in the context of the book', () => {
  it('a profitable key account is flagged A and gets dedicated resources', () => {
    const insight = get(segmentAccounts(book(10), S, NOW), idOf(9));
    expect(insight).toMatchObject({
      tier: 'keyStrategic',
      flags: ['A'],
      strategy: 'dedicatedResources',
    });
  });

  it('an account whose margin is below its cost to serve is flagged D (unprofitable) and phased out when small', () => {
    const accounts = [
      ...book(9, (k) => 10_000 + k),
      account({ id: idOf(20), revenue12m: 5_000, marginPct: 10, costToServe: 2_000 }),
    ];
    const insight = get(segmentAccounts(accounts, S, NOW), idOf(20));
    expect(insight).toMatchObject({
      tier: 'small',
      flags: ['D'],
      strategy: 'phaseOut',
      value: { historical: 0, current: -1_500, potential: 0, total: -1_500 },
    });
  });

  it('an ordinary account whose potential covers its gap to the key tier is flagged B and cultivated into key', () => {
    // 10 accounts: 1 / 1 / 3 / 5. The key account (rank 2) is worth 9,000: the bar.
    const values = [10_000, 9_000, 5_000, 4_000, 3_000, 500, 400, 300, 200, 100];
    const accounts = values.map((v, k) => account({ id: idOf(k), revenue12m: v }));
    accounts[2] = account({ id: idOf(2), revenue12m: 3_000, potentialRevenue: 3_000 });
    accounts[6] = account({ id: idOf(6), revenue12m: 100, potentialRevenue: 300 });
    const result = segmentAccounts(accounts, S, NOW);
    expect(get(result, idOf(1))).toMatchObject({ tier: 'key', rank: 2 });
    expect(get(result, idOf(2))).toMatchObject({
      tier: 'ordinary',
      flags: ['B'],
      strategy: 'cultivateToKey',
    });
    expect(get(result, idOf(3))).toMatchObject({
      tier: 'ordinary',
      flags: [],
      strategy: 'cutCostToServe',
    });
    expect(get(result, idOf(6))).toMatchObject({
      tier: 'small',
      flags: [],
      strategy: 'raisePriceOrCutCost',
    });
  });

  it('the key-tier bar comes from the pyramid: an account overridden into key does not lower it', () => {
    const values = [10_000, 9_000, 5_000, 4_000, 3_000, 500, 400, 300, 200, 100];
    const accounts = values.map((v, k) => account({ id: idOf(k), revenue12m: v }));
    accounts[9] = account({
      id: idOf(9),
      revenue12m: 100,
      tierOverride: { tier: 'key', reason: 'Board member' },
    });
    accounts[5] = account({ id: idOf(5), revenue12m: 500, potentialRevenue: 1_000 });
    const result = segmentAccounts(accounts, S, NOW);
    expect(get(result, idOf(5)).flags).toEqual([]);
  });

  it('a referring account is flagged C and the rep’s own flags are added', () => {
    const accounts = [...book(5), account({ id: idOf(9), referrals: 3, manualFlags: ['E'] })];
    expect(get(segmentAccounts(accounts, S, NOW), idOf(9)).flags).toEqual(['C', 'E']);
  });
});

describe('status, loyalty and relationship in the book', () => {
  it('without orders, an account with an open opportunity is a target; without one, potential', () => {
    const accounts = [account({ id: idOf(1) }), account({ id: idOf(2) })];
    const result = segmentAccounts(accounts, S, NOW, {
      openOpportunityAccountIds: new Set([idOf(1)]),
    });
    expect(get(result, idOf(1)).status).toBe('target');
    expect(get(result, idOf(2)).status).toBe('potential');
  });

  it('an open opportunity changes nothing for customers with orders or a status set by hand', () => {
    const accounts = [
      account({ id: idOf(1), orders: [order(10, 100)] }),
      account({ id: idOf(2), orders: [order(500, 100)] }),
      account({ id: idOf(3), statusOverride: 'potential' }),
      account({ id: idOf(4), statusOverride: 'nonCustomer' }),
      account({ id: idOf(5), deleted: true }),
    ];
    const open = new Set([idOf(1), idOf(2), idOf(3), idOf(4), idOf(5), idOf(6)]);
    const result = segmentAccounts(accounts, S, NOW, { openOpportunityAccountIds: open });
    expect([1, 2, 3, 4].map((k) => get(result, idOf(k)).status)).toEqual([
      'current',
      'lost',
      'potential',
      'nonCustomer',
    ]);
    expect(result.size).toBe(4);
  });

  it('each insight carries the account’s status, loyalty rung and relationship stage', () => {
    const accounts = [
      account({ id: idOf(1), orders: [order(10, 100), order(40, 100)], shareOfWallet: 0.95 }),
      account({ id: idOf(2), orders: [order(400, 100)], shareOfWallet: 0.6 }),
      account({ id: idOf(3), member: true, referrals: 1 }),
    ];
    const result = segmentAccounts(accounts, S, NOW);
    expect(get(result, idOf(1))).toMatchObject({
      status: 'current',
      loyalty: 'loyalClient',
      relationshipStage: 'partnership',
    });
    expect(get(result, idOf(2))).toMatchObject({
      status: 'lost',
      loyalty: 'firstTimeBuyer',
      relationshipStage: 'interruption',
    });
    // A member who referred someone but never bought: no advocate (see below).
    expect(get(result, idOf(3))).toMatchObject({
      status: 'potential',
      loyalty: 'member',
      relationshipStage: 'incubation',
    });
  });
});

describe('properties of the segmentation', () => {
  it('tiers partition the book: every account that is not deleted gets exactly one insight', () => {
    fc.assert(
      fc.property(bookArb(), (accounts) => {
        const result = segmentAccounts(accounts, S, NOW);
        const live = accounts.filter((a) => !a.deleted);
        expect(result.size).toBe(live.length);
        const ranks = new Set<number>();
        for (const a of live) {
          const insight = get(result, a.id);
          expect(insight.id).toBe(a.id);
          expect(insight.bookSize).toBe(live.length);
          expect(TIERS).toContain(insight.tier);
          ranks.add(insight.rank);
        }
        expect([...ranks].sort((x, y) => x - y)).toEqual(live.map((_, i) => i + 1));
      }),
    );
  });

  it('ranks follow total value, then id, and each rank slot gets the tier the pyramid gives it', () => {
    fc.assert(
      fc.property(bookArb(), (accounts) => {
        const result = segmentAccounts(accounts, S, NOW);
        const live = accounts.filter((a) => !a.deleted);
        // Accounts without value data come after the others, oldest first, outside the cut.
        const valued = live.filter(hasValueData);
        const expected = valued
          .map((a) => ({ id: a.id, a, total: customerValue(a, S, NOW).total }))
          .sort((x, y) => y.total - x.total || (x.id < y.id ? -1 : 1));
        const counts = pyramidCounts(valued.length, S.tierShares);
        const slots = TIERS.flatMap((t) => Array.from({ length: counts[t] }, () => t));
        expected.forEach(({ id, a, total }, r) => {
          const insight = get(result, id);
          expect(insight.rank).toBe(r + 1);
          expect(insight.value.total).toBe(total);
          expect(insight.tier).toBe(a.tierOverride?.tier ?? slots[r]);
        });
        const bare = live.filter((a) => !hasValueData(a)).sort((x, y) => (x.id < y.id ? -1 : 1));
        bare.forEach((a, k) => {
          const insight = get(result, a.id);
          expect(insight.rank).toBe(valued.length + k + 1);
          expect(insightTier(insight)).toBe(a.tierOverride?.tier ?? 'untiered');
        });
      }),
    );
  });

  it('pyramid-assigned counts per tier are within one account of the book size × share', () => {
    fc.assert(
      fc.property(bookArb({ maxLength: 300, overrides: false }), (accounts) => {
        const result = segmentAccounts(accounts, S, NOW);
        // The book the pyramid cuts: accounts not yet tiered take no place in it.
        const n = [...result.values()].filter((i) => i.tierSource !== 'untiered').length;
        const counts = tierCounts(result.values(), 'pyramid');
        for (const tier of TIERS) {
          expect(Math.abs(counts[tier] - n * S.tierShares[tier])).toBeLessThan(1);
        }
      }),
    );
  });

  it('raising one account’s value never lowers its tier', () => {
    const order = (t: Tier) => TIERS.indexOf(t);
    fc.assert(
      fc.property(
        bookArb({ overrides: false }).filter((b) => b.some((a) => !a.deleted)),
        fc.nat(),
        fc.integer({ min: 1, max: 100_000 }),
        (accounts, pick, raise) => {
          const live = accounts.filter((a) => !a.deleted);
          const target = live[pick % live.length] as Account;
          const before = get(segmentAccounts(accounts, S, NOW), target.id);
          // Potential counts at the margin, so a positive margin is what makes it worth more.
          const raised = accounts.map((a) =>
            a === target
              ? { ...a, marginPct: 30, potentialRevenue: (a.potentialRevenue ?? 0) + raise }
              : a,
          );
          const lowered = accounts.map((a) => (a === target ? { ...a, marginPct: 30 } : a));
          const base = get(segmentAccounts(lowered, S, NOW), target.id);
          const after = get(segmentAccounts(raised, S, NOW), target.id);
          expect(after.value.total).toBeGreaterThan(base.value.total);
          expect(order(after.tier)).toBeLessThanOrEqual(order(base.tier));
          expect(after.rank).toBeLessThanOrEqual(base.rank);
          expect(before.bookSize).toBe(after.bookSize);
        },
      ),
    );
  });

  it('the segmentation does not depend on the order of the accounts', () => {
    fc.assert(
      fc.property(bookArb(), fc.integer(), (accounts, seed) => {
        const a = segmentAccounts(accounts, S, NOW);
        const b = segmentAccounts(shuffled(accounts, seed), S, NOW);
        expect(b.size).toBe(a.size);
        for (const [id, insight] of a) expect(b.get(id)).toEqual(insight);
      }),
    );
  });
});
