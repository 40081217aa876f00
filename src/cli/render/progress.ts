/**
 * The import progress line: on a terminal, an ora spinner whose text says done / pending / failed /
 * left and, while a rate limit holds the run, when the next window opens. Not on a terminal (a log
 * file, CI, a pipe): no spinner, only a plain line per phase and per rate-limit wait. With --json or
 * --quiet: nothing at all.
 */
import type { Ora } from 'ora';
import type { ApplyProgress } from '../../apply/types.js';
import type { ResolveProgress } from '../../resolve/resolveContacts.js';
import type { CliIO } from '../io.js';
import { formatWhen } from '../../report/when.js';
import { localTimeView } from './when.js';

export interface ApplyProgressView {
  phase(text: string): void;
  update(progress: ApplyProgress): void;
  /** While contacts are looked up: the counts `resolve` shows ("26/39 · 3 found"), not only a spinner. */
  resolving(progress: ResolveProgress): void;
  waiting(until: Date, limit: string): void;
  /** Clears the line (before a prompt, and at the end); the next phase or update draws it again. */
  stop(): void;
}

export interface RateWait {
  until: Date;
  /** The window's name, e.g. `follows/24h`. */
  limit: string;
}

/**
 * Whether stderr is a terminal a spinner may redraw: a sized TTY, not `TERM=dumb`, not CI (what ora's own
 * default looks at, read from the injected environment so that tests can decide).
 */
export function spinnerWanted(io: Pick<CliIO, 'stderr' | 'env'>): boolean {
  const stderr = io.stderr as Partial<NodeJS.WriteStream>;
  // ora moves the cursor through tty.WriteStream's methods; a stream that only says isTTY cannot take it.
  // A terminal of no width (a pseudo-terminal nobody sized, e.g. `script` fed from a pipe) sends ora's
  // line count to infinity: it would erase lines forever.
  return stderr.isTTY === true && typeof stderr.cursorTo === 'function' && typeof stderr.clearLine === 'function'
    && (stderr.columns ?? 0) > 0 && io.env.TERM !== 'dumb' && !('CI' in io.env);
}

export async function applyProgressView(io: Pick<CliIO, 'stderr' | 'env'>, silent: boolean, now: () => number = Date.now): Promise<ApplyProgressView> {
  if (silent) return { phase() {}, update() {}, resolving() {}, waiting() {}, stop() {} };
  const tty = spinnerWanted(io);
  // Loaded only for a terminal: a log, a pipe or CI never draws a spinner, and starts faster without it.
  const ora = tty ? (await import('ora')).default : null;
  let spinner: Ora | null = null;
  let last: ApplyProgress | null = null;
  let wait: RateWait | null = null;
  let lastTenth = 0;
  const show = (text: string) => {
    spinner ??= ora!({ stream: io.stderr as NodeJS.WriteStream, text, discardStdin: false, isEnabled: true }).start();
    spinner.text = text;
    // Draw now rather than at the next frame: a wait may be long and the line should say so at once.
    spinner.render();
  };
  return {
    phase(text) {
      if (tty) show(text);
      else io.stderr.write(`${text}\n`);
    },
    update(p) {
      last = p;
      if (tty) show(progressLine(p, wait, now()));
    },
    resolving(p) {
      if (tty) {
        show(`Finding your contacts' fediverse accounts: ${resolveLine(p)}`);
        return;
      }
      // A log or a pipe: a plain line every tenth of the way, as `resolve` writes them.
      const tenth = Math.floor((p.done / Math.max(1, p.total)) * 10);
      if (tenth > lastTenth && p.remaining > 0) {
        lastTenth = tenth;
        io.stderr.write(`resolving: ${resolveLine(p)}\n`);
      }
    },
    waiting(until, limit) {
      wait = { until, limit };
      if (tty) show(last ? progressLine(last, wait, now()) : waitText(wait, now()));
      else io.stderr.write(`rate limit (${limit}): waiting until ${formatWhen(until, localTimeView(io.env, now()))}\n`);
    },
    stop() {
      spinner?.stop();
      spinner = null;
    },
  };
}

/** `26/39 · 3 found · 20 not found · 13 left`: the counts of `resolve`'s own progress line. */
export function resolveLine(p: ResolveProgress): string {
  return `${p.done}/${p.total} · ${p.found} found · ${p.notFound} not found · ${p.remaining} left`;
}

/** `3 done · 1 pending · 0 failed · 2 left of 6`, then the rate-limit window while it still holds. */
export function progressLine(p: ApplyProgress, wait: RateWait | null, now: number): string {
  const c = p.counts;
  const left = Math.max(0, p.total - c.done - c.pending - c.failed - c.skipped);
  const base = `${c.done} done · ${c.pending} pending · ${c.failed} failed · ${left} left of ${p.total}`;
  const until = wait ?? (p.waitingUntil ? { until: p.waitingUntil, limit: 'server' } : null);
  return until && until.until.getTime() > now ? `${base} · ${waitText(until, now)}` : base;
}

function waitText(wait: RateWait, now: number): string {
  return `rate limit (${wait.limit}): next window at ${clockTime(wait.until, now)}`;
}

/** Local wall-clock time, `14:05:09`; with the date in front when it is not today's. */
export function clockTime(at: Date, now: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const today = new Date(now);
  const sameDay = at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
