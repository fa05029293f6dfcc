import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: Debian's Chromium and Firefox ESR (tests/e2e/firefox/) driving the
// built extensions (npm run build and npm run build:firefox first; npm test runs both).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two browser instances at once already fill both cores.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
