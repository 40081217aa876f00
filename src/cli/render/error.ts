/**
 * Turns any error into the one or two plain sentences the user sees on stderr (DESIGN.md section 2):
 * times on the user's own clock, each sentence at most MAX_SENTENCE characters unless --verbose (a list of
 * every supported export, a server's whole answer), and wrapped to the terminal when stderr is one.
 */
import { Help } from 'commander';
import { InputError, InterruptedError, LeaveError, RemoteError } from '../../errors.js';
import { NetError } from '../../net/types.js';
import type { TimeView } from '../../report/when.js';
import { localTimes } from './when.js';

/** Longer messages and hints are cut in the middle, keeping their start and their last sentence. */
export const MAX_SENTENCE = 320;

export interface ErrorFormat {
  /** Wrap lines to this many columns; null: do not wrap (stderr is a file or a pipe). */
  width?: number | null;
  /** Write ISO timestamps in messages as local, relative times ("after 14:05 (in 3 hours)"). */
  time?: TimeView | null;
}

export function formatError(error: unknown, verbose: boolean, format: ErrorFormat = {}): string {
  const lines: string[] = [];
  if (error instanceof InterruptedError) {
    // The user stopped the run: not an error, and no advice beyond the message itself.
    lines.push(error.message);
    if (error.hint) lines.push(error.hint);
  } else if (error instanceof LeaveError) {
    lines.push(`Error: ${error.message}`);
    if (error.hint) lines.push(error.hint);
  } else if (error instanceof NetError) {
    lines.push(`Error: ${error.message} (${error.host}).`);
    lines.push('Check your connection and the server, then run the same command again.');
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`Error: leave-platform failed unexpectedly: ${message}`);
    lines.push('This is a bug; please report it with the output of the same command run with --verbose.');
  }
  let shortened = false;
  const words = lines.map((line) => {
    const timed = format.time ? localTimes(line, format.time) : line;
    if (verbose || timed.length <= MAX_SENTENCE) return timed;
    shortened = true;
    return shorten(timed, MAX_SENTENCE);
  });
  if (shortened) words.push('(Shortened; run the same command with --verbose for the whole message.)');
  const width = format.width ?? null;
  const out = width === null ? words : words.map((line) => new Help().boxWrap(line, width));
  if (verbose) {
    if (error instanceof InputError && error.file) out.push(`file: ${error.file}`);
    if (error instanceof RemoteError && error.host) out.push(`host: ${error.host}`);
    let e: unknown = error;
    while (e instanceof Error) {
      out.push(e.stack ?? String(e));
      e = e.cause;
      if (e) out.push('caused by:');
    }
  }
  return out.join('\n') + '\n';
}

/** The columns of a terminal stream; null when it is not a terminal (then lines are not wrapped). */
export function terminalWidth(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): number | null {
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : null;
}

/**
 * At most `max` characters: the start (cut after a `;`, `,` or space) and the last sentence, which in our
 * hints is the advice ("Check that you downloaded the export in JSON...").
 */
export function shorten(text: string, max: number): string {
  const lastStop = text.lastIndexOf('. ', text.length - 2);
  const tail = lastStop > 0 && text.length - lastStop - 2 <= max / 2 ? text.slice(lastStop + 2) : '';
  const budget = max - tail.length - 3;
  let head = text.slice(0, budget);
  const cut = Math.max(head.lastIndexOf('; '), head.lastIndexOf(', '), head.lastIndexOf(' '));
  if (cut > budget / 2) head = head.slice(0, cut);
  return `${head.replace(/[;,.:\s]+$/, '')} …${tail ? ` ${tail}` : ''}`;
}
