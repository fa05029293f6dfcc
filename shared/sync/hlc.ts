/**
 * Hybrid logical clock stamps: `${wall ms, 15 digits}:${counter, base 36, 5 digits}:${node id}`.
 *
 * Wall and counter are fixed-width, so comparing two well-formed stamps as plain strings orders
 * them by wall, then counter, then node id: SQL `ORDER BY`/`MAX()` and `compareHlc` always agree.
 */

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
export const MAX_WALL = 10 ** WALL_DIGITS - 1;
export const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
/** How far ahead of this machine's clock a remote stamp may be before it is refused. */
export const MAX_HLC_DRIFT_MS = 24 * 60 * 60 * 1000;

const HLC = /^(\d{15}):([0-9a-z]{5}):([0-9A-Za-z_-]{1,32})$/;
const NODE_ID = /^[0-9A-Za-z_-]{1,32}$/;

export interface Hlc {
  readonly wall: number;
  readonly counter: number;
  readonly node: string;
}

/** A string that is not a clock stamp. */
export class HlcFormatError extends Error {
  override readonly name = 'HlcFormatError';
  readonly stamp: string;
  constructor(stamp: string) {
    super(`not a hybrid logical clock stamp: ${JSON.stringify(stamp.slice(0, 80))}`);
    this.stamp = stamp;
  }
}

/**
 * A remote stamp is further ahead of this machine's clock than MAX_HLC_DRIFT_MS allows.
 * Accepting it would drag every clock that hears of it into the future, and every later honest
 * edit would lose to whatever that broken clock wrote.
 */
export class HlcDriftError extends Error {
  override readonly name = 'HlcDriftError';
  readonly stamp: string;
  /** How far ahead of the local clock the stamp is, in ms. */
  readonly aheadMs: number;
  constructor(stamp: string, aheadMs: number) {
    super(
      `clock stamp ${stamp} is ${Math.round(aheadMs / 60_000)} minutes ahead of this clock; ` +
        'check the sending device’s date and time',
    );
    this.stamp = stamp;
    this.aheadMs = aheadMs;
  }
}

export function isHlc(s: string): boolean {
  return HLC.test(s);
}

export function parseHlc(s: string): Hlc {
  const m = HLC.exec(s);
  if (!m) throw new HlcFormatError(s);
  return { wall: Number(m[1]), counter: Number.parseInt(m[2] as string, 36), node: m[3] as string };
}

export function formatHlc(wall: number, counter: number, node: string): string {
  if (!Number.isInteger(wall) || wall < 0 || wall > MAX_WALL) {
    throw new RangeError(`clock wall time out of range: ${wall}`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`clock counter out of range: ${counter}`);
  }
  if (!NODE_ID.test(node)) throw new RangeError(`not a clock node id: ${JSON.stringify(node)}`);
  return `${String(wall).padStart(WALL_DIGITS, '0')}:${counter.toString(36).padStart(COUNTER_DIGITS, '0')}:${node}`;
}

/**
 * Orders well-formed stamps by wall time, then counter, then node id (so two devices writing in
 * the same millisecond still have a fixed winner). Plain string order, which is the same thing.
 */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The greatest of the stamps given; `undefined` entries are skipped. */
export function maxHlc(first: string, ...rest: readonly (string | undefined)[]): string;
export function maxHlc(...stamps: readonly (string | undefined)[]): string | undefined;
export function maxHlc(...stamps: readonly (string | undefined)[]): string | undefined {
  let max: string | undefined;
  for (const s of stamps) if (s !== undefined && (max === undefined || s > max)) max = s;
  return max;
}

export interface HlcClockOptions {
  /** Refuse remote stamps further ahead of `now()` than this; default 24 h. */
  readonly maxDriftMs?: number;
}

/**
 * One device's clock. `tick()` stamps a local edit; `receive()` must see every stamp this device
 * learns of (pulled rows, and on start the greatest stamp it has stored), so its next tick orders
 * after everything it has seen even if its wall clock is behind or jumps back.
 */
export class HlcClock {
  readonly nodeId: string;
  private readonly now: () => number;
  private readonly maxDriftMs: number;
  private wall = 0;
  private counter = 0;

  constructor(nodeId: string, now: () => number = Date.now, options: HlcClockOptions = {}) {
    if (!NODE_ID.test(nodeId)) {
      throw new RangeError(
        `clock node id must be 1–32 letters, digits, _ or -: ${JSON.stringify(nodeId)}`,
      );
    }
    this.nodeId = nodeId;
    this.now = now;
    this.maxDriftMs = options.maxDriftMs ?? MAX_HLC_DRIFT_MS;
  }

  /** A new stamp, greater than every stamp this clock has made or received. */
  tick(): string {
    const physical = this.physical();
    if (physical > this.wall) {
      this.wall = physical;
      this.counter = 0;
    } else if (this.counter < MAX_COUNTER) {
      this.counter++;
    } else {
      // Counter exhausted within one millisecond: borrow the next millisecond rather than wrap,
      // which would make this stamp sort before the previous one.
      this.wall++;
      this.counter = 0;
    }
    return formatHlc(this.wall, this.counter, this.nodeId);
  }

  /**
   * Advance past a stamp seen from elsewhere. Throws HlcFormatError for a malformed stamp and
   * HlcDriftError for one too far ahead of this machine's clock; the clock is unchanged then.
   */
  receive(remote: string): void {
    const { wall, counter } = parseHlc(remote);
    const aheadMs = wall - this.physical();
    if (aheadMs > this.maxDriftMs) throw new HlcDriftError(remote, aheadMs);
    if (wall > this.wall || (wall === this.wall && counter > this.counter)) {
      this.wall = wall;
      this.counter = counter;
    }
  }

  private physical(): number {
    const t = Math.floor(this.now());
    return Number.isFinite(t) ? Math.min(Math.max(t, 0), MAX_WALL) : 0;
  }
}
