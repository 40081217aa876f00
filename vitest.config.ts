import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that run the built CLI (bin/leave-platform.js loads dist/) or built code in a child process form
 * the `built` project, whose globalSetup builds dist/ first when it is stale. They are found by what they
 * use, so that a new one cannot slip into the `unit` project and run stale code: the CLI's entry (`BIN`,
 * `runCliProcess` from test/helpers/cli.ts, or the path bin/leave-platform) or `assertDistFresh`.
 */
const USES_BUILD = /\b(BIN|runCliProcess|assertDistFresh)\b|bin\/leave-platform|'bin',\s*'leave-platform/;

const ROOT = fileURLToPath(new URL('.', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const BUILT_TESTS = testFiles(join(ROOT, 'test'))
  .filter((file) => USES_BUILD.test(readFileSync(file, 'utf8')))
  .map((file) => relative(ROOT, file).split('\\').join('/'));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start local servers and child processes; two cores on CI machines.
    maxWorkers: 2,
    // The JSON results let .ci/run print one plain "N passed, N failed" line at the end.
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
    projects: [
      {
        extends: true,
        // `npm run test:unit`: in-process and loopback only, no build needed.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...BUILT_TESTS] },
      },
      {
        extends: true,
        test: { name: 'built', include: BUILT_TESTS, globalSetup: ['test/helpers/buildDist.globalSetup.ts'] },
      },
    ],
  },
});
