import { defineConfig } from 'vitest/config';

/**
 * The server's tests: in Node, against a real PostgreSQL (test/globalSetup.ts finds or starts
 * one). Run from the project root: `npm run test:server`.
 */
export default defineConfig({
  test: {
    name: 'server',
    root: import.meta.dirname,
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    // A busy two-core machine: concurrency tests wait on PostgreSQL, not on tight timers.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
