import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, JournalLockedError, type LockHandle } from '../../src/journal/lock.js';
import { parseProcStat, processProbe, type ProcessProbeSystem } from '../../src/journal/processProbe.js';
import { fixedClock } from '../plan/builders.js';

const clock = fixedClock();
const BOOT = '80aa9dd2-bcf6-49d5-9dd6-daa7e902f262';
const ME = 1000;
const OWNER = 4242;

/** A /proc/<pid>/stat line as Linux writes it (proc(5)); `comm` may hold spaces and parentheses. */
function statLine(pid: number, state: string, startTicks: number, comm = 'node'): string {
  const after = [state, '1', String(pid), String(pid), '0', '-1', '4194304', '99', '0', '0', '0', '0', '0', '0', '0', '20', '0', '1', '0', String(startTicks), '3133440', '363'];
  return `${pid} (${comm}) ${after.join(' ')}\n`;
}

/** A fake system: /proc files by path, and what kill(pid, 0) answers for pids without one. */
function system(files: Record<string, string>, signal: Record<number, 'exists' | 'missing' | 'denied'> = {}): ProcessProbeSystem {
  return {
    readText: (path) => files[path],
    signalZero: (pid) => signal[pid] ?? 'missing',
  };
}

function linux(owner: { state: string; start: number } | null, boot = BOOT): ProcessProbeSystem {
  return system({
    '/proc/sys/kernel/random/boot_id': `${boot}\n`,
    [`/proc/${ME}/stat`]: statLine(ME, 'R', 5000),
    ...(owner ? { [`/proc/${OWNER}/stat`]: statLine(OWNER, owner.state, owner.start) } : {}),
  }, { [OWNER]: owner ? 'exists' : 'missing' });
}

let dir = '';
let file = '';
const handles: LockHandle[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-lock-'));
  file = join(dir, 'journal.lock');
});
afterEach(async () => {
  for (const h of handles.splice(0)) await h.release();
  await rm(dir, { recursive: true, force: true });
});

async function lockBy(content: Record<string, unknown>): Promise<void> {
  await writeFile(file, JSON.stringify(content));
}

async function take(probeSystem: ProcessProbeSystem): Promise<LockHandle> {
  const h = await acquireLock(file, { clock, pid: ME, host: 'here', probe: processProbe(probeSystem) });
  handles.push(h);
  return h;
}

describe('parseProcStat', () => {
  it('reads the state and start time, counting fields after the last parenthesis', () => {
    expect(parseProcStat(statLine(7, 'Z', 123456, 'a b) (c'))).toEqual({ state: 'Z', startTicks: '123456' });
    expect(parseProcStat(statLine(7, 'S', 9))).toEqual({ state: 'S', startTicks: '9' });
  });

  it('refuses what is not a stat line', () => {
    expect(parseProcStat(undefined)).toBeNull();
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('7 (node) R 1 2')).toBeNull();
  });
});

describe('acquireLock: is the owner still running?', () => {
  it('records its own boot id and start time in the lock', async () => {
    await take(linux(null));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: ME, host: 'here', start: `${BOOT}/5000` });
  });

  it('takes over at once a lock whose owner is a zombie (killed, not reaped: kill(pid, 0) still succeeds)', async () => {
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    await take(linux({ state: 'Z', start: 777 }));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: ME });
  });

  it('takes over a lock whose owner is dead (X) or has no process at all', async () => {
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    const h = await take(linux({ state: 'X', start: 777 }));
    await h.release();
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    await take(linux(null));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: ME });
  });

  it('takes over a lock whose pid now belongs to another process (other start time, or another boot)', async () => {
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    const h = await take(linux({ state: 'S', start: 9999 }));
    await h.release();
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    await take(linux({ state: 'S', start: 777 }, '11111111-2222-3333-4444-555555555555'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: ME });
  });

  it('respects a running owner with the recorded start, or one from a lock that records none', async () => {
    for (const state of ['R', 'S', 'D', 'T']) {
      await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
      const error = await take(linux({ state, start: 777 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalLockedError);
      expect((error as JournalLockedError).message).toContain(`process ${OWNER}`);
      expect((error as JournalLockedError).exitCode).toBe(2);
    }
    await lockBy({ pid: OWNER, host: 'here', at: 'earlier' });
    await expect(take(linux({ state: 'S', start: 12 }))).rejects.toBeInstanceOf(JournalLockedError);
  });

  it('without /proc, asks kill(pid, 0): gone is taken over, existing or another user\'s is respected', async () => {
    await lockBy({ pid: OWNER, host: 'here', start: `${BOOT}/777`, at: 'earlier' });
    await expect(take(system({}, { [OWNER]: 'exists' }))).rejects.toBeInstanceOf(JournalLockedError);
    await expect(take(system({}, { [OWNER]: 'denied' }))).rejects.toBeInstanceOf(JournalLockedError);
    await take(system({}, { [OWNER]: 'missing' }));
    const written = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ pid: ME, host: 'here' });
    expect(written).not.toHaveProperty('start');
  });

  it('leaves a lock from another host to the user, even when a process with that pid is over here', async () => {
    await lockBy({ pid: OWNER, host: 'other-machine', start: `${BOOT}/777`, at: 'earlier' });
    const error = await take(linux({ state: 'Z', start: 777 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalLockedError);
    expect((error as JournalLockedError).message).toContain(`process ${OWNER} on other-machine`);
    expect((error as JournalLockedError).hint).toContain(file);
  });

  it('treats a lock naming pid 0 or below as unreadable (kill(2) would take it for a process group)', async () => {
    await lockBy({ pid: 0, host: 'here', at: 'earlier' });
    await expect(take(system({}, { 0: 'exists' }))).rejects.toThrow(/is starting/);
  });
});
