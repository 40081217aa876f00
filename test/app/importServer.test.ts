/**
 * `import` as a user runs it (the real CLI in a child process, built by `npm run build`) against our
 * local Mastodon test server: kill -9 at several points then resume with nothing done twice; 429 with
 * and without --max-wait; a dry run sends no write; the token appears in no output and no file.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMastodonFollowsExport } from '../helpers/zipFiles.js';
import { stderrShows } from '../cli/import-server.js';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { serverAndWorkDirPerTest } from '../helpers/serverAndWorkDir.js';
import { spawnCli, type SpawnedCli } from '../helpers/spawnCli.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { startMastodonTestServer, type HookEvent, type MastodonTestServer, type MastodonTestServerOptions } from '../mastodon-server/server.js';

const CONTACTS = ['alice@far.test', 'bob@far.test', 'carol@other.test', 'dave@other.test', 'erin@other.test', 'fay@far.test'];

const perTest = serverAndWorkDirPerTest<MastodonTestServer>();

beforeAll(() => {
  assertDistFresh();
});


async function setup(options: Partial<MastodonTestServerOptions> = {}) {
  perTest.work = await mkdtemp(join(tmpdir(), 'lp-import-'));
  const server = await startMastodonTestServer({
    domain: 'home.test',
    accounts: CONTACTS.map((acct) => ({ acct, locked: acct === 'bob@far.test' })),
    ...options,
  });
  perTest.server = server;
  return { server, zip: await writeMastodonFollowsExport(perTest.work, CONTACTS) };
}

function startCli(s: MastodonTestServer, args: string[]): SpawnedCli {
  const env = {
    ...process.env, LEAVE_PLATFORM_TOKEN: s.token, XDG_CONFIG_HOME: join(perTest.work, 'config'),
    XDG_STATE_HOME: join(perTest.work, 'xdg-state'), NO_COLOR: '1', CI: 'true',
  };
  const connect = s.connectTo().flatMap((c) => ['--connect-to', c]);
  return spawnCli([
    'import', ...args, '--to', '@me@home.test', '--allow-http', '--allow-private-network', ...connect,
    '--finders', 'explicit', '--state', join(perTest.work, 'state'),
  ], { env, cwd: perTest.work });
}

const followWrites = (s: MastodonTestServer) => s.writeRequests().filter((r) => r.path.endsWith('/follow'));

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  return out;
}

// Each test spawns the CLI several times (a node start-up takes seconds on a busy machine).
describe('import against the Mastodon test server', { timeout: 90_000 }, () => {
  it('a dry run reads what it needs, sends no write, prints the plan and an estimate', async () => {
    const { server, zip } = await setup({ alreadyFollowing: ['carol@other.test'] });
    const r = await startCli(server, [zip, '--dry-run', '--json', '--report', join(perTest.work, 'plan.json')]).done;
    expect(r.code, r.stderr).toBe(0);
    expect(server.writeRequests()).toEqual([]);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; actions: { type: string; target: string; status: string; reason: string | null }[]; estimate: { seconds: number } };
    expect(out.dryRun).toBe(true);
    expect(out.actions.filter((a) => a.status === 'planned').map((a) => a.target).sort()).toEqual(CONTACTS.filter((c) => c !== 'carol@other.test').sort());
    expect(out.actions.find((a) => a.target === 'carol@other.test')?.status).toBe('skipped');
    expect(out.estimate.seconds).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(join(perTest.work, 'plan.json'), 'utf8')) as { actions: unknown[] };
    expect(report.actions.length).toBe(CONTACTS.length);
  });

  it('follows everyone found, keeps the locked account pending, and the token is in no output or file', async () => {
    const { server, zip } = await setup();
    const r = await startCli(server, [zip, '--yes', '--lists', '--json', '--report', join(perTest.work, 'report.html')]).done;
    expect(r.code, r.stderr).toBe(0);
    expect(server.followedAccts()).toEqual(CONTACTS.filter((c) => c !== 'bob@far.test').sort());
    const out = JSON.parse(r.stdout) as { counts: Record<string, number>; actions: { type: string; target: string; status: string }[] };
    expect(out.actions.find((a) => a.type === 'follow' && a.target === 'bob@far.test')?.status).toBe('pending');
    expect(out.actions.find((a) => a.type === 'list_add' && a.target === 'bob@far.test')?.status).toBe('pending');
    expect(server.applied.filter((w) => w.kind === 'list_add').length).toBe(CONTACTS.length - 1);
    for (const text of [r.stdout, r.stderr]) expect(text).not.toContain(server.token);
    for (const file of await allFiles(perTest.work)) expect(await readFile(file, 'utf8').catch(() => ''), file).not.toContain(server.token);

    // `status` reads the journal and re-checks the pending follow request; after approval a re-run finishes it.
    server.approve('bob@far.test');
    const env = { ...process.env, LEAVE_PLATFORM_TOKEN: server.token, XDG_CONFIG_HOME: join(perTest.work, 'config') };
    const { stdout: status } = await spawnCli(['status', '--json', '--state', join(perTest.work, 'state'), '--allow-http', '--allow-private-network', ...server.connectTo().flatMap((x) => ['--connect-to', x])], { env }).done;
    const st = JSON.parse(status) as { migrations: { byType: Record<string, Record<string, number>>; pendingCheck: { target: string; now: string }[]; recorded: boolean }[] };
    // status records the acceptance it saw in the journal (issue 9, item 4), and counts after it.
    expect(st.migrations[0]?.recorded).toBe(true);
    expect(st.migrations[0]?.byType.follow).toMatchObject({ done: CONTACTS.length, pending: 0 });
    expect(st.migrations[0]?.pendingCheck).toEqual([{ target: 'bob@far.test', now: 'accepted' }]);
    const again = await startCli(server, [zip, '--yes', '--lists', '--json']).done;
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).counts).toMatchObject({ done: CONTACTS.length * 2, pending: 0, failed: 0 });
    expect(followWrites(server).length).toBe(CONTACTS.length);
  });

  it.each([
    { name: 'after the server applied the 1st follow, before it answered', phase: 'applied' as const, nth: 1 },
    { name: 'when the 3rd follow arrived, before the server applied it', phase: 'received' as const, nth: 3 },
    { name: 'after the server applied the 5th follow', phase: 'applied' as const, nth: 5 },
  ])('resumes after kill -9 $name, with nothing done twice', async ({ phase, nth }) => {
    let run: SpawnedCli | null = null;
    let seen = 0;
    let killed = false;
    const hook = async (e: HookEvent) => {
      if (killed || !e.request.path.endsWith('/follow') || e.request.method !== 'POST' || e.phase !== phase) return;
      if (++seen !== nth || !run) return;
      killed = true;
      run.child.kill('SIGKILL');
      await run.done; // the answer is never read: the process is gone
      return phase === 'received' ? 'drop' as const : undefined; // on arrival: never applied
    };
    const { server, zip } = await setup({ hook });
    run = startCli(server, [zip, '--yes', '--json']);
    const first = await run.done;
    expect(first.signal).toBe('SIGKILL');

    const second = await startCli(server, [zip, '--yes', '--json']).done;
    expect(second.code, second.stderr).toBe(0);
    expect(server.followedAccts()).toEqual(CONTACTS.filter((c) => c !== 'bob@far.test').sort());
    // Every follow was applied once; a follow POST went out twice only when the first never got applied.
    const applied = server.applied.filter((w) => w.kind === 'follow').map((w) => w.target);
    expect(new Set(applied).size).toBe(applied.length);
    const perTarget = new Map<string, number>();
    for (const w of followWrites(server)) perTarget.set(w.path, (perTarget.get(w.path) ?? 0) + 1);
    const twice = [...perTarget].filter(([, n]) => n > 1).length;
    expect(twice).toBe(phase === 'received' ? 1 : 0);
    expect([...perTarget.values()].every((n) => n <= 2)).toBe(true);
  });

  it('stops cleanly on Ctrl-C (SIGINT) with exit 3 after the request in flight, and a re-run finishes the rest', async () => {
    let run: SpawnedCli | null = null;
    let interrupted = false;
    const hook = async (e: HookEvent) => {
      if (interrupted || !e.request.path.endsWith('/follow') || e.request.method !== 'POST' || e.phase !== 'received' || !run) return;
      interrupted = true;
      // The follow in flight is still answered and recorded, once the CLI has said that it saw the Ctrl-C.
      // Answered at once, it could reach the CLI (and the next follow start) before the signal did.
      const notice = stderrShows(run, /Stopping after the request in flight/);
      run.child.kill('SIGINT');
      await notice;
      return undefined;
    };
    const { server, zip } = await setup({ hook });
    run = startCli(server, [zip, '--yes']);
    const first = await run.done;
    expect(first.signal).toBeNull();
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/Stopping after the request in flight/);
    expect(first.stderr).toMatch(/Interrupted; \d+ action\(s\) are left/);
    expect(first.stderr).toMatch(/Run the same command again to resume/);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    const before = followWrites(server).length;
    expect(before).toBe(1);

    const second = await startCli(server, [zip, '--yes', '--json']).done;
    expect(second.code, second.stderr).toBe(0);
    expect(server.followedAccts()).toEqual(CONTACTS.filter((c) => c !== 'bob@far.test').sort());
    const perTarget = new Map<string, number>();
    for (const w of followWrites(server)) perTarget.set(w.path, (perTarget.get(w.path) ?? 0) + 1);
    expect([...perTarget.values()].every((n) => n === 1)).toBe(true);
  });

  it('stops with exit 3 on a rate limit longer than --max-wait, naming when to re-run', async () => {
    const { server, zip } = await setup({ limits: { follows: { limit: 2, windowMs: 3_600_000 } } });
    const r = await startCli(server, [zip, '--yes', '--max-wait', '10s']).done;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/rate limit \(follows\/24h\)/);
    // bob's account is locked: his follow is a pending request, which does not make the run incomplete.
    // On the reader's clock, with how long that is from now ("after 05:45 (in 60 minutes)").
    expect(r.stderr).toMatch(/Run the same command again after \d\d:\d\d.*\(in \d+ minutes?\)/);
    expect(server.applied.filter((w) => w.kind === 'follow').length).toBe(2);
    expect(r.stdout).toMatch(/1 done, 1 pending .* 4 left/);
  });

  it('waits out a short 429 when --max-wait allows it and finishes', async () => {
    const { server, zip } = await setup({ limits: { follows: { limit: 3, windowMs: 1500 } } });
    const r = await startCli(server, [zip, '--yes', '--json', '--max-wait', '30s']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(server.followedAccts()).toEqual(CONTACTS.filter((c) => c !== 'bob@far.test').sort());
    expect(followWrites(server).length).toBeGreaterThanOrEqual(CONTACTS.length);
  });

  it('reports per-action failures (422, 5xx) with reasons, does the rest, and exits 1', async () => {
    const { server, zip } = await setup({
      failures: { 'carol@other.test': { status: 422, error: 'Validation failed: nope' }, 'dave@other.test': { status: 502 } },
    });
    const r = await startCli(server, [zip, '--yes']).done;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed: follow @carol@other.test: the server refused it (422: Validation failed: nope)');
    expect(r.stdout).toMatch(/failed: follow @dave@other.test: the server had an error \(502 .*\); a re-run tries again/);
    expect(server.followedAccts()).toEqual(['alice@far.test', 'erin@other.test', 'fay@far.test']);
  });

  it('a run that ends with only pending follow requests left exits 0, and the re-run finishes them', async () => {
    const { server, zip } = await setup({ alreadyFollowing: CONTACTS.filter((c) => c !== 'bob@far.test') });
    const r = await startCli(server, [zip, '--yes', '--json']).done;
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ pending: 1, failed: 0, left: 0 });
    server.approve('bob@far.test');
    const again = await startCli(server, [zip, '--yes', '--json']).done;
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ pending: 0, failed: 0, left: 0 });
    expect(followWrites(server).length).toBe(1);
  });
});
