/**
 * openArchiveSet: the one entry point to read an export, whatever it came as (DESIGN.md section 1, "read").
 * Several paths are parts of one export (Takeout's takeout-001.zip, takeout-002.zip...): their entries
 * are listed together, and each entry remembers its part. A bare export file (following_accounts.csv) is a
 * part of one entry.
 */
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { ArchiveEntry, ArchivePart, ArchiveSet, ReadOptions } from './types.js';
import { type ArchiveLimits, DEFAULT_LIMITS } from './limits.js';
import { detectPartKind } from './detect.js';
import { openZipPart } from './zip.js';
import { openTarPart } from './tar.js';
import { openFolderPart } from './folder.js';
import { openSingleFilePart } from './single.js';
import { readAll } from './capStream.js';
import { noSuchEntryError } from './archiveErrors.js';

export interface OpenArchiveOptions {
  /** Lower caps than DEFAULT_LIMITS (tests use small ones). */
  readonly limits?: Partial<ArchiveLimits>;
}

/** Opens one part: a zip, a tarball, a folder or one bare export file, by content. `archive` is the path as the user gave it. */
export async function openArchivePart(archive: string, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<ArchivePart> {
  const file = resolve(archive);
  const kind = await detectPartKind(file, archive);
  switch (kind.kind) {
    case 'zip': return openZipPart(file, archive, limits);
    case 'tar': return openTarPart(file, archive, kind.gzipped, kind.size, limits);
    case 'folder': return openFolderPart(file, archive, limits);
    case 'file': return openSingleFilePart(file, archive, kind.size);
  }
}

/**
 * Each path is there and is something we read (a zip, a tarball, a folder or an export file), judged by
 * its first bytes only: the CLI asks this before any work (InputError, exit 2).
 */
export async function checkArchivePaths(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) {
    throw new UsageError('No archive given.', { hint: 'Give the export archive (.zip, .tar.gz) or its extracted folder.' });
  }
  for (const path of paths) await detectPartKind(resolve(path), path);
}

export async function openArchiveSet(paths: readonly string[], options: OpenArchiveOptions = {}): Promise<ArchiveSet> {
  if (paths.length === 0) {
    throw new UsageError('No archive given.', { hint: 'Give the export archive (.zip, .tar.gz) or its extracted folder.' });
  }
  const limits: ArchiveLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // The same file named twice (`a.zip ./a.zip`) is one part.
  const seen = new Set<string>();
  const names = paths.filter((p) => {
    const key = resolve(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const parts = new Map<string, ArchivePart>();
  try {
    for (const name of names) parts.set(name, await openArchivePart(name, limits));
  } catch (error) {
    await Promise.allSettled([...parts.values()].map((p) => p.close()));
    throw error;
  }

  const entries: ArchiveEntry[] = [];
  for (const part of parts.values()) {
    for (const entry of part.entries()) entries.push(entry);
  }

  const partOf = (entry: ArchiveEntry): ArchivePart => {
    const part = parts.get(entry.archive);
    if (!part) throw noSuchEntryError(entry.archive, entry.path);
    return part;
  };

  return {
    files: names,
    entries,
    async open(entry: ArchiveEntry, readOptions?: ReadOptions): Promise<Readable> {
      return partOf(entry).open(entry, readOptions);
    },
    async readText(entry: ArchiveEntry, readOptions?: ReadOptions): Promise<string> {
      const maxBytes = readOptions?.maxBytes ?? limits.maxTextBytes;
      const bytes = await readAll(await partOf(entry).open(entry, { maxBytes }));
      // TextDecoder drops a leading UTF-8 BOM (WHATWG Encoding, "decode"); invalid bytes become U+FFFD.
      return new TextDecoder('utf-8').decode(bytes);
    },
    async close(): Promise<void> {
      await Promise.all([...parts.values()].map((p) => p.close()));
    },
  };
}
