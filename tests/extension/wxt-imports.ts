/**
 * What unit tests get for WXT's `#imports` (vitest.config.ts aliases it here): only the build
 * provides the real module. Storage items kept in memory, one store per test file, so a module
 * that defines an item at its top level (the rep's addresses, the selector-health record) can
 * be imported by a test that never touches it; a test about storage reads and clears
 * `storageValues`.
 */
/** The stored values by key (`local:myAddresses`): a test seeds or clears them here. */
export const storageValues = new Map<string, unknown>();
const values = storageValues;

export const storage = {
  defineItem<T>(key: string, options?: { fallback?: T }) {
    return {
      getValue: async (): Promise<T> =>
        (values.has(key) ? values.get(key) : options?.fallback) as T,
      setValue: async (value: T): Promise<void> => {
        values.set(key, value);
      },
      removeValue: async (): Promise<void> => {
        values.delete(key);
      },
      watch: (): (() => void) => () => undefined,
    };
  },
};
