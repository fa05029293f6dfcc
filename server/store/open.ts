import type { Config } from '../config.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where a server's data lives: the embedded SQLite file, or a PostgreSQL database. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export const storeLocation = (
  config: Pick<Config, 'databasePath' | 'databaseUrl'>,
): StoreLocation =>
  config.databaseUrl === undefined
    ? { kind: 'sqlite', path: config.databasePath }
    : { kind: 'postgres', url: config.databaseUrl };

/** A location from the command line: a PostgreSQL URL, or else the path of a SQLite file. */
export const locationOf = (raw: string): StoreLocation =>
  /^postgres(ql)?:\/\//.test(raw) ? { kind: 'postgres', url: raw } : { kind: 'sqlite', path: raw };

/** Where a location is, for messages: a URL without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return location.path;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * Open (and migrate) the store at a location. The PostgreSQL client is loaded only when one is
 * used, so the embedded default does not pay for it.
 */
export async function openStore(
  location: StoreLocation,
  options: { readonly connections?: number } = {},
): Promise<Store> {
  if (location.kind === 'sqlite') return SqliteStore.open(location.path);
  const { PostgresStore } = await import('./postgres/store.ts');
  return PostgresStore.open(
    location.url,
    options.connections === undefined ? {} : { max: options.connections },
  );
}
