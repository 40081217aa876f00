/**
 * Fediverse handles: parsing, normalising, and finding them in free text. Pure.
 *
 * A handle is `user@host` (RFC 7565 `acct:` without the scheme). Hosts are DNS names only: IP literals,
 * single-label names (`localhost`) and malformed names are not handles, so text naming `@x@127.0.0.1`
 * never becomes a request (DESIGN.md section 4, network manners).
 */
import type { AccountHandle } from '../model/handle.js';
import { decodeHTML } from 'entities';

/**
 * The one handle value type (src/model/handle.ts). Handles found in other people's words are parsed
 * more strictly here than the user's own (DNS names only, no port), so that text never names a request
 * to 127.0.0.1; the value is the same.
 */
export type Handle = AccountHandle;

// Mastodon allows [a-z0-9_] with inner dots and dashes (app/models/account.rb USERNAME_RE); Misskey,
// Pleroma and PeerTube (channels) allow a little more in the middle. 64 is generous for all of them.
const USER_RE = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;
const LABEL_RE = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Sites whose profile URLs look like fediverse ones (`/@user`, `/u/user`, `/users/user`) but are not.
 * Only URL-shaped mentions are filtered by this list; a written `@user@host` is always a candidate.
 */
const NOT_FEDIVERSE_HOSTS = new Set([
  'twitter.com', 'x.com', 't.co', 'instagram.com', 'facebook.com', 'fb.com', 'youtube.com', 'youtu.be',
  'tiktok.com', 'medium.com', 'threads.net', 'threads.com', 'reddit.com', 'linkedin.com', 'github.com',
  'gitlab.com', 'bsky.app', 'substack.com', 'patreon.com', 'ko-fi.com', 'twitch.tv', 'pinterest.com',
  'tumblr.com', 'google.com', 'vimeo.com', 'flickr.com', 'soundcloud.com', 'spotify.com', 'linktr.ee',
  'about.me', 'wikipedia.org', 'snapchat.com', 'telegram.me', 't.me', 'discord.com', 'discord.gg',
]);

/** Normalises a host name: lower case, IDNA, no trailing dot. Null when it is not a usable DNS name. */
export function normalizeHost(raw: string): string | null {
  let host = raw.trim().replace(/\.$/, '');
  if (host === '' || host.length > 253) return null;
  if (/[[\]:/\\@\s]/.test(host)) return null; // IPv6 literals, ports, paths
  try {
    host = new URL(`https://${host}/`).hostname;
  } catch {
    return null;
  }
  const labels = host.split('.');
  if (labels.length < 2) return null;
  if (!labels.every((l) => LABEL_RE.test(l))) return null;
  const tld = labels[labels.length - 1] ?? '';
  // An all-digit last label is an IPv4 address (the URL parser also turns 0x7f.1 or 2130706433 into one).
  if (/^[0-9]+$/.test(tld) || !/[a-z]/.test(tld)) return null;
  return host;
}

/** Parses one handle: `@user@host`, `user@host`, `acct:user@host`. Null when it is not one. */
export function parseHandle(input: string): Handle | null {
  let s = input.trim();
  if (s.toLowerCase().startsWith('acct:')) s = s.slice(5);
  if (s.startsWith('@')) s = s.slice(1);
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return null;
  const user = s.slice(0, at);
  const host = normalizeHost(s.slice(at + 1));
  if (!USER_RE.test(user) || host === null) return null;
  return { user, host };
}

/** `user@host`, the form Match.handle uses (no leading `@`). */
export function formatHandle(h: Handle): string {
  return `${h.user}@${h.host}`;
}

/** A key for comparing handles: the user part compared case-insensitively, as servers do. */
export function handleKey(h: Handle | string): string {
  const s = typeof h === 'string' ? h : formatHandle(h);
  return s.replace(/^@/, '').toLowerCase();
}

