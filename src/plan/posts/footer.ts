/**
 * The footer that tells readers where and when a post first appeared (`--footer TEMPLATE`). Placeholders:
 * `{date}` the original date (YYYY-MM-DD, UTC), `{url}` the original post's address, `{platform}` the old
 * platform's name. A placeholder whose value is unknown is dropped together with the separator before it
 * (", {date}", ": {url}"), and brackets left empty vanish, so the default reads well with what is known:
 * "(First posted on Twitter, 2019-04-01: https://twitter.com/jack/status/1)", "(First posted on Facebook,
 * 2019-04-01)".
 *
 * Whether a footer is added (footerTemplateFor): `none` never; a template always; null (the default)
 * only on posts that are not backdated, whose date would otherwise be lost.
 */
import type { Platform } from '../../model/types.js';
import { platformLabel } from '../labels.js';

const SEPARATORS = ',:;\\u2013\\u2014-';

export const DEFAULT_FOOTER = '(First posted on {platform}, {date}: {url})';
/** The default footer without the address, for a post that fits alone but not with the whole footer. */
export const SHORT_FOOTER = '(First posted on {platform}, {date})';

export interface FooterValues {
  platform: Platform;
  /** ISO 8601 date-time, or null. */
  createdAt: string | null;
  url: string | null;
}

/** The template to use for one post, or null for no footer. */
export function footerTemplateFor(footer: string | null, backdated: boolean): string | null {
  if (footer === 'none') return null;
  if (footer !== null) return footer;
  return backdated ? null : DEFAULT_FOOTER;
}

export function renderFooter(template: string, values: FooterValues): string {
  const date = values.createdAt !== null && !Number.isNaN(Date.parse(values.createdAt))
    ? new Date(values.createdAt).toISOString().slice(0, 10)
    : null;
  const known: Record<string, string | null> = { platform: platformLabel(values.platform), date, url: values.url };
  let text = template;
  for (const [name, value] of Object.entries(known)) {
    if (value !== null) continue;
    const before = new RegExp(`\\s*[${SEPARATORS}]\\s*\\{${name}\\}`, 'g');
    const alone = new RegExp(`\\{${name}\\}\\s*[${SEPARATORS}]?\\s*`, 'g');
    text = text.replace(before, '').replace(alone, '');
  }
  text = text.replace(/\{(platform|date|url)\}/g, (_, name: string) => known[name] ?? '');
  // Brackets left with nothing (or only separators) in them.
  text = text.replace(/\(\s*[,:;\u2013\u2014-]?\s*\)|\[\s*[,:;\u2013\u2014-]?\s*\]/g, '');
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}
