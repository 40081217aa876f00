/**
 * The back-link check (DESIGN.md section 4): does the fediverse actor name the contact's own profile on
 * the old platform? That is what makes a match `verified`. It looks at the PropertyValue fields (HTML),
 * `url`, `summary` (HTML) and `alsoKnownAs`, and only accepts a link to exactly this contact's profile:
 * twitter.com/jack2 or someone else's profile never counts, and bare text like "@jack" is not a link.
 */
import { decodeHTML } from 'entities';
import type { Platform } from '../model/types.js';
import type { ActorInfo } from './actor.js';

export interface BacklinkIdentity {
  platform: Platform;
  /** The platform's numeric/opaque id (Twitter user id, YouTube channel id UC..., Facebook id). */
  id: string | null;
  username: string | null;
  profileUrl: string | null;
}

export type BacklinkResult = { matched: true; detail: string } | { matched: false };

interface ProfileRef {
  platform: Platform;
  kind: 'username' | 'id';
  value: string;
}

/** Hosts per platform, without `www.`, `m.` or `mobile.`. */
const HOSTS: Record<string, Platform> = {
  'twitter.com': 'twitter',
  'x.com': 'twitter',
  'instagram.com': 'instagram',
  'facebook.com': 'facebook',
  'fb.com': 'facebook',
  'youtube.com': 'youtube',
  'linkedin.com': 'linkedin',
  'tiktok.com': 'tiktok',
  'threads.net': 'threads',
  'threads.com': 'threads',
  'bsky.app': 'bluesky',
  'reddit.com': 'reddit',
};

/** Path segments that are site sections, not accounts. */
const RESERVED: Partial<Record<Platform, Set<string>>> = {
  twitter: new Set(['home', 'explore', 'search', 'settings', 'i', 'intent', 'share', 'hashtag', 'messages', 'notifications', 'login', 'signup', 'tos', 'privacy']),
  instagram: new Set(['p', 'reel', 'reels', 'explore', 'stories', 'accounts', 'tv', 'direct']),
  facebook: new Set(['groups', 'pages', 'events', 'watch', 'marketplace', 'sharer', 'sharer.php', 'share', 'login', 'photo.php', 'story.php', 'permalink.php', 'hashtag']),
};

