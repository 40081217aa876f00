/**
 * Whether the process that wrote a lock file still runs.
 *
 * `kill(pid, 0)` alone is not enough: it succeeds on a zombie, a process killed (`kill -9`) but not yet
 * reaped by its parent, which lasts until the parent or init calls wait(), forever in a container whose
 * pid 1 never does. So on Linux /proc/<pid>/stat is read (proc(5)): field 3 is the state, `Z` (zombie) or
 * `X`/`x` (dead) for a process that is over; field 22 is its start time in clock ticks since boot. The
 * start time, with the boot id (/proc/sys/kernel/random/boot_id, random(4)), names one process for good:
 * a later process that got the same pid, in this boot or after a reboot, has another mark.
 * Where there is no /proc (macOS, BSD) only `kill(pid, 0)` is asked.
 */
import { readFileSync } from 'node:fs';

export type ProcessLook =
  /** `startMark` is null where the system does not tell (no /proc, or /proc mounted with hidepid). */
  | { state: 'running'; startMark: string | null }
  /** No such process, or one that is over and only waits to be reaped. */
  | { state: 'ended' };

export interface ProcessProbe {
  look(pid: number): ProcessLook;
}

/** What the probe reads from the system; tests pass their own. */
export interface ProcessProbeSystem {
  /** The text of a file, or undefined when it is missing or cannot be read. */
  readText(path: string): string | undefined;
  /** `kill(pid, 0)`: `denied` (EPERM) means the process exists but belongs to another user. */
  signalZero(pid: number): 'exists' | 'missing' | 'denied';
}

export const nodeProcessSystem: ProcessProbeSystem = {
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  signalZero: (pid) => {
    try {
      process.kill(pid, 0);
      return 'exists';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'missing' : 'denied';
    }
  },
};

export function processProbe(system: ProcessProbeSystem = nodeProcessSystem): ProcessProbe {
  return {
    look(pid) {
      const stat = parseProcStat(system.readText(`/proc/${pid}/stat`));
      if (stat) {
        if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return { state: 'ended' };
        const boot = system.readText('/proc/sys/kernel/random/boot_id')?.trim();
        return { state: 'running', startMark: boot ? `${boot}/${stat.startTicks}` : stat.startTicks };
      }
      return system.signalZero(pid) === 'missing' ? { state: 'ended' } : { state: 'running', startMark: null };
    },
  };
}

/**
 * `pid (comm) state ppid ...`: comm is the executable's name and may hold spaces and parentheses, so
 * the fields are counted from the last `)`. After it come field 3 (state) onwards; field 22 is starttime.
 */
export function parseProcStat(text: string | undefined): { state: string; startTicks: string } | null {
  if (text === undefined) return null;
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const state = fields[0];
  const startTicks = fields[22 - 3];
  if (!state || !startTicks || !/^\d+$/.test(startTicks)) return null;
  return { state, startTicks };
}
