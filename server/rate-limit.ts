import type { RateLimit } from './config.ts';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (a device token's id, or a client address): `burst` requests at once,
 * refilled at `perSecond`. take() returns 0 when the request may go ahead, else the seconds to
 * wait; peek() answers the same without spending anything.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  take(key: string): number {
    return this.check(key, true);
  }

  peek(key: string): number {
    return this.check(key, false);
  }

  private check(key: string, spend: boolean): number {
    if (this.limit.perSecond <= 0) return 0;
    const now = this.clock();
    this.sweep(now);
    let b = this.buckets.get(key);
    if (!b) {
      // An untouched bucket is full: looking at it needs no entry.
      if (!spend) return 0;
      b = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      if (spend) b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  // Full buckets carry no information: drop them now and then so idle devices cost nothing.
  private sweep(now: number): void {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    const fullAfterMs = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, b] of this.buckets) if (now - b.at > fullAfterMs) this.buckets.delete(key);
  }
}
