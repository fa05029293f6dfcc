import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Server tests about SQLite itself, which the PostgreSQL run leaves out. Every other server test
 * goes through HTTP, the CLI or the Store interface and holds on both stores.
 */
const SQLITE_ONLY = [
  // SIGKILLs the server mid-push: what it proves is that the SQLite file's WAL keeps every ack.
  'tests/server/crash-safety.test.ts',
  // applyPushGroup's savepoints, driven on a raw SQLite connection.
  'tests/server/group-commit.test.ts',
  // applyPush and pruneAppliedMutations on a raw SQLite connection.
  'tests/server/mutation-ids.test.ts',
  // pullCacheUsage and setPullCacheBudget: the SQLite store's recent-changes cache.
  'tests/server/pull-cache-budget.test.ts',
  // The SQLite store's pull windows against pullFromDb, on a raw connection.
  'tests/server/pull-window.test.ts',
];

/** PostgreSQL only already (each makes databases of its own): they run once, in `unit`. */
const POSTGRES_ONLY = ['tests/server/postgres-*.test.ts'];

export default defineConfig({
  // WXT's virtual module exists only in its build: unit tests get an in-memory stand-in.
  resolve: { alias: { '#imports': resolve('tests/extension/wxt-imports.ts') } },
  test: {
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one worker on a 2-core CI machine.
    // Most server tests wait on child processes, sockets and fsyncs, so two keep both cores busy.
    maxWorkers: 2,
    testTimeout: 30_000,
    // include and exclude are per project: a project's arrays would be added to the root's.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
        },
      },
      {
        // The server suite again, each server on a fresh PostgreSQL database (startTestServer).
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['tests/server/**/*.test.ts'],
          exclude: [...SQLITE_ONLY, ...POSTGRES_ONLY, 'node_modules/**'],
          env: { ACCOUNT_LENS_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
});
