/**
 * A status's length as a Mastodon server counts it (app/validators/status_length_validator.rb, checked
 * against the stored source): the text's grapheme clusters (`each_grapheme_cluster.size`), where every URL
 * the server recognises counts as `characters_reserved_per_url` (URL_PLACEHOLDER, 23 by default) whatever
 * its length, and a remote mention `@user@domain` counts only as `@user`. The content warning
 * (`spoiler_text`) counts toward the same limit: pass it as `spoilerText`.
 */
import { findEntities } from './entities.js';
import { graphemeCount } from './graphemes.js';

export interface CountOptions {
  /** Characters one URL counts for (the destination profile's `posts.urlLength`). */
  urlLength: number;
  /** A content warning sent with the text; it counts too. */
  spoilerText?: string | null;
}

export function countCharacters(text: string, options: CountOptions): number {
  const spoiler = options.spoilerText ? graphemeCount(options.spoilerText) : 0;
  // `return '' if str.blank?`: a text of only whitespace counts as nothing.
  if (text.trim() === '') return spoiler;
  let total = spoiler;
  let at = 0;
  for (const e of findEntities(text, ['url', 'mention'])) {
    if (e.kind === 'url' && !e.shortened) continue;
    total += graphemeCount(text.slice(at, e.start));
    total += e.kind === 'url' ? options.urlLength : graphemeCount(e.text.replace(/^(@[^@]+)@.*$/u, '$1'));
    at = e.end;
  }
  return total + graphemeCount(text.slice(at));
}
