/**
 * One archive tweet -> one neutral Post (reference/formats.md 1.2-1.3).
 *
 * - Text: HTML entities decoded, then every `entities.urls[].url` (t.co) replaced by its `expanded_url`, and the
 *   media t.co link (the same for every picture of a tweet, appended at the end) removed. A matching
 *   note-tweet (long post) replaces the truncated text.
 * - Kind: `repost` for "RT @user: ..." (archives have no retweeted_status); `reply` for every reply, a reply
 *   to oneself (a self-thread) included, with `inReplyToUser` the account's own username (the rule of
 *   src/model/types.ts); `quote` when the tweet quotes a status (`quoted_status_permalink`, or a link to a
 *   twitter.com/x.com status URL).
 * - Visibility: the account's (protected → `private`), and `private` for Twitter Circle tweets.
 * - Media from `extended_entities.media` (all items; `entities.media` holds only the first). Retweets carry the
 *   original's media, which the archive does not hold: they get none.
 */
import { toIsoUtc } from '../../model/dates.js';
import { decodeHtmlEntities, extractUrls, replaceAllLiteral, uniqueBy } from '../../model/text.js';
import type { Mention, Post, PostKind, PostVisibility } from '../../model/types.js';
import type { ArchiveEntry } from '../../archive/types.js';
import { asObject, stringOrNull } from './files.js';
import { matchMedia, type MediaIndex } from './media.js';
import type { NameBook } from './names.js';
import { noteText, type NoteIndex } from './notes.js';

export interface TweetContext {
  ownId: string | null;
  ownUsername: string | null;
  /** The account's visibility: `private` when its tweets are protected. */
  visibility: PostVisibility;
  /** Ids of the tweets shared with a Twitter Circle only (twitter-circle-tweet.js): `private` whatever the account. */
  circleTweetIds: ReadonlySet<string>;
  media: MediaIndex;
  notes: NoteIndex;
  /** A media file the tweet references and the archive lacks (`<tweet id>-<name>`). */
  onMissingMedia(tweetId: string, name: string): void;
}

export interface ConvertedTweet {
  post: Post;
  /** Tweets of one edit chain share this key (the initial tweet's id); others use their own id. */
  chain: string;
  /** Position of this version in its edit chain: the highest is the latest. */
  rank: number;
  /** The replied-to account's id when its screen name is not in the tweet (filled in from the NameBook later). */
  replyUserId: string | null;
}

type Json = Record<string, unknown>;

const RETWEET = /^RT @([A-Za-z0-9_]{1,50}):/;
const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/(?:[A-Za-z0-9_]{1,50}|i(?:\/web)?)\/status(?:es)?\/(\d+)/i;
/** Twitter's pseudo language codes (und, qme media only, qht hashtags only, qam mentions only, ...). */
const NO_LANGUAGE = /^(?:und|zxx|art|q[a-z]{2})$/i;

/** The tweet object of one tweets.js element: `{ "tweet": {...} }` since 2020, the bare object before. */
export function unwrapTweet(element: unknown): Json | null {
  const outer = asObject(element);
  if (!outer) return null;
  const inner = asObject(outer['tweet']);
  return inner && !('id_str' in outer) && !('full_text' in outer) ? inner : outer;
}

export function tweetId(tweet: Json): string | null {
  const id = stringOrNull(tweet['id_str']) ?? stringOrNull(tweet['id']);
  return id !== null && /^\d+$/.test(id) ? id : null;
}

/** Feeds the screen names and display names a tweet reveals into the NameBook. */
export function recordNames(tweet: Json, names: NameBook, ownId: string | null, createdAt: string | null): void {
  const at = createdAt === null ? 0 : Date.parse(createdAt) || 0;
  for (const m of objects(asObject(tweet['entities'])?.['user_mentions'])) {
    const id = stringOrNull(m['id_str']) ?? stringOrNull(m['id']);
    if (id === ownId) continue;
    names.see(id, stringOrNull(m['screen_name']), stringOrNull(m['name']), at);
  }
  const replyId = stringOrNull(tweet['in_reply_to_user_id_str']) ?? stringOrNull(tweet['in_reply_to_user_id']);
  if (replyId !== ownId) names.see(replyId, stringOrNull(tweet['in_reply_to_screen_name']), null, at);
}

