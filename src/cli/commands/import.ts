/**
 * `import <archive...>`: the whole migration (DESIGN.md section 2). Interactive on a terminal (review of
 * medium/low matches, confirmation, a progress line); `--yes` for none of that; `--json` for a final
 * JSON summary on stdout. Exit 3 when actions are left for a re-run (or Ctrl-C at a question: nothing
 * sent, see ../review.ts), 1 when some failed.
 */
import { Command, Option } from 'commander';
import { stateDir } from '../../app/stateDir.js';
import { ALL_FINDERS, RESOLVE_HTTP_LIMITS } from '../../app/runResolve.js';
import { runImport, type ImportPreview, type ImportResult } from '../../app/runImport.js';
import { reportFormatFor } from '../../report/writeReport.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { IncompleteError, RemoteError, UsageError } from '../../errors.js';
import { CONFIDENCES, type Confidence, type FinderName, type Match } from '../../model/match.js';
import { httpClientFor } from '../http.js';
import type { CliIO } from '../io.js';
import { globalOptions } from '../main.js';
import { applyProgressView } from '../render/progress.js';
import { confirmRun, reviewMatches } from '../review.js';

interface ImportCommandOptions {
  to?: string;
  dryRun: boolean;
  report?: string;
  csv?: string;
  map: string[];
  minConfidence: Confidence;
  follows: boolean;
  followers: boolean;
  blocks: boolean;
  mutes: boolean;
  lists: boolean;
  yes: boolean;
  maxWait: string;
  finders?: string;
  servers?: string;
}

export const DEFAULT_MAX_WAIT = '15m';

