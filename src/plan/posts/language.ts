/**
 * A post's language as servers take it: an ISO 639-1 code (Mastodon's `language` parameter, docs
 * methods/statuses.md; GoToSocial refuses a code it does not know). Exports carry codes that are no
 * language: Twitter's `und` (undetermined), `zxx` (no text), `qme`/`qam`/`qct`/`qht`/`qst` (media, mentions,
 * cashtags, hashtags, short text only). Those, and anything that is not a plain two-letter code (with an
 * optional region, which is dropped), send no language at all, which every server accepts.
 */
export function postLanguage(code: string | null): string | null {
  if (code === null) return null;
  const m = /^([a-z]{2})(?:[-_][a-z0-9]+)?$/i.exec(code.trim());
  return m ? (m[1] as string).toLowerCase() : null;
}
