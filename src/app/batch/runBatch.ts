/**
 * The `batch` use case (DESIGN.md section 6a, issue 11): many ordinary imports, one per manifest row, each
 * with its own journal (so `import` and `batch` resume each other), run unattended: no review, no
 * confirmation, matches below --min-confidence reported and never followed. Rows run concurrently, never
 * two on the same account; they share the HTTP client and one resolver (sharedResolve.ts). A row that
 * fails fails alone. One AbortSignal stops every row between actions; rows not started are incomplete.
 * Events go to `onEvent` as they happen; the CLI renders them and picks the exit code from the summary.
 *
 * Two limits: the phases that only read (connect, parse, resolve, read, plan) run for up to `readAhead`
 * rows at once, and only the apply phase is held to `concurrency` rows. With `concurrency` rows in all
 * phases, the lookups in flight were only those of 4 rows, each row waited for its slowest lookup before
 * the next row began, and the HTTP client's global limit sat mostly unused (issue 11's benchmark: 4.5x the
 * bound its limits set). Every row's lookups go through the one HTTP client, whose per-host and global
 * limits are the queue they share.
 */
import { dirname, basename, extname, join } from 'node:path';
import type { ApplyCounts } from '../../apply/types.js';
import type { Clock } from '../../clock.js';
import type { Destination } from '../../destinations/types.js';
import { IncompleteError, InputError, InterruptedError, LeaveError, RemoteError, UsageError } from '../../errors.js';
import type { HttpClient } from '../../net/types.js';
import type { ImportResult, RunImportDeps } from '../import/types.js';
import type { DestinationServer } from '../runResolve.js';
import { runImport } from '../runImport.js';
import { isFinished, rowJournalDir } from './batchStatus.js';
import { importOptionsOf } from './rowOptions.js';
import { Semaphore } from '../../net/limiter.js';
import { runScheduled } from './scheduler.js';
import type { SharedResolver } from './sharedResolve.js';
import type { BatchEvent, BatchPhase, BatchRow, BatchSummary, RowError, RowResult } from './types.js';
import { runStatus } from '../runStatus.js';

export const DEFAULT_BATCH_CONCURRENCY = 4;
/**
 * Rows reading at once (at least `concurrency`). Each holds its export's model and plan in memory until it
 * is done, so this bounds the memory; 16 rows keep hundreds of lookups queued for the client's limits.
 */
export const DEFAULT_READ_AHEAD = 16;

export interface RunBatchOptions {
  manifest: string;
  rows: readonly BatchRow[];
  concurrency: number;
  dryRun: boolean;
  /** The batch report (`--report FILE`); each row's own report is written beside it. */
  report: string | null;
  stateDir: string;
  allowHttp: boolean;
  /** `K/N` as given, for the summary. */
  shard: string | null;
  /** Rows in their read phases at once; default max(concurrency, DEFAULT_READ_AHEAD). */
  readAhead?: number;
}

export interface RowConnection {
  account: string;
  destination: Destination;
  token: string;
  tokenSource: 'env' | 'store';
  /** The server as read at sign-in (nodeinfo); absent: the resolver asks it when it needs to. */
  server?: DestinationServer;
}

export interface ConnectSettings {
  maxWaitMs: number;
  onRateLimitWait: (until: Date, family: string) => void;
  signal?: AbortSignal;
}

export interface RunBatchDeps {
  http: HttpClient;
  clock: Clock;
  resolver: SharedResolver;
  /** Signs a row in: its token from tokenEnv/tokenFile, else the stored login; null without a sign-in. */
  connect: (row: BatchRow, settings: ConnectSettings) => Promise<RowConnection | null>;
  openMedia?: RunImportDeps['openMedia'];
  /** Tests and the benchmark: the export reader (default: parse the archives). */
  parse?: RunImportDeps['parse'];
  onEvent: (event: BatchEvent) => void;
  signal?: AbortSignal;
}

/** Resolve progress is sent at most this often per row (a row may have thousands of contacts). */
const PROGRESS_EVERY_MS = 1000;

