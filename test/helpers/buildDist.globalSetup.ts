/**
 * Vitest globalSetup of the tests that run the built CLI (the `built` project in vitest.config.ts):
 * builds dist/ once before them when it is stale, and not at all when it is fresh (after `npm ci`, whose
 * `prepare` builds, or a `npm run build`). A build that writes no output stops the run with tsc's own
 * errors; type errors alone are shown and left to `npm run typecheck`.
 * Two vitest runs at once build one after the other, under a lock in .tmp/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { systemClock } from '../../src/clock.js';
import { acquireLock, JournalLockedError, type LockHandle } from '../../src/journal/lock.js';
import { distStaleness, ROOT } from './distFreshness.js';

const WAIT_FOR_OTHER_BUILD_MS = 180_000;

export default async function setup(): Promise<void> {
  if (distStaleness() === null) return;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const lock = await buildLock(join(ROOT, '.tmp', 'build.lock'));
  try {
    // Another run may have built while this one waited.
    const stale = distStaleness();
    if (stale === null) return;
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const started = Date.now();
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) {
      const output = `${run.stdout}${run.stderr}`.trim().split('\n').slice(0, 40).join('\n');
      // tsc emits despite type errors: when every output was written, the tests run the code on disk and
      // the errors are `npm run typecheck`'s to fail on (CI runs it); when outputs are missing, stop here.
      const stillStale = distStaleness();
      if (stillStale) {
        throw new Error(`Building dist/ for the tests that run the CLI failed (tsc -p tsconfig.build.json, exit ${run.status}; ${stillStale}):\n${output}`);
      }
      console.warn(`dist/ was built, but tsc reported type errors (\`npm run typecheck\` fails on them):\n${output}`);
    }
    const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (bundle.status !== 0) throw new Error(`Bundling dist/ for the tests that run the CLI failed (scripts/bundle.mjs, exit ${bundle.status}):\n${bundle.stdout}${bundle.stderr}`);
    console.log(`built dist/ (${stale}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await lock.release();
  }
}

async function buildLock(file: string): Promise<LockHandle> {
  const end = Date.now() + WAIT_FOR_OTHER_BUILD_MS;
  for (;;) {
    try {
      return await acquireLock(file, { clock: systemClock });
    } catch (error) {
      if (!(error instanceof JournalLockedError) || Date.now() > end) throw error;
      await systemClock.sleep(250);
    }
  }
}
