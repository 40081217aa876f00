/** Test helpers for the Twitter module: real samples from disk, and synthetic YTD files. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArchiveSet } from '../../../src/archive/types.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import type { ParsedExport } from '../../../src/sources/types.js';
import { twitterSource } from '../../../src/sources/twitter/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';

/** The real-format samples: a copy inside the repository when there is one, else the shared folder. */
const LOCAL_SAMPLES = new URL('../../samples/twitter', import.meta.url).pathname;
export const SAMPLES = existsSync(LOCAL_SAMPLES) ? LOCAL_SAMPLES : '/work/shared/samples/twitter';

/** A sample folder as an in-memory archive, its files under `prefix` (e.g. a wrapper folder). */
export function sampleArchive(folder: string, prefix = '', extra: Record<string, string | Uint8Array> = {}): ArchiveSet {
  const root = join(SAMPLES, folder);
  const files: Record<string, string | Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'SOURCE.txt') files[prefix + relative(root, path)] = readFileSync(path);
    }
  };
  walk(root);
  return memoryArchive({ ...files, ...extra }, `${folder}.zip`);
}

/** `window.YTD.<global>.part<n> = [ ... ]` in the 2022+ one-element-per-line style. */
export function ytd(global: string, elements: unknown[], part = 0): string {
  if (elements.length === 0) return `window.YTD.${global}.part${part} = [ ]`;
  return `window.YTD.${global}.part${part} = [\n${elements.map((e) => '  ' + JSON.stringify(e, null, 2).replace(/\n/g, '\n  ')).join(',\n')}\n]`;
}

export function manifest(user: { accountId: string; userName: string; displayName: string }, dataTypes: Record<string, string[]>): string {
  const types: Record<string, unknown> = {};
  for (const [key, files] of Object.entries(dataTypes)) {
    types[key] = { files: files.map((fileName, i) => ({ fileName, globalName: `YTD.${key}.part${i}`, count: '1' })) };
  }
  return `window.__THAR_CONFIG = ${JSON.stringify({ userInfo: user, archiveInfo: {}, dataTypes: types }, null, 2)}`;
}

export const ME = { accountId: '100', userName: 'me_example', displayName: 'Me Example' };

export function accountJs(user = ME): string {
  return ytd('account', [{ account: { accountId: user.accountId, username: user.userName, accountDisplayName: user.displayName, createdAt: '2015-03-30T10:38:02.103Z' } }]);
}

/** A tweet record as archives write it (numbers as strings), with overrides. */
export function tweet(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    retweeted: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] },
    display_text_range: ['0', '10'],
    favorite_count: '0',
    id_str: id,
    truncated: false,
    retweet_count: '0',
    id,
    created_at: 'Sat Dec 10 14:58:34 +0000 2016',
    favorited: false,
    full_text: `tweet ${id}`,
    lang: 'en',
    ...fields,
  };
}

export async function parseArchive(archive: ArchiveSet): Promise<{ result: ParsedExport; warnings: ParseWarning[] }> {
  const detection = await twitterSource.detect(archive);
  if (!detection) throw new Error('not detected as Twitter');
  const warnings: ParseWarning[] = [];
  const result = await twitterSource.parse({ archive, warn: (w) => warnings.push(w) }, detection);
  return { result, warnings };
}
