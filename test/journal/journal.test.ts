import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  JOURNAL_FILE, LOCK_FILE, listJournals, openJournal, type AppendFile, type Journal,
} from '../../src/journal/journal.js';
import { JournalLockedError } from '../../src/journal/lock.js';
import type { Action } from '../../src/plan/types.js';
import { fixedClock } from '../plan/builders.js';

let dir: string;
const open: Journal[] = [];
const clock = fixedClock();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lp-journal-'));
});
afterEach(async () => {
  for (const j of open.splice(0)) await j.close();
  await rm(dir, { recursive: true, force: true });
});

async function openIn(d = dir, extra: Parameters<typeof openJournal>[1] | object = {}): Promise<Journal> {
  const j = await openJournal(d, { clock, ...extra });
  open.push(j);
  return j;
}

const follow = (handle: string): Action => ({
  key: `follow:${handle}`, type: 'follow', handle,
  contact: { platform: 'twitter', id: '1', username: 'jack', displayName: 'Jack' }, confidence: 'verified',
});

describe('openJournal', () => {
  it('creates a versioned file, appends one line per event and replays it on open', async () => {
    const j = await openIn(dir, { destination: 'me@example.social', fingerprint: 'abc' });
    expect(j.path).toBe(join(dir, JOURNAL_FILE));
    await j.append({ key: 'follow:jack@example.social', type: 'follow', target: 'jack@example.social', status: 'planned', action: follow('jack@example.social') });
    await j.append({ key: 'follow:jack@example.social', type: 'follow', target: 'jack@example.social', status: 'sent' });
    await j.append({ key: 'follow:jack@example.social', type: 'follow', target: 'jack@example.social', status: 'pending', remoteId: '109', reason: 'follow_pending', detail: 'locked account' });
    await j.append({ key: 'list_add:From: Twitter:jack@example.social', type: 'list_add', target: 'jack@example.social', status: 'planned' });
    await j.close();

    const lines = (await readFile(j.path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ format: 'leave-platform-journal', v: 1, createdAt: '2024-05-01T10:00:00.000Z', destination: 'me@example.social', fingerprint: 'abc' });
    expect(lines).toHaveLength(5);
    expect(lines[3]).toEqual({ v: 1, at: '2024-05-01T10:00:00.000Z', key: 'follow:jack@example.social', type: 'follow', target: 'jack@example.social', status: 'pending', reason: 'follow_pending', detail: 'locked account', remoteId: '109' });

    const again = await openIn();
    expect(again.header?.destination).toBe('me@example.social');
    const state = again.state();
    expect(state.get('follow:jack@example.social')).toEqual({ action: follow('jack@example.social'), status: 'pending', reason: { code: 'follow_pending', detail: 'locked account' } });
    expect(again.records().get('follow:jack@example.social')?.remoteId).toBe('109');
    expect(state.get('list_add:From: Twitter:jack@example.social')?.action).toEqual({
      key: 'list_add:From: Twitter:jack@example.social', type: 'list_add', list: 'From: Twitter', handle: 'jack@example.social', contact: null, confidence: null,
    });
    expect(again.warnings).toEqual([]);
  });

  it('never rewrites: earlier bytes stay as they were', async () => {
    const j = await openIn();
    await j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent' });
    const before = await readFile(j.path, 'utf8');
    await j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'done' });
    await j.close();
    const reopened = await openIn();
    await reopened.append({ key: 'follow:b@x.example', type: 'follow', target: 'b@x.example', status: 'sent' });
    expect((await readFile(j.path, 'utf8')).startsWith(before)).toBe(true);
  });

  it('resolves append only after fsync, and writes concurrent appends in call order', async () => {
    const ops: string[] = [];
    const openAppend = async (path: string): Promise<AppendFile> => {
      const fh = await import('node:fs/promises').then((fs) => fs.open(path, 'a'));
      return {
        append: async (data) => {
          // Yield first, so a journal that did not wait would resolve before the write and sync.
          await new Promise((r) => setTimeout(r, 5));
          await fh.appendFile(data);
          ops.push(`write ${(JSON.parse(data) as { status: string }).status}`);
        },
        sync: async () => {
          await new Promise((r) => setTimeout(r, 5));
          await fh.sync();
          ops.push('sync');
        },
        close: () => fh.close(),
      };
    };
    const j = await openIn(dir, { openAppend });
    const statuses = ['planned', 'sent', 'done'] as const;
    await Promise.all(statuses.map((status) =>
      j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status }).then(() => ops.push(`resolved ${status}`)),
    ));
    expect(ops).toEqual(['write planned', 'sync', 'resolved planned', 'write sent', 'sync', 'resolved sent', 'write done', 'sync', 'resolved done']);
    expect(j.state().get('follow:a@x.example')?.status).toBe('done');
  });

  it('appendAll writes many events with one write and one fsync, and they fold in order', async () => {
    const ops: string[] = [];
    const openAppend = async (path: string): Promise<AppendFile> => {
      const fh = await import('node:fs/promises').then((fs) => fs.open(path, 'a'));
      return {
        append: async (data) => {
          await fh.appendFile(data);
          ops.push(`write ${data.split('\n').filter((l) => l !== '').length} lines`);
        },
        sync: async () => {
          await fh.sync();
          ops.push('sync');
        },
        close: () => fh.close(),
      };
    };
    const j = await openIn(dir, { openAppend });
    const events = [
      { key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'planned', action: follow('a@x.example') },
      { key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent', remoteId: '5' },
      { key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'failed', reason: 'refused', detail: '422' },
      { key: 'follow:b@x.example', type: 'follow', target: 'b@x.example', status: 'skipped', reason: 'already_following' },
    ] as const;
    await j.appendAll(events);
    expect(ops).toEqual(['write 4 lines', 'sync']);
    expect(j.state().get('follow:a@x.example')).toEqual({ action: follow('a@x.example'), status: 'failed', reason: { code: 'refused', detail: '422' } });
    expect(j.records().get('follow:a@x.example')?.remoteId).toBe('5');
    expect(j.state().get('follow:b@x.example')?.reason).toEqual({ code: 'already_following' });
    await j.close();
    const lines = (await readFile(j.path, 'utf8')).trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as { status: string });
    expect(lines.map((l) => l.status)).toEqual(['planned', 'sent', 'failed', 'skipped']);
    // Replayed from disk, the fold is the same.
    const again = await openIn();
    expect(again.state()).toEqual(j.state());
  });

  it('an event written with durable: false waits for the next durable event, or for close, to be synced', async () => {
    const ops: string[] = [];
    const openAppend = async (path: string): Promise<AppendFile> => {
      const fh = await import('node:fs/promises').then((fs) => fs.open(path, 'a'));
      return {
        append: async (data) => {
          await fh.appendFile(data);
          ops.push(`write ${JSON.parse(data.trim()).status}`);
        },
        sync: async () => {
          await fh.sync();
          ops.push('sync');
        },
        close: () => fh.close(),
      };
    };
    const j = await openIn(dir, { openAppend });
    const a = { key: 'follow:a@x.example', type: 'follow', target: 'a@x.example' } as const;
    await j.append({ ...a, status: 'sent', action: follow('a@x.example') });
    await j.append({ ...a, status: 'done' }, { durable: false });
    const b = { key: 'follow:b@x.example', type: 'follow', target: 'b@x.example' } as const;
    await j.append({ ...b, status: 'sent', action: follow('b@x.example') });
    await j.append({ ...b, status: 'done' }, { durable: false });
    expect(ops).toEqual(['write sent', 'sync', 'write done', 'write sent', 'sync', 'write done']);
    await j.close();
    // close() syncs the last outcome: nothing written is left unsynced.
    expect(ops.at(-1)).toBe('sync');
  });

  it('appendAll writes nothing when one of the events is not an event', async () => {
    const j = await openIn();
    await expect(j.appendAll([
      { key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent' },
      { key: 'follow:b@x.example', type: 'follow', target: 'b@x.example', status: 'finished' as never },
    ])).rejects.toThrow(/unknown status/);
    expect(j.state().size).toBe(0);
    await j.close();
    expect((await readFile(j.path, 'utf8')).trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses further events after a failed write', async () => {
    let fail = true;
    const openAppend = async (): Promise<AppendFile> => ({
      append: async () => { if (fail) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' }); },
      sync: async () => undefined,
      close: async () => undefined,
    });
    const j = await openIn(dir, { openAppend });
    await expect(j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent' })).rejects.toThrow(/Cannot write to the journal/);
    fail = false;
    await expect(j.append({ key: 'follow:b@x.example', type: 'follow', target: 'b@x.example', status: 'sent' })).rejects.toThrow(/earlier write .* failed/);
    expect(j.state().size).toBe(0);
  });

  it('rejects events that are not events', async () => {
    const j = await openIn();
    // @ts-expect-error: a wrong status on purpose
    await expect(j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'finished' })).rejects.toThrow(/unknown status/);
    await expect(j.append({ key: '', type: 'follow', target: 'a', status: 'sent' })).rejects.toThrow(/no key/);
  });

  it('tolerates a line cut off by a kill, marks it once, and keeps working', async () => {
    const j = await openIn();
    await j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent' });
    await j.close();
    open.length = 0;
    const whole = await readFile(j.path, 'utf8');
    await appendFile(j.path, '{"v":1,"at":"2024-05-01T10:00:00.000Z","key":"follow:a@x.ex');

    const warnings: string[] = [];
    const second = await openIn(dir, { onWarning: (m: string) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/line 3 was cut off/)]);
    expect(second.state().get('follow:a@x.example')?.status).toBe('sent');
    await second.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'done' });
    await second.close();
    open.length = 0;

    const text = await readFile(j.path, 'utf8');
    expect(text.startsWith(whole)).toBe(true);
    expect(text.split('\n')[3]).toMatch(/"repair":"line 3 was cut off and is ignored"/);
    const third = await openIn();
    expect(third.state().get('follow:a@x.example')?.status).toBe('done');
    expect(third.warnings).toHaveLength(1);
    expect((await readFile(j.path, 'utf8'))).toBe(text); // a clean end needs no further repair
  });

  it('keeps a whole last event that lost its newline', async () => {
    const j = await openIn();
    await j.close();
    open.length = 0;
    await appendFile(j.path, '{"v":1,"at":"2024-05-01T10:00:00.000Z","key":"follow:a@x.example","type":"follow","target":"a@x.example","status":"sent"}');
    const again = await openIn();
    expect(again.state().get('follow:a@x.example')?.status).toBe('sent');
    await again.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'done' });
    await again.close();
    open.length = 0;
    const last = await openIn(dir, { readOnly: true });
    expect(last.state().get('follow:a@x.example')?.status).toBe('done');
    expect(last.warnings).toEqual([]);
  });

  it('a corrupt line anywhere else is an InputError naming the file and line', async () => {
    const j = await openIn();
    await j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'sent' });
    await j.close();
    open.length = 0;
    await appendFile(j.path, 'garbage\n{"v":1,"at":"2024-05-01T10:00:00.000Z","key":"follow:b@x.example","type":"follow","target":"b@x.example","status":"sent"}\n');
    const error = await openIn().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`${j.path} is damaged at line 3`);
    expect((error as InputError).file).toBe(j.path);
    // the failed open released its lock
    expect(await stat(join(dir, LOCK_FILE)).catch(() => null)).toBeNull();
  });

  it('an event of an unknown shape is corrupt too', async () => {
    const j = await openIn();
    await j.close();
    open.length = 0;
    await appendFile(j.path, '{"v":1,"at":"x","key":"k","type":"teleport","target":"a","status":"sent"}\n');
    await expect(openIn()).rejects.toThrow(/line 2 \(unknown type "teleport"\)/);
  });

  it('a newer journal version is a clear error, in the header or in an event', async () => {
    await writeFile(join(dir, JOURNAL_FILE), '{"format":"leave-platform-journal","v":2,"createdAt":"2030-01-01T00:00:00Z"}\n');
    await expect(openIn()).rejects.toThrow(/newer leave-platform \(journal version 2; this one reads 1\)/);
    await writeFile(join(dir, JOURNAL_FILE), '{"format":"leave-platform-journal","v":1,"createdAt":"x","destination":null,"fingerprint":null}\n{"v":3,"at":"x"}\n');
    await expect(openIn(dir, { readOnly: true })).rejects.toThrow(/journal version 3/);
  });

  it('a file that is not a journal is refused', async () => {
    await writeFile(join(dir, JOURNAL_FILE), '{"hello":"world"}\n');
    await expect(openIn()).rejects.toThrow(/is not a leave-platform journal/);
  });

  it('read-only: no lock, no file, appends refused', async () => {
    const empty = await openIn(join(dir, 'nothing-here'), { readOnly: true });
    expect(empty.state().size).toBe(0);
    expect(await stat(join(dir, 'nothing-here')).catch(() => null)).toBeNull();
    const writer = await openIn();
    await writer.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'done' });
    const reader = await openIn(dir, { readOnly: true });
    expect(reader.state().get('follow:a@x.example')?.status).toBe('done');
    await expect(reader.append({ key: 'follow:b@x.example', type: 'follow', target: 'b@x.example', status: 'done' })).rejects.toThrow(/read-only/);
  });
});

