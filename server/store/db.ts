import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;
type Statement = Database.Statement;

export interface OpenOptions {
  readonly readonly?: boolean;
}

/**
 * Open the database file (creating its folder), set the durability pragmas and bring the
 * schema up to date. synchronous=FULL with WAL means a committed transaction survives power
 * loss, which is what lets the server acknowledge a push right after COMMIT.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  if (!options.readonly) migrate(db);
  return db;
}

export function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  // IMMEDIATE: two processes starting at once (server and CLI) must not both apply a migration.
  const run = db.transaction(() => {
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  });
  if (MIGRATIONS.some((m) => !applied.has(m.version))) run.immediate();
}

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/** The prepared statement for this SQL on this connection, prepared once and reused. */
export function stmt(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

/** Copy the live database to `path` with SQLite's online backup: safe while the server writes. */
export async function backupDatabase(db: Db, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await db.backup(path);
}