export function convertTweet(tweet: Json, ctx: TweetContext): ConvertedTweet | null {
  const id = tweetId(tweet);
  if (id === null) return null;
  const entities = asObject(tweet['entities']) ?? {};
  const createdAt = toIsoUtc(tweet['created_at']);
  const rawText = typeof tweet['full_text'] === 'string' ? tweet['full_text'] : typeof tweet['text'] === 'string' ? tweet['text'] : '';

  // Decode first: expanded URLs are raw and must not be entity-decoded a second time.
  let text = decodeHtmlEntities(rawText);
  const links: string[] = [];
  for (const u of objects(entities['urls'])) {
    const short = stringOrNull(u['url']);
    const expanded = stringOrNull(u['expanded_url']);
    if (expanded === null) continue;
    if (short !== null) text = replaceAllLiteral(text, short, expanded);
    links.push(expanded);
  }
  const mediaItems = objects(asObject(tweet['extended_entities'])?.['media']);
  const allMedia = mediaItems.length > 0 ? mediaItems : objects(entities['media']);
  for (const m of allMedia) {
    const short = stringOrNull(m['url']);
    if (short !== null) text = replaceAllLiteral(text, short, '');
  }
  text = text.replace(/[ \t]+$/gm, '').replace(/\s+$/, '');

  let mentions: Mention[] = objects(entities['user_mentions'])
    .map((m): Mention | null => {
      const username = stringOrNull(m['screen_name']);
      if (username === null) return null;
      const mid = stringOrNull(m['id_str']) ?? stringOrNull(m['id']);
      return { username, id: mid !== null && mid !== '-1' && /^\d+$/.test(mid) ? mid : null };
    })
    .filter((m): m is Mention => m !== null);
  let hashtags = objects(entities['hashtags']).map((h) => stringOrNull(h['text'])).filter((h): h is string => h !== null);

  const note = createdAt === null ? null : ctx.notes.take(Date.parse(createdAt), text);
  if (note) {
    text = noteText(text, note);
    links.push(...note.links);
    mentions = mentions.concat(note.mentions.map((username) => ({ username, id: null })));
    hashtags = hashtags.concat(note.hashtags);
  }

  // Kind.
  const retweet = RETWEET.exec(rawText);
  const replyStatusId = numericId(tweet['in_reply_to_status_id_str']) ?? numericId(tweet['in_reply_to_status_id']);
  const replyUserId = numericId(tweet['in_reply_to_user_id_str']) ?? numericId(tweet['in_reply_to_user_id']);
  let replyUser = stringOrNull(tweet['in_reply_to_screen_name']);
  if (replyUser === null && replyUserId !== null) {
    replyUser = mentions.find((m) => m.id === replyUserId)?.username ?? null;
  }
  const isSelfReply = replyUserId !== null
    ? replyUserId === ctx.ownId
    : replyUser !== null && ctx.ownUsername !== null && replyUser.toLowerCase() === ctx.ownUsername.toLowerCase();
  // One rule for every platform (src/model/types.ts, Post): a self-reply is a `reply` naming the account's own
  // current username, whatever screen name it had when the tweet was written.
  if (isSelfReply) replyUser = ctx.ownUsername ?? replyUser;
  const isReply = replyStatusId !== null || replyUserId !== null || replyUser !== null;
  const quoteOfUrl = retweet ? null : quotedUrl(tweet, links, id);

  let kind: PostKind;
  if (retweet || asObject(tweet['retweeted_status'])) kind = 'repost';
  else if (isReply) kind = 'reply';
  else if (quoteOfUrl !== null) kind = 'quote';
  else kind = 'post';

  // Media: a retweet's media belongs to the original tweet and is not in the archive.
  const media = [];
  if (kind !== 'repost') {
    const used = new Set<ArchiveEntry>();
    for (const item of allMedia) {
      const match = matchMedia(ctx.media, id, item, used);
      if (match.missing !== null) ctx.onMissingMedia(id, match.missing);
      media.push(match.media);
    }
  }

  const lang = stringOrNull(tweet['lang']);
  const post: Post = {
    platform: 'twitter',
    id,
    createdAt,
    kind,
    text,
    inReplyToId: kind === 'repost' ? null : replyStatusId,
    inReplyToUser: kind === 'repost' ? null : replyUser,
    quoteOfUrl,
    repostOfUrl: kind === 'repost' ? repostUrl(retweet?.[1] ?? null, allMedia) : null,
    language: lang === null || NO_LANGUAGE.test(lang) ? null : lang,
    visibility: ctx.circleTweetIds.has(id) ? 'private' : ctx.visibility,
    // Tweets have no content warning; `possibly_sensitive` is the author's "sensitive media" flag.
    contentWarning: null,
    sensitive: tweet['possibly_sensitive'] === true || tweet['possibly_sensitive'] === 'true',
    links: uniqueBy(links.length > 0 ? links : extractUrls(text)),
    mentions: uniqueBy(mentions, (m) => m.username.toLowerCase()),
    hashtags: uniqueBy(hashtags, (h) => h.toLowerCase()),
    media,
  };
  const { chain, rank } = editChain(tweet, id);
  return {
    post,
    chain,
    rank,
    replyUserId: kind !== 'repost' && replyUser === null ? replyUserId : null,
  };
}

