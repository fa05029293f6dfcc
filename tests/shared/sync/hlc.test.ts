import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HlcString } from '../../../shared/schema/index.ts';
import {
  compareHlc,
  formatHlc,
  HlcClock,
  HlcDriftError,
  HlcFormatError,
  MAX_COUNTER,
  MAX_HLC_DRIFT_MS,
  maxHlc,
  parseHlc,
} from '../../../shared/sync/index.ts';

const T0 = 1_750_000_000_000;
const fixedClock = (start = T0) => {
  const c = { t: start, now: () => c.t };
  return c;
};

const nodeId = fc.stringMatching(/^[0-9A-Za-z_-]{1,32}$/);
const stamp = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999_999_999_999 }),
    fc.integer({ min: 0, max: MAX_COUNTER }),
    nodeId,
  )
  .map(([w, c, n]) => formatHlc(w, c, n));

/** The documented order, field by field: the reference compareHlc must agree with. */
const byComponents = (a: string, b: string): number => {
  const x = parseHlc(a);
  const y = parseHlc(b);
  return (
    Math.sign(x.wall - y.wall) ||
    Math.sign(x.counter - y.counter) ||
    (x.node < y.node ? -1 : x.node > y.node ? 1 : 0)
  );
};

describe('hybrid logical clock stamps', () => {
  it('are in the format the sync schema accepts', () => {
    const clock = new HlcClock('laptop-1', fixedClock().now);
    const s = clock.tick();
    expect(HlcString.safeParse(s).success).toBe(true);
    expect(s).toBe(`00${T0}:00000:laptop-1`);
    expect(parseHlc(s)).toEqual({ wall: T0, counter: 0, node: 'laptop-1' });
  });

  it('order by wall time, then counter, then node id, exactly as plain string comparison does', () => {
    fc.assert(
      fc.property(stamp, stamp, (a, b) => {
        const expected = byComponents(a, b);
        expect(Math.sign(compareHlc(a, b))).toBe(expected);
        expect(a < b ? -1 : a > b ? 1 : 0).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
    expect(compareHlc(formatHlc(5, 0, 'b'), formatHlc(5, 0, 'a'))).toBeGreaterThan(0);
    expect(compareHlc(formatHlc(5, 10, 'a'), formatHlc(5, 9, 'z'))).toBeGreaterThan(0);
    expect(compareHlc(formatHlc(6, 0, 'a'), formatHlc(5, MAX_COUNTER, 'z'))).toBeGreaterThan(0);
  });

  it('round-trip through parse and format', () => {
    fc.assert(
      fc.property(stamp, (s) => {
        const { wall, counter, node } = parseHlc(s);
        expect(formatHlc(wall, counter, node)).toBe(s);
      }),
    );
  });

  it('refuse malformed stamps with a typed error', () => {
    for (const bad of [
      '',
      'x',
      '1750000000000:00000:a',
      '001750000000000:0000A:a',
      '001750000000000:00000:',
    ]) {
      expect(() => parseHlc(bad)).toThrow(HlcFormatError);
    }
    expect(() => new HlcClock('no spaces')).toThrow(RangeError);
  });

  it('pick the latest stamp with maxHlc', () => {
    const a = formatHlc(1, 0, 'a');
    const b = formatHlc(1, 1, 'a');
    expect(maxHlc(a, b)).toBe(b);
    expect(maxHlc(b, undefined, a)).toBe(b);
    expect(maxHlc()).toBeUndefined();
  });
});

describe('a device clock', () => {
  it('never goes backwards when the wall clock does', () => {
    const wall = fixedClock();
    const clock = new HlcClock('a', wall.now);
    const first = clock.tick();
    wall.t -= 60_000;
    const second = clock.tick();
    expect(compareHlc(second, first)).toBeGreaterThan(0);
    expect(parseHlc(second)).toMatchObject({ wall: T0, counter: 1 });
  });

  it('borrows the next millisecond when the counter runs out', () => {
    const wall = fixedClock();
    const clock = new HlcClock('a', wall.now);
    clock.receive(formatHlc(T0, MAX_COUNTER, 'b'));
    const s = clock.tick();
    expect(parseHlc(s)).toMatchObject({ wall: T0 + 1, counter: 0 });
  });

  it('orders its next edit after any stamp it has received', () => {
    const wall = fixedClock();
    const clock = new HlcClock('slow', wall.now);
    const remote = formatHlc(T0 + 5_000, 7, 'fast');
    clock.receive(remote);
    expect(compareHlc(clock.tick(), remote)).toBeGreaterThan(0);
  });

  it('refuses a stamp more than a day ahead, and is unchanged by it', () => {
    const wall = fixedClock();
    const clock = new HlcClock('a', wall.now);
    const future = formatHlc(T0 + MAX_HLC_DRIFT_MS + 1, 0, 'broken');
    let error: unknown;
    try {
      clock.receive(future);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HlcDriftError);
    expect((error as HlcDriftError).name).toBe('HlcDriftError');
    expect((error as HlcDriftError).aheadMs).toBe(MAX_HLC_DRIFT_MS + 1);
    expect(parseHlc(clock.tick()).wall).toBe(T0);
    expect(() => clock.receive(formatHlc(T0 + MAX_HLC_DRIFT_MS, 0, 'ok'))).not.toThrow();
  });

  it('makes every stamp greater than all it made or received, whatever the wall clock does', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('tick' as const),
        dt: fc.integer({ min: -5_000, max: 5_000 }),
      }),
      fc.record({
        kind: fc.constant('receive' as const),
        dt: fc.integer({ min: -5_000, max: 5_000 }),
        ahead: fc.integer({ min: -10_000, max: 10_000 }),
        counter: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(MAX_COUNTER)),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const wall = fixedClock();
        const clock = new HlcClock('me', wall.now);
        let max: string | undefined;
        const made = new Set<string>();
        for (const s of steps) {
          wall.t += s.dt;
          if (s.kind === 'tick') {
            const t = clock.tick();
            expect(max === undefined || compareHlc(t, max) > 0).toBe(true);
            expect(made.has(t)).toBe(false);
            made.add(t);
            max = t;
          } else {
            const remote = formatHlc(Math.max(0, wall.t + s.ahead), s.counter, 'other');
            clock.receive(remote);
            max = maxHlc(remote, max);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
