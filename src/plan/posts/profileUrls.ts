/**
 * The profile address of a username on each old platform, for mentions rewritten as links (a link
 * notifies nobody). Null where the platform has no address for a bare username (LinkedIn mentions are
 * names; a Mastodon `@user` without its server).
 */
import type { Platform } from '../../model/types.js';

type ProfileUrl = (username: string, context: ProfileContext) => string | null;

export interface ProfileContext {
  /** The old account's server, for a Mastodon mention written without one (`@user` = a local user). */
  host?: string | null;
}

const enc = encodeURIComponent;

const PROFILE_URLS: Record<Platform, ProfileUrl> = {
  // twitter.com, like the export's own links and the original post addresses (originalPostUrl.ts).
  twitter: (u) => `https://twitter.com/${enc(u)}`,
  instagram: (u) => `https://www.instagram.com/${enc(u)}/`,
  threads: (u) => `https://www.threads.net/@${enc(u)}`,
  tiktok: (u) => `https://www.tiktok.com/@${enc(u)}`,
  youtube: (u) => `https://www.youtube.com/@${enc(u)}`,
  facebook: (u) => `https://www.facebook.com/${enc(u)}`,
  linkedin: () => null,
  reddit: (u) => `https://www.reddit.com/user/${enc(u)}`,
  tumblr: (u) => `https://www.tumblr.com/${enc(u)}`,
  bluesky: (u) => `https://bsky.app/profile/${enc(u)}`,
  mastodon: (u, c) => {
    const at = u.indexOf('@');
    if (at > 0) return fediverseProfileUrl(u);
    return c.host ? `https://${c.host}/@${enc(u)}` : null;
  },
};

export function profileUrl(platform: Platform, username: string, context: ProfileContext = {}): string | null {
  const name = username.replace(/^@/, '');
  if (name === '') return null;
  return PROFILE_URLS[platform]?.(name, context) ?? null;
}

/** `user@host` → `https://host/@user`: the profile address Mastodon, GoToSocial and most servers serve. */
export function fediverseProfileUrl(handle: string): string | null {
  const m = /^@?([^@\s/]+)@([^@\s/]+)$/.exec(handle.trim());
  if (!m) return null;
  return `https://${m[2]!.toLowerCase()}/@${m[1]}`;
}
