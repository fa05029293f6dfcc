import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // WXT's virtual module exists only in its build: unit tests get an in-memory stand-in.
  resolve: { alias: { '#imports': resolve('tests/extension/wxt-imports.ts') } },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
  },
});
