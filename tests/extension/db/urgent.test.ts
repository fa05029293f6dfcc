import { describe, expect, it } from 'vitest';
import {
  urgent,
  urgentElsewhere,
  watchUrgent,
  yieldToUrgent,
} from '../../../extension/db/urgent.ts';

describe('bulk reads give way to a search', () => {
  it('holds a bulk reader while a search runs and for a moment after, then lets it go', async () => {
    let finish: () => void = () => undefined;
    const search = urgent(() => new Promise<void>((ok) => (finish = ok)));
    let resumed = false;
    const bulk = yieldToUrgent().then(() => {
      resumed = true;
    });
    await new Promise((ok) => setTimeout(ok, 50));
    expect(resumed).toBe(false);
    finish();
    await search;
    const ended = performance.now();
    await bulk;
    expect(resumed).toBe(true);
    // Keystrokes come in bursts: the reader waits out a quiet moment after the search.
    expect(performance.now() - ended).toBeGreaterThanOrEqual(250);
  });

  it('lets a bulk reader go at once when no search has run lately', async () => {
    await new Promise((ok) => setTimeout(ok, 350));
    const started = performance.now();
    await yieldToUrgent();
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("a worker's bulk reads give way to its page's search: the page says when one starts and ends", async () => {
    // The page's side: what it tells its worker.
    const told: boolean[] = [];
    const unwatch = watchUrgent((busy) => told.push(busy));
    await urgent(async () => {
      await urgent(async () => undefined);
    });
    unwatch();
    expect(told).toEqual([true, false]);

    // The worker's side: told the page's search started, its bulk reader waits until it ended.
    await new Promise((ok) => setTimeout(ok, 350));
    urgentElsewhere(true);
    let resumed = false;
    const bulk = yieldToUrgent().then(() => {
      resumed = true;
    });
    await new Promise((ok) => setTimeout(ok, 50));
    expect(resumed).toBe(false);
    urgentElsewhere(false);
    await bulk;
    expect(resumed).toBe(true);
  });
});
