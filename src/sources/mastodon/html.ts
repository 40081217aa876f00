/**
 * Mastodon post and bio HTML to plain text. Mastodon sanitises what it stores to a small tag set
 * (p, br, a, span; `app/lib/sanitize_config.rb`), and splits long link texts into
 * `<span class="invisible">https://</span><span class="ellipsis">host/pa</span><span class="invisible">th</span>`:
 * the visible text is shortened, the full URL is all three spans' text together, so every text node is kept.
 */
import { decodeHTML, decodeHTMLAttribute } from 'entities';

export function htmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(text).replace(/\r\n?/g, '\n').trim();
}

export interface HtmlLink {
  href: string;
  /** The `class` attribute: Mastodon marks mentions `u-url mention` and hashtags `mention hashtag`. */
  className: string;
  rel: string;
}

function attribute(tag: string, name: string): string {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return decodeHTMLAttribute(m?.[1] ?? m?.[2] ?? '');
}

export function linksIn(html: string): HtmlLink[] {
  return [...html.matchAll(/<a\b[^>]*>/gi)].map((m) => ({
    href: attribute(m[0], 'href'),
    className: attribute(m[0], 'class'),
    rel: attribute(m[0], 'rel'),
  }));
}

/** Links the author wrote: not mentions, not hashtags. */
export function plainLinks(html: string): string[] {
  const links = linksIn(html)
    .filter((l) => /^https?:\/\//i.test(l.href))
    .filter((l) => !/\bmention\b|\bhashtag\b/.test(l.className) && !/\btag\b/.test(l.rel))
    .map((l) => l.href);
  return [...new Set(links)];
}
