/**
 * `batch <manifest>`: many migrations at once, unattended (DESIGN.md section 6a, issue 11). The manifest is
 * read and checked whole before anything is sent (exit 2 with every problem, each naming its row and
 * field). Each row is an ordinary `import` with its own journal. `import`'s options given here apply to
 * every row unless the row says otherwise (precedence: manifest defaults < command line < row). A stored
 * LEAVE_PLATFORM_TOKEN is not used: each row names its token (tokenEnv, tokenFile) or has a stored login.
 * Exit 0 every row done (pending follow requests allowed), 3 some incomplete and none failed (the same
 * command resumes only those), 1 a row failed, 2 the manifest is invalid.
 */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { batchStatus } from '../../app/batch/batchStatus.js';
import { buildBatchReport, writeBatchReport } from '../../app/batch/batchReport.js';
import { checkRows, ManifestError, readManifest } from '../../app/batch/readManifest.js';
import { rowOptionProblem } from '../../app/batch/rowOptions.js';
import { DEFAULT_BATCH_CONCURRENCY, runBatch, type RowConnection } from '../../app/batch/runBatch.js';
import { inShard, parseShard } from '../../app/batch/shard.js';
import { openSharedResolver } from '../../app/batch/sharedResolve.js';
import type { BatchEvent, BatchRow, RowOptions } from '../../app/batch/types.js';
import { openArchiveMedia } from '../../app/import/archiveMedia.js';
import { RESOLVE_HTTP_LIMITS } from '../../app/runResolve.js';
import { stateDir } from '../../app/stateDir.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { IncompleteError, RemoteError, UsageError } from '../../errors.js';
import { CONFIDENCES } from '../../model/match.js';
import { reportFormatFor } from '../../report/writeReport.js';
import { connectDestination } from '../compose.js';
import { examplesText } from '../help.js';
import { httpClientFor } from '../http.js';
import type { CliIO, GlobalOptions } from '../io.js';
import { globalOptions } from '../main.js';
import { batchView } from '../render/batchTable.js';
import { manifestProblemText, rowResultLine } from '../render/batchWords.js';
import { renderStatus } from './status.js';
import { localTimeView } from '../render/when.js';
import type { ImportCommandOptions } from './import.js';
import { collect, parseDuration, parseFinders, splitList } from './importOptions.js';

/** import's options that batch passes to every row: import's own, but undefined unless given on the command line. */
type ImportOptionsForEveryRow = Partial<Omit<ImportCommandOptions, 'to' | 'channel' | 'dryRun' | 'report' | 'csv' | 'yes' | 'index'>>;

interface BatchCommandOptions extends ImportOptionsForEveryRow {
  concurrency: string;
  shard?: string;
  dryRun: boolean;
  report?: string;
  yes: boolean;
}

