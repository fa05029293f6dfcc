/**
 * One line per figure: name, measured value, budget, and whether it is within budget.
 * Benchmarks never fail `npm test`; `npm run bench` exits non-zero only if one crashes.
 */
import { type Calibration, calibrationFromEnv, type Resource, slowdown } from './calibration.ts';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The budget from the design or the issue; omit for figures reported for information. */
  readonly budget?: number;
  /** 'max': value must be ≤ budget (times, sizes); 'min': value must be ≥ budget (throughput). */
  readonly kind?: 'max' | 'min';
  /**
   * The resource an absolute budget depends on: the figure is judged scaled to the reference
   * machine by that resource's calibration (tests/bench/calibration.ts); by the geometric mean
   * of several when it leans on each (a server's request is SQLite and JavaScript heap alike).
   * Omit for sizes, counts and ratios to a floor measured in the same run.
   */
  readonly scale?: Resource | readonly Resource[];
}

export function formatFigure(f: Figure, calibration?: Calibration): string {
  const kind = f.kind ?? 'max';
  const resources = f.scale === undefined ? [] : typeof f.scale === 'string' ? [f.scale] : f.scale;
  const factor = calibration ? slowdown(calibration, resources) : undefined;
  // A machine twice as slow takes twice as long and serves half the requests a second.
  const judged =
    factor === undefined ? f.value : kind === 'max' ? f.value / factor : f.value * factor;
  let value = `${round(f.value)} ${f.unit}`;
  if (factor !== undefined) {
    value += ` raw, ${round(judged)} ${f.unit} scaled (${resources.join('+')} ×${factor.toFixed(2)})`;
  } else if (resources.length > 0 && f.budget !== undefined) {
    value += ` unscaled (no ${resources.join('+')} calibration in this run)`;
  }
  if (f.budget === undefined) return `${f.name}: ${value}`;
  const ok = kind === 'max' ? judged <= f.budget : judged >= f.budget;
  const op = kind === 'max' ? '≤' : '≥';
  return `${f.name}: ${value} (budget ${op} ${round(f.budget)} ${f.unit}) ${ok ? 'OK' : 'OVER BUDGET'}`;
}

const round = (n: number): string =>
  n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

const runCalibration = calibrationFromEnv();

export function report(f: Figure): void {
  console.log(formatFigure(f, runCalibration));
}

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Median wall time in ms of `runs` calls after `warmup` unmeasured ones. */
export async function timeMedian(fn: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return percentile(samples, 50);
}
