/**
 * What kind of input a path is, by content (magic bytes), not by its name: platforms and browsers
 * rename downloads, and users rename files. APPNOTE 4.3.6 (zip signatures), RFC 1952 2.3.1 (gzip ID1 ID2),
 * POSIX ustar ("ustar" at offset 257).
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { SINGLE_FILE_EXTENSIONS } from './single.js';
import { emptyFileError, missingPathError, notAnArchiveError, unreadablePathError } from './archiveErrors.js';

export type PartKind =
  | { readonly kind: 'folder' }
  | { readonly kind: 'zip' }
  | { readonly kind: 'tar'; readonly gzipped: boolean; readonly size: number }
  /** One bare export file (following_accounts.csv, user_data_tiktok.json): see single.ts. */
  | { readonly kind: 'file'; readonly size: number };

const ZIP_SIGNATURES = [
  Buffer.from([0x50, 0x4b, 0x03, 0x04]), // local file header: any zip with an entry
  Buffer.from([0x50, 0x4b, 0x05, 0x06]), // end of central directory: an empty zip
  Buffer.from([0x50, 0x4b, 0x07, 0x08]), // spanning marker written before the first local header
];

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export async function detectPartKind(file: string, archive: string): Promise<PartKind> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw missingPathError(archive, error);
    throw unreadablePathError(archive, error);
  }
  if (info.isDirectory()) return { kind: 'folder' };
  if (!info.isFile()) throw notAnArchiveError(archive);
  if (info.size === 0) throw emptyFileError(archive);

  const head = Buffer.alloc(512);
  let length: number;
  try {
    const handle = await open(file, 'r');
    try {
      ({ bytesRead: length } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadablePathError(archive, error);
  }
  const bytes = head.subarray(0, length);
  if (ZIP_SIGNATURES.some((signature) => bytes.subarray(0, 4).equals(signature))) return { kind: 'zip' };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { kind: 'tar', gzipped: true, size: info.size };
  if (bytes.subarray(257, 262).toString('latin1') === 'ustar') return { kind: 'tar', gzipped: false, size: info.size };
  // A zip may start with other data (a self-extracting stub); yauzl finds it from the end.
  if (extname(file).toLowerCase() === '.zip') return { kind: 'zip' };
  if (SINGLE_FILE_EXTENSIONS.includes(extname(file).toLowerCase())) return { kind: 'file', size: info.size };
  throw notAnArchiveError(archive);
}
