/**
 * The composition root of the CLI: builds the commander program, runs one command, and is the single
 * place where errors become messages and exit codes (DESIGN.md section 2).
 */
import { Command, CommanderError } from 'commander';
import { LeaveError, type ExitCode } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIO, GlobalOptions } from './io.js';
import { dropWritesToClosedPipe } from './closedPipe.js';
import { watchSigint } from './interrupts.js';
import { registerCommands } from './commands/index.js';
import { HELP_CONFIGURATION, examplesText, showAllHelp, testingOption } from './help.js';
import { formatError, terminalWidth } from './render/error.js';
import { localTimeView } from './render/when.js';

export async function main(argv: string[], io: CliIO = processIO()): Promise<ExitCode> {
  const program = buildProgram(io);
  program.on('option:help-all', () => showAllHelp(program, argv));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return handleError(error, io, wantsVerbose(argv, io.env));
  }
}

export function buildProgram(io: CliIO): Command {
  const program = new Command('leave-platform')
    // Posts are named only in `import --help`, with the option that imports them: the top-level words
    // promise nothing a command does not do.
    .description('Leave a big platform for the fediverse: find the people you know there on the fediverse, and follow them from your new account.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--json', 'machine output on stdout, logs on stderr, no spinners', false)
    .option('--state <dir>', 'directory for the journal and caches (default: $XDG_STATE_HOME/leave-platform)')
    .option('-q, --quiet', 'print only results and errors', false)
    .option('-v, --verbose', 'print more detail, and stack traces on errors', false)
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--help-all', 'show the help with the testing options too')
    .addOption(testingOption('--connect-to <host:addr:port>', 'connect to ADDR:PORT whenever a URL names HOST, keeping HOST for TLS (repeatable; or LEAVE_PLATFORM_CONNECT_TO, comma-separated)')
      .argParser(collect).default([]))
    .addOption(testingOption('--allow-private-network', 'allow loopback and private addresses (or LEAVE_PLATFORM_ALLOW_PRIVATE_NETWORK=1)').default(false))
    .addOption(testingOption('--allow-http', 'accept plain-http servers (or LEAVE_PLATFORM_ALLOW_HTTP=1)').default(false))
    .configureHelp(HELP_CONFIGURATION)
    .addHelpText('after', examplesText([
      ['leave-platform inspect twitter-2024-05-01.zip', 'what your export holds (no network)'],
      ['leave-platform login @me@example.social', 'sign in to your new account'],
      ['leave-platform import twitter-2024-05-01.zip --to @me@example.social --dry-run --report plan.html', 'see what would be done, sending nothing'],
      ['leave-platform import twitter-2024-05-01.zip --to @me@example.social', 'do it'],
      ['leave-platform status', 'how far it got'],
    ]) + '\nRun "leave-platform <command> --help" for a command\'s options and examples.\n')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  registerCommands(program, io);
  return program;
}

/** Reads the global options of a command's root program, with the environment's testing switches. */
export function globalOptions(command: Command, io: CliIO): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  const o = root.opts<{
    json: boolean; state?: string; quiet: boolean; verbose: boolean; color: boolean;
    connectTo: string[]; allowPrivateNetwork: boolean; allowHttp: boolean;
  }>();
  const envConnect = (io.env.LEAVE_PLATFORM_CONNECT_TO ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    json: o.json,
    state: o.state ?? null,
    quiet: o.quiet,
    verbose: o.verbose,
    color: o.color && io.env.NO_COLOR === undefined,
    connectTo: [...o.connectTo, ...envConnect],
    allowPrivateNetwork: o.allowPrivateNetwork || io.env.LEAVE_PLATFORM_ALLOW_PRIVATE_NETWORK === '1',
    allowHttp: o.allowHttp || io.env.LEAVE_PLATFORM_ALLOW_HTTP === '1',
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function handleError(error: unknown, io: CliIO, verbose: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0; commander already printed the message.
    if (error.exitCode === 0) return 0;
    return 2;
  }
  io.stderr.write(formatError(error, verbose, { width: terminalWidth(io.stderr), time: localTimeView(io.env) }));
  if (error instanceof LeaveError) return error.exitCode;
  return 1;
}

function wantsVerbose(argv: string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--verbose') || argv.includes('-v') || env.LEAVE_PLATFORM_DEBUG === '1';
}

function processIO(): CliIO {
  dropWritesToClosedPipe(process.stdout);
  dropWritesToClosedPipe(process.stderr);
  return {
    stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(),
    watchInterrupts: (options) => watchSigint(process, process.stderr, options),
  };
}
