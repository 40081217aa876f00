/**
 * Long posts ("note tweets", X Premium): tweets.js holds a truncated `full_text`, the whole text is in
 * note-tweet.js (`{ "noteTweet": { noteTweetId, createdAt, core: { text, urls, mentions, hashtags } } }`)
 * with no link to its tweet. As community-archive does (reference/formats.md 1.3), a note belongs to the tweet
 * created within one second of it whose text starts like the note's.
 */
import { toIsoUtc } from '../../model/dates.js';
import { collapseWhitespace, decodeHtmlEntities, replaceAllLiteral } from '../../model/text.js';
import { asObject, stringOrNull } from './files.js';

export interface NoteTweet {
  id: string | null;
  createdAtMs: number;
  /** Full text, short links expanded, entities decoded. */
  text: string;
  links: string[];
  mentions: string[];
  hashtags: string[];
}

/** How many leading characters must agree (community-archive compares the first 200). */
const PREFIX_CHARS = 200;
/** Fewer agreeing characters than this (unless the note is that short) is not a match. */
const MIN_SHARED_CHARS = 40;
/** Created within this many ms of the tweet. */
const WINDOW_MS = 1000;

export function noteFromElement(element: unknown): NoteTweet | null {
  const outer = asObject(element);
  const note = asObject(outer?.['noteTweet']) ?? outer;
  const core = asObject(note?.['core']);
  const rawText = core?.['text'];
  const at = toIsoUtc(note?.['createdAt']);
  if (typeof rawText !== 'string' || at === null) return null;
  let text = decodeHtmlEntities(rawText);
  const links: string[] = [];
  for (const u of arrayOf(core?.['urls'])) {
    const short = stringOrNull(u['shortUrl'] ?? u['url']);
    const expanded = stringOrNull(u['expandedUrl'] ?? u['expanded_url']);
    if (expanded === null) continue;
    if (short !== null) text = replaceAllLiteral(text, short, expanded);
    links.push(expanded);
  }
  return {
    id: stringOrNull(note?.['noteTweetId']),
    createdAtMs: Date.parse(at),
    text,
    links,
    mentions: arrayOf(core?.['mentions']).map((m) => stringOrNull(m['screenName'] ?? m['screen_name'])).filter(isString),
    hashtags: arrayOf(core?.['hashtags']).map((h) => stringOrNull(h['text'] ?? h['tag'])).filter(isString),
  };
}

/** Notes indexed by creation second; each note is given to at most one tweet. */
export class NoteIndex {
  private readonly bySecond = new Map<number, NoteTweet[]>();
  private readonly used = new Set<NoteTweet>();
  private count = 0;

  add(note: NoteTweet): void {
    const s = Math.floor(note.createdAtMs / 1000);
    const list = this.bySecond.get(s);
    if (list) list.push(note);
    else this.bySecond.set(s, [note]);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  /** The note for a tweet created at `createdAtMs` whose (expanded, decoded) text is `tweetText`, or null. */
  take(createdAtMs: number, tweetText: string): NoteTweet | null {
    if (this.count === 0 || !Number.isFinite(createdAtMs)) return null;
    const s = Math.floor(createdAtMs / 1000);
    const stem = truncatedStem(tweetText);
    // A reply's tweet text starts with the `@mentions` it answers; its note-tweet does not (seen in a real
    // 2025 archive), so the note is compared with the text after them too.
    const replyPrefix = leadingMentions(stem);
    const stemAfterMentions = stem.slice(replyPrefix.length);
    for (const second of [s, s - 1, s + 1]) {
      for (const note of this.bySecond.get(second) ?? []) {
        if (this.used.has(note) || Math.abs(note.createdAtMs - createdAtMs) > WINDOW_MS) continue;
        const noteText = collapseWhitespace(note.text);
        if (!samePrefix(stem, noteText) && !(replyPrefix !== '' && samePrefix(stemAfterMentions, noteText))) continue;
        this.used.add(note);
        return note;
      }
    }
    return null;
  }
}

/**
 * The whole text of a tweet whose note is `note`: the note's text, behind the leading `@mentions` of the
 * tweet's own text when the note lacks them (a long reply), so the reply still names whom it answers.
 */
export function noteText(tweetText: string, note: NoteTweet): string {
  const prefix = leadingMentions(tweetText);
  if (prefix === '' || note.text.startsWith(prefix.trimEnd())) return note.text;
  return prefix + note.text;
}

/** The `@a @b ` run at the start of a text (Twitter's reply prefix), or ''. */
function leadingMentions(text: string): string {
  return /^(?:@[A-Za-z0-9_]{1,50}\s+)+/.exec(text)?.[0] ?? '';
}

/** The tweet's text without the `…` and link Twitter appends when it truncates a long post. */
function truncatedStem(text: string): string {
  return collapseWhitespace(text).replace(/\s*…?\s*(?:https?:\/\/\S+)?$/u, '').replace(/…$/u, '');
}

function samePrefix(stem: string, note: string): boolean {
  const n = Math.min(PREFIX_CHARS, stem.length, note.length);
  // A handful of shared characters in the same second is not enough to call it the same post.
  return n >= Math.min(MIN_SHARED_CHARS, note.length) && n > 0 && stem.slice(0, n) === note.slice(0, n);
}

function arrayOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asObject).filter((v): v is Record<string, unknown> => v !== null) : [];
}

function isString(v: string | null): v is string {
  return v !== null;
}
