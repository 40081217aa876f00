/**
 * Is dist/ built from the src/ on disk? Tests that run the real CLI (bin/leave-platform.js loads dist/)
 * would otherwise pass or fail on stale code. tsc rewrites every output on each build, so dist/ is fresh
 * when each src/**.ts has its dist/**.js and none of them, nor a tsconfig, is newer than it, and the
 * bundle (dist/leave-platform.js) was made after them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Why dist/ is stale (one sentence naming a file), or null when it is fresh. */
export function distStaleness(root = ROOT): string | null {
  const src = join(root, 'src');
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(root, f)).mtimeMs);
  const newestConfig = Math.max(...configs);
  let newestOut = 0;
  for (const file of sources(src)) {
    const out = join(root, 'dist', relative(src, file).replace(/\.ts$/, '.js'));
    const built = statSync(out, { throwIfNoEntry: false });
    if (!built) return `${relative(root, out)} is missing`;
    if (built.mtimeMs < statSync(file).mtimeMs) return `${relative(root, file)} changed after ${relative(root, out)} was built`;
    if (built.mtimeMs < newestConfig) return `a tsconfig changed after ${relative(root, out)} was built`;
    newestOut = Math.max(newestOut, built.mtimeMs);
  }
  // The bin runs the bundle that scripts/bundle.mjs makes from tsc's output: it must be newer than both.
  const bundle = statSync(join(root, BUNDLE), { throwIfNoEntry: false });
  if (!bundle) return `${BUNDLE} is missing`;
  if (bundle.mtimeMs < newestOut) return `${BUNDLE} is older than tsc's output`;
  if (bundle.mtimeMs < statSync(join(root, 'scripts', 'bundle.mjs')).mtimeMs) return `scripts/bundle.mjs changed after ${BUNDLE} was built`;
  return null;
}

/** The one file bin/leave-platform.js loads. */
export const BUNDLE = 'dist/leave-platform.js';

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** For tests that spawn dist/: fails with the reason and the fix when dist/ is stale. */
export function assertDistFresh(): void {
  const stale = distStaleness();
  if (stale) {
    throw new Error(
      `dist/ is stale (${stale}): this test runs the built CLI. Run \`npm run build\`, or list the test in ` +
        'BUILT_TESTS in vitest.config.ts so that vitest builds first.',
    );
  }
}
