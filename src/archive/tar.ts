/**
 * A .tar.gz/.tgz part (plain .tar too), read with tar-stream over zlib.
 *
 * A tarball has no index: the only way to list it is to decompress it from the start, and the only way
 * to reach an entry is to decompress everything before it. So listing is one full pass, and during that
 * pass the small data-like entries (JSON, JS, CSV, HTML, TXT, XML: what parsers read, each up to
 * 64 MiB, 256 MiB in all) are kept in memory; otherwise every parser's readText would re-read a
 * multi-GB tarball from the start. Other entries (media) are not kept: open() re-streams the tarball
 * from the start up to that entry, which is slow but bounded in memory. Users with many media uploads
 * from a tarball are better served by extracting it and giving the folder.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { ArchiveEntry, ArchivePart, ReadOptions } from './types.js';
import { type ArchiveLimits, tarExpansionCap } from './limits.js';
import { checkEntryName } from './names.js';
import { cappedStream } from './capStream.js';
import {
  closedArchiveError, corruptArchiveError, entryOverCapError, entryReadError, noSuchEntryError, tarBombError,
  tooManyEntriesError, unreadablePathError, unsafeNameError,
} from './archiveErrors.js';
import { recordToOpen } from './openRecord.js';
import { InputError } from '../errors.js';

/** The data files parsers read; everything else (media) is re-streamed on demand. */
const DATA_LIKE = /\.(?:json|js|csv|html?|txt|xml)$/i;

interface TarRecord {
  readonly entry: ArchiveEntry;
  /** Position among the tarball's headers, to find it again on a later pass (names may repeat). */
  readonly index: number;
  /** The bytes, when kept in memory during listing. */
  readonly data: Buffer | null;
}

/** tar-stream's entry stream (a streamx Readable); its type is not exported by name. */
type TarEntryStream = tar.ExtractEvents['entry'][1];

type EntryHandler = (header: tar.Header, stream: TarEntryStream, next: () => void, index: number) => void;

interface TarPass {
  /** Settles when the tarball has been read to its end (or stop() was called); rejects with an InputError. */
  readonly done: Promise<void>;
  /** Settles once the tarball's fd is closed. */
  readonly closed: Promise<unknown>;
  /** Stops the pass and releases the file, without an error. */
  stop(): void;
  /** Stops the pass with an error, which `done` rejects with and the current entry stream emits. */
  fail(error: InputError): void;
}

interface TarSource {
  readonly file: string;
  readonly archive: string;
  readonly gzipped: boolean;
  /** Most bytes the gunzipped stream may hold (gzip bomb guard). */
  readonly expansionCap: number;
}

/** One pass over the tarball from its first byte, calling `onEntry` for every header in order. */
function startPass(source: TarSource, onEntry: EntryHandler): TarPass {
  const kind = source.gzipped ? 'tar.gz' : 'tar';
  const input = createReadStream(source.file);
  const closed = once(input, 'close').catch(() => undefined);
  const extract = tar.extract();
  const upstream: (NodeJS.ReadableStream & { destroy(error?: Error): unknown })[] = [input];
  let settled = false;
  let resolveDone!: () => void;
  let rejectDone!: (error: InputError) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const release = (error?: InputError): void => {
    for (const stream of upstream) stream.destroy();
    extract.destroy(error);
  };
  const fail = (error: InputError): void => {
    if (settled) return;
    settled = true;
    release(error);
    rejectDone(error);
  };

  input.on('error', (error) => fail(unreadablePathError(source.archive, error)));
  let tarBytes: NodeJS.ReadableStream = input;
  if (source.gzipped) {
    const gunzip = createGunzip();
    let expanded = 0;
    const guard = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        expanded += chunk.length;
        if (expanded > source.expansionCap) {
          callback(tarBombError(source.archive, source.expansionCap));
          return;
        }
        callback(null, chunk);
      },
    });
    gunzip.on('error', (error) => fail(corruptArchiveError(source.archive, kind, error)));
    guard.on('error', (error) => fail(error instanceof InputError ? error : corruptArchiveError(source.archive, kind, error)));
    input.pipe(gunzip).pipe(guard);
    upstream.push(gunzip, guard);
    tarBytes = guard;
  }
  let index = 0;
  extract.on('entry', (header: tar.Header, stream: TarEntryStream, next: () => void) => {
    // An entry stream fails only when the whole pass fails, which `done` already reports.
    stream.on('error', () => {});
    onEntry(header, stream, next, index++);
  });
  extract.on('error', (error: unknown) => {
    fail(error instanceof InputError ? error : corruptArchiveError(source.archive, kind, error));
  });
  extract.on('finish', () => {
    if (settled) return;
    settled = true;
    resolveDone();
  });
  tarBytes.pipe(extract);
  return {
    done,
    closed,
    stop: () => {
      if (settled) return;
      settled = true;
      release();
      resolveDone();
    },
    fail,
  };
}

