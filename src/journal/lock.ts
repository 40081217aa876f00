/**
 * One run per journal: a lock file created with O_EXCL (`wx`) holding the owner's pid and host. A lock
 * whose process is gone (same host, `kill(pid, 0)` says ESRCH) is stale and taken over; a lock from
 * another host cannot be checked and is left to the user.
 */
import { hostname } from 'node:os';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { UsageError } from '../errors.js';

/** Another run holds the journal. Exit 2: starting the same migration twice is a usage mistake. */
export class JournalLockedError extends UsageError {
  readonly lockFile: string;
  constructor(message: string, lockFile: string, hint: string) {
    super(message, { hint });
    this.lockFile = lockFile;
  }
}

export interface LockOptions {
  clock: Clock;
  /** Defaults to `process.kill(pid, 0)`; tests pass their own. */
  isProcessAlive?: (pid: number) => boolean;
  pid?: number;
  host?: string;
}

export interface LockHandle {
  readonly file: string;
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  at: string;
}

/**
 * Lock files this process holds now. A lock naming our own pid that is not among them was left by an
 * earlier process that had the same pid (a container's pid 1 after a kill -9, pid reuse after a reboot).
 */
const held = new Set<string>();

/** A lock file with no readable content younger than this may be in the middle of being written. */
const FRESH_MS = 10_000;

export async function acquireLock(file: string, options: LockOptions): Promise<LockHandle> {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const alive = options.isProcessAlive ?? processAlive;
  const content: LockContent = { pid, host, at: new Date(options.clock.now()).toISOString() };
  const text = `${JSON.stringify(content)}\n`;

  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await writeFile(file, text, { flag: 'wx', mode: 0o600 });
      held.add(file);
      return {
        file,
        release: async () => {
          held.delete(file);
          // Remove only our own lock: a stale-lock takeover by someone else must not be undone.
          const now = await readFile(file, 'utf8').catch(() => null);
          if (now === text) await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (holder === null) {
      const age = await stat(file).then((s) => options.clock.now() - s.mtimeMs, () => Number.POSITIVE_INFINITY);
      if (age < FRESH_MS) throw locked(file, 'Another leave-platform run is starting on this migration.');
      await unlink(file).catch(() => undefined);
      continue;
    }
    const gone = holder.pid === pid ? !held.has(file) : !alive(holder.pid);
    if (holder.host === host && gone) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    const where = holder.host === host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
    throw locked(file, `Another leave-platform run (${where}, since ${holder.at}) is using this migration.`);
  }
  throw locked(file, 'Could not take the lock of this migration.');
}

function locked(file: string, message: string): JournalLockedError {
  return new JournalLockedError(
    message,
    file,
    `Wait for it to finish; if no such run exists any more, delete ${file} and try again.`,
  );
}

async function readHolder(file: string): Promise<LockContent | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const v = JSON.parse(text) as Partial<LockContent>;
    if (typeof v.pid === 'number' && typeof v.host === 'string') return { pid: v.pid, host: v.host, at: String(v.at ?? '?') };
  } catch {
    // fall through: unreadable
  }
  return null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
