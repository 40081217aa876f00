/**
 * Issue 9, "Done when": kill -9 of the WHOLE process group of a running `import` (spawned as its own
 * group, killed with kill(-pid, SIGKILL), as a harness or a closed terminal would), at several moments
 * of the follows and list additions, followed at once by the same command, which must finish (exit 0)
 * with nothing done twice. A follow POST may go out twice only when the server never applied the first.
 *
 * The child runs on the Node that runs vitest (process.execPath): run this file under Node 20 and Node 24
 * (`npx -y -p node@24 node node_modules/vitest/vitest.mjs run test/cli/import-kill.test.ts`).
 *
 * On the commit before the reshape (8200547^) the re-run already finished with nothing done twice (the
 * lock of a dead owner is taken over since 06bf6f2, item 1); what fails there is the last part, that
 * import, `status` and the journal agree (item 4): its `import --json` had no per-type counts, and its
 * journal held only the actions reached, so `status` could not count what was left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { makeTempDir } from '../helpers/zipFiles.js';
import type { HookEvent, MastodonTestServer } from '../mastodon-server/server.js';
import { CONTACTS, followPostsPerAccount, followServer, journalCounts, startCli, statusJson, type CliRun } from './import-server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

// Runs the built CLI: naming assertDistFresh puts this file in vitest's `built` project, which builds dist/ first.
beforeAll(() => assertDistFresh());

const LOCKED = 'bob@far.test';

type Moment = {
  name: string;
  /** Which request, in which phase, and the how-many-th of its kind. */
  when: (e: HookEvent) => boolean;
  nth: number;
  /** `received` moments drop the request: the server never applies it. */
  drops: boolean;
  /** Follow POSTs that go out twice: only one the server never applied. */
  resent: 0 | 1;
};

const isPost = (e: HookEvent, tail: RegExp) => e.request.method === 'POST' && tail.test(e.request.path);

const MOMENTS: Moment[] = [
  { name: 'after the server applied the 1st follow, before its answer', when: (e) => e.phase === 'applied' && e.write.kind === 'follow', nth: 1, drops: false, resent: 0 },
  { name: 'when the 3rd follow arrived, before the server applied it', when: (e) => e.phase === 'received' && isPost(e, /\/follow$/), nth: 3, drops: true, resent: 1 },
  { name: 'after the server applied the 5th follow', when: (e) => e.phase === 'applied' && e.write.kind === 'follow', nth: 5, drops: false, resent: 0 },
  { name: 'after the list was created, before its answer', when: (e) => e.phase === 'applied' && e.write.kind === 'list_create', nth: 1, drops: false, resent: 0 },
  { name: 'after the server applied the 2nd list addition', when: (e) => e.phase === 'applied' && e.write.kind === 'list_add', nth: 2, drops: false, resent: 0 },
  { name: 'while looking up the 4th account (between two writes)', when: (e) => e.phase === 'received' && e.request.method === 'GET' && e.request.path === '/api/v2/search', nth: 4, drops: true, resent: 0 },
];

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe(`kill -9 of the whole process group, then the same command at once (Node ${process.version})`, { timeout: 90_000 }, () => {
  it.each(MOMENTS)('$name: the re-run finishes with nothing done twice', async ({ when, nth, drops, resent }) => {
    perTest.work = await makeTempDir('lp-import-kill-');
    let run: CliRun | null = null;
    let seen = 0;
    let killed = false;
    const hook = async (e: HookEvent) => {
      if (killed || !run || !when(e) || ++seen !== nth) return;
      killed = true;
      run.killGroup();
      await run.done; // the answer is never read: the whole group is gone
      return drops ? 'drop' as const : undefined;
    };
    const made = await followServer(perTest.work, { hook, locked: [LOCKED] });
    const server = made.server;
    perTest.server = server;
    const args = [made.zip, '--yes', '--lists', '--json'];
    run = startCli(made.server, perTest.work, 'import', args);
    const first = await run.done;
    expect(killed, first.stderr).toBe(true);
    expect(first.signal).toBe('SIGKILL');

    // At once: the lock of the killed run must not stand in the way.
    const second = await startCli(made.server, perTest.work, 'import', args).done;
    expect(second.code, second.stderr).toBe(0);
    expect(server.followedAccts()).toEqual(CONTACTS.filter((c) => c !== LOCKED).sort());

    // Nothing applied twice: follows (the locked one as a request), the list, the list additions.
    for (const kind of ['follow', 'list_create', 'list_add'] as const) {
      const targets = server.applied.filter((w) => w.kind === kind).map((w) => w.target);
      expect(new Set(targets).size, `${kind}: ${targets.join(', ')}`).toBe(targets.length);
    }
    expect(server.applied.filter((w) => w.kind === 'follow')).toHaveLength(CONTACTS.length);
    expect(server.applied.filter((w) => w.kind === 'list_create')).toHaveLength(1);
    // Only a follow the server never applied was sent again.
    const perAccount = [...followPostsPerAccount(server).values()];
    expect(perAccount).toHaveLength(CONTACTS.length);
    expect(perAccount.filter((n) => n === 2)).toHaveLength(resent);
    expect(perAccount.every((n) => n <= 2)).toBe(true);

    // What the re-run says, what `status` says and what the journal holds agree.
    const out = JSON.parse(second.stdout) as { countsByType: Record<string, Record<string, number>> };
    const status = await statusJson(server, perTest.work, ['--no-check']);
    expect(status.migrations).toHaveLength(1);
    expect(status.migrations[0]?.byType).toEqual(out.countsByType);
    expect(status.migrations[0]?.byType).toEqual(await journalCounts(perTest.work));
    expect(status.migrations[0]?.byType.follow).toEqual({ done: CONTACTS.length - 1, pending: 1, failed: 0, skipped: 0, left: 0 });
  });
});
