/**
 * Mentions rewritten so that an imported post notifies nobody (issue 8, section 2; GoToSocial refuses
 * backdated posts with mentions anyway). Whatever the destination would parse as a mention (Mastodon's
 * `Account::MENTION_RE`: `@user` is a local user of the NEW server, `@user@host` anyone) becomes a link:
 * - `@jack` → the old profile (`https://twitter.com/jack`), or with `mentions: 'handle'` the matched
 *   fediverse account's profile (`https://host/@user`) where the match is high or verified;
 * - `@user@host` (a Mastodon export, or a handle written in a tweet) → `https://host/@user`;
 * - a Mastodon `@user` whose full handle the post's mention list gives → that account's profile;
 * - a mention with no address to link to (LinkedIn) keeps its text with a WORD JOINER (U+2060) after the
 *   `@`, which reads the same and is no mention to any server's parser.
 * Hashtags stay as they are; nothing inside a URL or an e-mail address is touched.
 */
import type { Platform, Post } from '../../model/types.js';
import { MENTION_RE, findUrls } from './entities.js';
import { type HandleMap, handleMapKey } from './handleMap.js';
import { fediverseProfileUrl, profileUrl } from './profileUrls.js';

export type MentionStyle = 'link' | 'handle';

export interface RewriteMentionsOptions {
  mentions: MentionStyle;
  /** From buildHandleMap: only high and verified matches. */
  handles: HandleMap;
}

/** The username syntax of each platform, where it is narrower than Mastodon's. */
const USERNAME: Partial<Record<Platform, RegExp>> = {
  twitter: /^[A-Za-z0-9_]{1,50}/,
  instagram: /^[A-Za-z0-9._]{1,30}/,
  threads: /^[A-Za-z0-9._]{1,30}/,
  tiktok: /^[A-Za-z0-9._]{1,24}/,
};

const WORD_JOINER = '\u2060';

export function rewriteMentions(text: string, post: Pick<Post, 'platform' | 'id' | 'mentions'>, options: RewriteMentionsOptions): string {
  const urls = findUrls(text);
  const insideUrl = (at: number) => urls.some((u) => at >= u.start && at < u.end);
  const host = post.platform === 'mastodon' ? hostOf(post.id) : null;
  const fullHandles = new Map<string, string>();
  for (const m of post.mentions) {
    if (m.id !== null && m.id.includes('@')) fullHandles.set(m.username.toLowerCase(), m.id);
  }

  let out = '';
  let at = 0;
  for (const m of text.matchAll(MENTION_RE)) {
    if (insideUrl(m.index)) continue;
    const [whole, user = '', domain] = m;
    let replacement: string;
    if (domain !== undefined) {
      replacement = fediverseProfileUrl(`${user}@${domain}`) ?? neutralised(whole);
    } else {
      const name = trimUsername(post.platform, user);
      const rest = user.slice(name.length);
      replacement = (linkFor(post.platform, name, options, fullHandles, host) ?? neutralised(`@${name}`)) + rest;
    }
    out += text.slice(at, m.index) + replacement;
    at = m.index + whole.length;
  }
  return out + text.slice(at);
}

function linkFor(
  platform: Platform,
  name: string,
  options: RewriteMentionsOptions,
  fullHandles: ReadonlyMap<string, string>,
  host: string | null,
): string | null {
  const full = fullHandles.get(name.toLowerCase());
  if (full !== undefined) return fediverseProfileUrl(full);
  if (options.mentions === 'handle') {
    const handle = options.handles.get(handleMapKey(platform, name));
    const url = handle === undefined ? null : fediverseProfileUrl(handle);
    if (url !== null) return url;
  }
  return profileUrl(platform, name, { host });
}

function trimUsername(platform: Platform, user: string): string {
  const re = USERNAME[platform];
  const name = re ? (re.exec(user)?.[0] ?? user) : user;
  return name.replace(/\.+$/, '') || user;
}

function neutralised(mention: string): string {
  return `@${WORD_JOINER}${mention.replace(/^@/, '')}`;
}

function hostOf(id: string): string | null {
  try {
    return new URL(id).host || null;
  } catch {
    return null;
  }
}
