/**
 * Issue 9, item 5: with stdin not a terminal and no --yes, `import --to ...` (not --dry-run) refuses
 * before any work: exit 2, "pass --yes to run without confirmation", not one request to the server, no
 * journal. The real CLI in a child process, stdin and stderr pipes (a script, a cron job, CI).
 *
 * On the commit before the reshape (8200547^) this run followed every contact without asking: there the
 * confirmation was only skipped when there was no terminal, never refused.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { makeTempDir } from '../helpers/zipFiles.js';
import type { MastodonTestServer } from '../mastodon-server/server.js';
import { CONTACTS, followServer, startCli } from './import-server.js';

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

// Runs the built CLI: naming assertDistFresh puts this file in vitest's `built` project, which builds dist/ first.
beforeAll(() => assertDistFresh());

async function setup() {
  perTest.work = await makeTempDir('lp-import-consent-');
  const made = await followServer(perTest.work);
  perTest.server = made.server;
  return made;
}

describe('import with no terminal to ask on', () => {
  it.each([
    { name: 'no --yes', args: [] as string[], words: /There is no terminal to ask before anything is sent: pass --yes to run without confirmation\./ },
    { name: '--json and no --yes', args: ['--json'], words: /With --json nothing is asked: pass --yes to run without confirmation\./ },
  ])('$name: refuses before any work, exit 2, nothing sent, no journal', async ({ args, words }) => {
    const { server, zip } = await setup();
    const r = await startCli(server, perTest.work, 'import', [zip, ...args]).done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(words);
    expect(r.stderr).toMatch(/--dry-run first/);
    expect(r.stdout).toBe('');
    // Before any work: not even the sign-in check or a lookup reached the server.
    expect(server.requests).toEqual([]);
    expect(await readdir(join(perTest.work, 'state')).catch(() => [])).toEqual([]);
  });

  it('--dry-run needs no --yes: it sends nothing anyway', async () => {
    const { server, zip } = await setup();
    const r = await startCli(server, perTest.work, 'import', [zip, '--dry-run', '--json']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(server.writeRequests()).toEqual([]);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; actions: { type: string; target: string; status: string }[] };
    expect(out.dryRun).toBe(true);
    expect(out.actions.filter((a) => a.type === 'follow' && a.status === 'planned').map((a) => a.target).sort()).toEqual([...CONTACTS].sort());
  });

  it('--yes runs without asking', async () => {
    const { server, zip } = await setup();
    const r = await startCli(server, perTest.work, 'import', [zip, '--yes']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(server.followedAccts()).toEqual([...CONTACTS].sort());
  });
});
