/** Finding the JSON files of a Meta export by basename, in the order of their numbered parts. */
import { basename } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';

/** Entries whose basename matches, sorted by folder and then by part number (`_2` before `_10`). */
export function entriesMatching(archive: ArchiveSet, pattern: RegExp): ArchiveEntry[] {
  return archive.entries
    .filter((e) => pattern.test(basename(e.path)))
    .sort(byPathThenPart);
}

function byPathThenPart(a: ArchiveEntry, b: ArchiveEntry): number {
  const [pa, na] = splitPart(a.path);
  const [pb, nb] = splitPart(b.path);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return na - nb;
}

/** "x/followers_12.json" → ["x/followers", 12]; unnumbered files sort first as part 0. */
function splitPart(path: string): [string, number] {
  const m = /^(.*?)(?:_(\d+))?\.[a-z]+$/i.exec(path);
  return m ? [m[1]!.toLowerCase(), m[2] ? Number(m[2]) : 0] : [path.toLowerCase(), 0];
}

/** True when the entry sits (at any depth) under a folder of this name. */
export function isUnder(entry: ArchiveEntry, folder: string): boolean {
  return ('/' + entry.path.toLowerCase()).includes('/' + folder.toLowerCase() + '/');
}
