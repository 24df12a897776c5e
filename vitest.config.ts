import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every response the API suites receive is checked against the served OpenAPI document.
    setupFiles: ['test/support/contract-setup.ts'],
    // Tests that start the real server run the compiled one (test/support/server-process.ts).
    globalSetup: ['test/support/contract-tally.ts', 'test/support/build-server.ts'],
  },
});
