/**
 * The user's own Facebook posts (reference/formats.md section 2.2): text from `data[].post`, the date from
 * `timestamp`, photos and videos from `attachments[].data[].media.uri` (matched to archive entries),
 * shared links from `attachments[].data[].external_context.url` and from the text. The localized `title`
 * sentence ("Jane Doe updated her status.") is not the post's text; it is read for one thing only: posts
 * the user wrote on someone else's timeline ("Jane Doe wrote on Ann Lee's timeline.") or in a group
 * ("Jane Doe posted in Hiking Club.") are not the user's own posts and are left out (formats.md 2.2, the
 * timelinize rule). Titles are in the account's language and only the English sentences are known, so
 * in another language such posts still come through.
 */
import type { Media, Post } from '../../model/types.js';
import { asRecord, asText } from '../meta/json.js';
import type { MediaIndex } from '../meta/media.js';
import { metaPost, readMetaPostList } from '../meta/posts.js';
import { linksIn, unique } from '../meta/text.js';
import { metaTime } from '../meta/time.js';
import type { ParseContext } from '../types.js';
import { FACEBOOK_POSTS, FACEBOOK_POSTS_KEYS, facebookEntries } from './files.js';

/** "… wrote on Ann Lee's timeline." / "… wrote on a timeline." (English titles; Facebook's own sentences). */
const ON_A_TIMELINE = /\bwrote on (?:(.+)['\u2019]s|an?) timeline\.?$/u;
/** "… posted in Hiking Club." */
const IN_A_GROUP = /\bposted in .+$/u;

/**
 * True when the record's title says it was written on another person's timeline or in a group.
 * `ownName` (the account's display name) keeps a post "on <own name>'s timeline" as the user's own.
 */
export function writtenElsewhere(record: Record<string, unknown>, ownName: string | null): boolean {
  const title = asText(record.title);
  if (title === null) return false;
  const timeline = ON_A_TIMELINE.exec(title);
  if (timeline) return timeline[1] === undefined || ownName === null || timeline[1] !== ownName;
  return IN_A_GROUP.test(title);
}

export function facebookPost(item: unknown, media: MediaIndex): Post | null {
  const record = asRecord(item);
  if (!record) return null;
  const createdAt = metaTime(record, 'timestamp');
  const texts: string[] = [];
  for (const d of Array.isArray(record.data) ? record.data : []) {
    const text = asText(asRecord(d)?.post);
    if (text !== null) texts.push(text);
  }
  const text = texts.join('\n\n');

  const uris: string[] = [];
  const files: Media[] = [];
  const shared: string[] = [];
  for (const attachment of Array.isArray(record.attachments) ? record.attachments : []) {
    const data = asRecord(attachment)?.data;
    for (const d of Array.isArray(data) ? data : []) {
      const part = asRecord(d);
      const uri = asText(asRecord(part?.media)?.uri);
      if (uri !== null && !uris.includes(uri)) {
        uris.push(uri);
        files.push(media.media(uri, null, asRecord(part?.media)));
      }
      const url = asText(asRecord(part?.external_context)?.url);
      if (url !== null) shared.push(url);
    }
  }
  const links = unique([...shared, ...linksIn(text)]);
  // Records with nothing to carry over ("Jane updated her profile picture" without the picture).
  if (text === '' && files.length === 0 && links.length === 0) return null;

  // Facebook tags people by display name only; a mention needs a username.
  return metaPost({ platform: 'facebook', createdAt, kind: 'post', text, uris, media: files, links, mentions: [] });
}

export interface FacebookPostsResult {
  posts: Post[];
  filesFound: number;
  /** Records written on someone else's timeline or in a group: not the user's own posts, left out. */
  elsewhere: number;
}

export async function readFacebookPosts(context: ParseContext, media: MediaIndex, ownName: string | null = null): Promise<FacebookPostsResult> {
  const posts = new Map<string, Post>();
  let filesFound = 0;
  let elsewhere = 0;
  for (const entry of facebookEntries(context.archive, FACEBOOK_POSTS)) {
    const items = await readMetaPostList(context, entry, FACEBOOK_POSTS_KEYS, 'Facebook');
    if (items === null) continue;
    filesFound += 1;
    for (const item of items) {
      const record = asRecord(item);
      if (record && writtenElsewhere(record, ownName)) {
        elsewhere += 1;
        continue;
      }
      const post = facebookPost(item, media);
      // The same post in two parts or two generations' files is one post.
      if (post && !posts.has(post.id)) posts.set(post.id, post);
    }
  }
  return { posts: [...posts.values()], filesFound, elsewhere };
}
