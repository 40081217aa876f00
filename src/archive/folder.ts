/**
 * An already-extracted export folder. Walked once at open; files are streamed on demand.
 * Symlinks are followed only when they point to a file inside the folder: a link out of it (or to a
 * folder, which could loop) is ignored, so a crafted folder cannot make us read ~/.ssh or loop forever.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ArchiveEntry, ArchivePart, ReadOptions } from './types.js';
import { checkEntryName } from './names.js';
import type { ArchiveLimits } from './limits.js';
import { cappedStream } from './capStream.js';
import { entryOverCapError, entryReadError, tooManyEntriesError, unreadablePathError } from './archiveErrors.js';
import { recordToOpen } from './openRecord.js';

interface FolderRecord {
  readonly entry: ArchiveEntry;
  /** The real file to read (a symlink already resolved to a file inside the folder). */
  readonly file: string;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !rel.startsWith(sep);
}

export async function openFolderPart(folder: string, archive: string, limits: ArchiveLimits): Promise<ArchivePart> {
  const root = await realpath(folder);
  const records = new Map<string, FolderRecord>();
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

  const entries = [...records.values()].map((r) => r.entry);
  /** Streams handed out and not yet closed, with a promise of their fd being closed. */
  const active = new Map<Readable, Promise<unknown>>();
  let isClosed = false;

  return {
    name: archive,
    kind: 'folder',
    entries: () => entries,
    async open(entry: ArchiveEntry, options?: ReadOptions): Promise<Readable> {
      const { record, cap } = recordToOpen(archive, records, isClosed, entry, options);
      const declared = record.entry.size;
      if (declared === 0) return Readable.from([], { objectMode: false });
      // Read the size seen at listing and no more, even if the file grew since.
      const source = createReadStream(record.file, { start: 0, end: declared - 1 });
      const fdClosed = once(source, 'close').catch(() => undefined);
      const stream = cappedStream(source, {
        cap,
        overCap: () => entryOverCapError(archive, entry.path, cap),
        wrapError: (error) => entryReadError(archive, entry.path, error),
        onClose: () => active.delete(stream),
      });
      active.set(stream, fdClosed);
      return stream;
    },
    async close(): Promise<void> {
      if (isClosed) return;
      isClosed = true;
      const closing = [...active].map(([stream, fdClosed]) => {
        stream.destroy();
        return fdClosed;
      });
      active.clear();
      await Promise.all(closing);
    },
  };
}
