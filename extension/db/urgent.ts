/**
 * Reads a person is waiting for (a search after a keystroke) before bulk reads nobody is
 * watching (the Book page loading 100k rows): IndexedDB answers a page's requests in order, so
 * a search issued while a large chunk is being read waits for it, round trip after round trip.
 * Bulk readers call `yieldToUrgent()` between chunks; urgent work is wrapped in `urgent()`.
 * Per JavaScript context: each page has its own queue to protect.
 */
let inFlight = 0;
let waiters: (() => void)[] = [];
let lastEnded = Number.NEGATIVE_INFINITY;

/**
 * Bulk reads stay paused this long after urgent work ends: keystrokes come in bursts, and a
 * chunk issued between two of them would hold up the next search.
 */
const QUIET_MS = 300;

function wakeWhenQuiet(): void {
  const left = lastEnded + QUIET_MS - performance.now();
  if (inFlight > 0) return;
  if (left > 0) {
    setTimeout(wakeWhenQuiet, left);
    return;
  }
  const ready = waiters;
  waiters = [];
  for (const wake of ready) wake();
}

/** Told when this context's urgent work starts (true) and when none is left (false). */
const watchers = new Set<(busy: boolean) => void>();

function begin(): void {
  inFlight++;
  if (inFlight === 1) for (const w of watchers) w(true);
}

function end(): void {
  inFlight--;
  lastEnded = performance.now();
  if (inFlight === 0) {
    for (const w of watchers) w(false);
    if (waiters.length > 0) setTimeout(wakeWhenQuiet, QUIET_MS);
  }
}

export async function urgent<T>(work: () => Promise<T>): Promise<T> {
  begin();
  try {
    return await work();
  } finally {
    end();
  }
}

/**
 * Follow this context's urgent work: a worker doing a page's bulk reads is told, so that they
 * give way to the page's searches too (see urgentElsewhere). Returns the unsubscribe.
 */
export function watchUrgent(watcher: (busy: boolean) => void): () => void {
  watchers.add(watcher);
  return () => {
    watchers.delete(watcher);
  };
}

/** In a worker: the page that owns it started (true) or ended (false) urgent work. */
export function urgentElsewhere(busy: boolean): void {
  if (busy) begin();
  else if (inFlight > 0) end();
}

/** Resolves at once, or once no urgent work has been in flight for a moment. */
export function yieldToUrgent(): Promise<void> {
  if (inFlight === 0 && performance.now() - lastEnded >= QUIET_MS) return Promise.resolve();
  const waiting = new Promise<void>((ok) => waiters.push(ok));
  if (inFlight === 0) setTimeout(wakeWhenQuiet, lastEnded + QUIET_MS - performance.now());
  return waiting;
}
