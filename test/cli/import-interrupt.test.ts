/**
 * Ctrl-C during the follows (issue 9, item 2), with the real CLI in a child process against the local
 * Mastodon test server, whose hook holds the answer to a follow it has already applied:
 * - one SIGINT while the answer is held: the follow in flight completes and its answer is recorded
 *   (journal `done`, `status` says done), the run stops before the next action with exit 3, and the next
 *   run finishes with no follow sent twice;
 * - a second SIGINT while it is still held: the process quits at once (it does not wait for the answer)
 *   with exit 3 and one line, the journal says `sent`, `status` counts it as left, and the next run
 *   reconciles it with the server, sending no second follow request.
 *
 * Both fail on the commit before the apply reshape (8200547^): its Mastodon client passed the soft-stop
 * signal to every request, writes included, so the first Ctrl-C aborted the follow in flight and the
 * journal said `failed: request was aborted` although the server had followed; and its second Ctrl-C
 * ended the process with exit 130 and no message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { makeTempDir } from '../helpers/zipFiles.js';
import type { HookEvent, MastodonTestServer } from '../mastodon-server/server.js';
import {
  CONTACTS, appliedFollows, followPostsPerAccount, followServer, journalCounts, journalEvents, journalState,
  startCli, statusJson, statusText, stderrShows, type CliRun,
} from './import-server.js';

const STACK = /\n\s+at .+:\d+:\d+/;
/** What the first Ctrl-C prints (src/cli/interrupts.ts). */
const SOFT_STOP = /Stopping after the request in flight/;

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

// Runs the built CLI: naming assertDistFresh puts this file in vitest's `built` project, which builds dist/ first.
beforeAll(() => assertDistFresh());

/**
 * A server that holds the answer to the first follow it applies while `whileHeld` runs (the CLI is
 * waiting for that answer the whole time), then answers it.
 */
