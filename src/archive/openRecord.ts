/**
 * The checks every part (zip, tar, folder) makes before it opens an entry, and the cap it reads it with.
 */
import type { ArchiveEntry, ReadOptions } from './types.js';
import { closedArchiveError, entryTooLargeError, noSuchEntryError } from './archiveErrors.js';

export interface RecordToOpen<R> {
  record: R;
  /** How many bytes the stream may yield: the declared size, or `maxBytes` when that is smaller. */
  cap: number;
}

/**
 * The part's record for `entry`: the part must still be open and must have listed the entry, and an entry
 * whose declared size is over `options.maxBytes` is refused before any byte is read. The declared size is
 * untrusted, so the caller caps the stream at `cap` as well.
 */
export function recordToOpen<R extends { readonly entry: ArchiveEntry }>(
  archive: string,
  records: ReadonlyMap<string, R>,
  isClosed: boolean,
  entry: ArchiveEntry,
  options: ReadOptions | undefined,
): RecordToOpen<R> {
  if (isClosed) throw closedArchiveError(archive);
  const record = records.get(entry.path);
  if (!record) throw noSuchEntryError(archive, entry.path);
  const declared = record.entry.size;
  if (options?.maxBytes !== undefined && declared > options.maxBytes) {
    throw entryTooLargeError(archive, entry.path, declared, options.maxBytes);
  }
  return { record, cap: Math.min(options?.maxBytes ?? declared, declared) };
}
