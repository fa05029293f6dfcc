import fc from 'fast-check';
import { type Account, FLAGS, type Order, TIERS } from '../../../shared/schema/index.ts';
import { DAY_MS } from '../../../shared/segmentation/orders.ts';

export const NOW = Date.UTC(2025, 5, 1);
export const daysAgo = (days: number): number => NOW - days * DAY_MS;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid ULID minted at `time` with random part `rand`: smaller time, smaller id. */
export function ulid(time: number, rand = 0): string {
  let head = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    head = (CROCKFORD[t % 32] as string) + head;
    t = Math.floor(t / 32);
  }
  let tail = '';
  let r = rand;
  for (let i = 0; i < 16; i++) {
    tail = (CROCKFORD[r % 32] as string) + tail;
    r = Math.floor(r / 32);
  }
  return head + tail;
}

/** The k-th account id: ids sort (and were minted) in k order. */
export const idOf = (k: number): string => ulid(1_600_000_000_000 + k);

export function account(fields: Partial<Account> = {}): Account {
  return {
    id: idOf(0),
    createdAt: 1_600_000_000_000,
    deleted: false,
    name: 'Acme',
    domains: [],
    contactPoints: [],
    orders: [],
    ...fields,
  };
}

export const order = (daysBefore: number, amount: number): Order => ({
  at: daysAgo(daysBefore),
  amount,
});

/** Fisher–Yates with a fast-check-provided seed, so a failing shuffle is reproducible. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Accounts with no value data (no orders, no revenue12m, no potentialRevenue) but anything else:
 * margin, cost to serve, share of wallet, referrals, membership, flags and status set by hand,
 * sometimes a manual tier. Their ids interleave with bookArb's and never collide with them.
 */
export function bareAccountsArb(maxLength = 20): fc.Arbitrary<Account[]> {
  const row = fc.record({
    key: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1_000 })),
    fields: fc.record(
      {
        marginPct: fc.constantFrom(-10, 0, 25),
        costToServe: fc.constantFrom(0, 50, 500),
        shareOfWallet: fc.constantFrom(0, 0.6, 1),
        referrals: fc.integer({ min: 0, max: 3 }),
        member: fc.boolean(),
        manualFlags: fc.subarray([...FLAGS]),
        statusOverride: fc.constantFrom('potential', 'lost', 'nonCustomer' as const),
      },
      { requiredKeys: [] },
    ),
    overrideTier: fc.option(fc.constantFrom(...TIERS), { freq: 4 }),
  });
  return fc
    .uniqueArray(row, { maxLength, selector: (r) => `${r.key[0]}:${r.key[1]}` })
    .map((rows) =>
      rows.map((r) => {
        const a = account({
          ...r.fields,
          // Random parts above bookArb's 0–1,000: never the id of a book account.
          id: ulid(1_600_000_000_000 + r.key[0], 2_000 + r.key[1]),
        });
        if (r.overrideTier !== null) a.tierOverride = { tier: r.overrideTier, reason: 'by hand' };
        return a;
      }),
    );
}

/**
 * A random book: unique ULIDs (some minted in the same millisecond), values from a small set so
 * that ties are common, a sprinkling of orders, deletions and manual tier overrides.
 */
export function bookArb(
  options: { maxLength?: number; overrides?: boolean } = {},
): fc.Arbitrary<Account[]> {
  const { maxLength = 60, overrides = true } = options;
  const valueFields = fc.record(
    {
      revenue12m: fc.constantFrom(0, 100, 250, 1_000, 5_000),
      marginPct: fc.constantFrom(-10, 0, 10, 25, 40),
      costToServe: fc.constantFrom(0, 50, 500),
      potentialRevenue: fc.constantFrom(0, 1_000, 20_000),
      shareOfWallet: fc.constantFrom(0, 0.3, 0.6, 1),
      referrals: fc.integer({ min: 0, max: 3 }),
    },
    { requiredKeys: [] },
  );
  const row = fc.record({
    key: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1_000 })),
    fields: valueFields,
    orders: fc.array(
      fc.record({ days: fc.integer({ min: 0, max: 900 }), amount: fc.constantFrom(0, 100, 900) }),
      { maxLength: 4 },
    ),
    deletedRoll: fc.integer({ min: 0, max: 9 }),
    overrideRoll: fc.integer({ min: 0, max: 9 }),
    overrideTier: fc.constantFrom(...TIERS),
  });
  return fc
    .uniqueArray(row, {
      maxLength,
      selector: (r) => `${r.key[0]}:${r.key[1]}`,
    })
    .map((rows) =>
      rows.map((r) => {
        const a = account({
          ...r.fields,
          id: ulid(1_600_000_000_000 + r.key[0], r.key[1]),
          orders: r.orders.map((o) => order(o.days, o.amount)),
          deleted: r.deletedRoll === 0,
        });
        if (overrides && r.overrideRoll === 0) {
          a.tierOverride = { tier: r.overrideTier, reason: 'set by hand' };
        }
        return a;
      }),
    );
}