export function registerBatch(program: Command, io: CliIO): void {
  program
    .command('batch')
    .description('many migrations at once from a CSV or JSON manifest, unattended (each row is an ordinary import)')
    .argument('<manifest>', 'a .csv (header row: id,archives,to,tokenEnv,...) or .json ({"version":1,"defaults":{},"rows":[]}) file')
    .option('--concurrency <n>', 'rows sending at a time (never two on the same account); up to 16 rows read and find accounts ahead', String(DEFAULT_BATCH_CONCURRENCY))
    .option('--shard <k/n>', 'only the rows whose id hashes to K of N (K from 1), for a CI matrix; sha256(id) mod N')
    .option('--dry-run', 'every row as a dry run: reads only, sends nothing', false)
    .option('--report <file>', 'the batch report (.json, .md or .html); each row\'s own report is written beside it')
    .option('--yes', 'accepted for symmetry with import: batch never asks', false)
    .addOption(new Option('--map <file>', 'for every row: a mapping CSV "source,handle" (repeatable)').argParser(collect))
    .addOption(new Option('--min-confidence <level>', 'for every row: follow matches at least this sure (default high)').choices([...CONFIDENCES]))
    .option('--follows', 'for every row: follow the accounts found (default)')
    .option('--no-follows', 'for every row: follow nobody')
    .option('--followers', 'for every row: also follow the accounts that followed them')
    .option('--blocks', 'for every row: block the accounts they had blocked')
    .option('--mutes', 'for every row: mute the accounts they had muted')
    .option('--lists', 'for every row: a list per platform')
    .option('--posts', 'for every row: also bring their posts')
    .option('--since <date>', 'with --posts: only posts from this date on')
    .option('--until <date>', 'with --posts: only posts before this date')
    .option('--kinds <list>', 'with --posts: which posts, comma-separated')
    .option('--include-private', 'with --posts: also posts that were not public')
    .addOption(new Option('--visibility <who>', 'with --posts: who sees the imported posts').choices(['public', 'unlisted', 'private']))
    .addOption(new Option('--mentions <how>', 'with --posts: how @names are written').choices(['link', 'handle']))
    .option('--footer <template>', 'with --posts: a last line with {platform}, {date} and {url}, or "none"')
    .addOption(new Option('--backdate <when>', 'with --posts: keep the original date where the server allows').choices(['auto', 'never']))
    .option('--max-wait <duration>', 'for every row: longest rate-limit wait before the row stops as incomplete (default 15m)')
    .option('--finders <list>', 'for every row: only these finders, comma-separated')
    .option('--servers <list>', 'for every row: also guess the same username on these servers, comma-separated')
    .addHelpText('after', '\nEach row takes its token from tokenEnv (an environment variable) or tokenFile, else from a stored login; never put a token in the manifest.\n'
      + 'Exit codes: 0 every row done, 1 a row failed, 2 invalid manifest (nothing sent), 3 some rows incomplete (run the same command again).\n' + examplesText([
      ['leave-platform batch members.csv --dry-run --report plan.html', 'what every row would do; sends nothing'],
      ['leave-platform batch members.json --concurrency 8 --json > events.jsonl', 'run it, JSON Lines events on stdout'],
      ['leave-platform batch members.csv --shard 2/4', 'the second of four shards (one per CI job)'],
      ['leave-platform status --batch members.csv', 'where every row stands'],
    ]))
    .action(async (manifestFile: string, options: BatchCommandOptions, command: Command) => {
      const global = globalOptions(command, io);
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new UsageError(`--concurrency "${options.concurrency}" is not a whole number of rows at least 1.`);
      }
      const shard = options.shard === undefined ? null : parseShard(options.shard);
      if (options.report !== undefined) reportFormatFor(options.report);
      if (options.maxWait !== undefined) parseDuration(options.maxWait);
      const base = commandLineOptions(options);
      const state = stateDir(global.state, io.env, io.cwd);

      let rows: BatchRow[];
      try {
        const manifest = await readManifest(manifestFile, base);
        rows = manifest.rows.filter((r) => inShard(r.id, shard));
        await checkRows(manifestFile, rows, io.env, rowOptionProblem);
      } catch (error) {
        if (error instanceof ManifestError) sayProblems(io, global, error);
        throw error;
      }

      const json = global.json;
      const view = batchView(io, rows.map((r) => r.id), json || global.quiet);
      const emit = (e: BatchEvent) => {
        if (json) io.stdout.write(`${JSON.stringify(e)}\n`);
        view.event(e);
      };
      // One client for the batch: rows on the same server share its per-host limits (DESIGN.md section 4).
      const http = httpClientFor(global, { ...RESOLVE_HTTP_LIMITS, maxPacingWaitMs: 0 });
      const interrupts = io.watchInterrupts?.() ?? null;
      const signal = interrupts?.signal;
      const summary = await (async () => {
        try {
          const resolver = await openSharedResolver({
            http, clock: systemClock, stateDir: state, allowHttp: global.allowHttp, ...(signal ? { signal } : {}),
          });
          return await runBatch({
            manifest: manifestFile, rows, concurrency, dryRun: options.dryRun, report: options.report ?? null,
            stateDir: state, allowHttp: global.allowHttp, shard: options.shard ?? null,
          }, {
            http, clock: systemClock, resolver, onEvent: emit,
            openMedia: (paths) => openArchiveMedia(paths),
            connect: (row, settings) => connectRow(row, io, global, http, settings),
            ...(signal ? { signal } : {}),
          });
        } finally {
          interrupts?.dispose();
          view.stop();
          await http.close();
        }
      })();
      if (options.report !== undefined) await writeBatchReport(options.report, buildBatchReport(summary, new Date(systemClock.now()).toISOString()));
      if (json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        io.stdout.write(`${summary.results.map(rowResultLine).join('\n')}\n`);
        io.stdout.write(`${summary.rows} row(s): ${summary.done} done, ${summary.incomplete} incomplete, ${summary.failed} failed.${summary.report ? ` Report: ${summary.report}` : ''}\n`);
      }
      if (summary.exitCode === 1) {
        throw new RemoteError(`${summary.failed} row(s) failed (${summary.results.filter((r) => r.status === 'failed').map((r) => r.id).join(', ')}).`, {
          hint: 'Fix what each row says, then run the same command again: rows already done are not run again.',
        });
      }
      if (summary.exitCode === 3) {
        throw new IncompleteError(`${summary.incomplete} row(s) are incomplete (${summary.results.filter((r) => r.status === 'incomplete').map((r) => r.id).join(', ')}).`, {
          hint: 'Run the same command again to resume them.',
        });
      }
    });
}

