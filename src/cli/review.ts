/**
 * The questions `import` asks on a terminal (issue 5, item 5): check or uncheck the less certain
 * matches, then confirm before anything is sent. @inquirer/prompts reads keypresses from `io.stdin` and
 * draws on `io.stderr` (stdout stays for results). Ctrl-C at a question ends the run as an
 * interruption (exit 3, nothing sent), never as a crash.
 */
import { Writable } from 'node:stream';
import type { ReviewChoice } from '../app/runImport.js';
import { IncompleteError } from '../errors.js';
import { CONFIDENCES, confidenceAtLeast, type Confidence, type Match } from '../model/match.js';
import type { CliIO } from './io.js';

export type PromptIO = Pick<CliIO, 'stdin' | 'stderr'>;

/**
 * Asks which of `matches` (found, medium or low) to follow. Those at or above `min` start checked.
 * Returns the handles (lower case) checked below `min` and unchecked at or above it.
 */
export async function reviewMatches(io: PromptIO, matches: readonly Match[], min: Confidence): Promise<ReviewChoice> {
  const approved = new Set<string>();
  const rejected = new Set<string>();
  const choices = reviewChoices(matches, min);
  if (choices.length === 0) return { approved, rejected };
  // Loaded when a question is asked, not when the CLI starts (a run with --yes or without a terminal never asks).
  const { checkbox } = await import('@inquirer/prompts');
  const chosen = await ask(() => checkbox({
    message: `${choices.length === 1 ? 'This match is' : `These ${choices.length} matches are`} less certain. Check the ones to follow (space toggles, enter accepts):`,
    choices,
    pageSize: 15,
    loop: false,
  }, promptContext(io)));
  const picked = new Set(chosen);
  for (const c of choices) {
    if (picked.has(c.value) && !c.checked) approved.add(c.value);
    if (!picked.has(c.value) && c.checked) rejected.add(c.value);
  }
  return { approved, rejected };
}

/** Yes or no before anything is sent (Enter means yes). */
export async function confirmRun(io: PromptIO, message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return ask(() => confirm({ message: clean(message), default: true }, promptContext(io)));
}

export interface ReviewEntry {
  /** The handle, lower case: what the planner's approved/rejected sets hold. */
  value: string;
  name: string;
  description: string;
  checked: boolean;
}

/**
 * One entry per account (several contacts may have led to the same one), the surest first, then by
 * handle. Every text shown comes from an export or a remote server, so control characters are removed:
 * a display name must not be able to move the cursor or rewrite the screen.
 */
export function reviewChoices(matches: readonly Match[], min: Confidence): ReviewEntry[] {
  const byHandle = new Map<string, Match[]>();
  for (const m of matches) {
    if (m.status !== 'found' || m.handle === null || m.confidence === null) continue;
    const key = m.handle.toLowerCase();
    byHandle.set(key, [...(byHandle.get(key) ?? []), m]);
  }
  const entries = [...byHandle].map(([value, ms]) => {
    const confidence = ms.map((m) => m.confidence as Confidence).sort((a, b) => CONFIDENCES.indexOf(a) - CONFIDENCES.indexOf(b))[0] as Confidence;
    const who = ms.map((m) => `${m.contact.displayName ?? m.contact.username ?? m.contact.id ?? '?'} on ${m.contact.platform}`);
    const evidence = [...new Set(ms.flatMap((m) => m.evidence.map((e) => e.detail)))];
    return {
      value,
      confidence,
      name: clean(`${value} (${confidence}) for ${who.join(', ')}`),
      description: clean(evidence.join('; ')),
      checked: confidenceAtLeast(confidence, min),
    };
  });
  entries.sort((a, b) => CONFIDENCES.indexOf(a.confidence) - CONFIDENCES.indexOf(b.confidence) || a.value.localeCompare(b.value));
  return entries.map(({ value, name, description, checked }) => ({ value, name, description, checked }));
}

/** C0/C1 controls (ESC starts terminal sequences) and bidi overrides become spaces. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

/**
 * Where a prompt reads and draws. The prompt ends its output stream when it is done; stderr must outlive
 * it (the next prompt, the progress line, the error messages), so it gets a stream of its own that
 * passes writes on and tells the terminal's width.
 */
function promptContext(io: PromptIO): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } {
  const stderr = io.stderr as NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      stderr.write(chunk);
      callback();
    },
  });
  for (const key of ['columns', 'rows', 'isTTY'] as const) {
    Object.defineProperty(output, key, { get: () => stderr[key], enumerable: true });
  }
  return { input: io.stdin, output };
}

/** Runs a prompt; Ctrl-C (or the terminal going away) becomes an interruption with nothing sent. */
async function ask<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new IncompleteError('Stopped at your request: nothing was sent.', {
        cause: error,
        hint: 'Run the same command again when you are ready; what was done before is kept.',
      });
    }
    throw error;
  }
}
