/**
 * TikTok's one-file JSON export, `user_data.json` (older) or `user_data_tiktok.json` (2024+), read into the
 * neutral model (reference/formats.md section 7).
 *
 * Section names changed between generations, so each list is looked up along several paths:
 * - old:   `Activity."Following List".Following`, `Activity."Follower List".FansList`, `Video.Videos.VideoList`,
 *          `Profile."Profile Information".ProfileMap`;
 * - 2025:  `"Your Activity".Following.Following`, `"Your Activity".Follower.FansList`, `Post.Posts.VideoList`,
 *          `Profile."Profile Info".ProfileMap`, `"App Settings"."Block List".BlockList` (real export);
 * - a variant seen in fixtures with a `"Profile And Settings"` root holding Following/Follower/Block List.
 * Quirks: empty lists are written `null`; key case varies (`Date`/`date`, `UserName`/`userName`).
 */
import { toIsoUtc } from '../../model/dates.js';
import type { Account, Contact, Post, PostVisibility, Relation } from '../../model/types.js';

type Json = unknown;

/** Key comparison ignoring case and spaces: `Following List`, `followinglist`, `UserName`, `username`. */
function keyOf(name: string): string {
  return name.replace(/[\s_]+/g, '').toLowerCase();
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property by case- and space-insensitive name. */
export function field(obj: Json, ...names: string[]): Json {
  if (!isObject(obj)) return undefined;
  const wanted = names.map(keyOf);
  for (const [k, v] of Object.entries(obj)) if (wanted.includes(keyOf(k))) return v;
  return undefined;
}

function at(root: Json, path: readonly string[]): Json {
  let node: Json = root;
  for (const name of path) node = field(node, name);
  return node;
}

/** The first path that exists; `null` lists count as existing (and empty). */
function firstList(root: Json, paths: readonly (readonly string[])[]): Json[] | null {
  for (const path of paths) {
    const value = at(root, path);
    if (Array.isArray(value)) return value;
    if (value === null) return [];
  }
  return null;
}

function text(value: Json): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' || t === 'N/A' || t === 'None' ? null : t;
}

const FOLLOWING_PATHS = [
  ['Your Activity', 'Following', 'Following'],
  ['Activity', 'Following List', 'Following'],
  ['Profile And Settings', 'Following', 'Following'],
  ['Profile And Settings', 'Following List', 'Following'],
] as const;
const FOLLOWER_PATHS = [
  ['Your Activity', 'Follower', 'FansList'],
  ['Activity', 'Follower List', 'FansList'],
  ['Profile And Settings', 'Follower', 'FansList'],
  ['Profile And Settings', 'Follower List', 'FansList'],
] as const;
const BLOCK_PATHS = [
  ['App Settings', 'Block List', 'BlockList'],
  ['Profile And Settings', 'Block List', 'BlockList'],
  ['Activity', 'Block List', 'BlockList'],
] as const;
const VIDEO_PATHS = [
  ['Post', 'Posts', 'VideoList'],
  ['Video', 'Videos', 'VideoList'],
] as const;
const PROFILE_PATHS = [
  ['Profile', 'Profile Info', 'ProfileMap'],
  ['Profile', 'Profile Information', 'ProfileMap'],
  ['Profile And Settings', 'Profile Info', 'ProfileMap'],
  ['Profile And Settings', 'Profile Information', 'ProfileMap'],
] as const;

export type TikTokLayout = '2024+' | 'pre-2024' | 'profile-and-settings';

/** Which generation wrote this document, or null when it is not a TikTok export at all. */
export function tiktokLayout(doc: Json): TikTokLayout | null {
  if (!isObject(doc)) return null;
  if (field(doc, 'Your Activity') !== undefined) return '2024+';
  if (field(doc, 'Profile And Settings') !== undefined) return 'profile-and-settings';
  if (isObject(field(doc, 'Activity')) && (field(field(doc, 'Activity'), 'Following List', 'Follower List', 'Video Browsing History', 'Like List') !== undefined)) {
    return 'pre-2024';
  }
  return null;
}