/** Only the options given on the command line: the rest come from the manifest or import's defaults. */
function commandLineOptions(o: BatchCommandOptions): RowOptions {
  const out: RowOptions = {};
  const set = <K extends keyof RowOptions>(k: K, v: RowOptions[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('maps', o.map);
  set('minConfidence', o.minConfidence);
  set('follows', o.follows);
  set('followers', o.followers);
  set('blocks', o.blocks);
  set('mutes', o.mutes);
  set('lists', o.lists);
  set('posts', o.posts);
  set('since', o.since);
  set('until', o.until);
  set('kinds', o.kinds === undefined ? undefined : splitList(o.kinds));
  set('includePrivate', o.includePrivate);
  set('visibility', o.visibility);
  set('mentions', o.mentions);
  set('footer', o.footer);
  set('backdate', o.backdate);
  set('maxWait', o.maxWait);
  set('finders', o.finders === undefined ? undefined : [...parseFinders(o.finders)]);
  set('servers', o.servers === undefined ? undefined : splitList(o.servers));
  return out;
}

/** A row's sign-in: its own token (tokenEnv, tokenFile) as LEAVE_PLATFORM_TOKEN would be, else its stored login. */
async function connectRow(
  row: BatchRow, io: CliIO, global: GlobalOptions, http: ReturnType<typeof httpClientFor>,
  settings: { maxWaitMs: number; onRateLimitWait: (until: Date, family: string) => void; signal?: AbortSignal },
): Promise<RowConnection | null> {
  if (row.to === null) return null;
  const token = row.token.kind === 'env' ? io.env[row.token.name]?.trim() ?? ''
    : row.token.kind === 'file' ? (await readFile(row.token.path, 'utf8')).trim() : null;
  if (token === '') throw new UsageError(`The token for ${row.to} is empty.`, { hint: 'Check the row\'s tokenEnv or tokenFile.' });
  // The process's own LEAVE_PLATFORM_TOKEN belongs to no row in particular: never use it for every row.
  const { LEAVE_PLATFORM_TOKEN: _ignored, ...env } = io.env;
  const connection = await connectDestination(row.to, {
    http, clock: systemClock, env: token === null ? env : { ...env, LEAVE_PLATFORM_TOKEN: token }, configDir: configDirOf(io.env),
    allowHttp: global.allowHttp, maxWaitMs: settings.maxWaitMs, onRateLimitWait: settings.onRateLimitWait,
    ...(settings.signal ? { signal: settings.signal } : {}),
  });
  return connection && {
    account: connection.account, destination: connection.destination, token: connection.token,
    tokenSource: connection.credentials.source, server: connection.server,
  };
}

function sayProblems(io: CliIO, global: GlobalOptions, error: ManifestError): void {
  if (global.json) io.stdout.write(`${JSON.stringify({ type: 'manifest_invalid', manifest: error.file, problems: error.problems })}\n`);
  for (const p of error.problems) io.stderr.write(`${error.file}: ${manifestProblemText(p)}\n`);
}

/** `status --batch MANIFEST`: every row of the manifest, from its own journal. */
export async function statusOfBatch(manifestFile: string, io: CliIO, global: GlobalOptions, recheck: boolean): Promise<void> {
  let rows: BatchRow[];
  try {
    rows = (await readManifest(manifestFile)).rows;
  } catch (error) {
    if (error instanceof ManifestError) sayProblems(io, global, error);
    throw error;
  }
  const http = httpClientFor(global, { maxPacingWaitMs: 0 });
  try {
    const connect = { http, clock: systemClock, env: io.env, configDir: configDirOf(io.env), allowHttp: global.allowHttp, maxWaitMs: 0 };
    const found = await batchStatus(rows, { stateDir: stateDir(global.state, io.env, io.cwd), recheck }, {
      clock: systemClock, destinationFor: async (account) => (await connectDestination(account, connect))?.destination ?? null,
    });
    if (global.json) {
      io.stdout.write(`${JSON.stringify({ version: 1, manifest: manifestFile, rows: found }, null, 2)}\n`);
      return;
    }
    const time = localTimeView(io.env, systemClock.now());
    for (const r of found) {
      if (!r.migration) io.stdout.write(`${r.id}: not started${r.to ? ` (@${r.to})` : ''}\n`);
      else io.stdout.write(`${r.id}: ${renderStatus([r.migration], time)}`);
    }
  } finally {
    await http.close();
  }
}
