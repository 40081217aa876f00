/**
 * Finding Twitter's data files by name and content, never by one fixed path (reference/formats.md 1.1-1.3):
 * `data/` since 2020, the zip root before; `tweet.js` until late 2022, `tweets.js` after; large lists split
 * into `tweets-part1.js`, `follower-part2.js`...; a wrapper folder when the user re-packed the zip.
 * `manifest.js` (`window.__THAR_CONFIG`) lists every part of every data type when present.
 */
import { basename, entriesNamed, entryWithSuffix } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { parseAssignedObject } from './ytd.js';

/** The data types we read: manifest `dataTypes` keys and the file basenames (without `-partN.js`). */
export const DATA_TYPES = {
  tweets: { manifestKeys: ['tweets', 'tweet'], basenames: ['tweets', 'tweet'] },
  following: { manifestKeys: ['following'], basenames: ['following'] },
  follower: { manifestKeys: ['follower'], basenames: ['follower'] },
  block: { manifestKeys: ['block'], basenames: ['block'] },
  mute: { manifestKeys: ['mute'], basenames: ['mute'] },
  account: { manifestKeys: ['account'], basenames: ['account'] },
  noteTweet: { manifestKeys: ['noteTweet'], basenames: ['note-tweet'] },
  protectedHistory: { manifestKeys: ['protectedHistory'], basenames: ['protected-history'] },
  /** Tweets shared with a Twitter Circle only; tweets.js holds them too (Twitter's README.txt). */
  circleTweets: { manifestKeys: ['twitterCircleTweet'], basenames: ['twitter-circle-tweet'] },
} as const;
export type DataType = keyof typeof DATA_TYPES;

export interface ManifestFile {
  fileName: string;
  count: number | null;
}

export interface Manifest {
  entry: ArchiveEntry;
  userInfo: { accountId: string | null; userName: string | null; displayName: string | null };
  /** dataTypes key -> listed files. */
  dataTypes: Map<string, ManifestFile[]>;
}

export const MANIFEST_PREFIX = 'window.__THAR_CONFIG';
export const YTD_PREFIX = 'window.YTD.';

/** The first bytes of an entry as text (for detection by content), without reading the rest. */
export async function readHead(archive: ArchiveSet, entry: ArchiveEntry, bytes = 64): Promise<string> {
  const stream = await archive.open(entry, { maxBytes: Math.max(bytes, 64 * 1024 ** 2) });
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes).toString('utf8').replace(/^\uFEFF/, '');
}

/** `manifest.js` entries that really are Twitter manifests, first part first. */
export async function findManifest(archive: ArchiveSet): Promise<ArchiveEntry | null> {
  for (const entry of entriesNamed(archive, 'manifest.js')) {
    if ((await readHead(archive, entry, MANIFEST_PREFIX.length)).startsWith(MANIFEST_PREFIX)) return entry;
  }
  return null;
}

/** Reads the manifest; a damaged manifest is not fatal (the files are found by name too), so null + reason. */
export async function readManifest(archive: ArchiveSet, entry: ArchiveEntry): Promise<Manifest | { error: string }> {
  let config: unknown;
  try {
    config = parseAssignedObject(await archive.readText(entry, { maxBytes: 16 * 1024 ** 2 }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  const root = asObject(config) ?? {};
  const user = asObject(root['userInfo']) ?? {};
  const dataTypes = new Map<string, ManifestFile[]>();
  for (const [key, value] of Object.entries(asObject(root['dataTypes']) ?? {})) {
    const files = asObject(value)?.['files'];
    if (!Array.isArray(files)) continue;
    const list: ManifestFile[] = [];
    for (const f of files) {
      const o = asObject(f);
      const fileName = o?.['fileName'];
      if (typeof fileName !== 'string' || fileName === '') continue;
      const count = Number(o?.['count']);
      list.push({ fileName, count: Number.isFinite(count) ? count : null });
    }
    dataTypes.set(key, list);
  }
  return {
    entry,
    userInfo: {
      accountId: stringOrNull(user['accountId']),
      userName: stringOrNull(user['userName']),
      displayName: stringOrNull(user['displayName']),
    },
    dataTypes,
  };
}

export interface DataFiles {
  entries: ArchiveEntry[];
  /** Files the manifest lists (with records) that the archive lacks: a partial or incomplete archive. */
  missing: string[];
}

/**
 * Every entry of one data type: the manifest's files when it lists them, plus any `<name>.js` /
 * `<name>-partN.js` found by basename (a stale manifest, or none), in part order.
 */
export function dataTypeFiles(archive: ArchiveSet, manifest: Manifest | null, type: DataType): DataFiles {
  const spec = DATA_TYPES[type];
  const found = new Map<string, ArchiveEntry>();
  const missing: string[] = [];
  const key = (e: ArchiveEntry) => `${e.archive}\u0000${e.path}`;
  if (manifest) {
    for (const k of spec.manifestKeys) {
      for (const file of manifest.dataTypes.get(k) ?? []) {
        const entry = entryWithSuffix(archive, file.fileName);
        if (entry) found.set(key(entry), entry);
        else if (file.count !== 0) missing.push(file.fileName);
      }
    }
  }
  const names = spec.basenames.map((b) => b.replace(/[-]/g, '\\-')).join('|');
  const pattern = new RegExp(`^(?:${names})(?:-part\\d+)?\\.js$`, 'i');
  for (const entry of entriesNamed(archive, pattern)) found.set(key(entry), entry);
  const entries = [...found.values()].sort((a, b) => partNumber(a) - partNumber(b) || a.path.localeCompare(b.path));
  return { entries, missing };
}

function partNumber(entry: ArchiveEntry): number {
  const m = /-part(\d+)\.js$/i.exec(basename(entry.path));
  return m ? Number(m[1]) : 0;
}

export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
