/**
 * A parse warning as the CLI prints it (`inspect`, `parse`): the file it is about, then the message, once.
 * Several readers already start their message with the file ("x.zip: friends.json does not hold..."), so
 * the file is not written twice; long messages wrap, indented under their bullet.
 */
import { Help } from 'commander';
import type { ParseWarning } from '../../sources/types.js';

export function warningText(w: ParseWarning): string {
  if (w.file === null || w.file === '' || w.message.startsWith(w.file)) return w.message;
  return `${w.file}: ${w.message}`;
}

export function warningLines(w: ParseWarning, options: { bullet: string; width: number | null }): string[] {
  const text = warningText(w);
  if (options.width === null) return [`${options.bullet}${text}`];
  const indent = ' '.repeat(options.bullet.length);
  const wrapped = new Help().boxWrap(text, Math.max(40, options.width - options.bullet.length)).split('\n');
  return wrapped.map((line, i) => `${i === 0 ? options.bullet : indent}${line}`);
}
