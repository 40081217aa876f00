/**
 * Matching a tweet's media to the files in the archive. Twitter stores each file as
 * `<tweet id>-<basename of the media URL>` in `tweets_media/` (until 2022 `tweet_media/`); for videos and GIFs
 * the name comes from one of the `video_info.variants` URLs (query stripped), not always the best one
 * (reference/formats.md 1.3: `1134850015506120704-Nm9P-IxClgoVfaBW.mp4` was the 640x360 variant).
 */
import { basename, dirname } from '../../archive/find.js';
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Media, MediaType } from '../../model/types.js';
import { asObject, stringOrNull } from './files.js';

const MEDIA_FOLDERS = new Set(['tweets_media', 'tweet_media']);

export class MediaIndex {
  private readonly byName = new Map<string, ArchiveEntry>();
  private readonly byTweet = new Map<string, ArchiveEntry[]>();
  /** `tweet_media.zip` and the like: media zipped inside the zip (June-December 2019 archives). */
  readonly nestedZips: ArchiveEntry[] = [];

  constructor(archive: ArchiveSet) {
    for (const entry of archive.entries) {
      const folder = basename(dirname(entry.path)).toLowerCase();
      const name = basename(entry.path);
      if (MEDIA_FOLDERS.has(folder)) {
        if (!this.byName.has(name)) this.byName.set(name, entry);
        const dash = name.indexOf('-');
        if (dash > 0) {
          const tweetId = name.slice(0, dash);
          const list = this.byTweet.get(tweetId);
          if (list) list.push(entry);
          else this.byTweet.set(tweetId, [entry]);
        }
      } else if (/^tweets?_media\.zip$/i.test(name)) {
        this.nestedZips.push(entry);
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  named(name: string): ArchiveEntry | null {
    return this.byName.get(name) ?? null;
  }

  forTweet(tweetId: string): readonly ArchiveEntry[] {
    return this.byTweet.get(tweetId) ?? [];
  }
}

export function mediaType(type: unknown): MediaType {
  switch (type) {
    case 'photo': return 'image';
    case 'video': return 'video';
    case 'animated_gif': return 'gif';
    default: return 'other';
  }
}

/** File basenames this media item may have been saved under, most likely first. */
export function candidateNames(item: Record<string, unknown>): string[] {
  const names: string[] = [];
  const push = (url: string | null) => {
    if (url === null) return;
    const path = url.replace(/[?#].*$/, '');
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name !== '' && !names.includes(name)) names.push(name);
  };
  const videoInfo = asObject(item['video_info']);
  if (Array.isArray(videoInfo?.['variants'])) {
    for (const v of videoInfo['variants'] as unknown[]) {
      const o = asObject(v);
      if (o && (o['content_type'] === 'video/mp4' || /\.mp4(\?|$)/.test(String(o['url'])))) push(stringOrNull(o['url']));
    }
  }
  // For videos the media URL is a thumbnail that the archive does not keep: only a fallback.
  if (names.length === 0) push(stringOrNull(item['media_url_https']) ?? stringOrNull(item['media_url']));
  return names;
}

export interface MediaMatch {
  media: Media;
  /** The file name we looked for, when none was found. */
  missing: string | null;
}

/** Finds one media item of tweet `tweetId`; `used` keeps two items of one tweet from taking the same file. */
export function matchMedia(index: MediaIndex, tweetId: string, item: Record<string, unknown>, used: Set<ArchiveEntry>): MediaMatch {
  const type = mediaType(item['type']);
  const alt = stringOrNull(item['ext_alt_text']);
  const names = candidateNames(item);
  for (const name of names) {
    const entry = index.named(`${tweetId}-${name}`);
    if (entry && !used.has(entry)) return found(entry);
  }
  if (type === 'video' || type === 'gif') {
    // The saved variant is not always one the record lists: any unused mp4 of this tweet.
    const entry = index.forTweet(tweetId).find((e) => /\.mp4$/i.test(e.path) && !used.has(e));
    if (entry) return found(entry);
  }
  return { media: { path: null, type, alt, archive: null }, missing: `${tweetId}-${names[0] ?? '?'}` };

  function found(entry: ArchiveEntry): MediaMatch {
    used.add(entry);
    return { media: { path: entry.path, type, alt, archive: entry.archive }, missing: null };
  }
}