export interface TikTokData {
  account: Account | null;
  contacts: Contact[];
  posts: Post[];
  /** Sections we expected and did not find (for warnings). */
  missing: string[];
}

export function tiktokFromUserData(doc: Json): TikTokData {
  const missing: string[] = [];
  const contacts = new Map<string, Contact>();
  const addList = (paths: readonly (readonly string[])[], relation: Relation, label: string) => {
    const list = firstList(doc, paths);
    if (list === null) {
      missing.push(label);
      return;
    }
    for (const item of list) {
      const username = text(field(item, 'UserName', 'Username', 'User Name', 'uniqueId'))?.replace(/^@/, '') ?? null;
      if (username === null) continue;
      const key = username.toLowerCase();
      const since = toIsoUtc(text(field(item, 'Date', 'Time')));
      const existing = contacts.get(key);
      if (existing) {
        if (!existing.relations.includes(relation)) existing.relations.push(relation);
        // The earliest date, as src/model/merge.ts merges relations.
        if (relation !== 'blocked' && since && (existing.since === null || since < existing.since)) existing.since = since;
        continue;
      }
      contacts.set(key, {
        platform: 'tiktok',
        id: null, // TikTok's export names people by username only
        username,
        displayName: null,
        profileUrl: `https://www.tiktok.com/@${username}`,
        bio: null,
        urls: [],
        location: null,
        relations: [relation],
        // When the relation began: meaningful for following and followers, not for a block date.
        since: relation === 'blocked' ? null : since,
      });
    }
  };
  addList(FOLLOWING_PATHS, 'following', 'following list');
  addList(FOLLOWER_PATHS, 'follower', 'follower list');
  addList(BLOCK_PATHS, 'blocked', 'block list');

  const videos = firstList(doc, VIDEO_PATHS);
  if (videos === null) missing.push('video list');

  return { account: accountOf(doc), contacts: [...contacts.values()], posts: (videos ?? []).flatMap(videoPost), missing };
}

function accountOf(doc: Json): Account | null {
  for (const path of PROFILE_PATHS) {
    const map = at(doc, path);
    if (!isObject(map)) continue;
    const username = text(field(map, 'userName', 'Username'));
    const displayName = text(field(map, 'displayName', 'nickName', 'Nickname'));
    if (username === null && displayName === null) continue;
    return { platform: 'tiktok', id: null, username, displayName };
  }
  return null;
}

const VISIBILITY: Record<string, PostVisibility> = {
  everyone: 'public',
  public: 'public',
  friends: 'private',
  followers: 'private',
  'only me': 'direct',
  onlyme: 'direct',
  private: 'direct',
};

/**
 * One own video. Item fields are not verified against a real export with videos (the real 2025 file has
 * `VideoList: null`); `Date` and `Link` follow every other TikTok list, the caption field name varies.
 */
function videoPost(item: Json): Post[] {
  const link = text(field(item, 'Link', 'VideoLink', 'Url'));
  const id = (link ? /\/video\/(\d+)/.exec(link)?.[1] : null) ?? link;
  if (!id) return [];
  const caption = text(field(item, 'Title', 'Desc', 'Description', 'Caption', 'VideoDescription')) ?? '';
  return [{
    platform: 'tiktok',
    id,
    createdAt: toIsoUtc(text(field(item, 'Date', 'CreateTime'))),
    kind: 'video',
    text: caption,
    inReplyToId: null,
    inReplyToUser: null,
    quoteOfUrl: null,
    repostOfUrl: null,
    language: null,
    visibility: VISIBILITY[(text(field(item, 'WhoCanView', 'Privacy')) ?? '').toLowerCase()] ?? null,
    // The export says nothing of content warnings or sensitivity.
    contentWarning: null,
    sensitive: false,
    links: [],
    mentions: [...caption.matchAll(/(?:^|\s)@([\w.]+)/g)].map((m) => ({ username: m[1]!, id: null })),
    hashtags: [...new Set([...caption.matchAll(/(?:^|\s)#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!))],
    // The export links the video on TikTok's servers; the file itself is not in the archive.
    media: [{ path: null, type: 'video', alt: null, archive: null }],
  }];
}
