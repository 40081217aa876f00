/**
 * The entities a Mastodon server finds in a status's text (URLs, mentions, hashtags), located the way its
 * parser does, so that counting and splitting agree with the server:
 * - URLs: Mastodon's twitter-text configuration (config/initializers/twitter_regex.rb) with a protocol
 *   required (`extract_url_without_protocol: false` in app/validators/status_length_validator.rb), the
 *   protocols `https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini`, not preceded by a letter, digit, `@`, `$` or
 *   `#` (valid_url_preceding_chars), and without trailing punctuation (valid_url_path_ending_chars, with
 *   balanced parentheses kept);
 * - mentions: `Account::MENTION_RE` (app/models/account.rb), `@user` or `@user@domain`, not preceded by
 *   `=`, `/` or a word character, so e-mail addresses and `https://host/@user` are not mentions.
 */

export type EntityKind = 'url' | 'mention' | 'hashtag';

export interface Entity {
  kind: EntityKind;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  text: string;
  /** For a URL: whether the server counts it as a fixed `urlLength` (see countsAsUrl). */
  shortened: boolean;
}

const URL_RE = /(?<![\p{L}\p{N}@＠$#＃\u202A-\u202E])(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\/\/[^\s<>]+/giu;
/** valid_url_path_ending_chars excludes these at the very end of a URL. */
const URL_TRAILING = /[?!*"'「」<>;:=,.$%[\]~&|@(){}]$/u;
/** Account::MENTION_RE: USERNAME_RE, then an optional `@domain`. */
export const MENTION_RE = /(?<![=/\p{L}\p{M}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\p{L}\p{M}\p{N}_]+(?:[.-]+[\p{L}\p{M}\p{N}_]+)*))?/giu;
const HASHTAG_RE = /(?<![\p{L}\p{M}\p{N}_/&#])[#＃][\p{L}\p{M}\p{N}_\u00B7\u200C]*[\p{L}\p{M}\p{N}_]/gu;
/**
 * Hosts twitter-text does not recognise as domains (no valid TLD): such a URL counts in full on the
 * server. Counting them in full here errs on the safe side (a part may be shorter than it could be,
 * never longer than the server allows).
 */
const UNRECOGNISED_TLD = /\.(?:example|test|invalid|localhost|local|internal|onion|lan|home)$/i;

/** Strips the characters a URL cannot end with, keeping a closing parenthesis that has its opening one. */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    if (u.endsWith(')') && count(u, '(') >= count(u, ')')) return u;
    if (!URL_TRAILING.test(u)) return u;
    u = u.slice(0, -1);
  }
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/** Whether the server shortens this URL to `urlLength`: its host must end in an alphabetic TLD. */
export function countsAsUrl(url: string): boolean {
  const m = /^[a-z]+:\/\/([^/?#:]+)/i.exec(url);
  if (!m) return false;
  const host = m[1]!.replace(/\.$/, '');
  if (host.includes('@')) return false;
  if (!/\.(?:[\p{L}]{2,}|xn--[a-z0-9-]+)$/iu.test(host)) return false;
  return !UNRECOGNISED_TLD.test(host);
}

export function findUrls(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    if (!/:\/\/[^/]/.test(url)) continue;
    out.push({ kind: 'url', start: m.index, end: m.index + url.length, text: url, shortened: countsAsUrl(url) });
  }
  return out;
}

export function findMentions(text: string): Entity[] {
  return [...text.matchAll(MENTION_RE)].map((m) => ({
    kind: 'mention' as const, start: m.index, end: m.index + m[0].length, text: m[0], shortened: false,
  }));
}

export function findHashtags(text: string): Entity[] {
  return [...text.matchAll(HASHTAG_RE)].map((m) => ({
    kind: 'hashtag' as const, start: m.index, end: m.index + m[0].length, text: m[0], shortened: false,
  }));
}

/**
 * URLs, mentions and hashtags, sorted, without overlaps: like twitter-text's remove_overlapping_entities,
 * the entity that starts first wins (a URL holding `@user` or `#anchor` stays one URL).
 */
export function findEntities(text: string, kinds: readonly EntityKind[] = ['url', 'mention', 'hashtag']): Entity[] {
  const all = [
    ...(kinds.includes('url') ? findUrls(text) : []),
    ...(kinds.includes('mention') ? findMentions(text) : []),
    ...(kinds.includes('hashtag') ? findHashtags(text) : []),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Entity[] = [];
  for (const e of all) {
    const last = kept[kept.length - 1];
    if (last !== undefined && e.start < last.end) continue;
    kept.push(e);
  }
  return kept;
}