export async function runBatch(options: RunBatchOptions, deps: RunBatchDeps): Promise<BatchSummary> {
  const at = () => new Date(deps.clock.now()).toISOString();
  const items = options.rows.map((row) => ({ row, key: row.to ?? `\u0000row:${row.id}` }));
  const concurrency = Math.max(1, options.concurrency);
  const applySlots = new Semaphore(concurrency);
  const readAhead = Math.max(concurrency, options.readAhead ?? DEFAULT_READ_AHEAD);
  const finished = await runScheduled(items, readAhead, async ({ row }) => {
    const result = await runRow(row, options, deps, at, applySlots);
    deps.onEvent({
      type: 'row_finish', row: row.id, status: result.status, note: result.note, counts: result.counts, error: result.error,
      resumeAt: result.resumeAt, report: result.reportFile, at: at(),
    });
    return result;
  }, deps.signal);
  const results = items.map((item) => finished.get(item) ?? notStarted(item.row));
  for (const r of results) {
    if (r.note === 'not_started') {
      deps.onEvent({ type: 'row_finish', row: r.id, status: r.status, note: r.note, counts: r.counts, error: r.error, resumeAt: null, report: null, at: at() });
    }
  }
  await deps.resolver.flush();
  const failed = results.filter((r) => r.status === 'failed').length;
  const incomplete = results.filter((r) => r.status === 'incomplete').length;
  const summary: BatchSummary = {
    type: 'summary', version: 1, manifest: options.manifest, dryRun: options.dryRun, shard: options.shard,
    rows: results.length, done: results.length - failed - incomplete, incomplete, failed,
    counts: sumCounts(results.map((r) => r.counts)), lookups: deps.resolver.lookups(),
    report: options.report, exitCode: failed > 0 ? 1 : incomplete > 0 ? 3 : 0, results,
  };
  return summary;
}