export function registerImport(program: Command, io: CliIO): void {
  program
    .command('import')
    .description('the whole migration: find your contacts\' fediverse accounts, then follow (block, mute, list) them from your new account')
    .argument('<archive...>', 'the export: .zip, .tar.gz/.tgz or an extracted folder; several parts of one export may be given')
    .option('--to <handle>', 'your new account (@you@your.server); sign in first with `leave-platform login`')
    .option('--dry-run', 'do every read, send nothing, and print the plan with a time estimate', false)
    .option('--report <file>', 'write a report (.json, .md or .html by the extension)')
    .option('--csv <dir>', 'write Mastodon\'s own import files (following_accounts.csv, ...) into DIR; needs no sign-in')
    .addOption(new Option('--map <file>', 'your own mapping, CSV "source,handle" (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--min-confidence <level>', 'follow matches at least this sure').choices([...CONFIDENCES]).default('high'))
    .option('--follows', 'follow the accounts found', true)
    .option('--no-follows', 'do not follow anyone')
    .option('--followers', 'also follow the accounts that followed you there (not only those you followed)', false)
    .option('--blocks', 'block the accounts you had blocked', false)
    .option('--mutes', 'mute the accounts you had muted', false)
    .option('--lists', 'put the accounts followed into a list per platform ("From Twitter")', false)
    .option('--yes', 'no questions: follow what --min-confidence allows', false)
    .option('--max-wait <duration>', 'longest wait for a rate limit before stopping with exit code 3 (e.g. 30s, 10m, 2h)', DEFAULT_MAX_WAIT)
    .option('--finders <list>', `only these finders, comma-separated (${ALL_FINDERS.join(',')})`)
    .option('--servers <list>', 'also guess the same username on these servers, comma-separated; `large` names a few large ones (default: only the --to server)')
    .addHelpText('after', '\nEnvironment: LEAVE_PLATFORM_TOKEN (with --to) instead of a stored sign-in, for scripts.\nExit codes: 0 done, 1 some actions failed, 2 bad input, 3 incomplete (re-run the same command to resume).')
    .action(async (archives: string[], options: ImportCommandOptions, command: Command) => {
      const global = globalOptions(command, io);
      const maxWaitMs = parseDuration(options.maxWait);
      // A misnamed report file is a usage error before any work, not after a long search.
      if (options.report !== undefined) reportFormatFor(options.report);
      const interactive = !options.yes && !global.json && io.stdin.isTTY === true && io.stderr.isTTY === true;
      const view = applyProgressView(io, global.json || global.quiet);
      const http = httpClientFor(global, {
        ...RESOLVE_HTTP_LIMITS,
        // The destination client paces by family itself (follows vs other requests): see
        // src/destinations/mastodon/rateLimit.ts.
        maxPacingWaitMs: 0,
      });
      // Watched only while this command runs: Ctrl-C then stops the run between two actions (exit 3).
      const interrupts = io.watchInterrupts?.() ?? null;
      let result: ImportResult;
      try {
        result = await runImport({
          archives,
          to: options.to ?? null,
          dryRun: options.dryRun,
          report: options.report ?? null,
          csv: options.csv ?? null,
          maps: options.map,
          minConfidence: options.minConfidence,
          follows: options.follows,
          followFollowers: options.followers,
          blocks: options.blocks,
          mutes: options.mutes,
          lists: options.lists,
          finders: options.finders === undefined ? null : parseFinders(options.finders),
          servers: options.servers === undefined ? null : splitList(options.servers),
          maxWaitMs,
          stateDir: stateDir(global.state, io.env, io.cwd),
          configDir: configDirOf(io.env),
          allowHttp: global.allowHttp,
        }, {
          http,
          clock: systemClock,
          env: io.env,
          ...(interrupts ? { signal: interrupts.signal } : {}),
          onPhase: (phase) => view.phase(PHASE_TEXT[phase]),
          onProgress: (p) => view.update(p),
          onRateLimitWait: (until, family) => view.waiting(until, family === 'follows' ? 'follows/24h' : 'requests/5min'),
          onWarning: (m) => {
            if (!global.quiet && !global.json) io.stderr.write(`warning: ${m}\n`);
          },
          ...(interactive ? {
            review: (matches: Match[], min: Confidence) => {
              view.stop();
              return reviewMatches(io, matches, min);
            },
            confirm: (preview: ImportPreview) => {
              view.stop();
              return confirmRun(io, confirmMessage(preview));
            },
          } : {}),
        });
      } finally {
        interrupts?.dispose();
        view.stop();
        await http.close();
      }
      if (global.json) io.stdout.write(`${JSON.stringify(jsonSummary(result), null, 2)}\n`);
      else io.stdout.write(textSummary(result));
      if (result.stopped) {
        const resumeAt = result.stopped.reason === 'rate_limit' ? result.stopped.resumeAt : null;
        throw new IncompleteError(
          resumeAt
            ? `Stopped at the server's rate limit (${result.stopped.reason === 'rate_limit' ? result.stopped.limit : ''}); ${result.counts.left} action(s) are left.`
            : `Interrupted; ${result.counts.left} action(s) are left.`,
          { resumeAt, hint: resumeAt ? `Run the same command again after ${resumeAt.toISOString()} to resume (or allow a longer --max-wait).` : 'Run the same command again to resume.' },
        );
      }
      if (result.counts.failed > 0 && !result.dryRun) {
        throw new RemoteError(`${result.counts.failed} action(s) failed (the reasons are listed above).`, {
          hint: 'Fix what the reasons say, then run the same command again: it retries only what failed.',
        });
      }
    });
}

const PHASE_TEXT = {
  parse: 'Reading the export…',
  resolve: 'Finding your contacts\' fediverse accounts…',
  read: 'Reading whom your account follows already…',
  plan: 'Planning…',
  apply: 'Following…',
} as const;

/** `90`, `30s`, `10m`, `2h`, `1h30m`, `1d` → milliseconds (a bare number is seconds). UsageError otherwise. */
export function parseDuration(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    at = re.lastIndex;
  }
  if (t === '' || at !== t.length) {
    throw new UsageError(`--max-wait "${text}" is not a duration.`, { hint: 'Write it like 30s, 10m, 2h or 1h30m.' });
  }
  return Math.round(total);
}

function parseFinders(list: string): Set<FinderName> {
  const out = new Set<FinderName>();
  for (const name of splitList(list)) {
    if (!(ALL_FINDERS as readonly string[]).includes(name)) {
      throw new UsageError(`--finders: "${name}" is not a finder.`, { hint: `Choose from ${ALL_FINDERS.join(', ')}.` });
    }
    out.add(name as FinderName);
  }
  return out;
}

/** The question before anything is sent: how many actions of which kind, from which account, how long. */
function confirmMessage(p: ImportPreview): string {
  const parts = Object.entries(p.byType).map(([type, n]) => actionCount(n, type)).join(', ');
  return `Send ${p.toSend} action(s) (${parts}) from ${p.destination}? Estimated time: ${formatSeconds(p.estimate.seconds)}.`;
}

