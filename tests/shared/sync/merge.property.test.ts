/**
 * The convergence promises of the merge, checked over generated histories of one note row:
 * several browsers, edits made on top of whatever version each had seen (so some are sequential
 * and some concurrent), delivered in any order with replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  compareHlc,
  formatHlc,
  HlcClock,
  KEEP_LOSING_FIELDS,
  type MergeInput,
  mergeMutation,
  mergeRows,
  type StoredRow,
} from '../../../shared/sync/index.ts';

const ROW = '01HZ00000000000000000000N1';
const NODES = ['alice', 'bob', 'carol'] as const;
const keep = KEEP_LOSING_FIELDS.notes ?? [];
const T0 = 1_750_000_000_000;

interface Step {
  node: number;
  /** Advance of the shared wall clock before this edit, ms. */
  dt: number;
  /** This node's clock error, ms: lets concurrent edits land in either stamp order. */
  skew: number;
  /** -1: no base (unknown); -2: a base nobody in this history wrote; else an earlier edit. */
  parent: number;
  body: string | null | undefined;
  subject: string | undefined;
  deleted: boolean | undefined;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  node: fc.integer({ min: 0, max: NODES.length - 1 }),
  dt: fc.integer({ min: 0, max: 3 }),
  skew: fc.integer({ min: -4, max: 4 }),
  parent: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(-1, -2) },
    { weight: 6, arbitrary: fc.nat(40) },
  ),
  body: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'draft', 'final') },
    { weight: 1, arbitrary: fc.constantFrom('', null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  subject: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
  deleted: fc.option(fc.boolean(), { nil: undefined }),
});

/**
 * Turn steps into mutations the way browsers make them: the writer has received the version it
 * edits (so its clock is past it) and names that version's stamp as its base.
 */
function history(steps: readonly Step[]): MergeInput[] {
  let wall = T0;
  const skews = NODES.map(() => 0);
  const nodeClocks = NODES.map((n, i) => new HlcClock(n, () => wall + (skews[i] as number)));
  const out: MergeInput[] = [];
  for (const s of steps) {
    wall += s.dt;
    skews[s.node] = s.skew;
    const clock = nodeClocks[s.node] as HlcClock;
    const fields: Record<string, unknown> = {};
    if (s.body !== undefined) fields.body = s.body;
    if (s.subject !== undefined) fields.subject = s.subject;
    if (s.deleted !== undefined) fields.deleted = s.deleted;
    if (Object.keys(fields).length === 0) fields.body = 'touch';
    let base: string | undefined;
    if (s.parent === -2) base = formatHlc(T0 - 1_000, 0, 'ghost');
    else if (s.parent >= 0 && out.length > 0) {
      const parent = out[s.parent % out.length] as MergeInput;
      clock.receive(parent.hlc);
      base = parent.hlc;
    }
    // A base names the version of the field being written; edits of other fields have none.
    if (!('body' in fields)) base = undefined;
    const hlc = clock.tick();
    out.push(
      base === undefined
        ? { id: ROW, hlc, fields }
        : { id: ROW, hlc, fields, base: { body: base } },
    );
  }
  return out;
}

/** A delivery order: every mutation at least once, some replayed, shuffled. */
const deliveryArb = (n: number) =>
  fc
    .tuple(
      fc.array(fc.nat(), { minLength: n, maxLength: n }),
      fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat()), { maxLength: n }),
    )
    .map(([keys, replays]) =>
      [...keys.map((k, i) => ({ i, k })), ...replays.map(([i, k]) => ({ i, k }))]
        .sort((a, b) => a.k - b.k)
        .map((x) => x.i),
    );

interface Outcome {
  row: StoredRow;
  /** Kept text still standing: reported and not withdrawn, by stamp. */
  kept: Map<string, unknown>;
}

function deliver(mutations: readonly MergeInput[], order: readonly number[]): Outcome {
  let row: StoredRow | undefined;
  const reported = new Set<string>();
  const withdrawn = new Set<string>();
  const kept = new Map<string, unknown>();
  for (const i of order) {
    const m = mutations[i] as MergeInput;
    const r = mergeMutation(row, m, keep);
    row = r.row;
    for (const l of r.losing) {
      // Each version is reported at most once, and never after being withdrawn.
      expect(reported.has(l.hlc)).toBe(false);
      reported.add(l.hlc);
      kept.set(l.hlc, l.value);
    }
    for (const x of r.retracted) {
      expect(kept.has(x.hlc)).toBe(true);
      expect(withdrawn.has(x.hlc)).toBe(false);
      withdrawn.add(x.hlc);
      kept.delete(x.hlc);
    }
  }
  return { row: row as StoredRow, kept };
}

/** What any order must converge to, computed from the set of mutations alone. */
function expected(mutations: readonly MergeInput[]) {
  const fields: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  for (const m of mutations) {
    for (const [f, v] of Object.entries(m.fields)) {
      const s = stamps[f];
      if (s === undefined || compareHlc(m.hlc, s) > 0) {
        stamps[f] = m.hlc;
        fields[f] = v;
      }
    }
  }
  const builtOn = new Set(mutations.flatMap((m) => (m.base?.body ? [m.base.body] : [])));
  const kept = new Map<string, unknown>();
  for (const m of mutations) {
    const v = m.fields.body;
    if (typeof v === 'string' && v !== '' && m.hlc !== stamps.body && !builtOn.has(m.hlc)) {
      kept.set(m.hlc, v);
    }
  }
  return { fields, stamps, kept, builtOn };
}

