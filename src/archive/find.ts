/**
 * Finding files in an export by basename/suffix and shape, never by one fixed path: every platform has
 * moved its files over the years, users re-pack archives inside a wrapper folder, and Takeout prefixes
 * every path with "Takeout/" (translated) in each part (reference/formats.md section 0).
 */
import type { ArchiveEntry, ArchiveSet } from './types.js';

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Entries whose basename equals `name` (case-insensitive) or matches the pattern. */
export function entriesNamed(archive: ArchiveSet, name: string | RegExp): ArchiveEntry[] {
  const test = typeof name === 'string'
    ? (b: string) => b.toLowerCase() === name.toLowerCase()
    : (b: string) => name.test(b);
  return archive.entries.filter((e) => test(basename(e.path)));
}

/**
 * Entries whose path ends with `suffix` at a path-segment boundary (case-insensitive):
 * `bySuffix(a, 'data/tweets.js')` finds `data/tweets.js` and `twitter-2024/data/tweets.js`,
 * not `mydata/tweets.js`.
 */
export function entriesWithSuffix(archive: ArchiveSet, suffix: string): ArchiveEntry[] {
  const s = suffix.toLowerCase().replace(/^\/+/, '');
  return archive.entries.filter((e) => {
    const p = e.path.toLowerCase();
    return p === s || p.endsWith('/' + s);
  });
}

/** The first entry with this suffix, or null. When several parts hold it, the first part wins. */
export function entryWithSuffix(archive: ArchiveSet, suffix: string): ArchiveEntry | null {
  return entriesWithSuffix(archive, suffix)[0] ?? null;
}

/** Entries under a folder named `folder` (any depth of wrapper above it), e.g. all of `tweets_media/`. */
export function entriesInFolder(archive: ArchiveSet, folder: string): ArchiveEntry[] {
  const f = '/' + folder.toLowerCase().replace(/^\/+|\/+$/g, '') + '/';
  return archive.entries.filter((e) => ('/' + e.path.toLowerCase()).includes(f));
}
