/**
 * Ctrl-C for long-running commands (issue 9, item 2). The first SIGINT is a soft stop: the command's
 * signal aborts, reads and waits end, but a write already on its way finishes and its answer is recorded.
 * A second SIGINT quits at once with exit code 3 (incomplete, resumable) and one line saying so: the
 * journal already says `sent` for a write in flight, and the next run checks it with the server before
 * sending anything again. SIGTERM (a service manager, a CI runner, `kill`) is the same soft stop, so an
 * unattended `batch` or `import` stops between actions with its journals intact (issue 11).
 */
import type { ExitCode } from '../errors.js';
import type { InterruptOptions, InterruptWatch } from './io.js';

/** The part of `process` this needs (tests pass an EventEmitter with an `exit` that records the code). */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: ExitCode): void;
}

export const FIRST_INTERRUPT_NOTICE = '\nStopping after the request in flight (Ctrl-C again to quit at once)…\n';
export const SECOND_INTERRUPT_NOTICE = '\nQuit at once: run the same command again to resume.\n';

/** Exit code of a second Ctrl-C: 3, incomplete, like every stop that a re-run resumes (DESIGN.md section 2). */
const QUIT_EXIT_CODE: ExitCode = 3;

export function watchSigint(source: SignalSource, stderr: NodeJS.WritableStream, options: InterruptOptions = {}): InterruptWatch {
  const notice = options.notice === undefined ? FIRST_INTERRUPT_NOTICE : options.notice;
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      // stderr is synchronous for files, pipes and terminals on Linux and macOS (Node's process I/O
      // docs), so the line is out before the process ends.
      stderr.write(options.quitNotice ?? SECOND_INTERRUPT_NOTICE);
      source.exit(QUIT_EXIT_CODE);
      return;
    }
    if (notice) stderr.write(notice);
    controller.abort(new Error('interrupted by Ctrl-C'));
  };
  source.on('SIGINT', onSigint);
  source.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      source.off('SIGINT', onSigint);
      source.off('SIGTERM', onSigint);
    },
  };
}
