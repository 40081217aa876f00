/**
 * An already-extracted export folder. Walked once at open; files are streamed on demand.
 * Symlinks are followed only when they point to a file inside the folder: a link out of it (or to a
 * folder, which could loop) is ignored, so a crafted folder cannot make us read ~/.ssh or loop forever.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ArchivePart } from './types.js';
import { checkEntryName } from './names.js';
import type { ArchiveLimits } from './limits.js';
import { tooManyEntriesError, unreadablePathError } from './archiveErrors.js';
import { filesPart, type FileRecord } from './filesPart.js';


function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep);
}

export async function openFolderPart(folder: string, archive: string, limits: ArchiveLimits): Promise<ArchivePart> {
  const root = await realpath(folder);
  const records = new Map<string, FileRecord>();
  const pending: string[] = [''];
  let seen = 0;
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let dirents;
    try {
      dirents = await readdir(join(root, dir), { withFileTypes: true });
    } catch (error) {
      throw unreadablePathError(dir === '' ? archive : join(archive, dir), error);
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of dirents) {
      if (++seen > limits.maxEntries) throw tooManyEntriesError(archive, limits.maxEntries);
      const rel = dir === '' ? dirent.name : `${dir}/${dirent.name}`;
      if (dirent.isDirectory()) {
        if (dirent.name !== '__MACOSX') pending.push(rel);
        continue;
      }
      let file = join(root, rel);
      if (dirent.isSymbolicLink()) {
        const target = await realpath(file).catch(() => null);
        if (target === null || !isInside(root, target)) continue;
        file = target;
      } else if (!dirent.isFile()) {
        continue;
      }
      const info = await stat(file).catch(() => null);
      if (info === null || !info.isFile()) continue;
      const checked = checkEntryName(rel);
      // A folder's own names cannot escape it; 'unsafe' here can only be an odd but real name: skip it.
      if (checked.kind !== 'keep') continue;
      records.set(checked.path, { entry: { path: checked.path, size: info.size, archive }, file });
    }
  }

  return filesPart(archive, 'folder', records);
}
