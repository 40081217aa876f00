/**
 * The Facebook files we read, by basename, across the 2018-19, 2020-22 and 2023+ layouts
 * (reference/formats.md section 2.1). Files are found wherever they sit; their content shape decides.
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import type { Relation } from '../../model/types.js';
import { entriesMatching } from '../meta/files.js';

export interface FacebookListFile {
  relation: Extract<Relation, 'friend' | 'following' | 'follower'>;
  pattern: RegExp;
  /** Top-level keys of the list in each generation. */
  keys: readonly string[];
}

// The apostrophe of "who_you've_followed" is "_" in exports delivered through Google Drive; a typographic
// apostrophe is accepted too, for archives re-packed by tools that "smarten" quotes.
export const FACEBOOK_LISTS: readonly FacebookListFile[] = [
  { relation: 'friend', pattern: /^(?:your_)?friends(?:_\d+)?\.json$/i, keys: ['friends', 'friends_v2'] },
  {
    relation: 'following',
    pattern: /^(?:following|who_you(?:'|_|\u2019)ve_followed)(?:_\d+)?\.json$/i,
    keys: ['following', 'following_v2', 'following_v3'],
  },
  {
    relation: 'follower',
    pattern: /^(?:followers|people_who_followed_you)(?:_\d+)?\.json$/i,
    keys: ['followers', 'followers_v2', 'followers_v3'],
  },
];

/**
 * 2018-19 `your_posts.json`, 2020-22 `your_posts_1.json`, 2023+ `your_posts__check_ins__photos_and_videos_1.json`;
 * a professional profile's export: `this_profile's_activity_across_facebook/posts/profile_posts_1.json`, the
 * same records.
 */
export const FACEBOOK_POSTS = /^(?:your_posts(?:__check_ins__photos_and_videos)?|profile_posts)(?:_\d+)?\.json$/i;
export const FACEBOOK_POSTS_KEYS = ['status_updates'] as const;

export const FACEBOOK_PROFILE = /^profile_information\.json$/i;

/** Basenames only Facebook writes (JSON or HTML), each a sure sign of a Facebook export. */
export const FACEBOOK_ONLY_NAMES =
  /^(?:your_friends|who_you(?:'|_|\u2019)ve_followed|people_who_followed_you(?:_\d+)?|your_posts__check_ins__photos_and_videos(?:_\d+)?|profile_information|your_uncategorized_photos|other_people's_posts_to_your_timeline)\.(json|html)$/i;
/** Folders only Facebook writes, with the generation they belong to. */
export const FACEBOOK_FOLDERS: ReadonlyArray<{ folder: string; layout: string }> = [
  { folder: 'your_facebook_activity', layout: '2023+' },
  // A professional profile's export (2026); "_s" where Google Drive delivery replaces the apostrophe.
  { folder: "this_profile's_activity_across_facebook", layout: '2023+' },
  { folder: 'this_profile_s_activity_across_facebook', layout: '2023+' },
  { folder: 'friends_and_followers', layout: '2020-22' },
  { folder: 'following_and_followers', layout: '2018-19' },
];

/**
 * Paths that belong to an Instagram export given in the same run (parseExport parses every export it is
 * sure of): Instagram also writes `following.json` and `followers_1.json`, but only under these folders.
 */
const INSTAGRAM_PATH = /(?:^|\/)(?:followers_and_following|your_instagram_activity)\//i;

/** Facebook's files matching the basename pattern, in part order, leaving out an Instagram export's files. */
export function facebookEntries(archive: ArchiveSet, pattern: RegExp): ArchiveEntry[] {
  return entriesMatching(archive, pattern).filter((e) => !INSTAGRAM_PATH.test(e.path));
}
