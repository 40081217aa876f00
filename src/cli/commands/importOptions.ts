/** `import`'s option values, checked and turned into what the use case takes (UsageError on a mistake, exit 2). */
export { parseDuration, postOptionsOf, type PostFlags } from '../../app/import/options.js';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ALL_FINDERS } from '../../app/runResolve.js';
import { checkArchivePaths } from '../../archive/open.js';
import { InputError, UsageError } from '../../errors.js';
import { parseMapCsv } from '../../resolve/finders/map.js';
import type { FinderName } from '../../model/match.js';

export function parseFinders(list: string): Set<FinderName> {
  const out = new Set<FinderName>();
  for (const name of splitList(list)) {
    if (!(ALL_FINDERS as readonly string[]).includes(name)) {
      throw new UsageError(`--finders: "${name}" is not a finder.`, { hint: `Choose from ${ALL_FINDERS.join(', ')}.` });
    }
    out.add(name as FinderName);
  }
  return out;
}

export function splitList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface ImportPaths {
  archives: readonly string[];
  report: string | null;
  csv: string | null;
  maps: readonly string[];
}

/**
 * Every path the command names, checked before any work (no parsing, no request): a mistake found after
 * minutes of resolving is a wasted run, and an existing file named by --csv used to surface only at the
 * very end as "failed unexpectedly: EEXIST" (issue 10 item 3). Exit 2 for each.
 */
export async function checkImportPaths(paths: ImportPaths): Promise<void> {
  await checkArchivePaths(paths.archives);
  if (paths.csv !== null) await checkOutputFolder('--csv', paths.csv);
  if (paths.report !== null) await checkOutputFile('--report', paths.report);
  for (const file of paths.maps) await checkMapFile(file);
}

/** A folder to write into: a folder already (not a file), or one that can be made where it is named. */
export async function checkOutputFolder(option: string, dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info !== null && !info.isDirectory()) {
    throw new UsageError(`${option} ${dir} is a file, not a folder.`, { hint: `Name a folder (it is made if needed), e.g. ${option} mastodon-import.` });
  }
  await checkWritable(option, info !== null ? dir : await nearestExisting(option, dir), dir);
}

/** A file to write: not a folder, and its folder (made if needed) can be written. */
export async function checkOutputFile(option: string, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) throw new UsageError(`${option} ${file} is a folder, not a file.`, { hint: `Name a file, e.g. ${option} report.html.` });
  await checkWritable(option, await nearestExisting(option, dirname(resolve(file))), file);
}

/** A --map file: there, readable, and CSV with its "source,handle" header (parseMapCsv's InputError, exit 2). */
export async function checkMapFile(file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputError(`Cannot read the map file ${file}: ${(cause as Error).message}.`, { cause, file, hint: 'Check the path given to --map.' });
  }
  parseMapCsv(text, file);
}

/** The closest folder that exists on the way to `path` (mkdir -p starts there); a file on the way is a mistake. */
async function nearestExisting(option: string, path: string): Promise<string> {
  let at = resolve(path);
  for (;;) {
    const info = await stat(at).catch(() => null);
    if (info !== null) {
      if (!info.isDirectory()) throw new UsageError(`${option} ${path}: ${at} is a file, so no folder can be made there.`);
      return at;
    }
    const up = dirname(at);
    if (up === at) return at;
    at = up;
  }
}

async function checkWritable(option: string, folder: string, given: string): Promise<void> {
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (cause) {
    throw new UsageError(`${option} ${given}: cannot write in ${folder}.`, { cause, hint: 'Name a place you can write to.' });
  }
}
