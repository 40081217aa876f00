/** The `next` target of an RFC 8288 Link header, as Mastodon paginates lists (docs: api/guidelines.md#pagination). */
export function nextLink(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*((?:;[^;,]*)*)/.exec(part.trim());
    if (!m) continue;
    const params = m[2] ?? '';
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(params)) return m[1] ?? null;
  }
  return null;
}
