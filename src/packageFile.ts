/**
 * Files the package ships beside its code (package.json, schema/), found from wherever the code runs: src/
 * (tests), dist/ (tsc's output) or dist/leave-platform.js (the bundle, one file for all modules, so a path
 * relative to a module's own place would differ between them). The package's root is the nearest folder
 * above this module that holds a package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The absolute path of `relative` (e.g. `schema/batch.schema.json`) in the installed package. */
export function packageFile(relative: string): string {
  root ??= packageRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, relative);
}

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`leave-platform is installed without its package.json (looked above ${from})`);
  }
}
