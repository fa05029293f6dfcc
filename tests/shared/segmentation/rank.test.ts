import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankSlots, writeDescendingKey } from '../../../shared/segmentation/rank.ts';
import { ulid } from './fixtures.ts';

/** The ranking by its definition: value descending, then id ascending in string order. */
function naiveOrder(values: readonly number[], ids: readonly string[]): number[] {
  return values
    .map((_, j) => j)
    .sort((a, b) => {
      const va = values[a] as number;
      const vb = values[b] as number;
      if (va !== vb) return vb - va > 0 ? 1 : -1;
      const ia = ids[a] as string;
      const ib = ids[b] as string;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
}

function rank(values: readonly number[], ids: readonly string[]) {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (const [j, v] of values.entries()) writeDescendingKey(hi, lo, j, v);
  return rankSlots(
    n,
    hi,
    lo,
    ids.map((id) => ({ id })),
  );
}

const valueArb = fc.oneof(
  fc.constantFrom(
    0,
    1,
    -1,
    0.1,
    1e-300,
    -1e-300,
    5e15,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ),
  fc.double({ noNaN: true }).map((v) => v + 0),
  fc.integer({ min: -3, max: 3 }),
);

describe('ranking a book by value, then by id', () => {
  it('orders any values highest first, equal values by id, like a plain comparison sort', () => {
    const idArb = fc.oneof(
      // ULIDs, often minted in the same millisecond.
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** 40 }))
        .map(([t, r]) => ulid(1_700_000_000_000 + t, r)),
      // Ids that are not ULIDs still sort by string order.
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(idArb, valueArb), { maxLength: 120, selector: ([id]) => id }),
        (rows) => {
          const ids = rows.map(([id]) => id);
          const values = rows.map(([, v]) => v);
          const { order, rankOf } = rank(values, ids);
          const expected = naiveOrder(values, ids);
          expect(Array.from(order)).toEqual(expected);
          for (const [r, slot] of expected.entries()) expect(rankOf[slot]).toBe(r);
        },
      ),
    );
  });

  it('a long run of equal values, minted in a few milliseconds and listed out of order, is ordered by id', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 52 })),
          { minLength: 17, maxLength: 400, selector: ([t, r]) => `${t}:${r}` },
        ),
        (keys) => {
          const ids = keys.map(([t, r]) => ulid(1_700_000_000_000 + t, r));
          const values = ids.map(() => 0);
          expect(Array.from(rank(values, ids).order)).toEqual(naiveOrder(values, ids));
        },
      ),
    );
  });

  it('a run that mixes ULIDs with other ids falls back to string order', () => {
    const ids = Array.from({ length: 40 }, (_, k) =>
      k % 3 === 0 ? `legacy-${39 - k}` : ulid(1e12 + 40 - k),
    );
    const values = ids.map(() => 7);
    expect(Array.from(rank(values, ids).order)).toEqual(naiveOrder(values, ids));
  });
});
