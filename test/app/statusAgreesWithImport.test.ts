/**
 * Issue 9, item 4: `status` counts from the same journal state the next `import` acts on. The real CLI
 * (child processes) against the local Mastodon test server; after an interruption, a rate-limit stop, a
 * failure and a resume, the per-type counts of `import --json`, of `status --json` and of the journal
 * file itself are the same, and the "N action(s) are left" of import is status's `left`. And `status`
 * records the follow requests it sees accepted or declined in the journal, except while another run
 * holds the journal, when it says so and leaves the journal as it was.
 *
 * On the commit before the reshape (8200547^) these fail: import journaled an action only when it got to
 * it, so after a stop `status` said "0 left" where import said "2 action(s) are left" (and 1 against 2
 * after a rate-limit stop); and `status` re-checked pending requests without writing what it saw.
 */
import { join } from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openJournal } from '../../src/journal/index.js';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { makeTempDir } from '../helpers/zipFiles.js';
import type { HookEvent, MastodonTestServer, MastodonTestServerOptions } from '../mastodon-server/server.js';
import {
  CONTACTS, followPostsPerAccount, followServer, journalCounts, journalState, startCli, statusJson, statusText, stderrShows, type CliRun,
} from '../cli/import-server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

// Runs the built CLI: naming assertDistFresh puts this file in vitest's `built` project, which builds dist/ first.
beforeAll(() => assertDistFresh());

interface ImportJson {
  counts: Record<string, number>;
  countsByType: Record<string, Record<string, number>>;
}

async function setup(options: Partial<MastodonTestServerOptions> & { locked?: string[] } = {}) {
  perTest.work = await makeTempDir('lp-status-agrees-');
  const made = await followServer(perTest.work, options);
  perTest.server = made.server;
  return made;
}

async function importJson(s: MastodonTestServer, zip: string, extra: string[] = []) {
  const r = await startCli(s, perTest.work, 'import', [zip, '--yes', '--json', ...extra]).done;
  return { ...r, out: JSON.parse(r.stdout) as ImportJson };
}

