/**
 * Mastodon's `outbox.json` (reference/formats.md 11.1, 11.3; written by `app/services/backup_service.rb`):
 * an ActivityStreams OrderedCollection of `Create{object: Note}` (own posts) and `Announce{object: "<uri>"}`
 * (boosts). Quirks handled:
 * - `"orderedItems":[],"orderedItems":[…]`, the key twice in a real 2024 file: JSON.parse keeps the last
 *   value, which is the full one; when the last is the empty one, the items are recovered from the text;
 * - `totalItems` differs from the real count (it is ignored);
 * - attachment URLs keep an object-storage prefix (`/bucket/media_attachments/…`) while the entry in the
 *   zip is `media_attachments/…`: files are found by the `media_attachments/…` suffix;
 * - status URIs are `https://host/users/<name>/statuses/<id>` up to Mastodon 4.4 and
 *   `https://host/ap/users/<numeric id>/statuses/<id>` from 4.5 on (a real 2026 archive): a reply's target
 *   is found in either shape, its author named by the Mention tag whose href is the author's actor URI.
 * Replies follow the rule of src/model/types.ts (Post): a self-reply names the owner's own username.
 * The content warning is the Note's `summary`, the sensitive flag its `sensitive`.
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { toIsoUtc } from '../../model/dates.js';
import type { Media, MediaType, Mention, Post, PostKind, PostVisibility } from '../../model/types.js';
import { htmlToText, plainLinks } from './html.js';

const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * The items of an outbox document. `text` is the file as read: when JSON.parse's last-wins rule kept an
 * empty duplicate `orderedItems`, the longest `orderedItems` array in the text is taken instead.
 */
export function outboxItems(doc: unknown, text: string): unknown[] | null {
  if (!isObject(doc)) return null;
  const items = doc['orderedItems'];
  if (!Array.isArray(items)) return null;
  if (items.length > 0) return items;
  const recovered = recoverDuplicateItems(text);
  return recovered ?? items;
}