/** Parses a handle or a profile URL; the one entry point for user input such as `--map` and `--to`. */
export function parseHandleOrProfileUrl(input: string): Handle | null {
  const s = input.trim();
  if (/^https?:\/\//i.test(s)) return handleFromProfileUrl(s);
  return parseHandle(s);
}

/**
 * A fediverse profile URL to a handle: `https://host/@user`, `/users/user`, `/u/user` (Pleroma, Misskey
 * redirects), `/c/channel`, `/a/account`, `/video-channels/channel` and `/accounts/account` (PeerTube).
 * `https://host/@user@other` names a remote
 * account seen from host, which is `user@other`. Known non-fediverse sites give null.
 */
export function handleFromProfileUrl(raw: string): Handle | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port) return null;
  const host = normalizeHost(url.hostname);
  if (host === null || isNotFediverseHost(host)) return null;
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const [first, second] = parts;
  let user: string | undefined;
  if (first?.startsWith('@') && parts.length <= 2) {
    const rest = first.slice(1);
    if (rest.includes('@')) return parseHandle(rest);
    user = rest;
    // `/@user/123` is a post, not a profile; `/@user/` or `/@user/media` etc. still name the account.
    if (second !== undefined && /^[0-9]+$/.test(second)) return null;
  } else if (first !== undefined && PROFILE_PATHS.has(first) && second && parts.length <= 2) {
    user = second.startsWith('@') ? second.slice(1) : second;
  }
  if (user === undefined || !USER_RE.test(user)) return null;
  return { user, host };
}

/**
 * Path prefixes of profile URLs: `/users/` (Mastodon actors), `/u/`, and PeerTube's `/c/` and `/a/`
 * (short channel and account pages) and `/video-channels/` and `/accounts/` (their actor URLs).
 */
const PROFILE_PATHS: ReadonlySet<string> = new Set(['users', 'u', 'c', 'a', 'video-channels', 'accounts']);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isNotFediverseHost(host: string): boolean {
  const bare = host.replace(/^(?:www|m|mobile|old|new)\./, '');
  if (NOT_FEDIVERSE_HOSTS.has(bare)) return true;
  // Subdomains of those sites (e.g. someone.tumblr.com, someone.substack.com) are not fediverse either.
  for (const h of NOT_FEDIVERSE_HOSTS) if (bare.endsWith(`.${h}`)) return true;
  return false;
}

export interface FoundHandle {
  handle: Handle;
  /** The text as written, for evidence. */
  text: string;
}

// `@user@host`: not preceded by a word character or `@` (so an e-mail `a@b@c` or `x@user@host` is not
// split), host labels of letters/digits/dashes, ending on a label (a sentence's final dot is not taken).
const HANDLE_IN_TEXT_RE = /(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.-]*)@((?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]+)/gu;
const URL_IN_TEXT_RE = /https?:\/\/[^\s<>"'()[\]{}]+/gi;

/**
 * Every fediverse handle written in a piece of text: `@user@host` and profile URLs. A bare `user@host`
 * is not taken from free text: in bios it is far more often an e-mail address.
 * HTML (actor summaries, some exports) is tolerated: tags are dropped and entities decoded first.
 */
export function findHandlesInText(text: string | null | undefined): FoundHandle[] {
  if (!text) return [];
  const clipped = text.length > 100_000 ? text.slice(0, 100_000) : text;
  // Tags become spaces, keeping the URLs of their attributes (an `<a href>` names the profile).
  const plain = decodeHTML(clipped.replace(/<[^<>]*>/g, (tag) => ` ${(tag.match(URL_IN_TEXT_RE) ?? []).join(' ')} `))
    // Fullwidth at-sign (U+FF20) and small commercial at (U+FE6B) are sometimes used to dodge filters.
    .replace(/[\uFF20\uFE6B]/g, '@');
  const found: FoundHandle[] = [];
  const seen = new Set<string>();
  const add = (handle: Handle | null, written: string) => {
    if (!handle) return;
    const key = handleKey(handle);
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ handle, text: written });
  };
  for (const m of plain.matchAll(URL_IN_TEXT_RE)) {
    const written = m[0].replace(/[.,;:!?]+$/, '');
    add(handleFromProfileUrl(written), written);
  }
  const withoutUrls = plain.replace(URL_IN_TEXT_RE, ' ');
  for (const m of withoutUrls.matchAll(HANDLE_IN_TEXT_RE)) {
    const user = (m[1] ?? '').replace(/[.-]+$/, '');
    const host = (m[2] ?? '').replace(/[.-]+$/, '');
    add(parseHandle(`${user}@${host}`), `@${user}@${host}`);
  }
  return found;
}
