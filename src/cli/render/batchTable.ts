/**
 * `batch`'s live table on a terminal: one line per row (phase, done/left, the next rate-limit window),
 * redrawn in place at most a few times a second. Not on a terminal: a plain line when a row starts and
 * when it finishes. With --json or --quiet: nothing (the JSON Lines are the output).
 */
import type { BatchEvent, BatchPhase, RowStatus } from '../../app/batch/types.js';
import type { CliIO } from '../io.js';
import { spinnerWanted } from './progress.js';

export interface BatchView {
  event(e: BatchEvent): void;
  stop(): void;
}

interface Line {
  id: string;
  phase: BatchPhase | RowStatus;
  done: number;
  left: number;
  waitUntil: string | null;
}

const REDRAW_EVERY_MS = 250;

export function batchView(io: Pick<CliIO, 'stderr' | 'env'>, ids: readonly string[], silent: boolean, now: () => number = Date.now): BatchView {
  if (silent) return { event() {}, stop() {} };
  if (!spinnerWanted(io)) {
    return {
      event(e) {
        if (e.type === 'row_start') io.stderr.write(`${e.row}: started\n`);
        if (e.type === 'rate_limit_wait') io.stderr.write(`${e.row}: waiting for the rate limit (${e.family}) until ${e.until}\n`);
        if (e.type === 'row_finish') io.stderr.write(`${e.row}: ${e.status}\n`);
      },
      stop() {},
    };
  }
  const lines = new Map<string, Line>(ids.map((id) => [id, { id, phase: 'waiting', done: 0, left: 0, waitUntil: null }]));
  let drawn = 0;
  let lastDraw = 0;
  const width = Math.min(24, Math.max(3, ...ids.map((i) => i.length)));
  const draw = (force: boolean) => {
    if (!force && now() - lastDraw < REDRAW_EVERY_MS) return;
    lastDraw = now();
    const text = [`${'row'.padEnd(width)}  ${'phase'.padEnd(10)}  ${'done/left'.padEnd(11)}  next window`,
      ...[...lines.values()].map((l) => `${l.id.slice(0, width).padEnd(width)}  ${l.phase.padEnd(10)}  ${`${l.done}/${l.left}`.padEnd(11)}  ${l.waitUntil ?? ''}`)];
    // Back to the top of the table, then each line cleared and written again (ECMA-48 CUU and EL).
    io.stderr.write(`${drawn > 0 ? `\u001b[${drawn}A` : ''}${text.map((t) => `\u001b[2K${t}\n`).join('')}`);
    drawn = text.length;
  };
  return {
    event(e) {
      const l = lines.get(e.row);
      if (!l) return;
      if (e.type === 'row_start') l.phase = 'connect';
      if (e.type === 'progress') Object.assign(l, { phase: e.phase, done: e.done, left: e.left, waitUntil: null });
      if (e.type === 'rate_limit_wait') l.waitUntil = new Date(e.until).toLocaleTimeString();
      if (e.type === 'row_finish') Object.assign(l, { phase: e.status, done: e.counts.done + e.counts.pending, left: e.counts.left, waitUntil: null });
      draw(e.type === 'row_finish' || e.type === 'rate_limit_wait');
    },
    stop() {
      if (drawn > 0) draw(true);
    },
  };
}
