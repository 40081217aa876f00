/**
 * An archive part whose entries are plain files on disk (an extracted folder, one bare export file):
 * each is streamed on demand, read up to the size seen at listing and capped, and every stream still
 * open is closed with the part.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { ArchiveEntry, ArchivePart, ReadOptions } from './types.js';
import { cappedStream } from './capStream.js';
import { entryOverCapError, entryReadError } from './archiveErrors.js';
import { recordToOpen } from './openRecord.js';

export interface FileRecord {
  readonly entry: ArchiveEntry;
  /** The real file to read (a symlink already resolved to a file inside the folder). */
  readonly file: string;
}

export function filesPart(archive: string, kind: ArchivePart['kind'], records: ReadonlyMap<string, FileRecord>): ArchivePart {
  const entries = [...records.values()].map((r) => r.entry);
  /** Streams handed out and not yet closed, with a promise of their fd being closed. */
  const active = new Map<Readable, Promise<unknown>>();
  let isClosed = false;

  return {
    name: archive,
    kind,
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
