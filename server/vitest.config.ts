import { defineConfig } from 'vitest/config';

/**
 * The server's tests: in Node, against a real PostgreSQL (test/globalSetup.ts finds or starts
 * one). Run from the project root: `npm run test:server`.
 */
export default defineConfig({
  // The browser's store, which the device sync tests run, names its snapshots' format with it.
  define: { __SNAPSHOT_VERSION__: JSON.stringify('device-sync-test') },
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
