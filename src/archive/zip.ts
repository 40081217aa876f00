/**
 * A .zip part (zip64 and multi-GB included) read with yauzl: entries are listed from the central
 * directory only (lazyEntries, so one entry at a time is in memory while listing), and each entry's data
 * is read from its local header on demand. The fd stays open (autoClose: false) until close().
 * Spec: PKWARE APPNOTE.TXT 6.3.x (local header 4.3.7, central directory 4.3.12, zip64 4.3.14).
 */
import type { Readable } from 'node:stream';
import { fstat, open as openFd } from 'node:fs';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { BlockFileReader } from './zipReader.js';
import type { ArchiveEntry, ArchivePart, ReadOptions } from './types.js';
import { checkEntryName } from './names.js';
import type { ArchiveLimits } from './limits.js';
import { cappedStream } from './capStream.js';
import {
  corruptArchiveError, encryptedEntryError, entryOverCapError, entryReadError, overlappingEntriesError,
  splitZipError, truncatedZipError, tooManyEntriesError, unreadablePathError, unsafeNameError,
  unsupportedCompressionError,
} from './archiveErrors.js';
import { recordToOpen } from './openRecord.js';
import { InputError } from '../errors.js';

/** What we keep per entry: a few numbers, not yauzl's Entry with its buffers (150k media entries add up). */
interface ZipRecord {
  readonly entry: ArchiveEntry;
  readonly localHeaderOffset: number;
  readonly compressedSize: number;
  readonly compressionMethod: number;
  readonly encrypted: boolean;
}

/** APPNOTE 4.3.7: a local file header is at least 30 bytes before the entry's data. */
const LOCAL_HEADER_MIN = 30;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** yauzl's file-name validation messages (validateFileName), which we report as a zip-slip refusal. */
const UNSAFE_NAME = /^(?:invalid relative path|absolute path|invalid characters in fileName): ([\s\S]*)$/;

function mapListingError(archive: string, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  const unsafe = UNSAFE_NAME.exec(message);
  if (unsafe) return unsafeNameError(archive, unsafe[1] ?? '', error);
  if (message.startsWith('End of central directory record signature not found')) return truncatedZipError(archive, error);
  if (message.startsWith('multi-disk zip files are not supported')) return splitZipError(archive, error);
  return corruptArchiveError(archive, 'zip', error);
}

function mapReadError(archive: string, entry: ArchiveEntry, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  // yauzl's validateEntrySizes: the data inflates to more than the central directory declares.
  if (message.startsWith('too many bytes in the stream')) return entryOverCapError(archive, entry.path, entry.size, error);
  return entryReadError(archive, entry.path, error);
}

