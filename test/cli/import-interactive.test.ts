/**
 * `import` on a terminal (issue 5, item 5), in-process against the local Mastodon test server: the
 * review of less certain matches (checkbox), the confirmation, Ctrl-C at either, and no prompt at all
 * when stdin or stderr is not a terminal or --yes / --json is given.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import type { MastodonTestServer } from '../mastodon-server/server.js';
import { GUESSED, KEY, SURE, importFixture, journalFiles, runTty, type ImportFixture } from './import-tty.js';

const REVIEW = /less certain\. Check the ones to follow/;
const CONFIRM = /Send \d+ action\(s\) \(.*\) from me@home\.test\? Estimated time/;
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
    expect(run.stderr()).toMatch(/Send 3 action\(s\) \(3 follows\)/);
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
    await run.waitFor(/Send 3 action\(s\)/);
    await run.type('y', KEY.enter);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(followed(fixture.server)).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
  });

  it('accepting the review as it is follows only what --min-confidence allows', async () => {
    const run = runTty(fixture.args, { env: fixture.env, cwd: work });
    await run.waitFor(REVIEW);
    await run.type(KEY.enter);
    await run.waitFor(/Send 2 action\(s\) \(2 follows\)/);
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
    await again.waitFor(/Send 1 action\(s\) \(1 follow\)/);
    await again.type(KEY.enter);
    expect((await again.done).code).toBe(0);
    expect(follows(fixture.server)).toEqual(['ada@far.test', 'ben@far.test', 'dee@far.test']);
  });
});

describe('import without a terminal, or with --yes / --json: no prompt at all', () => {
  it.each([
    { name: 'stdin is not a terminal', args: [] as string[], stdinTTY: false, stderrTTY: true },
    { name: 'stderr is not a terminal', args: [] as string[], stdinTTY: true, stderrTTY: false },
    { name: '--yes', args: ['--yes'], stdinTTY: true, stderrTTY: true },
    { name: '--json', args: ['--json'], stdinTTY: true, stderrTTY: true },
  ])('$name: follows what --min-confidence allows, asks nothing', async ({ args, stdinTTY, stderrTTY }) => {
    const json = args.includes('--json');
    const run = runTty(json ? ['--json', ...fixture.args] : [...fixture.args, ...args], { env: fixture.env, cwd: work, stdinTTY, stderrTTY });
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(REVIEW);
    expect(r.stderr).not.toMatch(/Send \d+ action/);
    expect(followed(fixture.server)).toEqual(SURE);
    for (const g of GUESSED) expect(followed(fixture.server)).not.toContain(g);
  });
});