describe('openJournal guards', () => {
  it('refuses a journal written for another account or another archive', async () => {
    const j = await openJournal(dir, { clock, destination: 'me@example.social', fingerprint: 'f'.repeat(64) });
    await j.append({ key: 'follow:a@x.example', type: 'follow', target: 'a@x.example', status: 'done' });
    await j.close();
    const other = await openJournal(dir, { clock, destination: '@Someone@example.social', fingerprint: 'f'.repeat(64) }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(InputError);
    expect((other as InputError).message).toMatch(/belongs to the account me@example.social, not @Someone@example.social/);
    const changed = await openJournal(dir, { clock, destination: 'me@example.social', fingerprint: 'e'.repeat(64) }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(InputError);
    expect((changed as InputError).message).toMatch(/belongs to the archive with fingerprint f{16}/);
    // The same account written differently is the same migration.
    const same = await openIn(dir, { destination: '@ME@example.social', fingerprint: 'f'.repeat(64) });
    expect(same.state().get('follow:a@x.example')?.status).toBe('done');
  });

  it('a state dir that cannot be written is an InputError naming it, not a crash', async () => {
    await writeFile(join(dir, 'a-file'), 'not a directory');
    const where = join(dir, 'a-file', 'migrations', 'm');
    const error = await openJournal(where, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`Cannot write the migration's state in ${where}`);
    expect((error as InputError).hint).toContain('--state');
  });
});

describe('journal lock', () => {
  it('takes over a lock left by an earlier process that had this very pid', async () => {
    const { hostname } = await import('node:os');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), at: 'before a reboot' }));
    const j = await openIn(dir, { isProcessAlive: () => true });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    // And while this process holds it, a second open in the same process is still refused.
    await expect(openJournal(dir, { clock })).rejects.toBeInstanceOf(JournalLockedError);
    await j.close();
  });

  it('two runs on one journal: the second is refused until the first closes', async () => {
    const first = await openIn();
    const error = await openIn().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalLockedError);
    expect((error as JournalLockedError).message).toContain(`process ${process.pid}`);
    expect((error as JournalLockedError).exitCode).toBe(2);
    expect((error as JournalLockedError).hint).toContain(join(dir, LOCK_FILE));
    await first.close();
    const second = await openIn();
    expect(second.state().size).toBe(0);
  });

  it('takes over a lock whose process is gone', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(child.stdout);
    const { hostname } = await import('node:os');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), at: 'earlier' }));
    const j = await openIn();
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await j.close();
    expect(await stat(join(dir, LOCK_FILE)).catch(() => null)).toBeNull();
  });

  it('respects a live process, and a lock from another host', async () => {
    const { hostname } = await import('node:os');
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 424242, host: hostname(), at: 'earlier' }));
    await expect(openIn(dir, { isProcessAlive: () => true })).rejects.toThrow(/process 424242/);
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'other-machine', at: 'earlier' }));
    await expect(openIn(dir, { isProcessAlive: () => false })).rejects.toThrow(/process 1 on other-machine/);
  });

  it('an unreadable lock is held while fresh and taken over once old', async () => {
    await writeFile(join(dir, LOCK_FILE), '');
    const mtime = (await stat(join(dir, LOCK_FILE))).mtimeMs;
    await expect(openJournal(dir, { clock: { ...clock, now: () => mtime + 1000 } })).rejects.toThrow(/is starting/);
    const j = await openJournal(dir, { clock: { ...clock, now: () => mtime + 60_000 } });
    open.push(j);
    expect(j.state().size).toBe(0);
  });
});

describe('listJournals', () => {
  it('lists migrations by their headers', async () => {
    const a = await openIn(join(dir, 'migrations', 'me-1'), { destination: 'me@example.social', fingerprint: 'f1' });
    await a.close();
    await writeFile(join(dir, 'migrations', 'junk'), 'x').catch(() => undefined);
    const found = await listJournals(dir);
    expect(found).toEqual([{ dir: join(dir, 'migrations', 'me-1'), header: expect.objectContaining({ destination: 'me@example.social', fingerprint: 'f1' }) }]);
    expect(await listJournals(join(dir, 'none'))).toEqual([]);
  });
});