/**
 * Edited tweets (2022+): tweets.js holds every version, "all connected by the initialTweetID" (Twitter's
 * README.txt). `edit_info.initial.editTweetIds` on the first version, `edit_info.edit.initialTweetId` +
 * `editControlInitial.editTweetIds` on later ones. The chain key is the initial id; the rank is this
 * version's position in the id list (the initial's list may be stale, so every version ranks itself).
 */
export function editChain(tweet: Json, id: string): { chain: string; rank: number } {
  const info = asObject(tweet['edit_info']);
  if (!info) return { chain: id, rank: 0 };
  const edit = asObject(info['edit']);
  const initial = asObject(info['initial']) ?? asObject(edit?.['editControlInitial']);
  const ids = Array.isArray(initial?.['editTweetIds']) ? (initial['editTweetIds'] as unknown[]).map(String) : [];
  const chain = stringOrNull(edit?.['initialTweetId']) ?? ids[0] ?? id;
  const position = ids.indexOf(id);
  return { chain, rank: position === -1 ? (chain === id ? 0 : ids.length) : position };
}

function quotedUrl(tweet: Json, links: readonly string[], ownId: string): string | null {
  const permalink = asObject(tweet['quoted_status_permalink']);
  const expanded = stringOrNull(permalink?.['expanded']) ?? stringOrNull(permalink?.['url']);
  if (expanded !== null && STATUS_URL.test(expanded)) return expanded;
  // The quoted tweet's URL is the last link of a quote tweet. A link to the tweet itself is the "show more"
  // link of a truncated long post, not a quote.
  for (let i = links.length - 1; i >= 0; i--) {
    const link = links[i]!;
    const m = STATUS_URL.exec(link);
    if (m && m[1] !== ownId && !/\/(?:photo|video)\/\d+$/.test(link)) return link;
  }
  return null;
}

/** The retweeted status's URL when the record gives it (media carry `source_status_id_str`); else null. */
function repostUrl(user: string | null, media: readonly Json[]): string | null {
  if (user === null) return null;
  for (const m of media) {
    const source = numericId(m['source_status_id_str']) ?? numericId(m['source_status_id']);
    if (source !== null) return `https://twitter.com/${user}/status/${source}`;
  }
  return null;
}

function numericId(value: unknown): string | null {
  const s = stringOrNull(value);
  return s !== null && /^\d+$/.test(s) ? s : null;
}

function objects(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  const out: Json[] = [];
  for (const v of value) {
    const o = asObject(v);
    if (o) out.push(o);
  }
  return out;
}
