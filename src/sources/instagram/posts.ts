/**
 * The user's own Instagram posts and Threads posts. Both use one record shape (reference/formats.md
 * sections 3.2 and 4): `{ "media": [{ "uri", "creation_timestamp", "title" }], "title"?, "creation_timestamp"? }`.
 * A single-media post keeps its caption and date on the media item; a multi-media post keeps them on
 * the post. Threads items add `text_app_post.is_reply`. The 2018-20 `media.json` is
 * `{ "photos": [{ "caption", "taken_at", "path" }], "videos": [...] }`.
 */
import type { Media, Platform, Post, PostKind } from '../../model/types.js';
import { isUnder } from '../meta/files.js';
import { asRecord, asText, readMetaJson } from '../meta/json.js';
import type { MediaIndex } from '../meta/media.js';
import { metaPost, readMetaPostList } from '../meta/posts.js';
import { linksIn, mentionsIn } from '../meta/text.js';
import { metaTime } from '../meta/time.js';
import type { ParseContext } from '../types.js';
import { INSTAGRAM_OLD_MEDIA, INSTAGRAM_POSTS, THREADS_POSTS, THREADS_POSTS_KEYS, instagramEntries } from './files.js';

export function metaMediaPost(item: unknown, platform: Platform, media: MediaIndex): Post | null {
  const record = asRecord(item);
  if (!record) return null;
  const items = (Array.isArray(record.media) ? record.media : []).map(asRecord).filter((m) => m !== null);
  const text = asText(record.title) ?? items.map((m) => asText(m.title)).find((t) => t !== null) ?? '';
  const createdAt = metaTime(record, 'creation_timestamp', 'timestamp')
    ?? items.map((m) => metaTime(m, 'creation_timestamp')).find((t) => t !== null) ?? null;
  const uris: string[] = [];
  const files: Media[] = [];
  for (const m of items) {
    const uri = asText(m.uri);
    if (uri === null || uris.includes(uri)) continue;
    uris.push(uri);
    files.push(media.media(uri, null, m));
  }
  const reply = items.some((m) => asRecord(m.text_app_post)?.is_reply === true);
  return buildPost(platform, createdAt, text, uris, files, reply ? 'reply' : 'post');
}

/** One 2018-20 `media.json` item. */
export function oldInstagramPost(item: unknown, media: MediaIndex): Post | null {
  const record = asRecord(item);
  if (!record) return null;
  const text = asText(record.caption) ?? '';
  const createdAt = metaTime(record, 'taken_at', 'creation_timestamp');
  const uri = asText(record.path) ?? asText(record.uri);
  return buildPost('instagram', createdAt, text, uri ? [uri] : [], uri ? [media.media(uri)] : [], 'post');
}

function buildPost(
  platform: Platform, createdAt: string | null, text: string, uris: string[], files: Media[], kind: PostKind,
): Post | null {
  if (text === '' && files.length === 0) return null;
  // Threads replies carry no parent id in the export (formats.md section 4).
  return metaPost({
    platform, createdAt, kind, text, uris, media: files,
    links: linksIn(text),
    mentions: mentionsIn(text).map((username) => ({ username, id: null })),
  });
}

export interface InstagramPostsResult {
  posts: Post[];
  instagramFiles: number;
  threadsFiles: number;
}

export async function readInstagramPosts(context: ParseContext, media: MediaIndex): Promise<InstagramPostsResult> {
  const posts = new Map<string, Post>();
  const result: InstagramPostsResult = { posts: [], instagramFiles: 0, threadsFiles: 0 };
  const keep = (post: Post | null): void => {
    // Both post locations (content/ and media/) in one export, or two parts, hold the same posts once.
    if (post && !posts.has(`${post.platform}:${post.id}`)) posts.set(`${post.platform}:${post.id}`, post);
  };

  for (const entry of instagramEntries(context.archive, INSTAGRAM_POSTS)) {
    const items = await readMetaPostList(context, entry, [], 'Instagram');
    if (items === null) continue;
    const platform: Platform = isUnder(entry, 'threads') ? 'threads' : 'instagram';
    if (platform === 'threads') result.threadsFiles += 1;
    else result.instagramFiles += 1;
    for (const item of items) keep(metaMediaPost(item, platform, media));
  }
  for (const entry of instagramEntries(context.archive, THREADS_POSTS)) {
    const items = await readMetaPostList(context, entry, THREADS_POSTS_KEYS, 'Instagram');
    if (items === null) continue;
    result.threadsFiles += 1;
    for (const item of items) keep(metaMediaPost(item, 'threads', media));
  }
  for (const entry of instagramEntries(context.archive, INSTAGRAM_OLD_MEDIA)) {
    const root = asRecord(await readMetaJson(context, entry, { importance: 'core', platformName: 'Instagram' }));
    const photos = root?.photos;
    const videos = root?.videos;
    if (!Array.isArray(photos) && !Array.isArray(videos)) continue;
    result.instagramFiles += 1;
    for (const item of [...(Array.isArray(photos) ? photos : []), ...(Array.isArray(videos) ? videos : [])]) {
      keep(oldInstagramPost(item, media));
    }
  }
  result.posts = [...posts.values()];
  return result;
}
