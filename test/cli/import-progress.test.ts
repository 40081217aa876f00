/**
 * The import progress line (src/cli/render/progress.ts): on a terminal an ora line saying done /
 * pending / failed / left and the next rate-limit window; no spinner when stderr is not a terminal
 * (plain lines for phases and waits); nothing at all with --json or -q.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyProgress } from '../../src/apply/types.js';
import { applyProgressView, clockTime, progressLine, spinnerWanted } from '../../src/cli/render/progress.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import { SURE, fakeTerminal, importFixture, runTty, type ImportFixture } from './import-tty.js';

const LINE = /\d+ done · \d+ pending · \d+ failed · \d+ left of \d+/;
const WINDOW = /rate limit \(follows\/24h\): next window at \d\d:\d\d:\d\d/;

function progress(done: number, pending: number, failed: number, skipped: number, total: number): ApplyProgress {
  return { counts: { done, pending, failed, skipped, left: 0 }, total, current: null, waitingUntil: null };
}

function captured(isTTY: boolean) {
  const stream = fakeTerminal(isTTY);
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { stream, text: () => text };
}

describe('progressLine', () => {
  const now = new Date(2026, 0, 10, 12, 0, 0).getTime();

  it('says done, pending, failed and what is left', () => {
    expect(progressLine(progress(3, 1, 2, 1, 10), null, now)).toBe('3 done · 1 pending · 2 failed · 3 left of 10');
  });

  it('names the next rate-limit window while it holds, and drops it once it has passed', () => {
    const until = new Date(now + 90_000);
    const wait = { until, limit: 'follows/24h' };
    expect(progressLine(progress(1, 0, 0, 0, 4), wait, now)).toBe('1 done · 0 pending · 0 failed · 3 left of 4 · rate limit (follows/24h): next window at 12:01:30');
    expect(progressLine(progress(2, 0, 0, 0, 4), wait, until.getTime() + 1)).toBe('2 done · 0 pending · 0 failed · 2 left of 4');
  });

  it('gives the date as well when the window opens on another day', () => {
    expect(clockTime(new Date(2026, 0, 11, 9, 5, 7), now)).toBe('2026-01-11 09:05:07');
    expect(clockTime(new Date(2026, 0, 10, 23, 59, 59), now)).toBe('23:59:59');
  });
});

describe('applyProgressView', () => {
  it('on a terminal: the line is drawn as soon as it changes, rate-limit window included, and cleared on stop', async () => {
    const err = captured(true);
    const now = new Date(2026, 0, 10, 12, 0, 0).getTime();
    const view = await applyProgressView({ stderr: err.stream, env: {} }, false, () => now);
    view.phase('Following…');
    expect(err.text()).toContain('Following…');
    view.update(progress(2, 1, 0, 0, 5));
    expect(err.text()).toContain('2 done · 1 pending · 0 failed · 2 left of 5');
    view.waiting(new Date(now + 3_600_000), 'follows/24h');
    expect(err.text()).toContain('2 done · 1 pending · 0 failed · 2 left of 5 · rate limit (follows/24h): next window at 13:00:00');
    const before = err.text().length;
    view.stop();
    expect(err.text().slice(before)).toMatch(/\x1b\[/); // the line is erased
    view.stop(); // twice is harmless
  });

  it.each([
    { name: 'stderr is not a terminal', tty: false, env: {} as NodeJS.ProcessEnv },
    { name: 'in CI', tty: true, env: { CI: 'true' } },
    { name: 'TERM=dumb', tty: true, env: { TERM: 'dumb' } },
  ])('no spinner when $name: plain lines for phases and waits only', async ({ tty, env }) => {
    const err = captured(tty);
    expect(spinnerWanted({ stderr: err.stream, env })).toBe(false);
    // The wait is said on the reader's clock (src/report/when.ts): a fixed zone and "now" make it exact.
    const view = await applyProgressView({ stderr: err.stream, env: { ...env, TZ: 'UTC' } }, false, () => Date.UTC(2026, 0, 10, 12, 0, 0));
    view.phase('Following…');
    view.update(progress(2, 1, 0, 0, 5));
    const until = new Date(Date.UTC(2026, 0, 10, 13, 0, 0));
    view.waiting(until, 'follows/24h');
    view.update(progress(3, 1, 0, 0, 5));
    view.stop();
    expect(err.text()).toBe('Following…\nrate limit (follows/24h): waiting until 13:00 (in 60 minutes)\n');
  });

  it('silent (--json, -q): nothing at all, even on a terminal', async () => {
    const err = captured(true);
    const view = await applyProgressView({ stderr: err.stream, env: {} }, true);
    view.phase('Following…');
    view.update(progress(2, 1, 0, 0, 5));
    view.waiting(new Date(Date.now() + 60_000), 'follows/24h');
    view.stop();
    expect(err.text()).toBe('');
  });

  it('a stream that claims isTTY without the cursor methods gets no spinner (ora would throw)', () => {
    const stream = Object.assign(captured(false).stream, { isTTY: true });
    expect(spinnerWanted({ stderr: stream, env: {} })).toBe(false);
  });
});

describe('import --yes with a rate limit on follows (1 per 4 s)', () => {
  let work = '';
  let fixture: ImportFixture;
  beforeEach(async () => {
    work = await makeTempDir('lp-import-progress-');
    // 4 s: long enough that the journal's fsyncs between the two follows (slow on a busy CI disk) cannot outlast the
    // window, so the second follow always waits and the wait is always said.
    fixture = await importFixture(work, { limits: { follows: { limit: 1, windowMs: 4000 } } });
  });
  afterEach(async () => {
    await fixture.server.close();
    await removeTempDir(work);
  });

  it('on a terminal: the line shows done/pending/failed and the next window', async () => {
    const r = await runTty([...fixture.args, '--yes', '--max-wait', '30s'], { env: fixture.env, cwd: work }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(fixture.server.followedAccts()).toEqual(SURE);
    expect(r.stderr).toMatch(LINE);
    expect(r.stderr).toMatch(/1 done · 0 pending · 0 failed · 1 left of 2 · rate limit \(follows\/24h\): next window at/);
    expect(r.stdout).not.toMatch(LINE); // stdout stays for the result
  });

  it.each([
    { name: '--json', global: ['--json'], extra: [] as string[], stderrTTY: true, plainWait: false },
    { name: '-q', global: ['-q'], extra: [], stderrTTY: true, plainWait: false },
    { name: 'stderr not a terminal', global: [], extra: [], stderrTTY: false, plainWait: true },
  ])('$name: no progress line', async ({ global, stderrTTY, plainWait }) => {
    const r = await runTty([...global, ...fixture.args, '--yes', '--max-wait', '30s'], { env: fixture.env, cwd: work, stderrTTY }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(fixture.server.followedAccts()).toEqual(SURE);
    expect(r.stderr).not.toMatch(LINE);
    expect(r.stderr).not.toMatch(WINDOW);
    expect(r.stderr).not.toMatch(/\x1b\[/); // no cursor movement, no spinner frames
    if (plainWait) {
      // The window is 4 s long: the wait ends "in a few seconds", said on the local clock.
      expect(r.stderr).toMatch(/rate limit \(follows\/24h\): waiting until \d\d:\d\d( tomorrow)? \(in a few seconds\)\n/);
      // One plain line per phase, in the order they happen.
      const phases = r.stderr.split('\n').filter((l) => l.endsWith('…'));
      expect(phases).toEqual(['Reading the export…', 'Finding your contacts\' fediverse accounts…', 'Reading whom your account follows already…', 'Planning…', 'Sending…']);
    }
    else expect(r.stderr).toBe('');
  });
});
