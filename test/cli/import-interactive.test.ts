/**
 * `import` on a terminal (issue 5, item 5), in-process against the local Mastodon test server: the
 * review of less certain matches (checkbox), the confirmation naming who will be followed (issue 9,
 * item 5), Ctrl-C at either; with --yes no prompt at all; and without a terminal (or with --json) and
 * no --yes, a refusal before any work (issue 9, item 5: before the reshape such a run followed everyone
 * without asking).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import type { MastodonTestServer } from '../mastodon-server/server.js';
import { GUESSED, KEY, SURE, importFixture, journalFiles, runTty, type ImportFixture } from './import-tty.js';

const REVIEW = /less certain\. Check the ones to follow/;
/** The question, on one line: how many, from which account, whom (the first ones), how long. */
const CONFIRM = /Send \d+ follows? from @me@home\.test\? Follow @.+\. Estimated time/;
const STACK = /\n\s+at .+:\d+:\d+/;

let work = '';
let fixture: ImportFixture;

beforeEach(async () => {
  work = await makeTempDir('lp-import-tty-');
  fixture = await importFixture(work);
});

afterEach(async () => {
  await fixture.server.close();
  await removeTempDir(work);
});

const followed = (s: MastodonTestServer) => s.followedAccts();
const follows = (s: MastodonTestServer) => s.applied.filter((w) => w.kind === 'follow').map((w) => w.target).sort();

describe('import on a terminal: review and confirm', () => {
  it('offers only the low matches, unchecked; checking one follows it, with the sure ones', async () => {
    const run = runTty(fixture.args, { env: fixture.env, cwd: work });
    const at = await run.waitFor(REVIEW);
    const shown = run.stderr().slice(at);
    // The verified and high matches are not asked about; the guesses are, in order (ben, then cy).
    expect(shown).toContain('ben@far.test (low) for ben on instagram');
    expect(shown).toContain('cy@other.test (low) for cy on instagram');
    expect(shown).not.toMatch(/ada@far\.test|dee@far\.test/);
    expect(shown.indexOf('ben@far.test')).toBeLessThan(shown.indexOf('cy@other.test'));
    await run.type(KEY.space, KEY.enter); // check the first (ben), accept
    await run.waitFor(CONFIRM, at);
    expect(run.stderr()).toMatch(/Send 3 follows from @me@home\.test\? Follow @ada@far\.test, @dee@far\.test, @ben@far\.test\. Estimated time/);
    expect(fixture.server.writeRequests()).toEqual([]); // nothing before the yes
    await run.type(KEY.enter); // the default: yes
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(followed(fixture.server)).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
    expect(r.stdout).toMatch(/3 done, 0 pending .* 0 failed/);
  });

  it('with --min-confidence low the guesses start checked; unchecking one leaves it out', async () => {
    const run = runTty([...fixture.args, '--min-confidence', 'low'], { env: fixture.env, cwd: work });
    await run.waitFor(REVIEW);
    await run.type(KEY.down, KEY.space, KEY.enter); // uncheck the second (cy), accept
    await run.waitFor(/Send 3 follows from @me@home\.test\? Follow @ada@far\.test, @dee@far\.test, @ben@far\.test\./);
    await run.type('y', KEY.enter);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(followed(fixture.server)).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
  });

  it('accepting the review as it is follows only what --min-confidence allows', async () => {
    const run = runTty(fixture.args, { env: fixture.env, cwd: work });
    await run.waitFor(REVIEW);
    await run.type(KEY.enter);
    await run.waitFor(/Send 2 follows from @me@home\.test\? Follow @ada@far\.test, @dee@far\.test\. Estimated time/);
    await run.type(KEY.enter);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(followed(fixture.server)).toEqual(SURE);
  });

  it('no at the confirmation: nothing is sent, "Cancelled", exit 0', async () => {
    const run = runTty(fixture.args, { env: fixture.env, cwd: work });
    await run.waitFor(REVIEW);
    await run.type(KEY.space, KEY.enter);
    await run.waitFor(CONFIRM);
    await run.type('n', KEY.enter);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Cancelled: nothing was sent.');
    expect(fixture.server.writeRequests()).toEqual([]);
  });

  it.each([
    { at: 'the review', keysBefore: [] as string[], prompt: REVIEW },
    { at: 'the confirmation', keysBefore: [KEY.space, KEY.enter], prompt: CONFIRM },
  ])('Ctrl-C at $at: exit 3, a plain message, nothing sent, the journal intact, and a re-run resumes', async ({ keysBefore, prompt }) => {
    // A first run (no prompts) follows the sure ones and leaves a journal behind.
    const first = runTty([...fixture.args, '--yes'], { env: fixture.env, cwd: work });
    expect((await first.done).code).toBe(0);
    expect(followed(fixture.server)).toEqual(SURE);
    const journal = await journalFiles(fixture.state);
    expect(journal.size).toBeGreaterThan(0);
    const writes = fixture.server.writeRequests().length;

    const run = runTty(fixture.args, { env: fixture.env, cwd: work });
    await run.waitFor(REVIEW);
    await run.type(...keysBefore);
    await run.waitFor(prompt);
    await run.type(KEY.ctrlC);
    const r = await run.done;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Error: Stopped at your request: nothing was sent\./);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/unexpectedly|bug/);
    expect(fixture.server.writeRequests().length).toBe(writes);
    expect(await journalFiles(fixture.state)).toEqual(journal);

    // The same command again: the sure ones are not sent twice; the one checked now is followed.
    const again = runTty(fixture.args, { env: fixture.env, cwd: work });
    await again.waitFor(REVIEW);
    await again.type(KEY.space, KEY.enter);
    await again.waitFor(/Send 1 follow from @me@home\.test\? Follow @ben@far\.test\. Estimated time/);
    await again.type(KEY.enter);
    expect((await again.done).code).toBe(0);
    expect(follows(fixture.server)).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
  });
});

