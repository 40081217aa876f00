/**
 * Reading a status text the way Mastodon does: its countable length (app/validators/status_length_validator.rb:
 * spoiler text plus the text in which every URL counts as `characters_reserved_per_url` characters and
 * `@user@domain` counts as `@user`, measured in grapheme clusters), its mentions and its hashtags, and the
 * HTML `content` it answers with.
 *
 * Mastodon finds URLs with twitter-text's extractor (`extract_url_without_protocol: false`: only URLs with a
 * scheme). This regex is close enough for a test server: a scheme, then everything up to white space, less
 * trailing punctuation and an unbalanced closing parenthesis.
 */

const URL_RE = /https?:\/\/[^\s<>"]+/giu;
/** app/models/account.rb MENTION_RE, with Ruby's [[:word:]] as Unicode letters, digits and underscore. */
const MENTION_RE = /(?<=^|[^/\p{L}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\p{L}\p{N}_.-]+[\p{L}\p{N}_]))?/giu;
/** app/models/tag.rb HASHTAG_RE, simplified: # after a non-word character, then word characters. */
const HASHTAG_RE = /(?<=^|[^/)\p{L}\p{N}_])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/giu;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/** URLs in `text` with their [start, end) offsets. */
export function findUrls(text: string): { url: string; start: number; end: number }[] {
  const out: { url: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    for (;;) {
      const trimmed = url.replace(/[.,:;!?'"]+$/u, '');
      const opens = (trimmed.match(/\(/g) ?? []).length;
      const closes = (trimmed.match(/\)/g) ?? []).length;
      const next = trimmed.endsWith(')') && closes > opens ? trimmed.slice(0, -1) : trimmed;
      if (next === url) break;
      url = next;
    }
    if (/^https?:\/\/[^/?#]+/iu.test(url)) out.push({ url, start: m.index, end: m.index + url.length });
  }
  return out;
}

/** The length StatusLengthValidator compares with max_characters. */
export function countableLength(text: string, spoilerText: string, charactersPerUrl: number): number {
  const placeholder = 'x'.repeat(charactersPerUrl);
  const urls = findUrls(text);
  let rewritten = '';
  let last = 0;
  for (const u of urls) {
    rewritten += text.slice(last, u.start) + placeholder;
    last = u.end;
  }
  rewritten += text.slice(last);
  rewritten = rewritten.replace(MENTION_RE, (_all, user: string) => `@${user}`);
  return graphemeLength(spoilerText + rewritten);
}

/** Mentions as `user` or `user@domain` (lower case), outside URLs. */
export function findMentions(text: string): string[] {
  const urls = findUrls(text);
  const out: string[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    if (urls.some((u) => m.index >= u.start && m.index < u.end)) continue;
    out.push((m[2] ? `${m[1]}@${m[2]}` : m[1]!).toLowerCase());
  }
  return out;
}

export function findHashtags(text: string): string[] {
  const urls = findUrls(text);
  const out = new Set<string>();
  for (const m of text.matchAll(HASHTAG_RE)) {
    if (urls.some((u) => m.index >= u.start && m.index < u.end)) continue;
    out.add(m[1]!.toLowerCase());
  }
  return [...out];
}

/** Plain text as Mastodon renders it: paragraphs on blank lines, <br /> on line breaks, links. */
export function contentHtml(text: string): string {
  if (text.trim() === '') return '';
  return text
    .split(/\n{2,}/u)
    .map((para) => {
      const urls = findUrls(para);
      let html = '';
      let last = 0;
      for (const u of urls) {
        html += escapeHtml(para.slice(last, u.start));
        html += `<a href="${escapeHtml(u.url)}" rel="nofollow noopener" target="_blank">${escapeHtml(u.url)}</a>`;
        last = u.end;
      }
      html += escapeHtml(para.slice(last));
      return `<p>${html.replace(/\n/gu, '<br />')}</p>`;
    })
    .join('');
}

function escapeHtml(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&#39;');
}
