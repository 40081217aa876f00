/**
 * One interface over every kind of input: a .zip (zip64 too), a .tar.gz/.tgz, or an extracted folder,
 * and several of them given together as parts of one export (DESIGN.md section 1, "read").
 * Entries are listed without reading them and opened as streams on demand.
 */
import type { Readable } from 'node:stream';

export interface ArchiveEntry {
  /**
   * The entry's path inside its part: '/'-separated, no leading '/', no '.' or '..' segments.
   * For zip and tar this is a name, never a file-system path.
   */
  readonly path: string;
  /** Uncompressed size as the archive declares it. Untrusted: reading is capped regardless. */
  readonly size: number;
  /** The part (as the user named it on the command line) that holds this entry. */
  readonly archive: string;
}

export interface ReadOptions {
  /** Stop with an InputError once more than this many bytes have been decompressed. */
  maxBytes?: number;
}

/** One input: a zip, a tarball, a folder, or one bare export file. */
export interface ArchivePart {
  readonly name: string;
  readonly kind: 'zip' | 'tar' | 'folder' | 'file';
  entries(): readonly ArchiveEntry[];
  open(entry: ArchiveEntry, options?: ReadOptions): Promise<Readable>;
  close(): Promise<void>;
}

/** All parts of one export, seen as one set of entries. */
export interface ArchiveSet {
  /** The parts as the user named them. */
  readonly files: readonly string[];
  /** Every entry of every part, without `__MACOSX/` and `._*` entries and without directories. */
  readonly entries: readonly ArchiveEntry[];
  /** A stream of the entry's bytes, capped (ReadOptions.maxBytes, or a sane default). */
  open(entry: ArchiveEntry, options?: ReadOptions): Promise<Readable>;
  /** The entry as UTF-8 text (a BOM is dropped), capped. */
  readText(entry: ArchiveEntry, options?: ReadOptions): Promise<string>;
  close(): Promise<void>;
}
