/** Escaping for the Markdown report: text from an export or a server stays text in any Markdown viewer. */

/**
 * Escapes text for Markdown: HTML-significant characters become entities (a contact named
 * `<script>` stays text in any renderer); emphasis, code, link brackets and table pipes are backslash-escaped
 * (with `[` `]` escaped no link or image can form); newlines cannot break a table row.
 */
export function md(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
}

/**
 * Our own sentences, where a command or an option is written in backticks: those stay code spans (their
 * text has no backtick, so one backtick on each side is enough), the rest is escaped with `md`.
 */
export function mdProse(text: string): string {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? `\`${part.replace(/[\r\n]+/g, ' ')}\`` : md(part))).join('');
}

/** A link destination: only the characters that could end it are percent-encoded. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
