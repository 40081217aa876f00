/**
 * Small pure text helpers shared by the platform parsers: HTML entity decoding, URL extraction,
 * whole-string replacement. No I/O.
 */
import { decodeHTMLStrict } from 'entities';

/**
 * Decodes HTML character references (`&amp;`, `&lt;`, `&#39;`, `&eacute;`...). Twitter escapes `&`, `<` and `>`
 * in `full_text`, so a literal `&amp;` typed by the user is stored as `&amp;amp;` and decodes back to itself.
 * Strict mode: a reference needs its `;`, so text like "AT&T" or "&copy" without `;` is left alone.
 */
export function decodeHtmlEntities(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

/** Every occurrence of `search` in `text` replaced by `replacement` (no regex, no `$` patterns). */
export function replaceAllLiteral(text: string, search: string, replacement: string): string {
  if (search === '' || !text.includes(search)) return text;
  return text.split(search).join(replacement);
}

// http(s) URLs up to whitespace or a character that cannot end a URL in running text.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?…'"»”’]+$/u;

/**
 * The http(s) URLs written in running text, in order, without duplicates. Trailing sentence punctuation is
 * dropped, and a closing `)` or `]` only stays when the URL opened it (Wikipedia-style links).
 */
export function extractUrls(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0];
    for (;;) {
      const before = url;
      url = url.replace(TRAILING_PUNCTUATION, '');
      if (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
      if (url.endsWith(']') && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
      if (url === before) break;
    }
    if (/^https?:\/\/[^/?#]+/i.test(url) && !out.includes(url)) out.push(url);
  }
  return out;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Whitespace runs collapsed to one space, ends trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Values in first-seen order without duplicates, compared by `key` (default: the value itself). */
export function uniqueBy<T>(values: Iterable<T>, key: (value: T) => string = String): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const v of values) {
    const k = key(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
