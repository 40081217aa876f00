/**
 * `import <archive...>`: the whole migration (DESIGN.md section 2). Interactive on a terminal (review of
 * medium/low matches, confirmation, a progress line); `--yes` for none of that, and required when there
 * is no terminal to ask on; `--json` for a final JSON summary on stdout. Exit 3 when actions are left for
 * a re-run (a rate limit, Ctrl-C), 1 when some failed. The first Ctrl-C lets the request in flight finish
 * and stops between actions; a second one stops at once (the journal already says `sent` for the write in
 * flight, and the next run checks it before sending anything).
 */
import { Command, Option } from 'commander';
import { openArchiveMedia } from '../../app/import/archiveMedia.js';
import { stateDir } from '../../app/stateDir.js';
import { ALL_FINDERS, RESOLVE_HTTP_LIMITS } from '../../app/runResolve.js';
import { parseIndexUrl } from '../../resolve/finders/channelSearch.js';
import { runImport, type ImportPreview, type ImportResult } from '../../app/runImport.js';
import { reportFormatFor } from '../../report/writeReport.js';
import { configDirOf } from '../../auth/tokenStore.js';
import { systemClock } from '../../clock.js';
import { IncompleteError, RemoteError, UsageError } from '../../errors.js';
import { CONFIDENCES, type Confidence, type Match } from '../../model/match.js';
import { destinationOf } from '../../auth/accountInput.js';
import { POST_SCOPES } from '../../auth/scopes.js';
import { FAMILY_LABEL, type RateFamily } from '../../destinations/mastodon/rateLimit.js';
import { connectDestination, type Connection } from '../compose.js';
import { examplesText } from '../help.js';
import { httpClientFor } from '../http.js';
import type { CliIO } from '../io.js';
import { globalOptions } from '../main.js';
import { applyProgressView } from '../render/progress.js';
import { localTimeView } from '../render/when.js';
import { formatWhen } from '../../report/when.js';
import { confirmText, jsonSummary, textSummary } from '../render/importSummary.js';
import { confirmRun, reviewMatches } from '../review.js';
import { checkImportPaths, collect, parseDuration, parseFinders, postOptionsOf, splitList, type PostFlags } from './importOptions.js';

export interface ImportCommandOptions extends PostFlags {
  to?: string;
  channel?: string;
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
  index?: string;
}

export const DEFAULT_MAX_WAIT = '15m';