/** Which profile a URL is, if it is a profile link on a known platform; null otherwise. */
export function profileOfUrl(raw: string): ProfileRef | null {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile)\./, '');
  const platform = HOSTS[host];
  if (!platform) return null;
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => safeDecode(s));
  const [first, second] = segments;
  const reserved = RESERVED[platform];
  switch (platform) {
    case 'twitter': {
      const userId = url.searchParams.get('user_id');
      if (first === 'intent' && (second === 'user' || second === 'follow') && userId && /^\d+$/.test(userId)) {
        return { platform, kind: 'id', value: userId };
      }
      if (first === 'i' && second === 'user' && segments[2] && /^\d+$/.test(segments[2])) {
        return { platform, kind: 'id', value: segments[2] };
      }
      if (segments.length === 1 && first && /^[A-Za-z0-9_]{1,15}$/.test(first) && !reserved?.has(first.toLowerCase())) {
        return { platform, kind: 'username', value: first };
      }
      return null;
    }
    case 'instagram':
    case 'facebook': {
      if (platform === 'facebook' && first === 'profile.php') {
        const id = url.searchParams.get('id');
        return id && /^\d+$/.test(id) ? { platform, kind: 'id', value: id } : null;
      }
      if (segments.length === 1 && first && /^[A-Za-z0-9._]{1,50}$/.test(first) && !reserved?.has(first.toLowerCase())) {
        return { platform, kind: 'username', value: first };
      }
      return null;
    }
    case 'youtube': {
      if (first === 'channel' && segments.length === 2 && second && /^UC[A-Za-z0-9_-]{22}$/.test(second)) {
        return { platform, kind: 'id', value: second };
      }
      if (segments.length === 1 && first?.startsWith('@') && first.length > 1) {
        return { platform, kind: 'username', value: first.slice(1) };
      }
      if ((first === 'c' || first === 'user') && segments.length === 2 && second) {
        return { platform, kind: 'username', value: second };
      }
      return null;
    }
    case 'linkedin':
      return first === 'in' && segments.length === 2 && second ? { platform, kind: 'username', value: second } : null;
    case 'tiktok':
    case 'threads':
      return segments.length === 1 && first?.startsWith('@') && first.length > 1
        ? { platform, kind: 'username', value: first.slice(1) }
        : null;
    case 'bluesky':
      return first === 'profile' && segments.length === 2 && second
        ? { platform, kind: second.startsWith('did:') ? 'id' : 'username', value: second }
        : null;
    case 'reddit':
      return (first === 'user' || first === 'u') && segments.length === 2 && second
        ? { platform, kind: 'username', value: second }
        : null;
    default:
      return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What the identity can be compared on: its ids and usernames (lower-cased), from its fields and its profile URL. */
interface IdentityKeys {
  ids: Set<string>;
  usernames: Set<string>;
}

function identityKeys(identity: BacklinkIdentity): IdentityKeys {
  const ids = new Set<string>();
  const usernames = new Set<string>();
  if (identity.id !== null && identity.id !== '') ids.add(identity.id);
  const name = identity.username?.replace(/^@/, '').toLowerCase();
  if (name) usernames.add(name);
  const fromUrl = identity.profileUrl ? profileOfUrl(identity.profileUrl) : null;
  if (fromUrl && fromUrl.platform === identity.platform) {
    if (fromUrl.kind === 'id') ids.add(fromUrl.value);
    else usernames.add(fromUrl.value.toLowerCase());
  }
  return { ids, usernames };
}

/** Whether a profile reference names this contact (usernames compare case-insensitively; ids exactly). */
function refMatches(ref: ProfileRef, identity: BacklinkIdentity, keys: IdentityKeys): boolean {
  if (ref.platform !== identity.platform) return false;
  return ref.kind === 'id' ? keys.ids.has(ref.value) : keys.usernames.has(ref.value.toLowerCase());
}

/**
 * Whether a reference certainly names someone else on the contact's own platform: same platform, same
 * kind of key (a username link against a known username, an id link against a known id), different value.
 * A username link says nothing about a contact known only by id (and the reverse), so that is no conflict.
 */
function refConflicts(ref: ProfileRef, identity: BacklinkIdentity, keys: IdentityKeys): boolean {
  if (ref.platform !== identity.platform) return false;
  const known = ref.kind === 'id' ? keys.ids : keys.usernames;
  return known.size > 0 && !refMatches(ref, identity, keys);
}

const MAX_SCANNED = 20_000;

/** Links in an HTML fragment: every href, plus URL-looking words of its text ("twitter.com/jack"). */
export function linksInHtml(input: string): string[] {
  // Real bios and fields are a few hundred characters (Mastodon caps them); a hostile megabyte is cut so
  // that scanning stays cheap whatever it holds.
  const html = input.length > MAX_SCANNED ? input.slice(0, MAX_SCANNED) : input;
  const out: string[] = [];
  for (const m of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    out.push(decodeHTML(m[1] ?? m[2] ?? m[3] ?? ''));
  }
  // Mastodon wraps parts of a link's text in invisible spans; tags are removed without spacing so
  // "<span>https://</span>twitter.com/jack" reads back as one URL.
  const text = decodeHTML(html.replace(/<br\s*\/?>|<\/p>/gi, ' ').replace(/<[^<>]*>/g, ''));
  // The look-behind makes a match start only at the beginning of a word, which keeps this linear.
  for (const m of text.matchAll(/(?<![a-z0-9.\/:-])(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s<>"'()\]]*/gi)) {
    out.push(m[0].replace(/[.,;:!?]+$/, ''));
  }
  return out;
}

/** Somewhere a back-link may sit: what to call it in evidence, and the links found there. */
export interface LinkPlace {
  where: string;
  links: string[];
}

/** The places a back-link may sit on an actor, in the order they are reported. */
export function linkPlaces(actor: ActorInfo): LinkPlace[] {
  return [
    ...actor.attachments.map((f) => ({ where: `profile field "${f.name}"`, links: linksInHtml(f.value) })),
    { where: 'url', links: actor.urls },
    { where: 'bio', links: actor.summary === null ? [] : linksInHtml(actor.summary) },
    // PeerTube's support text (plain text; linksInHtml reads URL-looking words in text too).
    { where: 'support text', links: actor.support ? linksInHtml(actor.support) : [] },
    { where: 'alsoKnownAs', links: actor.alsoKnownAs },
  ];
}

export function findBacklink(actor: ActorInfo, identity: BacklinkIdentity): BacklinkResult {
  return findBacklinkIn(linkPlaces(actor), identity);
}

/** findBacklink over any places (e.g. a PeerTube channel's API `description` and `support`). */
export function findBacklinkIn(places: readonly LinkPlace[], identity: BacklinkIdentity): BacklinkResult {
  const keys = identityKeys(identity);
  for (const { where, links } of places) {
    for (const link of links) {
      const ref = profileOfUrl(link);
      if (ref && refMatches(ref, identity, keys)) return { matched: true, detail: `${where} links ${link}` };
    }
  }
  return { matched: false };
}

export type ConflictingBacklinkResult = { conflicting: true; detail: string } | { conflicting: false };

/**
 * A link, in the same places findBacklink reads, to a profile on the contact's OWN platform that names a
 * different account (contact twitter `jack`, the actor links twitter.com/jack2). Such an account says it
 * is someone else on that platform, so scoring caps it at `low` whatever proposed it (issue 4: "a back-link
 * to a different account is never reported above low"). Links to other platforms are not conflicts:
 * people link their Instagram from an account found through Twitter. Callers use this only when
 * findBacklink found no matching link (someone listing both their own and a friend's profile is fine).
 */
export function findConflictingBacklink(actor: ActorInfo, identity: BacklinkIdentity): ConflictingBacklinkResult {
  return findConflictingBacklinkIn(linkPlaces(actor), identity);
}

/** findConflictingBacklink over any places. */
export function findConflictingBacklinkIn(places: readonly LinkPlace[], identity: BacklinkIdentity): ConflictingBacklinkResult {
  const keys = identityKeys(identity);
  if (keys.ids.size === 0 && keys.usernames.size === 0) return { conflicting: false };
  const contact = [...keys.usernames, ...keys.ids].join(' / ');
  for (const { where, links } of places) {
    for (const link of links) {
      const ref = profileOfUrl(link);
      if (ref && refConflicts(ref, identity, keys)) {
        return {
          conflicting: true,
          detail: `${where} links ${link} (${ref.platform} ${ref.kind === 'id' ? 'id' : 'account'} ${ref.value}; the contact is ${contact})`,
        };
      }
    }
  }
  return { conflicting: false };
}
