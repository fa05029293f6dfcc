import { describe, expect, it } from 'vitest';
import { CALIBRATION_ENV, calibrationFromEnv, REFERENCE } from './calibration.ts';
import { formatFigure } from './report.ts';

const twiceAsSlow = {
  cpu: REFERENCE.cpu * 2,
  memory: REFERENCE.memory * 2,
  sqlite: REFERENCE.sqlite * 2,
  browser: REFERENCE.browser * 2,
};

describe('benchmark figures judged against the reference machine', () => {
  it('a time measured on a machine twice as slow is judged on half of it, and both are printed', () => {
    const line = formatFigure(
      { name: 'segmentation', value: 2_600, unit: 'ms', budget: 1_500, scale: 'cpu' },
      twiceAsSlow,
    );
    expect(line).toBe(
      'segmentation: 2600 ms raw, 1300 ms scaled (cpu ×2.00) (budget ≤ 1500 ms) OK',
    );
  });

  it('a time over budget even after scaling still reads OVER BUDGET', () => {
    const line = formatFigure(
      { name: 'push', value: 1_200, unit: 'ms', budget: 500, scale: 'sqlite' },
      twiceAsSlow,
    );
    expect(line).toMatch(/600 ms scaled .* OVER BUDGET$/);
  });

  it('a throughput measured on a slower machine is judged scaled up', () => {
    const line = formatFigure(
      { name: 'load', value: 1_500, unit: 'req/s', budget: 2_000, kind: 'min', scale: 'sqlite' },
      twiceAsSlow,
    );
    expect(line).toMatch(/3000 req\/s scaled .* OK$/);
  });

  it('a faster machine is held to more than the budget, not given slack', () => {
    const fast = { ...twiceAsSlow, cpu: REFERENCE.cpu / 2 };
    const line = formatFigure(
      { name: 'next actions', value: 60, unit: 'ms', budget: 100, scale: 'cpu' },
      fast,
    );
    expect(line).toMatch(/120 ms scaled \(cpu ×0\.50\) .* OVER BUDGET$/);
  });

  it('a figure that leans on two resources is scaled by the geometric mean of their slowdowns', () => {
    // SQLite as fast as the reference, memory four times as slow: the request is scaled by 2.
    const mixed = { ...twiceAsSlow, sqlite: REFERENCE.sqlite, memory: REFERENCE.memory * 4 };
    const line = formatFigure(
      { name: 'push', value: 800, unit: 'ms', budget: 500, scale: ['sqlite', 'memory'] },
      mixed,
    );
    expect(line).toBe('push: 800 ms raw, 400 ms scaled (sqlite+memory ×2.00) (budget ≤ 500 ms) OK');
  });

  it('ratios and sizes are judged as measured, whatever the calibration', () => {
    const line = formatFigure(
      { name: 'first sync / floor', value: 1.43, unit: '×', budget: 1.5 },
      twiceAsSlow,
    );
    expect(line).toBe('first sync / floor: 1.43 × (budget ≤ 1.50 ×) OK');
  });

  it('a browser figure from a run without Chromium says it is unscaled', () => {
    const line = formatFigure(
      { name: 'badge p95', value: 40, unit: 'ms', budget: 50, scale: 'browser' },
      { cpu: REFERENCE.cpu, memory: REFERENCE.memory, sqlite: REFERENCE.sqlite },
    );
    expect(line).toBe(
      'badge p95: 40.0 ms unscaled (no browser calibration in this run) (budget ≤ 50.0 ms) OK',
    );
  });

  it('a malformed calibration handed to a bench process is refused, not read as zero', () => {
    expect(() => calibrationFromEnv({ [CALIBRATION_ENV]: '{"cpu":0,"sqlite":10}' })).toThrow(/cpu/);
    expect(calibrationFromEnv({})).toBeUndefined();
  });
});
