/**
 * `resolve <archive...>`: find the contacts' fediverse accounts (DESIGN.md sections 2, 3a, 4). Progress
 * on stderr, a table (or `--json`) on stdout. The token comes from LEAVE_PLATFORM_TOKEN only, so it never
 * sits in shell history or process listings, and is never printed.
 */
import { Command, Option } from 'commander';
import { ALL_FINDERS, DEFAULT_FINDERS, RESOLVE_HTTP_LIMITS, runResolve } from '../../app/runResolve.js';
import { stateDir } from '../../app/stateDir.js';
import { IncompleteError, RemoteError, UsageError } from '../../errors.js';
import { CONFIDENCES, RESOLVE_VERSION, type Confidence, type FinderName } from '../../model/match.js';
import { parseIndexUrl } from '../../resolve/finders/channelSearch.js';
import { trackHosts, type ResolveProgress } from '../../resolve/resolveContacts.js';
import { httpClientFor } from '../http.js';
import type { CliIO } from '../io.js';
import { globalOptions } from '../main.js';
import { renderMatchesTable, renderUnreachable, summaryLine } from '../render/matchesTable.js';

interface ResolveCommandOptions {
  to?: string;
  map: string[];
  minConfidence: Confidence;
  refresh: boolean;
  finders?: string;
  explicit: boolean;
  search: boolean;
  guess: boolean;
  website: boolean;
  bridges: boolean;
  servers?: string;
  index?: string;
}

export function registerResolve(program: Command, io: CliIO): void {
  program
    .command('resolve')
    .description('find the fediverse accounts of the export\'s contacts (reads from the network)')
    .argument('<archive...>', 'the export: .zip, .tar.gz/.tgz or an extracted folder; several parts of one export may be given')
    .option('--to <handle>', 'your new account (@you@your.server): search and same-name guesses run there')
    .addOption(new Option('--map <file>', 'your own mapping, CSV "source,handle" (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--min-confidence <level>', 'leave out matches below this').choices([...CONFIDENCES]).default('low'))
    .option('--refresh', 'ignore cached answers and ask again', false)
    .option('--finders <list>', `only these finders, comma-separated (${ALL_FINDERS.join(',')})`)
    .option('--no-explicit', 'do not read handles the contacts wrote in their names and bios')
    .option('--no-search', 'do not use your server\'s account search')
    .option('--no-guess', 'do not guess the same username on the destination server (or --servers)')
    .option('--no-website', 'do not read the contacts\' websites for rel="me" links')
    .option('--bridges', 'also look for Bluesky contacts through the Bridgy Fed bridge', false)
    .option('--servers <list>', 'also guess the same username on these servers, comma-separated; `large` names a few large ones (default: only the --to server)')
    .option('--index <url>', 'also search this index of PeerTube channels for YouTube subscriptions (e.g. https://sepiasearch.org)')
    .addHelpText('after', '\nEnvironment: LEAVE_PLATFORM_TOKEN, a token of your new account (read:search), enables the search finder.\n\nExamples:\n  # who is on the fediverse, guessing the same names on your server\n  leave-platform resolve twitter-2024-05-01.zip --to @me@example.social\n  # with your own list of who moved where (CSV: source,handle), as JSON\n  leave-platform --json resolve twitter-2024-05-01.zip --map moved.csv > matches.json\n')
    .action(async (archives: string[], options: ResolveCommandOptions, command: Command) => {
      const global = globalOptions(command, io);
      const finders = chosenFinders(options);
      const index = options.index === undefined ? null : parseIndexUrl(options.index, global.allowHttp);
      const progress = progressRenderer(io, global.json || global.quiet);
      const client = httpClientFor(global, {
        ...RESOLVE_HTTP_LIMITS,
        onWait: (e) => progress.waiting(`${e.host} (${e.reason === 'rate_limit' ? 'rate limit' : 'retry'}, ${Math.ceil(e.ms / 1000)} s)`),
      });
      const tracked = trackHosts(client);
      progress.busiest = tracked.busiestHost;
      // Ctrl-C drops the lookups in flight and ends with one line (InterruptedError, exit 3); the usual
      // "stopping after the request in flight" notice would be wrong here, nothing waits for them.
      const interrupts = io.watchInterrupts?.({ notice: null }) ?? null;
      try {
        const result = await runResolve({
          archives,
          to: options.to ?? null,
          maps: options.map,
          minConfidence: options.minConfidence,
          refresh: options.refresh,
          finders,
          servers: options.servers === undefined ? null : splitList(options.servers),
          token: io.env.LEAVE_PLATFORM_TOKEN?.trim() || null,
          stateDir: stateDir(global.state, io.env, io.cwd),
          allowHttp: global.allowHttp,
          index,
        }, {
          http: tracked.http,
          ...(interrupts ? { signal: interrupts.signal } : {}),
          onProgress: (p) => progress.update(p),
          onWarning: (m) => {
            if (!global.quiet) {
              progress.clear();
              io.stderr.write(`warning: ${m}\n`);
            }
          },
        });
        progress.done();
        if (global.json) {
          io.stdout.write(JSON.stringify({ version: RESOLVE_VERSION, matches: result.matches, notes: result.notes }, null, 2) + '\n');
        } else {
          io.stdout.write(renderMatchesTable(result.matches, { hidden: result.hidden, notes: result.notes, unreachable: result.unreachable }));
        }
        if (global.json && !global.quiet) {
          io.stderr.write(summaryLine(result.matches, result.hidden) + '\n');
          io.stderr.write(renderUnreachable(result.unreachable));
          for (const n of result.notes) io.stderr.write(`note: ${n}\n`);
        }
        // Printed results first, then the exit code says whether the run was whole (DESIGN.md section 2).
        if (result.health === 'all_failed') {
          throw new RemoteError('Every lookup failed: no contact could be checked.', {
            hint: 'Check your connection, then run the same command again.',
          });
        }
        if (result.health === 'some_failed') {
          throw new IncompleteError('Some lookups failed; run the same command again to retry them (the answers found so far are cached).');
        }
      } finally {
        interrupts?.dispose();
        progress.done();
        await client.close();
      }
    });
}