export function registerImport(program: Command, io: CliIO): void {
  program
    .command('import')
    .description('the whole migration: find your contacts\' fediverse accounts, follow (block, mute, list) them from your new account, and with --posts bring your own posts')
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
    .option('--posts', 'also bring your own posts, with their pictures and videos', false)
    .option('--since <date>', 'with --posts: only posts from this date on (YYYY-MM-DD)')
    .option('--until <date>', 'with --posts: only posts before this date (YYYY-MM-DD)')
    .option('--kinds <list>', 'with --posts: which posts, comma-separated: post, thread, reply, repost, quote, video, article (default post,thread,quote,video,article)')
    .option('--include-private', 'with --posts: also posts that were not public, posted for your followers only', false)
    .addOption(new Option('--visibility <who>', 'with --posts: who sees the imported posts').choices(['public', 'unlisted', 'private']).default('unlisted'))
    .addOption(new Option('--mentions <how>', 'with --posts: @names become links to the old profile, or (handle) to the account found here; nobody is notified').choices(['link', 'handle']).default('link'))
    .option('--footer <template>', 'with --posts: a last line with {platform}, {date} and {url}, or "none" (default: on where the server cannot keep the original date)')
    .addOption(new Option('--backdate <when>', 'with --posts: keep the original date where the server documents a quiet import (GoToSocial 0.18+)').choices(['auto', 'never']).default('auto'))
    .option('--channel <name>', 'with --posts on PeerTube: the channel your videos go into (default: your first channel)')
    .option('--yes', 'no questions: follow what --min-confidence allows (needed when there is no terminal)', false)
    .option('--max-wait <duration>', 'longest wait for a rate limit before stopping with exit code 3 (e.g. 30s, 10m, 2h)', DEFAULT_MAX_WAIT)
    .option('--finders <list>', `only these finders, comma-separated (${ALL_FINDERS.join(',')})`)
    .option('--servers <list>', 'also guess the same username on these servers, comma-separated; `large` names a few large ones (default: only the --to server)')
    .option('--index <url>', 'also search this index of PeerTube channels for YouTube subscriptions (e.g. https://sepiasearch.org)')
    .addHelpText('after', '\nEnvironment: LEAVE_PLATFORM_TOKEN (with --to) instead of a stored sign-in, for scripts.\nExit codes: 0 done, 1 some actions failed, 2 bad input, 3 incomplete (re-run the same command to resume).\n' + examplesText([
      ['leave-platform import twitter-2024-05-01.zip --to @me@example.social --dry-run --report plan.html', 'what would be done, with a report to open in a browser; sends nothing'],
      ['leave-platform import twitter-2024-05-01.zip --to @me@example.social', 'do it (sign in first: leave-platform login @me@example.social)'],
      ['leave-platform import twitter-2024-05-01.zip --to @me@example.social --posts --since 2020-01-01 --dry-run --report posts.html', 'bring your posts since 2020: first see how they will read'],
      ['leave-platform import twitter-2024-05-01.zip --csv mastodon-import', 'no sign-in: files for Mastodon\'s Preferences → Import and export → Import'],
    ]))
    .action(async (archives: string[], options: ImportCommandOptions, command: Command) => {
      const global = globalOptions(command, io);
      // Every usage mistake is caught here, before any work.
      const maxWaitMs = parseDuration(options.maxWait);
      if (options.report !== undefined) reportFormatFor(options.report);
      const posts = postOptionsOf(options);
      const finders = options.finders === undefined ? null : parseFinders(options.finders);
      const index = options.index === undefined ? null : parseIndexUrl(options.index, global.allowHttp);
      const to = options.to === undefined ? null : destinationOf(options.to);
      const interactive = !options.yes && !global.json && io.stdin.isTTY === true && io.stderr.isTTY === true;
      const sends = !options.dryRun && to !== null;
      // Issue 9, item 5: nothing is sent without a yes. Refused before any work (not even a sign-in check).
      if (sends && !options.yes && !interactive) {
        const why = global.json ? 'With --json nothing is asked' : 'There is no terminal to ask before anything is sent';
        throw new UsageError(`${why}: pass --yes to run without confirmation.`, {
          hint: 'Or run with --dry-run first to see what would be done.',
        });
      }
      await checkImportPaths({ archives, report: options.report ?? null, csv: options.csv ?? null, maps: options.map });

      const view = await applyProgressView(io, global.json || global.quiet);
      const http = httpClientFor(global, {
        ...RESOLVE_HTTP_LIMITS,
        // The destination client paces by family itself: see src/destinations/mastodon/rateLimit.ts.
        maxPacingWaitMs: 0,
      });
      // Watched only while this command runs: the first Ctrl-C stops the run between two actions (exit 3).
      const interrupts = io.watchInterrupts?.({ quitNotice: QUIT_NOTICE }) ?? null;
      const signal = interrupts?.signal;
      let result: ImportResult;
      try {
        const connection = to === null ? null : await connectDestination(to, {
          http, clock: systemClock, env: io.env, configDir: configDirOf(io.env), allowHttp: global.allowHttp, maxWaitMs,
          ...(options.channel ? { channel: options.channel } : {}),
          onRateLimitWait: (until, family) => view.waiting(until, FAMILY_LABEL[family as RateFamily] ?? family),
          ...(signal ? { signal } : {}),
        });
        if (connection === null && sends && options.csv === undefined) {
          throw new UsageError(`No sign-in for ${to}.`, {
            hint: `Run \`leave-platform login ${to}\` first, or set LEAVE_PLATFORM_TOKEN (with --to) in scripts.`,
          });
        }
        if (connection && posts && sends) requirePostingScopes(connection);
        const state = stateDir(global.state, io.env, io.cwd);
        result = await runImport({
          archives,
          to: connection?.account ?? to,
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
          posts,
          finders,
          servers: options.servers === undefined ? null : splitList(options.servers),
          index,
          stateDir: state,
          allowHttp: global.allowHttp,
        }, {
          http,
          clock: systemClock,
          destination: connection?.destination ?? null,
          token: connection?.token ?? null,
          ...(connection ? { tokenSource: connection.credentials.source, destinationServer: connection.server } : {}),
          openMedia: (paths) => openArchiveMedia(paths),
          ...(signal ? { signal } : {}),
          onPhase: (phase) => view.phase(PHASE_TEXT[phase]),
          onProgress: (p) => view.update(p),
          onResolveProgress: (p) => view.resolving(p),
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
              return confirmRun(io, confirmText(preview));
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
          { resumeAt, hint: resumeAt ? `Run the same command again after ${formatWhen(resumeAt, localTimeView(io.env))} to resume (or allow a longer --max-wait).` : 'Run the same command again to resume.' },
        );
      }
      if (result.counts.left > 0 && !result.dryRun && !result.cancelled && result.destination !== null) {
        throw new IncompleteError(`${result.counts.left} action(s) are left (media still being processed by the server, or waiting for another action).`, {
          hint: 'Run the same command again to resume.',
        });
      }
      if (result.counts.failed > 0 && !result.dryRun) {
        throw new RemoteError(`${result.counts.failed} action(s) failed (the reasons are listed above).`, {
          hint: 'Fix what the reasons say, then run the same command again: it retries only what failed.',
        });
      }
    });
}

/** A second Ctrl-C (src/cli/interrupts.ts): the write in flight stays `sent` in the journal. */
const QUIT_NOTICE = '\nQuit at once: run the same command again to resume (what was in flight is checked with the server before anything is sent again).\n';

const PHASE_TEXT = {
  parse: 'Reading the export…',
  resolve: 'Finding your contacts\' fediverse accounts…',
  read: 'Reading whom your account follows already…',
  plan: 'Planning…',
  apply: 'Sending…',
} as const;

export { parseDuration };

/** A sign-in made without `login --posts` cannot post: say so before any work, not once per post. */
function requirePostingScopes(connection: Connection): void {
  const scope = connection.credentials.scope;
  if (scope === null) return; // LEAVE_PLATFORM_TOKEN: its scopes are not known; the server will say
  const granted = new Set(scope.split(/\s+/));
  const missing = POST_SCOPES.filter((s) => !granted.has(s) && !granted.has('write') && !(s.startsWith('read') && granted.has('read')));
  if (missing.length > 0) {
    throw new UsageError(`Your sign-in for ${connection.account} does not allow posting (${missing.join(', ')}).`, {
      hint: `Run \`leave-platform login ${connection.account} --posts\`, then the same command again.`,
    });
  }
}