describe('import with --yes: no prompt at all', () => {
  it.each([
    { name: '--yes', args: ['--yes'], stdinTTY: true, stderrTTY: true },
    { name: '--yes, stdin not a terminal', args: ['--yes'], stdinTTY: false, stderrTTY: true },
    { name: '--json --yes', args: ['--json', '--yes'], stdinTTY: true, stderrTTY: true },
  ])('$name: follows what --min-confidence allows, asks nothing', async ({ args, stdinTTY, stderrTTY }) => {
    const json = args.includes('--json');
    const run = runTty(json ? ['--json', ...fixture.args, ...args.filter((a) => a !== '--json')] : [...fixture.args, ...args], { env: fixture.env, cwd: work, stdinTTY, stderrTTY });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(REVIEW);
    expect(r.stderr).not.toMatch(/Send \d+ follow/);
    expect(followed(fixture.server)).toEqual(SURE);
    for (const g of GUESSED) expect(followed(fixture.server)).not.toContain(g);
  });
});

describe('import with no one to ask and no --yes: refused before any work', () => {
  it.each([
    { name: 'stdin is not a terminal', json: false, stdinTTY: false, stderrTTY: true, words: /There is no terminal to ask before anything is sent: pass --yes to run without confirmation\./ },
    { name: 'stderr is not a terminal', json: false, stdinTTY: true, stderrTTY: false, words: /There is no terminal to ask before anything is sent: pass --yes to run without confirmation\./ },
    { name: '--json', json: true, stdinTTY: true, stderrTTY: true, words: /With --json nothing is asked: pass --yes to run without confirmation\./ },
  ])('$name: exit 2, no question, no request to the server, no journal', async ({ json, stdinTTY, stderrTTY, words }) => {
    const run = runTty(json ? ['--json', ...fixture.args] : fixture.args, { env: fixture.env, cwd: work, stdinTTY, stderrTTY });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(words);
    expect(r.stderr).not.toMatch(REVIEW);
    expect(r.stderr).not.toMatch(STACK);
    expect(fixture.server.requests).toEqual([]);
    expect((await journalFiles(fixture.state)).size).toBe(0);
  });
});
