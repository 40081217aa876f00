/**
 * Reading archive entries in the platform modules, beyond plain text (csv.ts readEntryText): the head of
 * an entry for detection by content, and an entry's JSON with a message that names the file.
 */
import type { ArchiveEntry, ArchiveSet } from '../archive/types.js';
import { InputError } from '../errors.js';

/** The first `bytes` bytes of an entry as UTF-8 text, without reading the rest (detection reads heads only). */
export async function readEntryHead(archive: ArchiveSet, entry: ArchiveEntry, bytes: number): Promise<string> {
  const stream = await archive.open(entry);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buf);
      total += buf.length;
      if (total >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes).toString('utf8');
}

/**
 * `text` (the content of `entry`) parsed as JSON. Invalid JSON, most often a download cut short, is an
 * InputError naming the entry, with `hint` saying where to get the file again.
 */
export function parseEntryJson(text: string, entry: ArchiveEntry, hint: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${entry.path} in ${entry.archive} is not valid JSON (cut short or damaged).`, {
      cause: error,
      file: entry.path,
      hint,
    });
  }
}
