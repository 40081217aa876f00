/**
 * The apply progress line: an ora spinner on a terminal showing done / pending / failed / left and the
 * next rate-limit window; plain lines for rate-limit waits when stderr is not a terminal; nothing at all
 * with --json or --quiet.
 */
import ora, { type Ora } from 'ora';
import type { ApplyProgress } from '../../apply/types.js';
import type { CliIO } from '../io.js';

export interface ApplyProgressView {
  phase(text: string): void;
  update(progress: ApplyProgress): void;
  waiting(until: Date, limit: string): void;
  stop(): void;
}

export function applyProgressView(io: CliIO, silent: boolean): ApplyProgressView {
  if (silent) return { phase() {}, update() {}, waiting() {}, stop() {} };
  const tty = io.stderr.isTTY === true;
  let spinner: Ora | null = null;
  let waitText = '';
  const ensure = (text: string) => {
    if (!tty) return;
    spinner ??= ora({ stream: io.stderr, text, discardStdin: false }).start();
    spinner.text = text;
  };
  return {
    phase(text) {
      if (tty) ensure(text);
      else io.stderr.write(`${text}\n`);
    },
    update(p) {
      const c = p.counts;
      ensure(`${c.done} done · ${c.pending} pending · ${c.failed} failed · ${p.total - c.done - c.pending - c.failed - c.skipped} left of ${p.total}${waitText}`);
      waitText = '';
    },
    waiting(until, limit) {
      const at = until.toLocaleTimeString();
      waitText = ` · waiting for the ${limit} window until ${at}`;
      if (tty) ensure(`rate limit (${limit}): waiting until ${at}`);
      else io.stderr.write(`rate limit (${limit}): waiting until ${until.toISOString()}\n`);
    },
    stop() {
      spinner?.stop();
      spinner = null;
    },
  };
}