async function holdingFirstFollow(whileHeld: (run: CliRun) => Promise<void>) {
  perTest.work = await makeTempDir('lp-import-interrupt-');
  let run: CliRun | null = null;
  let heldTarget: string | null = null;
  let held: Promise<void> = Promise.resolve();
  const hook = async (e: HookEvent) => {
    if (heldTarget !== null || e.phase !== 'applied' || e.write.kind !== 'follow' || !run) return;
    heldTarget = e.write.target;
    held = whileHeld(run);
    await held;
  };
  const made = await followServer(perTest.work, { hook });
  perTest.server = made.server;
  run = startCli(made.server, perTest.work, 'import', [made.zip, '--yes']);
  const result = await run.done;
  await held;
  return { server: made.server, zip: made.zip, result, heldTarget: heldTarget as string | null };
}

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe('Ctrl-C during the follows', { timeout: 90_000 }, () => {
  it('once: the follow in flight completes and is recorded done, the run stops with exit 3, and status agrees', async () => {
    const { server, zip, result, heldTarget } = await holdingFirstFollow(async (run) => {
      const notice = stderrShows(run, SOFT_STOP);
      run.child.kill('SIGINT');
      await notice; // the CLI has seen the Ctrl-C while its follow is still unanswered
    });
    expect(heldTarget).not.toBeNull();
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/Interrupted; 5 action\(s\) are left/);
    expect(result.stderr).toMatch(/Run the same command again to resume/);
    expect(result.stderr).not.toMatch(STACK);
    for (const text of [result.stdout, result.stderr]) expect(text).not.toMatch(/abort|failed: /i);
    // Exactly the held follow was applied, once; nothing after the Ctrl-C was sent.
    expect(appliedFollows(server)).toEqual([heldTarget]);
    expect([...followPostsPerAccount(server).values()]).toEqual([1]);

    // The journal says what really happened: done, not failed, and no other follow was started.
    const journal = await journalState(perTest.work);
    expect(journal.get(`follow ${heldTarget}`)?.status).toBe('done');
    expect([...journal.values()].filter((e) => e.status !== 'planned').map((e) => `${e.type} ${e.target} ${e.status}`))
      .toEqual([`follow ${heldTarget} done`]);
    // `status` says the same, from the same journal state.
    const status = await statusJson(server, perTest.work, ['--no-check']);
    expect(status.migrations[0]?.byType.follow).toEqual({ done: 1, pending: 0, failed: 0, skipped: 0, left: 5 });
    expect(status.migrations[0]?.failures).toEqual([]);
    expect(status.migrations[0]?.byType).toEqual(await journalCounts(perTest.work));
    expect(await statusText(server, perTest.work, ['--no-check'])).toMatch(/follows\s+1 done · 0 waiting for approval · 0 failed · 0 skipped · 5 left/);

    // The same command again finishes the rest, the held one not again.
    const again = await startCli(server, perTest.work, 'import', [zip, '--yes', '--json']).done;
    expect(again.code, again.stderr).toBe(0);
    expect(server.followedAccts()).toEqual([...CONTACTS].sort());
    expect([...followPostsPerAccount(server).values()].every((n) => n === 1)).toBe(true);
    expect(followPostsPerAccount(server).size).toBe(CONTACTS.length);
    const after = await statusJson(server, perTest.work, ['--no-check']);
    expect(after.migrations[0]?.byType.follow).toEqual({ done: 6, pending: 0, failed: 0, skipped: 0, left: 0 });
  });

  it('SIGTERM (a service manager, a CI runner) is the same soft stop: the follow in flight is recorded done, exit 3', async () => {
    const { server, result, heldTarget } = await holdingFirstFollow(async (run) => {
      const notice = stderrShows(run, SOFT_STOP);
      run.child.kill('SIGTERM');
      await notice;
    });
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(3);
    expect(appliedFollows(server)).toEqual([heldTarget]);
    const journal = await journalState(perTest.work);
    expect(journal.get(`follow ${heldTarget}`)?.status).toBe('done');
  });

  it('twice: quits at once with exit 3 and one line, leaves the follow `sent`, and the next run reconciles it without a second follow request', async () => {
    let quitWhileHeld: boolean | null = null;
    const { server, zip, result, heldTarget } = await holdingFirstFollow(async (run) => {
      const notice = stderrShows(run, SOFT_STOP);
      run.child.kill('SIGINT');
      await notice;
      run.child.kill('SIGINT');
      // The answer is still held: the process must end without it. If it waited for the answer instead,
      // this would never resolve by itself; the timer only turns that hang into a clear failure.
      let timer: NodeJS.Timeout | undefined;
      quitWhileHeld = await Promise.race([
        run.done.then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000))),
      ]);
      clearTimeout(timer);
    });
    expect(quitWhileHeld, 'the second Ctrl-C did not end the process while the answer was held').toBe(true);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(3);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines.at(-1)).toMatch(/^Quit at once: run the same command again to resume/);
    expect(lines.filter((l) => /Quit at once/.test(l))).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK);
    expect(appliedFollows(server)).toEqual([heldTarget]);

    // The journal: `sent` (the server may have applied it; only the next run can tell), and nothing else begun.
    const journal = await journalState(perTest.work);
    expect(journal.get(`follow ${heldTarget}`)?.status).toBe('sent');
    expect([...journal.values()].filter((e) => e.status !== 'planned').map((e) => `${e.type} ${e.target} ${e.status}`))
      .toEqual([`follow ${heldTarget} sent`]);
    // `status` counts it as left, from the very state the next import acts on.
    const status = await statusJson(server, perTest.work, ['--no-check']);
    expect(status.migrations[0]?.byType.follow).toEqual({ done: 0, pending: 0, failed: 0, skipped: 0, left: 6 });
    expect(status.migrations[0]?.byType).toEqual(await journalCounts(perTest.work));

    const again = await startCli(server, perTest.work, 'import', [zip, '--yes', '--json']).done;
    expect(again.code, again.stderr).toBe(0);
    expect(server.followedAccts()).toEqual([...CONTACTS].sort());
    // No second follow request for the one in flight: the server showed it followed, so it was recorded done.
    const perAccount = followPostsPerAccount(server);
    expect(perAccount.size).toBe(CONTACTS.length);
    expect([...perAccount.values()].every((n) => n === 1)).toBe(true);
    expect(appliedFollows(server).filter((t) => t === heldTarget)).toHaveLength(1);
    const held = (await journalEvents(perTest.work)).filter((e) => e.type === 'follow' && e.target === heldTarget).map((e) => e.status);
    expect(held.slice(-2)).toEqual(['sent', 'done']);
    const after = await statusJson(server, perTest.work, ['--no-check']);
    expect(after.migrations[0]?.byType.follow).toEqual({ done: 6, pending: 0, failed: 0, skipped: 0, left: 0 });
  });
});
