/**
 * The CSV destination: Mastodon's own import files, for people who prefer the server's import page
 * (Settings → Import and export → Import). Needs no token. Formats as Mastodon itself exports them
 * (app/models/export.rb; reference/formats.md 11.2, reference/destinations.md 2.7):
 * - following_accounts.csv: header `Account address,Show boosts,Notify on new posts,Languages`,
 *   rows `user@domain,true,false,`;
 * - muted_accounts.csv: header `Account address,Hide notifications`, rows `user@domain,true`;
 * - blocked_accounts.csv: no header, rows `user@domain`;
 * - lists.csv: no header, rows `List name,user@domain`.
 * Handles are written without a leading `@`. Mastodon refuses a following import larger than the follow
 * limit, so follows the planner skipped for the limit are left out, like everything `skipped` or `failed`.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../../errors.js';
import type { ActionState, Plan } from '../../plan/types.js';

export const FOLLOWING_HEADER = ['Account address', 'Show boosts', 'Notify on new posts', 'Languages'] as const;
export const MUTED_HEADER = ['Account address', 'Hide notifications'] as const;

export type MastodonCsvName = 'following_accounts.csv' | 'blocked_accounts.csv' | 'muted_accounts.csv' | 'lists.csv';

export interface MastodonCsvFile {
  name: MastodonCsvName;
  content: string;
  rows: number;
}

export interface WrittenCsvFile {
  name: MastodonCsvName;
  path: string;
  rows: number;
}

/**
 * The files' contents (pure). following_accounts.csv is always there (its header tells the import page
 * what it is); the others only when they have rows.
 */
export function mastodonCsvFiles(source: Plan | readonly ActionState[]): MastodonCsvFile[] {
  const states = 'actions' in source ? source.actions : source;
  const wanted = states.filter((s) => s.status !== 'skipped' && s.status !== 'failed');
  const handles = (type: 'follow' | 'block' | 'mute') => unique(wanted.flatMap((s) => (s.action.type === type ? [bare(s.action.handle)] : [])));

  const follows = handles('follow');
  const blocks = handles('block');
  const mutes = handles('mute');
  const seenList = new Set<string>();
  const lists: string[][] = [];
  for (const s of wanted) {
    if (s.action.type !== 'list_add' || s.action.list === '') continue;
    const handle = bare(s.action.handle);
    const k = `${s.action.list}\u0000${handle.toLowerCase()}`;
    if (seenList.has(k)) continue;
    seenList.add(k);
    lists.push([s.action.list, handle]);
  }

  const files: MastodonCsvFile[] = [{
    name: 'following_accounts.csv',
    content: stringify(follows.map((h) => [h, 'true', 'false', '']), { header: true, columns: [...FOLLOWING_HEADER] }),
    rows: follows.length,
  }];
  if (blocks.length > 0) files.push({ name: 'blocked_accounts.csv', content: stringify(blocks.map((h) => [h])), rows: blocks.length });
  if (mutes.length > 0) {
    files.push({
      name: 'muted_accounts.csv',
      content: stringify(mutes.map((h) => [h, 'true']), { header: true, columns: [...MUTED_HEADER] }),
      rows: mutes.length,
    });
  }
  if (lists.length > 0) files.push({ name: 'lists.csv', content: stringify(lists), rows: lists.length });
  return files;
}

/** Writes the files into `dir` (created if needed), each through a temporary file and a rename. */
export async function writeMastodonCsv(dir: string, source: Plan | readonly ActionState[]): Promise<WrittenCsvFile[]> {
  // The CLI checked the folder before any work (checkImportPaths); a file put there since is still the
  // user's mistake to name, not a bug.
  await mkdir(dir, { recursive: true }).catch((cause: unknown) => {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new UsageError(`--csv ${dir} is a file, not a folder.`, { cause, hint: 'Name a folder (it is made if needed).' });
    throw cause;
  });
  const written: WrittenCsvFile[] = [];
  for (const f of mastodonCsvFiles(source)) {
    const path = join(dir, f.name);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, f.content, 'utf8');
    await rename(tmp, path);
    written.push({ name: f.name, path, rows: f.rows });
  }
  return written;
}

function bare(handle: string): string {
  return handle.trim().replace(/^@/, '');
}

function unique(handles: string[]): string[] {
  const seen = new Set<string>();
  return handles.filter((h) => {
    const k = h.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
