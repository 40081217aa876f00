/**
 * Which of the export's posts are imported (issue 8, section 2), and why the others are not:
 * - by kind (`kinds`): 'post' own posts, 'thread' self-replies, 'reply' replies to other people,
 *   'repost', 'quote', 'video', 'article'; by default everything but replies to others and reposts
 *   (reasons `reply_to_others`, `repost_not_asked`, `kind_not_asked`);
 * - never more widely than it was: a post the export marks `private` stays out unless `includePrivate`
 *   (it is then posted followers-only, see postVisibility), and a `direct` post (a private message) always
 *   stays out: posting it to followers would show it to people it was never sent to (`not_public`);
 * - dates: `since` inclusive, `until` exclusive (ISO 8601 dates or date-times, UTC); with either set, a
 *   post without a date stays out, since it cannot be shown to be in the range (`before_since` /
 *   `after_until` with detail `no_date`);
 * - a post with no text, no link, no quoted or reposted address and no media is `empty_post`.
 * A post dated at or before 1970-01-01 is kept: it cannot be backdated (planPosts notes it), no more.
 */
import { UsageError } from '../../errors.js';
import type { Account, Model, Post, PostVisibility } from '../../model/types.js';
import { type Reason, reason } from '../reasons.js';
import type { PostExclusion, PostVisibilityOut } from '../types.js';
import { originalPostUrl } from './originalPostUrl.js';

export const SELECT_KINDS = ['post', 'thread', 'reply', 'repost', 'quote', 'video', 'article'] as const;
export type SelectKind = (typeof SELECT_KINDS)[number];
export const DEFAULT_KINDS: ReadonlySet<string> = new Set<SelectKind>(['post', 'thread', 'quote', 'video', 'article']);

export interface SelectOptions {
  kinds: ReadonlySet<string>;
  /** Inclusive lower bound, ISO 8601; null for none. */
  since: string | null;
  /** Exclusive upper bound, ISO 8601; null for none. */
  until: string | null;
  includePrivate: boolean;
}

export interface Selection {
  selected: Post[];
  excluded: PostExclusion[];
}

export function selectPosts(model: Pick<Model, 'account' | 'posts'>, options: SelectOptions): Selection {
  const since = bound(options.since, 'since');
  const until = bound(options.until, 'until');
  const ownIds = new Set(model.posts.map((p) => postKey(p.platform, p.id)));
  const selected: Post[] = [];
  const excluded: PostExclusion[] = [];
  for (const post of model.posts) {
    const kind = selectionKind(post, model.account, ownIds);
    const why = exclusionReason(post, kind, options, since, until);
    if (why === null) selected.push(post);
    else excluded.push({ source: postSource(post, model.account), kind, reason: why });
  }
  return { selected, excluded };
}

function exclusionReason(post: Post, kind: SelectKind, options: SelectOptions, since: number | null, until: number | null): Reason | null {
  if (!options.kinds.has(kind)) {
    if (kind === 'reply') return reason('reply_to_others');
    if (kind === 'repost') return reason('repost_not_asked');
    return reason('kind_not_asked', kind);
  }
  if (post.visibility === 'direct') return reason('not_public', 'direct');
  if (post.visibility === 'private' && !options.includePrivate) return reason('not_public', 'private');
  if (since !== null || until !== null) {
    const at = post.createdAt === null ? Number.NaN : Date.parse(post.createdAt);
    if (Number.isNaN(at)) return reason(since !== null ? 'before_since' : 'after_until', 'no_date');
    if (since !== null && at < since) return reason('before_since');
    if (until !== null && at >= until) return reason('after_until');
  }
  if (isEmpty(post)) return reason('empty_post');
  return null;
}

/** What a post is for `--kinds`: a reply is a `thread` when it answers the user's own post. */
export function selectionKind(post: Post, account: Account | null, ownIds: ReadonlySet<string>): SelectKind {
  if (post.kind === 'repost') return 'repost';
  const isReply = post.kind === 'reply' || post.inReplyToId !== null || post.inReplyToUser !== null;
  if (isReply) return isSelfReply(post, account, ownIds) ? 'thread' : 'reply';
  return post.kind === 'reply' ? 'reply' : post.kind;
}

function isSelfReply(post: Post, account: Account | null, ownIds: ReadonlySet<string>): boolean {
  if (post.inReplyToId !== null && ownIds.has(postKey(post.platform, post.inReplyToId))) return true;
  const to = post.inReplyToUser?.replace(/^@/, '').toLowerCase() ?? null;
  const me = account !== null && account.platform === post.platform ? account.username?.replace(/^@/, '').toLowerCase() ?? null : null;
  if (to === null || me === null) return false;
  if (to === me) return true;
  // Mastodon names the parent's author `user@host`: the user's own when the host is the post's own server.
  const host = hostOf(post.id);
  return host !== null && to === `${me}@${host}`;
}

function isEmpty(post: Post): boolean {
  return post.text.trim() === '' && post.links.length === 0 && post.media.length === 0
    && post.quoteOfUrl === null && post.repostOfUrl === null;
}

/** `platform\0id`: post ids are unique per platform only. */
export function postKey(platform: string, id: string): string {
  return `${platform}\u0000${id}`;
}

export function postSource(post: Post, account: Account | null) {
  return { platform: post.platform, id: post.id, createdAt: post.createdAt, url: originalPostUrl(post, account) };
}

/**
 * The visibility to post with: the asked one (default `unlisted`), never wider than the source's. A
 * `private` source (kept with includePrivate) is posted `private` (followers only).
 */
export function postVisibility(source: PostVisibility | null, asked: PostVisibilityOut): PostVisibilityOut {
  const order: readonly PostVisibilityOut[] = ['public', 'unlisted', 'private'];
  const ceiling: PostVisibilityOut = source === null || source === 'public' ? 'public' : source === 'unlisted' ? 'unlisted' : 'private';
  return order[Math.max(order.indexOf(ceiling), order.indexOf(asked))]!;
}

function bound(value: string | null, name: string): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  // A bare date is midnight UTC (Date.parse reads `YYYY-MM-DD` as UTC already; say so for clarity).
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(at)) throw new UsageError(`--${name} ${value}: not a date (use YYYY-MM-DD or an ISO 8601 date-time)`);
  return at;
}

function hostOf(id: string): string | null {
  try {
    return new URL(id).host || null;
  } catch {
    return null;
  }
}
