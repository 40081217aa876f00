/**
 * One bare export file, as export pages hand some of them out: Mastodon's `following_accounts.csv`,
 * TikTok's `user_data_tiktok.json`, LinkedIn's `Connections.csv` (issue 10 item 3). It is a part of one
 * entry named by the file's own name, so platform detection, which looks at entry names, works on it as
 * on the same file inside a zip.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import type { ArchiveEntry, ArchivePart, ReadOptions } from './types.js';
import { cappedStream } from './capStream.js';
import { entryOverCapError, entryReadError } from './archiveErrors.js';
import { recordToOpen } from './openRecord.js';

/** The names an export file may end with: the formats the platforms export in (JSON, Twitter's .js, CSV). */
export const SINGLE_FILE_EXTENSIONS: readonly string[] = ['.json', '.js', '.csv'];

export function openSingleFilePart(file: string, archive: string, size: number): ArchivePart {
  const entry: ArchiveEntry = { path: basename(file), size, archive };
  const records = new Map([[entry.path, { entry }]]);
  const active = new Map<Readable, Promise<unknown>>();
  let isClosed = false;
  return {
    name: archive,
    kind: 'file',
    entries: () => [entry],
    async open(wanted: ArchiveEntry, options?: ReadOptions): Promise<Readable> {
      const { cap } = recordToOpen(archive, records, isClosed, wanted, options);
      if (size === 0) return Readable.from([], { objectMode: false });
      // The size seen when the part was opened and no more, even if the file grew since.
      const source = createReadStream(file, { start: 0, end: size - 1 });
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