function jsonSummary(r: ImportResult): Record<string, unknown> {
  return {
    version: 1,
    destination: r.destination,
    dryRun: r.dryRun,
    cancelled: r.cancelled,
    counts: r.counts,
    estimate: { seconds: r.estimate.seconds, limitedBy: r.estimate.limitedBy },
    stopped: r.stopped === null ? null : r.stopped.reason === 'rate_limit'
      ? { reason: 'rate_limit', limit: r.stopped.limit, resumeAt: r.stopped.resumeAt.toISOString() }
      : { reason: r.stopped.reason },
    matches: { found: r.matches.filter((m) => m.status === 'found').length, total: r.matches.length },
    actions: r.states.map((s) => ({ type: s.action.type, target: s.action.target, list: s.action.list, status: s.status, reason: s.reason })),
    notes: r.notes,
    warnings: r.warnings,
    report: r.reportFile,
    csv: r.csvFiles.map((f) => f.path),
  };
}

function textSummary(r: ImportResult): string {
  const lines: string[] = [];
  lines.push(...matchLines(r.matches));
  if (r.dryRun || !r.destination) {
    const planned = r.states.filter((s) => s.status === 'planned' || s.status === 'sent');
    const byType = new Map<string, number>();
    for (const s of planned) byType.set(s.action.type, (byType.get(s.action.type) ?? 0) + 1);
    lines.push(r.dryRun ? 'Dry run: nothing was sent.' : 'Nothing was sent (no destination account).');
    lines.push(`Would do: ${[...byType].map(([t, n]) => actionCount(n, t)).join(', ') || 'nothing'}; estimated time ${formatSeconds(r.estimate.seconds)}${r.estimate.limitedBy !== 'none' ? ` (limited by ${r.estimate.limitedBy})` : ''}.`);
    for (const s of planned.slice(0, 50)) lines.push(`  ${s.action.type} ${s.action.target}${s.action.list ? ` (list ${s.action.list})` : ''}`);
    if (planned.length > 50) lines.push(`  … and ${planned.length - 50} more (see --report)`);
  } else if (r.cancelled) {
    lines.push('Cancelled: nothing was sent.');
  } else {
    const c = r.counts;
    lines.push(`${c.done} done, ${c.pending} pending (waiting for the other side to accept), ${c.failed} failed, ${c.skipped} skipped, ${c.left} left.`);
    for (const s of r.states.filter((x) => x.status === 'failed').slice(0, 20)) lines.push(`  failed: ${s.action.type} ${s.action.target}: ${s.reason ?? 'no reason given'}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.reportFile) lines.push(`Report: ${r.reportFile}`);
  for (const f of r.csvFiles) lines.push(`CSV: ${f.path}`);
  return `${lines.join('\n')}\n`;
}

const ACTION_WORDS: Record<string, [string, string]> = {
  follow: ['follow', 'follows'], block: ['block', 'blocks'], mute: ['mute', 'mutes'],
  list_add: ['list addition', 'list additions'], post: ['post', 'posts'], media: ['media upload', 'media uploads'],
};

function actionCount(n: number, type: string): string {
  const [one, many] = ACTION_WORDS[type] ?? [type, type];
  return `${n} ${n === 1 ? one : many}`;
}

/** What the resolver found, in words: found per confidence, then the contacts it could not settle. */
function matchLines(matches: Match[]): string[] {
  const count = (f: (m: Match) => boolean) => matches.filter(f).length;
  const found = matches.filter((m) => m.status === 'found');
  const byConfidence = (['verified', 'high', 'medium', 'low'] as const)
    .map((c) => [c, found.filter((m) => m.confidence === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  const lines = [`Found ${found.length} of ${matches.length} contacts on the fediverse${byConfidence.length ? ` (${byConfidence.join(', ')})` : ''}.`];
  const other = [
    [count((m) => m.status === 'ambiguous'), 'ambiguous (two accounts fit; never followed)'],
    [count((m) => m.status === 'gone'), 'gone (the account was deleted)'],
    [count((m) => m.status === 'error'), 'could not be checked (network or server errors; a re-run retries them)'],
  ] as const;
  for (const [n, what] of other) if (n > 0) lines.push(`  ${n} ${what}`);
  return lines;
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)} s`;
  if (s < 5400) return `${Math.ceil(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

function splitList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
