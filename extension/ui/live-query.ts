import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export interface LiveResult<T> {
  /** Undefined until the first answer. */
  readonly value: T | undefined;
  readonly error: unknown;
}

/**
 * Preact's answer to dexie-react-hooks' useLiveQuery, on Dexie's own `liveQuery`: the query
 * re-runs whenever a table range it read changes, in this page or any other context of the
 * extension (Dexie relays changes between them), so a sync in the background shows up here.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ value: undefined, error: undefined });
  useEffect(() => {
    setResult({ value: undefined, error: undefined });
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ value, error: undefined }),
      error: (error: unknown) => setResult((r) => ({ value: r.value, error })),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return result;
}