async function runRow(row: BatchRow, options: RunBatchOptions, deps: RunBatchDeps, at: () => string, applySlots: Semaphore): Promise<RowResult> {
  deps.onEvent({ type: 'row_start', row: row.id, to: row.to, at: at() });
  const reportFile = rowReportFile(options.report, row.id);
  const base: RowResult = {
    id: row.id, to: row.to, status: 'done', note: null, counts: zeroCounts(), error: null, resumeAt: null,
    reportFile: null, journalDir: null, warnings: 0,
  };
  let phase: BatchPhase = 'connect';
  let lastProgress = 0;
  const progress = (done: number, left: number, total: number, force: boolean) => {
    const now = deps.clock.now();
    if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    deps.onEvent({ type: 'progress', row: row.id, phase, done, left, total, at: at() });
  };
  let releaseApply: (() => void) | null = null;
  try {
    const { options: importOptions, maxWaitMs } = importOptionsOf(row, {
      stateDir: options.stateDir, dryRun: options.dryRun, report: reportFile, allowHttp: options.allowHttp,
    });
    // A row whose journal says it is finished is not run again: the same command resumes only the others.
    if (!options.dryRun) {
      const dir = await rowJournalDir(row, options.stateDir);
      const seen = dir === null ? [] : await runStatus({ stateDir: importOptions.stateDir, recheck: false, journals: [dir] }, {
        clock: deps.clock, destinationFor: async () => null,
      });
      if (isFinished(seen[0] ?? null)) {
        const t = seen[0]!.total;
        return { ...base, note: 'already_done', journalDir: dir, counts: { done: t.done, pending: t.pending, failed: t.failed, skipped: t.skipped, left: t.left } };
      }
    }
    progress(0, 0, 0, true);
    const connection = await deps.connect(row, {
      maxWaitMs,
      onRateLimitWait: (until, family) => deps.onEvent({ type: 'rate_limit_wait', row: row.id, until: until.toISOString(), family, at: at() }),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (connection === null && !options.dryRun && row.to !== null) {
      throw new UsageError(`No sign-in for ${row.to}.`, {
        hint: `Give the row a tokenEnv or tokenFile, or run \`leave-platform login ${row.to}\` first.`,
      });
    }
    let warnings = 0;
    const result: ImportResult = await runImport({ ...importOptions, to: connection?.account ?? importOptions.to }, {
      http: deps.http,
      clock: deps.clock,
      destination: connection?.destination ?? null,
      token: connection?.token ?? null,
      ...(connection ? { tokenSource: connection.tokenSource } : {}),
      ...(connection?.server ? { destinationServer: connection.server } : {}),
      resolve: deps.resolver.resolve,
      ...(deps.openMedia ? { openMedia: deps.openMedia } : {}),
      ...(deps.parse ? { parse: deps.parse } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
      // Batch never asks: `confirm` is only where import stops before its first write, and the row waits
      // there for an apply slot (at most `concurrency` rows send at once).
      confirm: async () => {
        if (applySlots.inUse >= applySlots.limit) {
          phase = 'waiting';
          progress(0, 0, 0, true);
        }
        releaseApply = await applySlots.acquire(deps.signal).catch((cause: unknown) => {
          throw new InterruptedError('Stopped before sending anything for this row.', { cause });
        });
        return true;
      },
      onPhase: (p) => {
        phase = p;
        progress(0, 0, 0, true);
      },
      onResolveProgress: (p) => progress(p.done, p.remaining, p.total, p.remaining === 0),
      onProgress: (p) => progress(p.counts.done + p.counts.pending + p.counts.failed + p.counts.skipped, p.counts.left, p.total, true),
      onWarning: (message) => {
        warnings++;
        deps.onEvent({ type: 'warning', row: row.id, message, at: at() });
      },
    });
    return { ...base, ...classify(result), counts: result.counts, reportFile: result.reportFile, journalDir: result.journalDir, warnings };
  } catch (error) {
    const rowError = rowErrorOf(error);
    const status = rowError.code === 'rate_limit' || rowError.code === 'interrupted' ? 'incomplete' : 'failed';
    return { ...base, status, error: rowError, resumeAt: error instanceof IncompleteError && error.resumeAt ? error.resumeAt.toISOString() : null };
  } finally {
    (releaseApply as (() => void) | null)?.();
  }
}

/** The row's result as `import` would decide its exit code (src/cli/commands/import.ts). */
function classify(result: ImportResult): Pick<RowResult, 'status' | 'error' | 'resumeAt'> {
  if (result.stopped?.reason === 'rate_limit') {
    return { status: 'incomplete', error: { code: 'rate_limit', message: `Stopped at the server's rate limit (${result.stopped.limit}); ${result.counts.left} action(s) are left.`, hint: null }, resumeAt: result.stopped.resumeAt?.toISOString() ?? null };
  }
  if (result.stopped) return { status: 'incomplete', error: { code: 'interrupted', message: `Stopped; ${result.counts.left} action(s) are left.`, hint: null }, resumeAt: null };
  if (!result.dryRun && result.destination !== null && result.counts.left > 0) {
    return { status: 'incomplete', error: { code: 'left', message: `${result.counts.left} action(s) are left.`, hint: null }, resumeAt: null };
  }
  if (!result.dryRun && result.counts.failed > 0) {
    return { status: 'failed', error: { code: 'remote', message: `${result.counts.failed} action(s) failed.`, hint: null }, resumeAt: null };
  }
  return { status: 'done', error: null, resumeAt: null };
}

function rowErrorOf(error: unknown): RowError {
  const hint = error instanceof LeaveError ? error.hint : null;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InterruptedError) return { code: 'interrupted', message, hint };
  if (error instanceof IncompleteError) return { code: 'rate_limit', message, hint };
  if (error instanceof InputError) return { code: 'input', message, hint };
  if (error instanceof UsageError) return { code: 'usage', message, hint };
  if (error instanceof RemoteError) return { code: 'remote', message, hint };
  return { code: 'internal', message, hint };
}

function notStarted(row: BatchRow): RowResult {
  return {
    id: row.id, to: row.to, status: 'incomplete', note: 'not_started', counts: zeroCounts(),
    error: { code: 'interrupted', message: 'Not started: the batch was stopped.', hint: null }, resumeAt: null,
    reportFile: null, journalDir: null, warnings: 0,
  };
}

/** `report.html` → `report.<row id>.html`, beside it. */
export function rowReportFile(batchReport: string | null, id: string): string | null {
  if (batchReport === null) return null;
  const ext = extname(batchReport);
  return join(dirname(batchReport), `${basename(batchReport, ext)}.${id}${ext}`);
}

function zeroCounts(): ApplyCounts {
  return { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 };
}

function sumCounts(all: ApplyCounts[]): ApplyCounts {
  const c = zeroCounts();
  for (const x of all) for (const k of Object.keys(c) as (keyof ApplyCounts)[]) c[k] += x[k];
  return c;
}
