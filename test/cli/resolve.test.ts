/**
 * `resolve` end to end: the real CLI (built dist, child process) against the local test fediverse over
 * https with its throwaway CA (NODE_EXTRA_CA_CERTS), plus in-process runs of main() for usage errors.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Match } from '../../src/model/match.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { makeTempDir, removeTempDir, writeZip } from '../helpers/zipFiles.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'leave-platform.js');
const TOKEN = 'tok-very-secret-123';
const ig = (u: string) => `<a href="https://www.instagram.com/${u}" rel="me">instagram.com/${u}</a>`;

function following(usernames: string[]): string {
  return JSON.stringify({
    relationships_following: usernames.map((u, i) => ({
      title: u,
      string_list_data: [{ href: `https://www.instagram.com/_u/${u}`, timestamp: 1700000000 + i }],
    })),
  });
}

interface Run { code: number | null; stdout: string; stderr: string }

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('leave-platform resolve (child process, https test fediverse)', () => {
  let fed: Fediverse;
  let dir: string;
  let archive: string;
  let mapFile: string;
  let env: Record<string, string>;
  const base = () => ['--state', join(dir, 'state'), '--allow-private-network', ...fed.connectTo.flatMap((c) => ['--connect-to', c])];
  const resolveArgs = () => ['resolve', archive, '--to', '@me@home.example', '--map', mapFile, '--servers', 'big.example'];

  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        {
          name: 'home.example', searchToken: TOKEN, searchScope: 'all',
          accounts: [{ username: 'me' }, { username: 'bob', name: 'Bob Decoy' }, { username: 'ivan' }],
        },
        {
          name: 'big.example',
          accounts: [
            { username: 'alice', fields: [{ name: 'Instagram', value: ig('alice') }] },
            { username: 'erin', fields: [{ name: 'Instagram', value: ig('erin_other') }] },
            { username: 'ivan' },
          ],
        },
        { name: 'other.example', accounts: [{ username: 'carol_new' }, { username: 'frank', gone: true }] },
        { name: 'old.example', accounts: [{ username: 'gina', movedTo: 'gina@new.example' }] },
        { name: 'new.example', accounts: [{ username: 'gina', summary: `<p>Photos. ${ig('gina')}</p>`, manuallyApprovesFollowers: true }] },
        { name: 'far.example', accounts: [{ username: 'hank', fields: [{ name: 'IG', value: ig('hank') }] }] },
      ],
    });
    dir = await makeTempDir('lp-resolve-');
    archive = await writeZip(join(dir, 'instagram.zip'), {
      'connections/followers_and_following/following.json': following(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivan']),
    });
    mapFile = join(dir, 'map.csv');
    await writeFile(mapFile, 'source,handle\ncarol,@carol_new@other.example\nfrank,frank@other.example\nhttps://instagram.com/gina,gina@old.example\neve,x@127.0.0.1\n');
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, fed.ca);
    env = { NODE_EXTRA_CA_CERTS: caFile, LEAVE_PLATFORM_TOKEN: TOKEN, HOME: dir };
  });
  afterAll(async () => {
    await fed?.close();
    if (dir) await removeTempDir(dir);
  });

  it('needs the built CLI, built from the src/ on disk (vitest builds it first)', () => {
    assertDistFresh();
  });

  it('finds, verifies, scores and reports every contact as JSON; the token never shows', async () => {
    const run = await runCli([...base(), '--json', ...resolveArgs()], env);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stdout).not.toContain(TOKEN);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { version: number; matches: Match[] };
    expect(out.version).toBe(1);
    const by: Record<string, Match> = Object.fromEntries(out.matches.map((m) => [m.contact.username ?? '', m]));
    expect(Object.keys(by).sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivan']);

    expect(by.alice).toMatchObject({ status: 'found', handle: 'alice@big.example', actor: 'https://big.example/users/alice', confidence: 'verified' });
    expect(by.alice?.evidence.some((e) => e.verifier === 'backlink' && e.detail.includes('instagram.com/alice'))).toBe(true);
    // decoys: same username without a back-link, or a back-link to someone else, stay low
    expect(by.bob).toMatchObject({ status: 'found', handle: 'bob@home.example', confidence: 'low' });
    expect(by.erin).toMatchObject({ status: 'found', handle: 'erin@big.example', confidence: 'low' });
    expect(by.carol).toMatchObject({ status: 'found', handle: 'carol_new@other.example', confidence: 'high' });
    expect(by.carol?.evidence[0]?.finder).toBe('map');
    expect(by.frank).toMatchObject({ status: 'gone', handle: null });
    expect(by.gina).toMatchObject({ status: 'found', handle: 'gina@new.example', confidence: 'verified', movedFrom: 'gina@old.example', locked: true });
    expect(by.hank).toMatchObject({ status: 'found', handle: 'hank@far.example', confidence: 'verified' });
    expect(by.hank?.evidence[0]?.finder).toBe('search');
    expect(by.dave).toMatchObject({ status: 'not_found', handle: null, confidence: null });
    expect(by.ivan).toMatchObject({ status: 'ambiguous', handle: null, candidates: ['ivan@home.example', 'ivan@big.example'] });

    expect(run.stderr).toMatch(/map\.csv:5: "x@127\.0\.0\.1" is not a fediverse handle/);
    const searches = fed.requests('home.example').filter((r) => r.path.startsWith('/api/v2/search'));
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // nothing asked about the private address the map named
    expect(fed.requests('127.0.0.1')).toEqual([]);
    for (const host of ['home.example', 'big.example', 'other.example']) expect(fed.maxConcurrency(host)).toBeLessThanOrEqual(4);
  });

  it('a re-run answers from the cache; --refresh asks again', async () => {
    fed.resetLog();
    const cached = await runCli([...base(), '--json', ...resolveArgs()], env);
    expect(cached.code, cached.stderr).toBe(0);
    // Only the checks every run makes before any lookup: is the user's server there, is the token good.
    expect(['home.example', 'big.example', 'other.example', 'old.example', 'new.example', 'far.example'].flatMap((h) => fed.requests(h).map((r) => h + r.path)))
      .toEqual(['home.example/.well-known/nodeinfo', 'home.example/api/v1/accounts/verify_credentials']);
    const first = JSON.parse(cached.stdout) as { matches: Match[] };
    expect(first.matches.find((m) => m.contact.username === 'alice')?.confidence).toBe('verified');

    const refreshed = await runCli([...base(), '--json', ...resolveArgs(), '--refresh'], env);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(fed.requests('big.example').some((r) => r.path.startsWith('/.well-known/webfinger'))).toBe(true);
  });

  it('prints a table, says when search is skipped, and filters with --min-confidence', async () => {
    const run = await runCli([...base(), ...resolveArgs(), '--min-confidence', 'high'], { ...env, LEAVE_PLATFORM_TOKEN: '' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^contact\s+status\s+confidence\s+fediverse account\s+why/);
    expect(run.stdout).toMatch(/instagram:@alice\s+found\s+verified\s+@alice@big\.example/);
    expect(run.stdout).not.toMatch(/@bob/);
    expect(run.stdout).toMatch(/below --min-confidence not shown/);
    expect(run.stdout).toMatch(/note: search: skipped: no token/);
    // stderr is not a terminal here: no cursor games
    expect(run.stderr).not.toContain('\x1b[');
  });

  it('without --allow-private-network nothing is contacted: every check is blocked, not crashed', async () => {
    fed.resetLog();
    const args = ['--state', join(dir, 'state2'), ...fed.connectTo.flatMap((c) => ['--connect-to', c]), '--json', ...resolveArgs()];
    const run = await runCli(args, env);
    expect(run.code, run.stderr).toBe(0);
    expect(fed.totalRequests()).toBe(0);
    const out = JSON.parse(run.stdout) as { matches: Match[] };
    expect(out.matches.every((m) => m.status !== 'found')).toBe(true);
  });
});

describe('leave-platform resolve (in process): bad usage', () => {
  function io(tty = false) {
    let out = '';
    let err = '';
    const stderr = Object.assign(new Writable({ write(c, _e, cb) { err += String(c); cb(); } }), { isTTY: tty });
    return {
      io: {
        stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
        stderr,
        stdin: Readable.from([]),
        env: {},
        cwd: process.cwd(),
      },
      out: () => out,
      err: () => err,
    };
  }

  it('rejects an unknown finder, a bad --to, a bad level and a missing map file with exit 2', async () => {
    const dir = await makeTempDir('lp-resolve-usage-');
    try {
      const archive = await writeZip(join(dir, 'ig.zip'), { 'connections/followers_and_following/following.json': following(['a']) });
      const state = ['--state', join(dir, 's')];
      let t = io();
      expect(await main(['node', 'lp', ...state, 'resolve', archive, '--finders', 'explicit,telepathy'], t.io)).toBe(2);
      expect(t.err()).toMatch(/"telepathy" is not a finder/);
      t = io();
      // A handle without its server (an IP or host:port server is a handle now: the network guard decides).
      expect(await main(['node', 'lp', ...state, 'resolve', archive, '--to', '@me'], t.io)).toBe(2);
      expect(t.err()).toMatch(/--to "@me" names no server/);
      t = io();
      expect(await main(['node', 'lp', ...state, 'resolve', archive, '--min-confidence', 'certain'], t.io)).toBe(2);
      t = io();
      expect(await main(['node', 'lp', ...state, 'resolve', archive, '--map', join(dir, 'nope.csv')], t.io)).toBe(2);
      expect(t.err()).toMatch(/Cannot read the map file .*nope\.csv/);
      t = io();
      await writeFile(join(dir, 'bad.csv'), 'who,where\na,b@c.example\n');
      expect(await main(['node', 'lp', ...state, 'resolve', archive, '--map', join(dir, 'bad.csv')], t.io)).toBe(2);
      expect(t.err()).toMatch(/bad\.csv has no "source,handle" header/);
    } finally {
      await removeTempDir(dir);
    }
  });

  it('runs offline with every network finder off', async () => {
    const dir = await makeTempDir('lp-resolve-offline-');
    try {
      const archive = await writeZip(join(dir, 'ig.zip'), { 'connections/followers_and_following/following.json': following(['a', 'b']) });
      const t = io();
      const code = await main(['node', 'lp', '--json', '--state', join(dir, 's'), 'resolve', archive, '--finders', 'explicit'], t.io);
      expect(code, t.err()).toBe(0);
      const out = JSON.parse(t.out()) as { matches: Match[]; notes: string[] };
      expect(out.matches.map((m) => [m.contact.username, m.status])).toEqual([['a', 'not_found'], ['b', 'not_found']]);
    } finally {
      await removeTempDir(dir);
    }
  });

  it('draws progress on a terminal, and none with --json', async () => {
    const dir = await makeTempDir('lp-resolve-tty-');
    try {
      const archive = await writeZip(join(dir, 'ig.zip'), { 'connections/followers_and_following/following.json': following(['a', 'b', 'c']) });
      let t = io(true);
      expect(await main(['node', 'lp', '--state', join(dir, 's'), 'resolve', archive, '--finders', 'explicit'], t.io)).toBe(0);
      expect(t.err()).toMatch(/Resolving 1\/3 · 0 found · 1 not found · 2 left/);
      expect(t.err().endsWith('\r\x1b[2K')).toBe(true);
      expect(t.out()).toMatch(/3 contacts, 0 found, 3 not found\./);
      t = io(true);
      expect(await main(['node', 'lp', '--json', '--state', join(dir, 's'), 'resolve', archive, '--finders', 'explicit'], t.io)).toBe(0);
      expect(t.err()).not.toContain('Resolving');
    } finally {
      await removeTempDir(dir);
    }
  });
});