const sorted = (m: Map<string, unknown>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe('sync merge convergence (property)', () => {
  it('ends with the same row and the same kept text whatever the delivery order and replays', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 14 }).chain((steps) => {
          const mutations = history(steps);
          return fc.tuple(
            fc.constant(mutations),
            deliveryArb(mutations.length),
            deliveryArb(mutations.length),
          );
        }),
        ([mutations, order1, order2]) => {
          const want = expected(mutations);
          const a = deliver(mutations, order1);
          const b = deliver(mutations, order2);
          for (const got of [a, b]) {
            expect(got.row.fields).toEqual(want.fields);
            expect(got.row.stamps).toEqual(want.stamps);
            expect(sorted(got.kept)).toEqual(sorted(want.kept));
          }
          expect(a.row).toEqual(b.row);
        },
      ),
      { numRuns: 1_500 },
    );
  });

  it('never silently drops note text: every text version is current, kept, or edited further into one that is', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 14 }).chain((steps) => {
          const mutations = history(steps);
          return fc.tuple(fc.constant(mutations), deliveryArb(mutations.length));
        }),
        ([mutations, order]) => {
          const { row, kept } = deliver(mutations, order);
          const children = new Map<string, MergeInput[]>();
          for (const m of mutations) {
            const b = m.base?.body;
            if (b !== undefined && compareHlc(b, m.hlc) < 0) {
              children.set(b, [...(children.get(b) ?? []), m]);
            }
          }
          // An edit that empties the body on purpose carries nothing further to keep.
          const isText = (v: unknown) => typeof v === 'string' && v !== '';
          const survives = (m: MergeInput): boolean =>
            m.hlc === row.stamps.body ||
            kept.has(m.hlc) ||
            (children.get(m.hlc) ?? []).some((c) => !isText(c.fields.body) || survives(c));
          for (const m of mutations) {
            const v = m.fields.body;
            if (typeof v === 'string' && v !== '') expect(survives(m)).toBe(true);
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it('applies a mutation twice as once (idempotent) and two mutations in either order alike', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        (steps, i, j) => {
          const ms = history(steps);
          const m1 = ms[i % ms.length] as MergeInput;
          const m2 = ms[j % ms.length] as MergeInput;
          const once = mergeMutation(undefined, m1, keep).row;
          const twice = mergeMutation(once, m1, keep);
          expect(twice.row).toBe(once);
          expect(twice.changed).toEqual([]);
          const ab = mergeMutation(mergeMutation(undefined, m1, keep).row, m2, keep).row;
          const ba = mergeMutation(mergeMutation(undefined, m2, keep).row, m1, keep).row;
          expect(ab.fields).toEqual(ba.fields);
          expect(ab.stamps).toEqual(ba.stamps);
          expect(ab).toEqual(ba);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('converges even when a broken client reuses one stamp for different values', () => {
    const hlc = formatHlc(T0, 0, 'broken');
    const valueArb = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        (values, keys) => {
          const ms = values.map((v) => ({ id: ROW, hlc, fields: { subject: v, body: v } }));
          const forward = ms.reduce<StoredRow | undefined>(
            (r, m) => mergeMutation(r, m, keep).row,
            undefined,
          );
          const shuffled = ms
            .map((m, i) => ({ m, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .reduce<StoredRow | undefined>((r, { m }) => mergeMutation(r, m, keep).row, undefined);
          expect(canonicalJson(shuffled?.fields)).toBe(canonicalJson(forward?.fields));
          expect(shuffled?.stamps).toEqual(forward?.stamps);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('merging copies of a row (property)', () => {
  /** A copy of the row as some replica holds it: some subset of the history applied. */
  const replicas = fc.array(stepArb, { minLength: 1, maxLength: 10 }).chain((steps) => {
    const ms = history(steps);
    const subset = fc.subarray(ms, { minLength: 1 });
    return fc.tuple(fc.constant(ms), subset, subset, subset);
  });
  const build = (ms: readonly MergeInput[]) =>
    ms.reduce<StoredRow | undefined>(
      (r, m) => mergeMutation(r, m, keep).row,
      undefined,
    ) as StoredRow;

  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(replicas, ([, s1, s2, s3]) => {
        const [a, b, c] = [build(s1), build(s2), build(s3)];
        expect(mergeRows(a, b)).toEqual(mergeRows(b, a));
        expect(mergeRows(mergeRows(a, b), c)).toEqual(mergeRows(a, mergeRows(b, c)));
        expect(mergeRows(a, a)).toEqual(mergeRows(a, a));
        expect(mergeRows(mergeRows(a, b), b)).toEqual(mergeRows(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('gives a client merging two copies the row the server has after all their mutations', () => {
    fc.assert(
      fc.property(replicas, ([, s1, s2]) => {
        const merged = mergeRows(build(s1), build(s2));
        const server = build([...s1, ...s2]);
        expect(merged.fields).toEqual(server.fields);
        expect(merged.stamps).toEqual(server.stamps);
        expect(merged.history).toEqual(server.history);
      }),
      { numRuns: 500 },
    );
  });
});
