/** An in-memory ArchiveSet for unit tests of parsers: paths → contents, no disk, no zip. */
import { Readable } from 'node:stream';
import type { ArchiveEntry, ArchiveSet, ReadOptions } from '../../src/archive/types.js';

export function memoryArchive(files: Record<string, string | Uint8Array>, name = 'export.zip'): ArchiveSet {
  const data = new Map<string, Buffer>();
  const entries: ArchiveEntry[] = [];
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    data.set(path, bytes);
    entries.push({ path, size: bytes.length, archive: name });
  }
  const bytesOf = (entry: ArchiveEntry, options?: ReadOptions): Buffer => {
    const bytes = data.get(entry.path);
    if (!bytes) throw new Error(`no entry ${entry.path}`);
    if (options?.maxBytes !== undefined && bytes.length > options.maxBytes) {
      throw new Error(`${entry.path} is larger than ${options.maxBytes} bytes`);
    }
    return bytes;
  };
  return {
    files: [name],
    entries,
    open: async (entry, options) => Readable.from([bytesOf(entry, options)]),
    readText: async (entry, options) => bytesOf(entry, options).toString('utf8').replace(/^\uFEFF/, ''),
    close: async () => {},
  };
}
