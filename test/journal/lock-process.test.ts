/**
 * The journal lock against real processes killed with `kill -9` (issue: a killed run blocked the next
 * one, because the killed process lingers as a zombie until reaped and `kill(pid, 0)` succeeds on it).
 * A child node process takes the lock through the built code (dist/journal/lock.js) and stays alive.
 *
 * Linux only: the zombie is read from /proc, and elsewhere the lock asks `kill(pid, 0)` alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { acquireLock, type LockHandle } from '../../src/journal/lock.js';
import { assertDistFresh, ROOT } from '../helpers/distFreshness.js';

const HOLDER = `
const [lockUrl, clockUrl, file] = process.argv.slice(2);
const { acquireLock } = await import(lockUrl);
const { systemClock } = await import(clockUrl);
await acquireLock(file, { clock: systemClock });
process.stdout.write(\`locked \${process.pid}\\n\`);
setInterval(() => {}, 60_000);
`;

/** The state letter of /proc/<pid>/stat (proc(5)), or null once the process is reaped. */
function procState(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let dir = '';
let lockFile = '';
let parent: ChildProcess | null = null;
const handles: LockHandle[] = [];

/**
 * `sh -c 'node holder & exec sleep'`: the holder's parent becomes `sleep`, which never calls wait(), so
 * a killed holder stays a zombie for as long as `sleep` runs. `detached` puts both in a new process group.
 */
async function startHolder(): Promise<{ holderPid: number; parent: ChildProcess }> {
  const script = join(dir, 'holder.mjs');
  await writeFile(script, HOLDER);
  const url = (p: string) => pathToFileURL(join(ROOT, 'dist', p)).href;
  const child = spawn('/bin/sh', ['-c', '"$0" "$1" "$2" "$3" "$4" & exec sleep 300', process.execPath, script, url('journal/lock.js'), url('clock.js'), lockFile], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  parent = child;
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const holderPid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lock holder did not start: ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /locked (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error(`the lock holder's parent exited: ${err}`)));
  });
  return { holderPid, parent: child };
}

const suite = process.platform === 'linux' ? describe : describe.skip;

suite('journal lock after kill -9 (real processes)', () => {
  beforeAll(() => assertDistFresh());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lp-lock-kill-'));
    lockFile = join(dir, 'journal.lock');
  });
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.release();
    if (parent && parent.exitCode === null && parent.signalCode === null) {
      const exited = new Promise((r) => parent!.once('exit', r));
      process.kill(-parent.pid!, 'SIGKILL');
      await exited;
    }
    parent = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('a running holder is respected', async () => {
    const { holderPid } = await startHolder();
    await expect(acquireLock(lockFile, { clock: systemClock })).rejects.toThrow(`process ${holderPid}`);
  });

  it('takes over at once from a holder killed and not reaped (a zombie, which kill(pid, 0) still finds)', async () => {
    const { holderPid } = await startHolder();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: holderPid });
    process.kill(holderPid, 'SIGKILL');
    await until('the killed holder is a zombie', () => procState(holderPid) === 'Z');
    // The case the lock used to get wrong: the zombie still answers kill(pid, 0).
    expect(() => process.kill(holderPid, 0)).not.toThrow();
    const handle = await acquireLock(lockFile, { clock: systemClock });
    handles.push(handle);
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(procState(holderPid)).toBe('Z');
  });

  it('takes over at once after kill -9 of the whole process group', async () => {
    const { holderPid, parent: group } = await startHolder();
    const exited = new Promise((r) => group.once('exit', r));
    process.kill(-group.pid!, 'SIGKILL');
    await exited;
    // The signal has landed once the holder is no longer running: a zombie until someone reaps it, or gone.
    await until('the killed holder stopped running', () => ['Z', 'X', null].includes(procState(holderPid)));
    handles.push(await acquireLock(lockFile, { clock: systemClock }));
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
  });
});
