/**
 * Is this a Twitter/X archive, and which generation? Decided by content, not file names: only Twitter writes
 * `window.__THAR_CONFIG` manifests and `window.YTD.<type>.partN` data files (reference/formats.md 1.1).
 *
 * Layouts: "2022+" (`data/tweets.js`, from about Oct 2022), "2020-2022" (`data/tweet.js`, March 2020 on),
 * "2019-root" (the `.js` files at the archive root, 2018-early 2020). A wrapper folder above them is fine.
 */
import { basename, dirname, entriesNamed } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Detection } from '../types.js';
import { findManifest, readHead, readManifest, YTD_PREFIX, type Manifest } from './files.js';

export type TwitterLayout = '2022+' | '2020-2022' | '2019-root';

/** Files whose content we sniff when there is no manifest, most telling first. */
const SNIFF = ['account.js', 'following.js', 'follower.js', 'tweets.js', 'tweet.js', 'profile.js', 'block.js', 'mute.js'];

export async function detectTwitter(archive: ArchiveSet): Promise<Detection | null> {
  const manifestEntry = await findManifest(archive);
  if (manifestEntry) {
    const manifest = await readManifest(archive, manifestEntry);
    return {
      platform: 'twitter',
      layout: layoutOf(archive, manifestEntry, 'error' in manifest ? null : manifest),
      score: 1,
    };
  }
  const anchor = await findYtdFile(archive);
  if (!anchor) return null;
  return { platform: 'twitter', layout: layoutOf(archive, anchor, null), score: 1 };
}

/** A `.js` entry that starts with `window.YTD.`, trying the usual files first, then any part file. */
async function findYtdFile(archive: ArchiveSet): Promise<ArchiveEntry | null> {
  for (const name of SNIFF) {
    for (const entry of entriesNamed(archive, name)) {
      if ((await readHead(archive, entry, YTD_PREFIX.length + 3)).replace(/^\s+/, '').startsWith(YTD_PREFIX)) return entry;
    }
  }
  const others = entriesNamed(archive, /^[a-z0-9_-]+\.js$/i).slice(0, 20);
  for (const entry of others) {
    if ((await readHead(archive, entry, YTD_PREFIX.length + 3)).replace(/^\s+/, '').startsWith(YTD_PREFIX)) return entry;
  }
  return null;
}

export function layoutOf(archive: ArchiveSet, anchor: ArchiveEntry, manifest: Manifest | null): TwitterLayout {
  const inDataFolder = basename(dirname(anchor.path)).toLowerCase() === 'data';
  if (!inDataFolder) return '2019-root';
  if (entriesNamed(archive, /^tweets(-part\d+)?\.js$/i).length > 0) return '2022+';
  if (entriesNamed(archive, /^tweet(-part\d+)?\.js$/i).length > 0) return '2020-2022';
  if (manifest?.dataTypes.has('tweet') && !manifest.dataTypes.has('tweets')) return '2020-2022';
  return '2022+';
}
