import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: Debian's Chromium driving the built extension (npm run build first).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two Chromium instances at once already fill both cores.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