function isFile(header: tar.Header): boolean {
  return header.type === 'file' || header.type === 'contiguous-file' || header.type == null;
}

export async function openTarPart(
  file: string, archive: string, gzipped: boolean, fileSize: number, limits: ArchiveLimits,
): Promise<ArchivePart> {
  const source: TarSource = {
    file, archive, gzipped, expansionCap: gzipped ? tarExpansionCap(limits, fileSize) : Number.POSITIVE_INFINITY,
  };
  const records = new Map<string, TarRecord>();
  let keptBytes = 0;

  const listing = startPass(source, (header, stream, next, index) => {
    if (index >= limits.maxEntries) {
      listing.fail(tooManyEntriesError(archive, limits.maxEntries));
      return;
    }
    const checked = checkEntryName(header.name);
    if (checked.kind === 'unsafe') {
      listing.fail(unsafeNameError(archive, checked.name));
      return;
    }
    // Links are never followed (we never extract); directories and resource forks are dropped.
    if (checked.kind === 'skip' || !isFile(header)) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    const size = header.size ?? 0;
    const previous = records.get(checked.path);
    if (previous?.data) keptBytes -= previous.data.length;
    const keep = DATA_LIKE.test(checked.path) && size <= limits.tarKeepEntryBytes
      && keptBytes + size <= limits.tarKeepTotalBytes;
    const entry: ArchiveEntry = { path: checked.path, size, archive };
    if (!keep) {
      // Duplicate names: the later one wins, as when the archive is extracted.
      records.set(checked.path, { entry, index, data: null });
      stream.on('end', next);
      stream.resume();
      return;
    }
    // tar-stream hands over exactly header.size bytes, so this buffer is bounded by the checks above.
    const chunks: Buffer[] = [];
    stream.on('data', (chunk) => void chunks.push(chunk as Buffer));
    stream.on('end', () => {
      const data = Buffer.concat(chunks);
      keptBytes += data.length;
      records.set(checked.path, { entry, index, data });
      next();
    });
  });
  try {
    await listing.done;
  } finally {
    listing.stop();
    await listing.closed;
  }

  const entries = [...records.values()].map((r) => r.entry);
  /** Re-streaming passes still running, each with the stream handed out for it (once found). */
  const passes = new Map<TarPass, Readable | null>();
  let isClosed = false;

  const restream = async (record: TarRecord, cap: number): Promise<Readable> => {
    const { entry } = record;
    return new Promise<Readable>((resolve, reject) => {
      let found = false;
      const pass: TarPass = startPass(source, (_header, stream, next, index) => {
        if (index !== record.index) {
          stream.on('end', next);
          stream.resume();
          return;
        }
        found = true;
        const capped = cappedStream(stream, {
          cap,
          overCap: () => entryOverCapError(archive, entry.path, cap),
          wrapError: (error) => entryReadError(archive, entry.path, error),
          // The entry is read (or abandoned): the rest of the tarball is not needed.
          onClose: () => pass.stop(),
        });
        passes.set(pass, capped);
        resolve(capped);
      });
      passes.set(pass, null);
      void pass.closed.then(() => passes.delete(pass));
      pass.done.then(
        () => { if (!found) reject(isClosed ? closedArchiveError(archive) : noSuchEntryError(archive, entry.path)); },
        (error: unknown) => { if (!found) reject(error); },
      );
    });
  };

  return {
    name: archive,
    kind: 'tar',
    entries: () => entries,
    async open(entry: ArchiveEntry, options?: ReadOptions): Promise<Readable> {
      const { record, cap } = recordToOpen(archive, records, isClosed, entry, options);
      if (record.data) return Readable.from([record.data], { objectMode: false });
      return restream(record, cap);
    },
    async close(): Promise<void> {
      if (isClosed) return;
      isClosed = true;
      const closing: Promise<unknown>[] = [];
      for (const [pass, stream] of passes) {
        stream?.destroy();
        pass.stop();
        closing.push(pass.closed);
      }
      await Promise.all(closing);
    },
  };
}
