/**
 * The address of a post on the old platform, for the footer and the report; null where the export does
 * not hold enough to build it (Facebook, Instagram and Threads exports carry no post id: the model's id is
 * derived from the content).
 */
import type { Account, Post } from '../../model/types.js';

type Builder = (post: Post, username: string | null) => string | null;

const enc = encodeURIComponent;
const isUrl = (s: string) => /^https?:\/\//i.test(s);

const BUILDERS: Partial<Record<Post['platform'], Builder>> = {
  // twitter.com rather than x.com: the archive's own links (expanded_url, quoted_status_permalink) and
  // the parser's repost URLs use it, so one post has one address everywhere; it redirects to x.com.
  // Without the username, `/i/web/status/<id>` is Twitter's own user-less permalink.
  twitter: (p, user) => (/^\d+$/.test(p.id)
    ? `https://twitter.com/${user ? enc(user) : 'i/web'}/status/${p.id}`
    : null),
  // The model's id is the status URI (`https://host/users/name/statuses/1`); its web page is `/@name/1`.
  mastodon: (p) => {
    const m = /^(https?:\/\/[^/]+)\/users\/([^/]+)\/statuses\/([^/?#]+)$/.exec(p.id);
    if (m) return `${m[1]}/@${m[2]}/${m[3]}`;
    return isUrl(p.id) ? p.id : null;
  },
  // The id is the share's URN (`urn:li:share:1`, `urn:li:activity:1`) or its link.
  linkedin: (p) => {
    if (isUrl(p.id)) return p.id;
    return /^urn:li:[A-Za-z]+:[\w-]+$/.test(p.id) ? `https://www.linkedin.com/feed/update/${p.id}/` : null;
  },
  tiktok: (p, user) => {
    if (isUrl(p.id)) return p.id;
    return /^\d+$/.test(p.id) && user ? `https://www.tiktok.com/@${enc(user)}/video/${p.id}` : null;
  },
  youtube: (p) => (/^[A-Za-z0-9_-]{11}$/.test(p.id) ? `https://www.youtube.com/watch?v=${p.id}` : null),
};

export function originalPostUrl(post: Post, account: Account | null): string | null {
  const username = account !== null && account.platform === post.platform ? account.username : null;
  return BUILDERS[post.platform]?.(post, username) ?? null;
}
