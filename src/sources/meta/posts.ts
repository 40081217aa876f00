/**
 * What Facebook and Instagram/Threads posts have in common: the posts file is a list in one of the known
 * shapes (another shape is warned about and skipped), and a record becomes a Post with an id derived
 * from its content (Meta posts carry none), no reply, quote or repost links, and hashtags from the text.
 */
import type { ArchiveEntry } from '../../archive/types.js';
import type { Media, Mention, Platform, Post, PostKind } from '../../model/types.js';
import type { ParseContext } from '../types.js';
import { entryLabel, readMetaJson } from './json.js';
import { listItems } from './stringList.js';
import { derivedPostId, hashtagsIn } from './text.js';

/** The records of a posts file (a `core` file: unreadable JSON throws); null, with a warning, for another shape. */
export async function readMetaPostList(
  context: ParseContext,
  entry: ArchiveEntry,
  keys: readonly string[],
  platformName: string,
): Promise<unknown[] | null> {
  const json = await readMetaJson(context, entry, { importance: 'core', platformName });
  const items = listItems(json, keys);
  if (items === null) {
    context.warn({ file: entryLabel(entry), message: `${entryLabel(entry)} does not hold posts in a shape we know; skipped it.` });
  }
  return items;
}

export interface MetaPostParts {
  platform: Platform;
  createdAt: string | null;
  kind: PostKind;
  text: string;
  /** The media paths as the record names them, for the derived id. */
  uris: readonly string[];
  media: Media[];
  links: string[];
  mentions: Mention[];
}

/** The Post of a Meta record. The export gives no parent for a reply (formats.md section 4), so none is set. */
export function metaPost(parts: MetaPostParts): Post {
  return {
    platform: parts.platform,
    id: derivedPostId(parts.createdAt, parts.text, parts.uris),
    createdAt: parts.createdAt,
    kind: parts.kind,
    text: parts.text,
    inReplyToId: null,
    inReplyToUser: null,
    quoteOfUrl: null,
    repostOfUrl: null,
    language: null,
    visibility: null,
    // Meta exports carry no content warning or sensitive flag for posts.
    contentWarning: null,
    sensitive: false,
    links: parts.links,
    mentions: parts.mentions,
    hashtags: hashtagsIn(parts.text),
    media: parts.media,
  };
}
