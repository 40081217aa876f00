import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start local servers and child processes; two cores on CI machines.
    maxWorkers: 2,
    // The JSON results let .ci/run print one plain "N passed, N failed" line at the end.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
  },
});
