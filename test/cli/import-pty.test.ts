/**
 * `import` as a user runs it on a real terminal: the built CLI in a pseudo-terminal made by util-linux
 * `script` (bsdutils, an Essential Debian package), so that stdin and stderr are true TTYs in raw mode.
 * In-process tests (import-interactive.test.ts) cover the cases; this checks the real terminal path:
 * the prompts read process.stdin, Ctrl-C ends cleanly and the process exits, the spinner draws.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import { KEY, SURE, importFixture, journalFiles, screen, type ImportFixture } from './import-tty.js';

let work = '';
let fixture: ImportFixture;
let child: ChildProcess | null = null;

beforeAll(() => {
  assertDistFresh();
});
beforeEach(async () => {
  work = await makeTempDir('lp-import-pty-');
  fixture = await importFixture(work);
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = null;
  await fixture.server.close();
  await removeTempDir(work);
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI in a pseudo-terminal; `size` null leaves it unsized (0 columns), as `script` makes it from a pipe. */
function onTerminal(args: string[], size: { cols: number; rows: number } | null) {
  const cli = [process.execPath, BIN, ...args].map(quote).join(' ');
  const command = size ? `stty cols ${size.cols} rows ${size.rows} && exec ${cli}` : `exec ${cli}`;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: work, TERM: 'xterm-256color', ...fixture.env };
  child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env, cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  const proc = child;
  const term = screen();
  proc.stdout!.on('data', (d: Buffer) => term.append(d.toString('utf8')));
  proc.stderr!.on('data', (d: Buffer) => term.append(d.toString('utf8')));
  const done = new Promise<{ code: number | null; screen: string }>((r) => proc.on('close', (code) => {
    r({ code, screen: term.text() });
    term.end();
  }));
  return {
    done,
    shown: term.shown,
    type: (keys: string) => proc.stdin!.write(keys),
  };
}

describe('import on a real terminal', () => {
  it('review, confirm, a spinner with the counts, and the follows', async () => {
    const t = onTerminal(fixture.args, { cols: 100, rows: 30 });
    const at = await t.shown(/less certain/);
    t.type(KEY.space);
    await t.shown(/◉ ben@far\.test/, at);
    t.type(KEY.enter);
    // The question names who will be followed (issue 9, item 5), not only how many actions.
    await t.shown(/Send 3 follows from @me@home\.test\? Follow @ada@far\.test, @dee@far\.test, @ben@far\.test\./, at);
    t.type(KEY.enter);
    const r = await t.done;
    expect(r.code, r.screen).toBe(0);
    expect(fixture.server.followedAccts()).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
    expect(r.screen).toMatch(/\d+ done · \d+ pending · \d+ failed · \d+ left of 3/);
    expect(r.screen).toMatch(/3 done, 0 pending/);
  });

  it('Ctrl-C at the confirmation: exit 3, a plain message, nothing sent, the journal as it was', async () => {
    const t = onTerminal(fixture.args, { cols: 100, rows: 30 });
    await t.shown(/less certain/);
    t.type(KEY.enter);
    await t.shown(/Send 2 follows from @me@home\.test\? Follow @ada@far\.test, @dee@far\.test\./);
    t.type(KEY.ctrlC);
    const r = await t.done;
    expect(r.code, r.screen).toBe(3);
    expect(r.screen).toMatch(/Error: Stopped at your request: nothing was sent\./);
    expect(r.screen).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(fixture.server.writeRequests()).toEqual([]);
    // The journal was opened for this run and closed untouched: no event in it.
    for (const text of (await journalFiles(fixture.state)).values()) expect(text).not.toMatch(/"status"/);
    expect(fixture.server.followedAccts()).toEqual([]);
  });

  it('an unsized terminal (0 columns): no spinner, plain lines, and the prompts still work', async () => {
    const t = onTerminal([...fixture.args], null);
    await t.shown(/less certain/);
    t.type(KEY.enter);
    await t.shown(/Send 2 follows from @me@home\.test\?/);
    t.type(KEY.enter);
    const r = await t.done;
    expect(r.code, r.screen).toBe(0);
    expect(fixture.server.followedAccts()).toEqual(SURE);
    expect(r.screen).toMatch(/Planning…\r?\n/);
    expect(r.screen).not.toMatch(/ done · /);
  });
});