function recoverDuplicateItems(text: string): unknown[] | null {
  let best: unknown[] | null = null;
  const key = /"orderedItems"\s*:\s*\[/g;
  for (let m = key.exec(text); m; m = key.exec(text)) {
    const start = m.index + m[0].length - 1;
    const end = matchingBracket(text, start);
    if (end === -1) continue;
    try {
      const parsed = JSON.parse(text.slice(start, end + 1)) as unknown;
      if (Array.isArray(parsed) && parsed.length > (best?.length ?? 0)) best = parsed;
    } catch {
      // not a self-contained array; keep looking
    }
  }
  return best;
}

/** Index of the `]` closing the `[` at `start`, skipping strings; -1 when the text ends first. */
function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export interface OutboxResult {
  posts: Post[];
  /** Items that are neither a Create of a Note/Question/Article nor an Announce. */
  skipped: number;
  /** Attachments whose file is in none of the parts given. */
  missingMedia: number;
}

const MEDIA_FOLDER = 'media_attachments/';

/**
 * Every `media_attachments/…` entry by its path from that folder on (lower-cased), built once: looking each
 * attachment up among all entries would be quadratic in a big archive (tens of thousands of both).
 */
export class MediaIndex {
  private readonly bySuffix = new Map<string, ArchiveEntry>();

  constructor(archive: ArchiveSet) {
    for (const entry of archive.entries) {
      const at = entry.path.toLowerCase().lastIndexOf(MEDIA_FOLDER);
      if (at === -1 || (at > 0 && entry.path[at - 1] !== '/')) continue;
      const key = entry.path.slice(at).toLowerCase();
      if (!this.bySuffix.has(key)) this.bySuffix.set(key, entry); // the first part wins, as elsewhere
    }
  }

  /** The entry for an attachment URL (`/bucket/media_attachments/…`, `https://files.host/media_attachments/…`). */
  find(url: string): ArchiveEntry | null {
    const at = url.lastIndexOf(MEDIA_FOLDER);
    if (at === -1) return null;
    return this.bySuffix.get(url.slice(at).replace(/[?#].*$/, '').toLowerCase()) ?? null;
  }
}

/** The archive's owner, from actor.json: who a self-reply answers. Both null when actor.json is missing. */
export interface OutboxOwner {
  /** The actor URI (`https://host/users/name` or `https://host/ap/users/123`). */
  actorId: string | null;
  /** `preferredUsername`, the Account's `username`. */
  username: string | null;
}

export function postsFromOutbox(
  items: readonly unknown[],
  archive: ArchiveSet,
  owner: OutboxOwner = { actorId: null, username: null },
): OutboxResult {
  const media = new MediaIndex(archive);
  // The user's own statuses: a reply to one of them is a self-reply even when its URI shape is unknown to us.
  const ownIds = new Set<string>();
  for (const item of items) {
    if (isObject(item) && isObject(item['object'])) {
      const id = str(item['object']['id']);
      if (id) ownIds.add(id);
    }
  }
  const replies: ReplyContext = { owner, ownIds };
  const posts: Post[] = [];
  let skipped = 0;
  let missingMedia = 0;
  for (const item of items) {
    if (!isObject(item)) {
      skipped++;
      continue;
    }
    if (item['type'] === 'Announce') {
      const target = str(item['object']) ?? (isObject(item['object']) ? str(item['object']['id']) : null);
      const id = str(item['id']);
      if (!target || !id) {
        skipped++;
        continue;
      }
      posts.push(repost(id, target, item));
      continue;
    }
    const object = item['object'];
    if (item['type'] !== 'Create' || !isObject(object) || !['Note', 'Question', 'Article'].includes(String(object['type']))) {
      skipped++;
      continue;
    }
    const post = note(object, item, media, replies);
    if (!post) {
      skipped++;
      continue;
    }
    missingMedia += post.media.filter((m) => m.path === null).length;
    posts.push(post);
  }
  return { posts, skipped, missingMedia };
}

function visibility(to: unknown, cc: unknown): PostVisibility {
  const toList = list(to).map(String);
  const ccList = list(cc).map(String);
  if (toList.some((a) => PUBLIC.has(a))) return 'public';
  if (ccList.some((a) => PUBLIC.has(a))) return 'unlisted';
  if (toList.some((a) => a.endsWith('/followers'))) return 'private';
  return 'direct';
}

function repost(id: string, target: string, activity: Json): Post {
  return {
    platform: 'mastodon',
    id,
    createdAt: toIsoUtc(activity['published']),
    kind: 'repost',
    text: '',
    inReplyToId: null,
    inReplyToUser: null,
    quoteOfUrl: null,
    repostOfUrl: target,
    language: null,
    visibility: visibility(activity['to'], activity['cc']),
    // A boost carries only the boosted post's URI: its warning and flag are the original's, not ours.
    contentWarning: null,
    sensitive: false,
    links: [],
    mentions: [],
    hashtags: [],
    media: [],
  };
}

/**
 * The author's actor URI and, where the URI spells it, name of a Mastodon status URI:
 * `https://host/users/name/statuses/1` (up to 4.4) → name `name@host`;
 * `https://host/ap/users/123/statuses/1` (4.5+) → no name (a numeric id), the actor URI only.
 */
export function statusAuthor(uri: string): { actor: string; handle: string | null } | null {
  const m = /^(https?:\/\/([^/]+)\/(ap\/)?users\/([^/]+))\/statuses\//.exec(uri);
  if (!m) return null;
  return { actor: m[1]!, handle: m[3] ? null : `${m[4]}@${m[2]}` };
}

interface ReplyContext {
  owner: OutboxOwner;
  ownIds: ReadonlySet<string>;
}

/**
 * Who a reply answers (`inReplyToUser`). A reply to one's own status names the owner's username (the rule
 * of src/model/types.ts); a reply to someone else names them as `user@host`, from the status URI or, for
 * 4.5's numeric `/ap/users/<id>` URIs, from the Mention tag whose href is their actor URI.
 */
function replyTarget(inReplyTo: string, object: Json, tags: readonly Json[], context: ReplyContext): string | null {
  const author = statusAuthor(inReplyTo);
  const self = context.ownIds.has(inReplyTo)
    || (author !== null && (author.actor === context.owner.actorId || author.actor === str(object['attributedTo'])));
  if (self) return context.owner.username ?? usernameOfStatusUrl(str(object['url'])) ?? author?.handle?.split('@')[0] ?? null;
  if (author === null) return null;
  for (const tag of tags) {
    if (tag['type'] !== 'Mention' || str(tag['href']) !== author.actor) continue;
    const mention = mentionOf(tag);
    if (mention) return mention.id ?? mention.username;
  }
  return author.handle;
}

/** `https://host/@name/123` → `name`: the owner's username when actor.json is missing. */
function usernameOfStatusUrl(url: string | null): string | null {
  return url ? /^https?:\/\/[^/]+\/@([^/@]+)\/\d+/.exec(url)?.[1] ?? null : null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function mentionOf(tag: Json): Mention | null {
  const name = str(tag['name'])?.replace(/^@/, '');
  if (!name) return null;
  const [user, host] = name.split('@') as [string, string | undefined];
  const href = str(tag['href']);
  const domain = host ?? (href ? hostOf(href) : null);
  // id: the full handle, the same identifier Mastodon's CSV exports use for accounts.
  return { username: user, id: domain ? `${user}@${domain}` : null };
}

function mediaTypeOf(mime: string | null): MediaType {
  if (!mime) return 'other';
  if (mime === 'image/gif') return 'gif';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'other';
}

function mediaOf(attachment: Json, index: MediaIndex): Media {
  const url = str(attachment['url']) ?? (isObject(attachment['url']) ? str(attachment['url']['href']) : null);
  const entry = url ? index.find(url) : null;
  return {
    path: entry?.path ?? null,
    type: mediaTypeOf(str(attachment['mediaType'])),
    alt: str(attachment['name']),
    archive: entry?.archive ?? null,
  };
}

function note(object: Json, activity: Json, media: MediaIndex, replies: ReplyContext): Post | null {
  const id = str(object['id']);
  if (!id) return null;
  const html = str(object['content']) ?? '';
  const tags = list(object['tag']).filter(isObject);
  const inReplyTo = str(object['inReplyTo']);
  const quote = str(object['quoteUrl']) ?? str(object['_misskey_quote']) ?? str(object['quoteUri']);
  const kind: PostKind = inReplyTo ? 'reply' : quote ? 'quote' : 'post';
  const contentMap = object['contentMap'];
  const language = isObject(contentMap) ? Object.keys(contentMap)[0] ?? null : null;
  return {
    platform: 'mastodon',
    id,
    createdAt: toIsoUtc(object['published']) ?? toIsoUtc(activity['published']),
    kind,
    text: htmlToText(html),
    inReplyToId: inReplyTo,
    inReplyToUser: inReplyTo ? replyTarget(inReplyTo, object, tags, replies) : null,
    quoteOfUrl: quote,
    repostOfUrl: null,
    language,
    visibility: visibility(object['to'] ?? activity['to'], object['cc'] ?? activity['cc']),
    // `summary` is the content warning as plain text (Mastodon writes spoiler_text there, not HTML).
    contentWarning: str(object['summary']),
    sensitive: object['sensitive'] === true,
    links: plainLinks(html),
    mentions: tags.filter((t) => t['type'] === 'Mention').map(mentionOf).filter((m): m is Mention => m !== null),
    hashtags: [...new Set(tags.filter((t) => t['type'] === 'Hashtag').map((t) => str(t['name'])?.replace(/^#/, '')).filter((h): h is string => !!h))],
    media: list(object['attachment']).filter(isObject).map((a) => mediaOf(a, media)),
  };
}