/** import's own counts, `status`'s and the journal file's are one and the same. */
async function expectAgreement(s: MastodonTestServer, out: ImportJson): Promise<void> {
  const status = await statusJson(s, perTest.work, ['--no-check']);
  expect(status.migrations).toHaveLength(1);
  const m = status.migrations[0]!;
  expect(m.byType).toEqual(out.countsByType);
  expect(m.byType).toEqual(await journalCounts(perTest.work));
  expect(m.total).toEqual(out.counts);
}

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe('status agrees with import', { timeout: 90_000 }, () => {
  it('after an interruption (Ctrl-C), and after the resume', async () => {
    let run: CliRun | null = null;
    let seen = 0;
    const hook = async (e: HookEvent) => {
      if (e.phase !== 'applied' || e.write.kind !== 'follow' || ++seen !== 2 || !run) return;
      const notice = stderrShows(run, /Stopping after the request in flight/);
      run.child.kill('SIGINT');
      await notice;
    };
    const { server, zip } = await setup({ hook });
    run = startCli(server, perTest.work, 'import', [zip, '--yes', '--json', '--lists']);
    const first = await run.done;
    expect(first.code, first.stderr).toBe(3);
    const out = JSON.parse(first.stdout) as ImportJson;
    expect(out.counts.left).toBeGreaterThan(0);
    expect(first.stderr).toContain(`Interrupted; ${out.counts.left} action(s) are left`);
    await expectAgreement(server, out);
    const status = await statusJson(server, perTest.work, ['--no-check']);
    expect(status.migrations[0]?.byType.follow).toEqual({ done: 2, pending: 0, failed: 0, skipped: 0, left: 4 });

    const resumed = await importJson(server, zip, ['--lists']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.out.counts).toMatchObject({ done: CONTACTS.length * 2, left: 0, failed: 0 });
    await expectAgreement(server, resumed.out);
  });

  it('after a rate-limit stop, and after the resume once the window opened', async () => {
    // The server's clock stands still from the first run's first follow to its end, so that the 3 s window
    // cannot pass before the third follow however slow the machine is (fsyncs of the journal come between);
    // then it runs again, and the resume waits out what is left of the window.
    let standing: number | null = null;
    let firstRun = true;
    const { server, zip } = await setup({
      limits: { follows: { limit: 2, windowMs: 3_000 } },
      now: () => standing ?? Date.now(),
      hook: (e) => {
        if (firstRun && standing === null && e.phase === 'received' && e.request.path.endsWith('/follow')) standing = Date.now();
      },
    });
    const first = await importJson(server, zip, ['--max-wait', '0s']);
    firstRun = false;
    standing = null;
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/Stopped at the server's rate limit \(follows\/24h\); 4 action\(s\) are left/);
    expect(first.out.countsByType.follow).toEqual({ done: 2, pending: 0, failed: 0, skipped: 0, left: 4 });
    await expectAgreement(server, first.out);
    // The stopped follow is back to `planned` in the journal (the server refused it), not `sent`.
    expect([...(await journalState(perTest.work)).values()].map((e) => e.status).sort()).toEqual(['done', 'done', 'planned', 'planned', 'planned', 'planned']);

    // A long enough --max-wait waits the window out: the resume finishes.
    const resumed = await importJson(server, zip, ['--max-wait', '1m']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.out.countsByType.follow).toEqual({ done: 6, pending: 0, failed: 0, skipped: 0, left: 0 });
    await expectAgreement(server, resumed.out);
    expect([...followPostsPerAccount(server).values()].every((n) => n <= 2)).toBe(true);
    expect(server.followedAccts()).toEqual([...CONTACTS].sort());
  });

  it('after a failure, with the same reasons, and after the resume that retries it', async () => {
    const { server, zip } = await setup({ failures: { 'carol@other.test': { status: 422, error: 'Validation failed: nope', times: 1 } } });
    const first = await importJson(server, zip);
    expect(first.code, first.stderr).toBe(1);
    expect(first.out.countsByType.follow).toEqual({ done: 5, pending: 0, failed: 1, skipped: 0, left: 0 });
    await expectAgreement(server, first.out);
    const status = await statusJson(server, perTest.work, ['--no-check']);
    expect(status.migrations[0]?.failures.map((f) => [f.type, f.target])).toEqual([['follow', 'carol@other.test']]);
    expect(await statusText(server, perTest.work, ['--no-check'])).toMatch(/failed: follows @carol@other\.test: the server refused it \(422: Validation failed: nope\)/);

    const resumed = await importJson(server, zip);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.out.countsByType.follow).toEqual({ done: 6, pending: 0, failed: 0, skipped: 0, left: 0 });
    await expectAgreement(server, resumed.out);
  });
});

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe('status records what it sees of pending follow requests', { timeout: 90_000 }, () => {
  const LOCKED = ['bob@far.test', 'carol@other.test'];

  async function journalDir(): Promise<string> {
    const root = join(perTest.work, 'state', 'migrations');
    const [name] = await readdir(root);
    return join(root, name!);
  }

  it('accepted becomes done and declined becomes skipped in the journal; the next import agrees and sends no follow again', async () => {
    const { server, zip } = await setup({ locked: LOCKED });
    const first = await importJson(server, zip);
    expect(first.code, first.stderr).toBe(0);
    expect(first.out.countsByType.follow).toEqual({ done: 4, pending: 2, failed: 0, skipped: 0, left: 0 });

    server.approve('bob@far.test');
    server.decline('carol@other.test');
    const checked = await statusJson(server, perTest.work);
    expect(checked.migrations[0]?.pendingCheck).toEqual([
      { target: 'bob@far.test', now: 'accepted' }, { target: 'carol@other.test', now: 'declined' },
    ]);
    expect(checked.migrations[0]?.recorded).toBe(true);
    // Recorded: the journal says so, and so does a status that asks nobody.
    const journal = await journalState(perTest.work);
    expect(journal.get('follow bob@far.test')?.status).toBe('done');
    expect(journal.get('follow carol@other.test')).toMatchObject({ status: 'skipped', reason: 'follow_declined' });
    const offline = await statusJson(server, perTest.work, ['--no-check']);
    expect(offline.migrations[0]?.byType.follow).toEqual({ done: 5, pending: 0, failed: 0, skipped: 1, left: 0 });

    // The next import acts on that very state: nothing left, no follow request sent again.
    const posts = followPostsPerAccount(server);
    const again = await importJson(server, zip);
    expect(again.code, again.stderr).toBe(0);
    expect(again.out.countsByType.follow).toEqual(offline.migrations[0]?.byType.follow);
    await expectAgreement(server, again.out);
    expect(followPostsPerAccount(server)).toEqual(posts);
  });

  it('while another run holds the journal: says so, writes nothing, and records it once the journal is free', async () => {
    const { server, zip } = await setup({ locked: LOCKED });
    expect((await importJson(server, zip)).code).toBe(0);
    server.approve('bob@far.test');
    const dir = await journalDir();
    const before = await readFile(join(dir, 'journal.jsonl'), 'utf8');

    const holder = await openJournal(dir, { clock: systemClock }); // another run, as far as the lock can tell
    try {
      const held = await statusJson(server, perTest.work);
      expect(held.migrations[0]?.pendingCheck).toEqual([
        { target: 'bob@far.test', now: 'accepted' }, { target: 'carol@other.test', now: 'pending' },
      ]);
      expect(held.migrations[0]?.recorded).toBe(false);
      expect(held.migrations[0]?.byType.follow).toEqual({ done: 4, pending: 2, failed: 0, skipped: 0, left: 0 });
      expect(await statusText(server, perTest.work)).toMatch(/1 accepted since, 0 declined, 1 still waiting; another run is using this migration, so the next import records them/);
      expect(await readFile(join(dir, 'journal.jsonl'), 'utf8')).toBe(before);
    } finally {
      await holder.close();
    }

    const free = await statusJson(server, perTest.work);
    expect(free.migrations[0]?.recorded).toBe(true);
    expect(free.migrations[0]?.byType.follow).toEqual({ done: 5, pending: 1, failed: 0, skipped: 0, left: 0 });
    expect((await journalState(perTest.work)).get('follow bob@far.test')?.status).toBe('done');
  });
});
