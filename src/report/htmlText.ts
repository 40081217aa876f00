/**
 * The small pieces every section of the HTML report uses: escaping (`entities`' escapeUTF8, so text from
 * an export or a server stays text), our own sentences with inline code, folded sections and name lists.
 */
import { escapeUTF8 } from 'entities';
import { OPEN_LIMIT } from './describe.js';

export function esc(text: string): string {
  return escapeUTF8(text);
}

/**
 * Our own sentences, where a command or an option is written in backticks (`leave-platform status`):
 * those become `<code>`, everything is escaped.
 */
export function prose(text: string): string {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A `<details>` section; open when it holds at most OPEN_LIMIT rows (`size`). `body` is HTML already. */
export function folded(summary: string, size: number, body: string): string {
  return `<details${size <= OPEN_LIMIT ? ' open' : ''}><summary>${esc(capitalize(summary))}</summary>${body}</details>`;
}

/** A list of names; each item is HTML already (handles keep their own markup). */
export function names(items: string[]): string {
  return `<ul class="names">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}