function isSymlink(entry: yauzl.Entry): boolean {
  // The high 16 bits of the external attributes hold the Unix mode when made on Unix (APPNOTE 4.4.2, 4.4.15).
  return entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

export async function openZipPart(file: string, archive: string, limits: ArchiveLimits): Promise<ArchivePart> {
  let fd: number;
  let size: number;
  try {
    fd = await promisify(openFd)(file, 'r');
    ({ size } = await promisify(fstat)(fd));
  } catch (error) {
    throw unreadablePathError(archive, error);
  }
  const reader = new BlockFileReader(fd, size);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, size, {
      lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false,
    });
  } catch (error) {
    // yauzl only takes charge of the reader once it has made a ZipFile.
    await new Promise<void>((resolve) => reader.close(() => resolve()));
    throw mapListingError(archive, error);
  }

  // Settles when the fd is closed, or when closing it failed (the reader then emits 'error' instead).
  const closed = new Promise<void>((resolve) => {
    zip.once('close', () => resolve());
    reader.once('error', () => resolve());
  });
  // Listing errors arrive through eachEntry's promises; this only keeps a failed fd close from crashing.
  zip.on('error', () => {});
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    await closed;
    throw tooManyEntriesError(archive, limits.maxEntries, zip.entryCount);
  }
  const records = new Map<string, ZipRecord>();
  const extents: { name: string; start: number; end: number }[] = [];
  try {
    for await (const raw of zip.eachEntry()) {
      extents.push({
        name: raw.fileName,
        start: raw.relativeOffsetOfLocalHeader,
        end: raw.relativeOffsetOfLocalHeader + LOCAL_HEADER_MIN + raw.compressedSize,
      });
      // yauzl already refused `..`, absolute and drive-letter names; this second check also normalizes.
      const checked = checkEntryName(raw.fileName);
      if (checked.kind === 'unsafe') throw unsafeNameError(archive, checked.name);
      if (checked.kind === 'skip' || isSymlink(raw)) continue;
      // Duplicate names: the later one wins, as when the archive is extracted.
      records.set(checked.path, {
        entry: { path: checked.path, size: raw.uncompressedSize, archive },
        localHeaderOffset: raw.relativeOffsetOfLocalHeader,
        compressedSize: raw.compressedSize,
        compressionMethod: raw.compressionMethod,
        encrypted: raw.isEncrypted(),
      });
    }
    refuseOverlaps(archive, extents);
  } catch (error) {
    zip.close();
    await closed;
    throw error instanceof InputError ? error : mapListingError(archive, error);
  }

  const entries = [...records.values()].map((r) => r.entry);
  const active = new Set<Readable>();
  let isClosed = false;

  const openRecord = async (record: ZipRecord, cap: number): Promise<Readable> => {
    const { entry } = record;
    // readLocalFileHeader reads only these two fields of the entry (yauzl 3 index.js).
    const located = { relativeOffsetOfLocalHeader: record.localHeaderOffset, compressedSize: record.compressedSize };
    let source: Readable;
    try {
      const header = await zip.readLocalFileHeaderPromise(located as unknown as yauzl.Entry, { minimal: true });
      // Not openReadStreamLowLevelPromise: in yauzl 3.4 it calls openReadStream with the wrong arguments.
      source = await new Promise<Readable>((resolve, reject) => {
        zip.openReadStreamLowLevel(
          header.fileDataStart, record.compressedSize, 0, record.compressedSize,
          record.compressionMethod === 8, entry.size,
          (error, stream) => (error ? reject(error) : resolve(stream)),
        );
      });
    } catch (error) {
      throw mapReadError(archive, entry, error);
    }
    const stream = cappedStream(source, {
      cap,
      overCap: () => entryOverCapError(archive, entry.path, cap),
      wrapError: (error) => mapReadError(archive, entry, error),
      onClose: () => active.delete(stream),
    });
    active.add(stream);
    return stream;
  };

  return {
    name: archive,
    kind: 'zip',
    entries: () => entries,
    async open(entry: ArchiveEntry, options?: ReadOptions): Promise<Readable> {
      const { record, cap } = recordToOpen(archive, records, isClosed, entry, options);
      if (record.encrypted) throw encryptedEntryError(archive, entry.path);
      if (record.compressionMethod !== 0 && record.compressionMethod !== 8) {
        throw unsupportedCompressionError(archive, entry.path, record.compressionMethod);
      }
      return openRecord(record, cap);
    },
    async close(): Promise<void> {
      if (isClosed) return;
      isClosed = true;
      for (const stream of active) stream.destroy();
      active.clear();
      // The fd closes once every stream yauzl handed out has released it ('close' event).
      zip.close();
      await closed;
    },
  };
}

/**
 * A "better zip bomb" (Fifield, WOOT 2019) makes many central-directory entries point into the same
 * compressed data, so each entry's declared size is honest but the total is enormous. In a real zip each
 * entry's local header and data come one after another and never overlap.
 */
function refuseOverlaps(archive: string, extents: { name: string; start: number; end: number }[]): void {
  extents.sort((a, b) => a.start - b.start);
  for (let i = 1; i < extents.length; i++) {
    const previous = extents[i - 1];
    const current = extents[i];
    if (previous && current && previous.end > current.start) {
      throw overlappingEntriesError(archive, previous.name, current.name);
    }
  }
}