function chosenFinders(o: ResolveCommandOptions): Set<FinderName> {
  let chosen: Set<FinderName>;
  if (o.finders !== undefined) {
    chosen = new Set();
    for (const name of splitList(o.finders)) {
      if (!(ALL_FINDERS as readonly string[]).includes(name)) {
        throw new UsageError(`--finders: "${name}" is not a finder.`, { hint: `Choose from ${ALL_FINDERS.join(', ')}.` });
      }
      chosen.add(name as FinderName);
    }
  } else {
    chosen = new Set(DEFAULT_FINDERS);
  }
  if (!o.explicit) chosen.delete('explicit');
  if (!o.search) chosen.delete('search');
  if (!o.guess) chosen.delete('guess');
  if (!o.website) chosen.delete('website');
  if (o.bridges) chosen.add('bridge');
  return chosen;
}

function splitList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface ProgressRenderer {
  busiest: () => string | null;
  update(p: ResolveProgress): void;
  waiting(what: string): void;
  clear(): void;
  done(): void;
}

/**
 * On a terminal: one line redrawn at most 10 times a second. Otherwise (a log file, CI): a plain line
 * every 10% of the way. Nothing with --json or --quiet.
 */
function progressRenderer(io: CliIO, silent: boolean): ProgressRenderer {
  const tty = io.stderr.isTTY === true;
  let last: ResolveProgress | null = null;
  let lastDraw = 0;
  let lastDecile = 0;
  let waitingOn: string | null = null;
  let drawn = false;
  let finished = false;
  let timer: NodeJS.Timeout | null = null;
  const r: ProgressRenderer = {
    busiest: () => null,
    update(p) {
      last = p;
      if (silent || finished) return;
      if (tty) {
        timer ??= setInterval(draw, 250);
        timer.unref();
        if (Date.now() - lastDraw >= 100) draw();
      } else {
        const decile = Math.floor((p.done / Math.max(1, p.total)) * 10);
        if (decile > lastDecile && p.remaining > 0) {
          lastDecile = decile;
          io.stderr.write(`resolving: ${line(p)}\n`);
        }
      }
    },
    waiting(what) {
      waitingOn = what;
    },
    clear() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
    done() {
      finished = true;
      if (timer) clearInterval(timer);
      timer = null;
      r.clear();
    },
  };
  const line = (p: ResolveProgress) => {
    const host = waitingOn ?? r.busiest();
    waitingOn = null;
    return `${p.done}/${p.total} · ${p.found} found · ${p.notFound} not found · ${p.remaining} left${host ? ` · waiting on ${host}` : ''}`;
  };
  const draw = () => {
    if (!last || finished) return;
    lastDraw = Date.now();
    io.stderr.write(`\r\x1b[2KResolving ${line(last)}`);
    drawn = true;
  };
  return r;
}
