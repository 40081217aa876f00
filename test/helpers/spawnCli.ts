/**
 * The built CLI (`node bin/leave-platform.js`, which loads dist/) in a child process, with all it writes
 * collected, for the tests that drive it against a local server: test/helpers/importCli.ts (Mastodon),
 * test/app/importPeerTubeCli.ts (PeerTube), test/e2e/snacTestbed.ts (snac2) and test/app/importServer.test.ts.
 * Each caller picks the environment, the folder and the other spawn options; this only starts the child
 * and gathers its output.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'bin', 'leave-platform.js');

/** How the CLI ended and everything it wrote. */
export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Settles once the child has exited and its stdout and stderr are closed. */
  done: Promise<CliExit>;
}

export interface CliRun extends SpawnedCli {
  /** kill -9 of the child's whole process group, as a crash or the OOM killer would. */
  killGroup(): void;
}

/** Runs `node bin/leave-platform.js ...args` with `options` as given (stdout and stderr must be pipes). */
export function spawnCli(args: string[], options: SpawnOptions): SpawnedCli {
  const child = spawn(process.execPath, [CLI, ...args], options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliExit>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { child, done };
}

/**
 * spawnCli with the child leading its own process group (`detached`), so that a test can kill -9 the whole
 * group as a crash would.
 */
export function spawnCliInOwnGroup(args: string[], options: Omit<SpawnOptions, 'detached'>): CliRun {
  const { child, done } = spawnCli(args, { ...options, detached: true });
  return {
    child,
    done,
    killGroup: () => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
