#!/usr/bin/env node
/**
 * Runs every bench/*.bench.mjs in turn (`npm run bench`, after `npm run build`). Each bench builds what it
 * needs under .bench-cache/ (gitignored, kept between runs), measures in child processes and prints a table.
 *   node bench/run.mjs               every bench
 *   node bench/run.mjs parse-twitter only bench/parse-twitter.bench.mjs
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.mjs$/, '')))
  .sort();
let failed = false;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const module = await import(pathToFileURL(join(here, file)).href);
  const ok = await module.run();
  if (ok === false) failed = true;
}
process.exitCode = failed ? 1 : 0;
