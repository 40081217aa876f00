/**
 * The neutral model: what `parse` prints (DESIGN.md section 3, `version: 1`).
 * Absent data is `null` or `[]`, never a made-up value. Dates are ISO 8601 UTC strings.
 * The JSON Schema in schema/model.schema.json describes the same document; keep them in step.
 */
export const MODEL_VERSION = 1 as const;

export const PLATFORMS = [
  'twitter', 'facebook', 'instagram', 'threads', 'youtube', 'linkedin', 'tiktok',
  'reddit', 'tumblr', 'bluesky', 'mastodon',
] as const;
export type Platform = (typeof PLATFORMS)[number];

/** `list:<name>` carries a list's name; the rest are fixed. */
export type Relation =
  | 'following' | 'follower' | 'friend' | 'subscription' | 'blocked' | 'muted' | 'close_friend'
  | `list:${string}`;

export type PostKind = 'post' | 'reply' | 'repost' | 'quote' | 'video' | 'article';
export type PostVisibility = 'public' | 'unlisted' | 'private' | 'direct';
export type MediaType = 'image' | 'video' | 'gif' | 'audio' | 'other';

/** One part of the input: which platform, which files (as the user named them), which layout generation. */
export interface SourceInfo {
  platform: Platform;
  files: string[];
  layout: string | null;
}

export interface Account {
  platform: Platform;
  id: string | null;
  username: string | null;
  displayName: string | null;
}

export interface Contact {
  platform: Platform;
  /** The platform's own id, exactly as written; `null` where the platform gives none (Facebook names). */
  id: string | null;
  username: string | null;
  displayName: string | null;
  profileUrl: string | null;
  bio: string | null;
  urls: string[];
  location: string | null;
  relations: Relation[];
  /** When the relation began, if the export says. */
  since: string | null;
}

export interface Mention {
  username: string;
  id: string | null;
}

export interface Media {
  /** Path of the file inside its archive (or folder), or `null` when the export references a file it lacks. */
  path: string | null;
  type: MediaType;
  alt: string | null;
  /** The archive file (as the user named it) that holds `path`. */
  archive: string | null;
}

/**
 * One post of the user's own.
 *
 * Replies, the same rule for every platform: a post that answers another post is kind `reply`, with
 * `inReplyToId` set to the parent's id where the export gives it. `inReplyToUser` names the parent's
 * author; when the parent is the user's own post (a self-thread), it is exactly `account.username` of the
 * same export (the platform's own spelling, e.g. Mastodon's `preferredUsername`), so a planner tells a
 * self-thread from a reply to someone else by comparing the two. Replies to others name the other account
 * as the platform writes it (`jack` on Twitter, `user@host` on Mastodon), or null when the export does not
 * say (Threads gives no parent at all). A reply that also quotes stays `reply`, with `quoteOfUrl` set.
 */
export interface Post {
  platform: Platform;
  id: string;
  createdAt: string | null;
  kind: PostKind;
  text: string;
  inReplyToId: string | null;
  inReplyToUser: string | null;
  quoteOfUrl: string | null;
  repostOfUrl: string | null;
  language: string | null;
  visibility: PostVisibility | null;
  /**
   * The content warning shown before the text (Mastodon `summary`); null where the platform has none.
   * Added within model version 1: documents written before it lack the field, which means null.
   */
  contentWarning: string | null;
  /**
   * Marked sensitive by its author (Mastodon `sensitive`, Twitter `possibly_sensitive`); false where the
   * export does not say. Added within version 1: a document without it means false.
   */
  sensitive: boolean;
  links: string[];
  mentions: Mention[];
  hashtags: string[];
  media: Media[];
}

export interface Model {
  version: typeof MODEL_VERSION;
  sources: SourceInfo[];
  account: Account | null;
  contacts: Contact[];
  posts: Post[];
}
