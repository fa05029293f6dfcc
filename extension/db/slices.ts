/** Lets other work of this context (a keystroke's search, a message, a frame) run. */
export const pause = (): Promise<void> => new Promise<void>((ok) => setTimeout(ok, 0));

/**
 * Yields once `sliceMs` of work has passed since the last yield: long CPU work (an index
 * build, a whole-book refresh) comes in slices short enough for a search or a badge lookup to
 * run in between, without paying a timer's clamp (4 ms once timers nest) after every small step.
 */
export function slicer(sliceMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await pause();
    since = performance.now();
  };
}
