/**
 * The Instagram (and Threads) files we read, by basename, across the 2018-20 (`connections.json`,
 * `media.json`), 2021-23 (`followers_and_following/`, `content/posts_1.json`) and 2024+
 * (`your_instagram_activity/`) layouts (reference/formats.md sections 3 and 4).
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Relation } from '../../model/types.js';
import { entriesMatching } from '../meta/files.js';
import type { Importance } from '../meta/json.js';

export interface InstagramListFile {
  relation: Relation;
  pattern: RegExp;
  /** The list's key in Instagram files. */
  keys: readonly string[];
  /** The list's key in Threads files (`your_instagram_activity/threads/`), where Threads has the list. */
  threadsKeys: readonly string[];
  importance: Importance;
}

export const INSTAGRAM_LISTS: readonly InstagramListFile[] = [
  {
    relation: 'follower', pattern: /^followers(?:_\d+)?\.json$/i, keys: ['relationships_followers'],
    threadsKeys: ['text_post_app_text_post_app_followers'], importance: 'core',
  },
  {
    relation: 'following', pattern: /^following(?:_\d+)?\.json$/i, keys: ['relationships_following'],
    threadsKeys: ['text_post_app_text_post_app_following'], importance: 'core',
  },
  {
    relation: 'blocked', pattern: /^blocked_(?:profiles|accounts|users)(?:_\d+)?\.json$/i,
    keys: ['relationships_blocked_users'], threadsKeys: [], importance: 'extra',
  },
  {
    relation: 'close_friend', pattern: /^close_friends(?:_\d+)?\.json$/i,
    keys: ['relationships_close_friends'], threadsKeys: [], importance: 'extra',
  },
];

/** 2018-20: one `connections.json` object of `{ "<username>": "<date>" }` maps per relation. */
export const INSTAGRAM_CONNECTIONS = /^connections\.json$/i;
export const CONNECTIONS_KEYS: ReadonlyArray<{ key: string; relation: Relation }> = [
  { key: 'followers', relation: 'follower' },
  { key: 'following', relation: 'following' },
  { key: 'blocked_users', relation: 'blocked' },
  { key: 'close_friends', relation: 'close_friend' },
];

/** `content/posts_1.json` (2021-23), `your_instagram_activity/media/posts_1.json` (2024+), and the like. */
export const INSTAGRAM_POSTS = /^posts(?:_\d+)?\.json$/i;
/** 2018-20 `media.json` `{ "photos": [...], "videos": [...] }`. */
export const INSTAGRAM_OLD_MEDIA = /^media\.json$/i;
export const THREADS_POSTS = /^threads_and_replies(?:_\d+)?\.json$/i;
export const THREADS_POSTS_KEYS = ['text_post_app_text_posts'] as const;

export const INSTAGRAM_PROFILE = /^(?:personal_information|profile)\.json$/i;

/** Folders only Instagram writes, with the generation they belong to. */
export const INSTAGRAM_FOLDERS: ReadonlyArray<{ folder: string; layout: string }> = [
  { folder: 'your_instagram_activity', layout: '2024+' },
  { folder: 'followers_and_following', layout: '2021+' },
];

/**
 * Paths that belong to a Facebook export given in the same run (parseExport parses every export it is
 * sure of): Facebook also writes `following.json` and `followers.json`, but only under these folders.
 */
const FACEBOOK_PATH = /(?:^|\/)(?:friends_and_followers|following_and_followers|your_facebook_activity|connections\/friends|connections\/followers)\//i;

/** Instagram's files matching the basename pattern, in part order, leaving out a Facebook export's files. */
export function instagramEntries(archive: ArchiveSet, pattern: RegExp): ArchiveEntry[] {
  return entriesMatching(archive, pattern).filter((e) => !FACEBOOK_PATH.test(e.path));
}
