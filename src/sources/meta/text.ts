/**
 * What Meta post records leave implicit: links, hashtags and @mentions live only inside the text, and
 * posts carry no id at all, so one is derived from the post's own content (stable across re-runs and
 * across re-exports, which the journal needs to not post anything twice).
 */
import { createHash } from 'node:crypto';

// Stops at whitespace and at closing punctuation that commonly follows a link in prose.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'()\[\]{}]+[^\s<>"'()\[\]{}.,;:!?]/giu;
const HASHTAG = /(?:^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
// Instagram/Threads usernames: letters, digits, '.' and '_', at most 30 characters.
const MENTION = /(?:^|[^\p{L}\p{N}_.@/])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])/gu;

export function linksIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0]);
}

export function hashtagsIn(text: string): string[] {
  return unique([...text.matchAll(HASHTAG)].map((m) => m[1]!));
}

export function mentionsIn(text: string): string[] {
  return unique([...text.matchAll(MENTION)].map((m) => m[1]!));
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * A post id for platforms whose export gives none: the creation time (seconds) and a short hash of
 * the text and media paths, e.g. "1700000000-3f2a9c1b".
 */
export function derivedPostId(createdAt: string | null, text: string, mediaUris: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify([createdAt, text, mediaUris])).digest('hex').slice(0, 12);
  const seconds = createdAt === null ? 'undated' : String(Math.floor(Date.parse(createdAt) / 1000));
  return `${seconds}-${hash}`;
}
