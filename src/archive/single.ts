/**
 * One bare export file, as export pages hand some of them out: Mastodon's `following_accounts.csv`,
 * TikTok's `user_data_tiktok.json`, LinkedIn's `Connections.csv` (issue 10 item 3). It is a part of one
 * entry named by the file's own name, so platform detection, which looks at entry names, works on it as
 * on the same file inside a zip.
 */
import { basename } from 'node:path';
import type { ArchiveEntry, ArchivePart } from './types.js';
import { filesPart } from './filesPart.js';

/** The names an export file may end with: the formats the platforms export in (JSON, Twitter's .js, CSV). */
export const SINGLE_FILE_EXTENSIONS: readonly string[] = ['.json', '.js', '.csv'];

export function openSingleFilePart(file: string, archive: string, size: number): ArchivePart {
  const entry: ArchiveEntry = { path: basename(file), size, archive };
  return filesPart(archive, 'file', new Map([[entry.path, { entry, file }]]));
}
