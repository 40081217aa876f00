/**
 * One run per journal: a lock file created with O_EXCL (`wx`) holding the owner's pid, host and start
 * mark. A lock whose process is over (same host: no such process, a zombie left by `kill -9`, or a later
 * process that reuses the pid, see processProbe.ts) is stale and taken over at once; a lock from another
 * host cannot be checked and is left to the user.
 *
 * Why not a lock the kernel drops when its owner dies (flock(2), fcntl(2))? Node has no API for either
 * without a native addon; the start mark gives the same answer from the lock file alone.
 */
import { hostname } from 'node:os';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { UsageError } from '../errors.js';
import { processProbe, type ProcessProbe } from './processProbe.js';

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
  /** Asks the system whether a lock's owner still runs (processProbe.ts); tests pass their own. */
  probe?: ProcessProbe;
  /** Overrides `probe` for the liveness answer alone (older tests). */
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
  /** Boot id and start time of the owner (processProbe.ts); absent where the system does not tell. */
  start?: string;
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
  const probe = options.probe ?? processProbe();
  const own = probe.look(pid);
  const start = own.state === 'running' ? own.startMark : null;
  const content: LockContent = { pid, host, ...(start ? { start } : {}), at: new Date(options.clock.now()).toISOString() };
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
    const gone = holder.pid === pid ? !held.has(file) : ownerEnded(holder, probe, options.isProcessAlive);
    if (holder.host === host && gone) {
      await removeIfUnchanged(file, holder.text);
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

/**
 * Removes a stale lock only if it still holds what was judged stale: another run that took it over in
 * the meantime keeps its fresh lock (the window left is the read-to-unlink gap alone).
 */
async function removeIfUnchanged(file: string, judged: string): Promise<void> {
  const now = await readFile(file, 'utf8').catch(() => null);
  if (now === judged) await unlink(file).catch(() => undefined);
}

async function readHolder(file: string): Promise<(LockContent & { text: string }) | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const v = JSON.parse(text) as Partial<LockContent>;
    // A pid of 0 or below would name a process group to kill(2), not a process.
    if (Number.isInteger(v.pid) && (v.pid as number) > 0 && typeof v.host === 'string') {
      return { pid: v.pid as number, host: v.host, ...(typeof v.start === 'string' ? { start: v.start } : {}), at: String(v.at ?? '?'), text };
    }
  } catch {
    // fall through: unreadable
  }
  return null;
}

/** The owner is over, or its pid now belongs to another process (its start mark differs). */
function ownerEnded(holder: LockContent, probe: ProcessProbe, isProcessAlive?: (pid: number) => boolean): boolean {
  if (isProcessAlive) return !isProcessAlive(holder.pid);
  const look = probe.look(holder.pid);
  if (look.state === 'ended') return true;
  return holder.start !== undefined && look.startMark !== null && look.startMark !== holder.start;
}
