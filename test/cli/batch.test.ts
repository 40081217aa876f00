/**
 * `batch` in-process against our local Mastodon test servers (issue 11): a done row, a rate-limited row
 * (exit 3, resumed by the same command), a corrupt archive (fails alone, exit 1); two rows on one account
 * never at once; the shared resolve cache; Ctrl-C; every JSON Lines record checked against
 * schema/batch-events.schema.json; `import` on a row then `batch` resumes it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { writeMastodonFollowsExport } from '../helpers/zipFiles.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from '../mastodon-server/server.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateEvent = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/batch-events.schema.json', import.meta.url), 'utf8')) as object);

const A = ['alice@far.test', 'bob@far.test', 'carol@other.test'];
const B = ['dave@other.test', 'erin@other.test', 'fay@far.test'];
const ALL = [...A, ...B];

let servers: MastodonTestServer[] = [];
let work = '';
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
  if (work) await rm(work, { recursive: true, force: true });
  work = '';
});

async function start(domain: string, options: Partial<MastodonTestServerOptions> = {}): Promise<MastodonTestServer> {
  const s = await startMastodonTestServer({ domain, accounts: [...ALL, "gina@far.test"].map((acct) => ({ acct })), ...options });
  servers.push(s);
  return s;
}

async function exportOf(name: string, handles: string[]): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  return writeMastodonFollowsExport(dir, handles);
}

/** --connect-to for the API domains of every server, and the remote hosts on the first one. */
function connectArgs(): string[] {
  const [first, ...rest] = servers;
  const hosts = [...first!.connectTo(), ...rest.map((s) => `${s.domain}:127.0.0.1:${s.port}`)];
  return ['--allow-http', '--allow-private-network', ...hosts.flatMap((h) => ['--connect-to', h])];
}

function batch(manifest: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['batch', manifest, '--json', '--state', join(work, 'state'), '--finders', 'explicit', ...connectArgs(), ...args], {
    env: { XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1', ...env }, cwd: work,
  });
}

function records(stdout: string): Record<string, unknown>[] {
  const lines = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const l of lines) expect(validateEvent(l), JSON.stringify(validateEvent.errors)).toBe(true);
  return lines;
}

const summaryOf = (stdout: string) => records(stdout).at(-1) as { type: string; exitCode: number; results: { id: string; status: string; note: string | null; counts: Record<string, number> }[]; lookups: number };
const statusOf = (stdout: string, id: string) => summaryOf(stdout).results.find((r) => r.id === id);
const follows = (s: MastodonTestServer) => s.writeRequests().filter((r) => r.path.endsWith('/follow'));

describe('batch against the Mastodon test server', () => {
  it('a done row, a rate-limited row resumed by the same command, and a corrupt archive that fails alone', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    let clock = Date.now();
    const one = await start('one.test');
    const two = await start('two.test', { limits: { follows: { limit: 2, windowMs: 3_600_000 } }, now: () => clock });
    await writeFile(join(work, 'bad.zip'), 'PK\u0003\u0004 this is not a zip');
    await exportOf('ok', A);
    await exportOf('limited', B);
    const manifest = join(work, 'batch.json');
    await writeFile(manifest, JSON.stringify({
      version: 1, defaults: { maxWait: '0s' },
      rows: [
        { id: 'ok', archives: ['ok/mastodon-export.zip'], to: '@me@one.test', tokenEnv: 'ONE_TOKEN' },
        { id: 'limited', archives: ['limited/mastodon-export.zip'], to: '@me@two.test', tokenEnv: 'TWO_TOKEN' },
      ],
    }));
    const env = { ONE_TOKEN: one.token, TWO_TOKEN: two.token };
    const first = await batch(manifest, ['--report', join(work, 'out', 'batch.md')], env);
    expect(first.code, first.stderr).toBe(3);
    expect(statusOf(first.stdout, 'ok')?.status).toBe('done');
    expect(statusOf(first.stdout, 'limited')?.status).toBe('incomplete');
    expect(one.followedAccts()).toEqual([...A].sort());
    expect(follows(two).filter((r) => r.answered === 200)).toHaveLength(2);
    const kinds = records(first.stdout).map((r) => r.type);
    expect(kinds).toEqual(expect.arrayContaining(['row_start', 'progress', 'row_finish', 'summary']));
    const md = await readFile(join(work, 'out', 'batch.md'), 'utf8');
    expect(md).toContain('[batch.ok.md](batch.ok.md)');
    expect(await readFile(join(work, 'out', 'batch.ok.md'), 'utf8')).toContain('alice@far.test');
    for (const text of [first.stdout, first.stderr, md]) expect(text).not.toContain(one.token);

    // The window passes; the same command resumes only the incomplete row.
    clock += 2 * 3_600_000;
    const again = await batch(manifest, [], env);
    expect(again.code, again.stderr).toBe(0);
    expect(statusOf(again.stdout, 'ok')?.note).toBe('already_done');
    expect(statusOf(again.stdout, 'limited')?.status).toBe('done');
    expect(two.followedAccts()).toEqual([...B].sort());
    expect(follows(one)).toHaveLength(A.length);
    expect(two.applied.filter((w) => w.kind === 'follow')).toHaveLength(B.length);

    // A corrupt archive fails alone: the other rows go on, exit 1 at the end.
    await writeFile(manifest, JSON.stringify({
      version: 1,
      rows: [
        { id: 'corrupt', archives: ['bad.zip'], to: '@me@two.test', tokenEnv: 'TWO_TOKEN' },
        { id: 'fresh', archives: ['limited/mastodon-export.zip'], to: '@me@one.test', tokenEnv: 'ONE_TOKEN', follows: true },
      ],
    }));
    const third = await batch(manifest, [], env);
    expect(third.code).toBe(1);
    expect(statusOf(third.stdout, 'corrupt')?.status).toBe('failed');
    expect(statusOf(third.stdout, 'fresh')?.status).toBe('done');
    expect(third.stderr).toMatch(/1 row\(s\) failed \(corrupt\)/);
    expect(one.followedAccts()).toEqual([...ALL].sort());
  });

  it('never runs two rows on the same account at once', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    const one = await start('one.test', {
      // A little delay on every follow: rows running together would interleave their follows.
      hook: async (e) => {
        if (e.phase === 'received' && e.request.path.endsWith('/follow')) await new Promise((r) => setTimeout(r, 20));
      },
    });
    await exportOf('a', A);
    await exportOf('b', B);
    const manifest = join(work, 'batch.csv');
    await writeFile(manifest, 'id,archives,to,tokenEnv\nfirst,a/mastodon-export.zip,@me@one.test,TOK\nsecond,b/mastodon-export.zip,me@one.test,TOK\n');
    const r = await batch(manifest, ['--concurrency', '4'], { TOK: one.token });
    expect(r.code, r.stderr).toBe(0);
    const order = follows(one).map((q) => q.path);
    const targets = order.map((p) => one.acctOf(p.split('/')[4] ?? ''));
    const rowOf = (acct: string) => (A.includes(acct) ? 'first' : 'second');
    const runs = targets.map(rowOf).filter((row, i, all) => i === 0 || all[i - 1] !== row);
    expect(targets).toHaveLength(ALL.length);
    expect(runs).toHaveLength(2);
  });

  it('looks a contact several rows share up once (one resolve cache for the batch), in a dry run that sends nothing', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    const one = await start('one.test');
    await exportOf('r1', ALL);
    await exportOf('r2', ALL);
    await exportOf('r3', [...A, 'gina@far.test']);
    const manifest = join(work, 'batch.json');
    await writeFile(manifest, JSON.stringify({
      version: 1, defaults: { to: 'me@one.test' },
      rows: ['r1', 'r2', 'r3'].map((id) => ({ id, archives: [`${id}/mastodon-export.zip`] })),
    }));
    const r = await batch(manifest, ['--dry-run'], {});
    expect(r.code, r.stderr).toBe(0);
    expect(one.writeRequests()).toEqual([]);
    const webfinger = one.requests.filter((q) => q.path === '/.well-known/webfinger').map((q) => q.query.get('resource'));
    expect(new Set(webfinger).size).toBe(webfinger.length);
    expect(webfinger.length).toBeGreaterThanOrEqual(ALL.length);
    expect(summaryOf(r.stdout).lookups).toBe(ALL.length + 1);
  });

  it('Ctrl-C stops every row between actions, exit 3, and the same command finishes with nothing sent twice', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    const controller = new AbortController();
    const one = await start('one.test', {
      hook: (e) => {
        if (e.phase === 'applied' && e.write.kind === 'follow') controller.abort(new Error('Ctrl-C'));
      },
    });
    await exportOf('a', A);
    const manifest = join(work, 'batch.json');
    await writeFile(manifest, JSON.stringify({ version: 1, rows: [{ id: 'a', archives: ['a/mastodon-export.zip'], to: 'me@one.test', tokenFile: 'tok.txt' }] }));
    await writeFile(join(work, 'tok.txt'), `${one.token}\n`);
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    out.on('data', (d: Buffer) => (stdout += d.toString()));
    err.resume();
    const stdin = new PassThrough();
    stdin.end();
    const code = await main(['node', 'leave-platform', 'batch', manifest, '--json', '--state', join(work, 'state'), '--finders', 'explicit', ...connectArgs()], {
      stdout: out, stderr: err, stdin, env: { XDG_CONFIG_HOME: join(work, 'config') }, cwd: work,
      watchInterrupts: () => ({ signal: controller.signal, dispose() {} }),
    });
    expect(code).toBe(3);
    expect(statusOf(stdout, 'a')?.status).toBe('incomplete');
    const sentFirst = one.applied.filter((w) => w.kind === 'follow').length;
    expect(sentFirst).toBeLessThan(A.length);
    const again = await batch(manifest, []);
    expect(again.code, again.stderr).toBe(0);
    expect(one.followedAccts()).toEqual([...A].sort());
    expect(one.applied.filter((w) => w.kind === 'follow')).toHaveLength(A.length);
  });

  it('`import` on a row, then `batch`, resumes it; `status --batch` shows every row', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    let clock = Date.now();
    const one = await start('one.test', { limits: { follows: { limit: 2, windowMs: 3_600_000 } }, now: () => clock });
    const zip = await exportOf('a', A);
    const imported = await runCli(['import', zip, '--to', '@me@one.test', '--yes', '--max-wait', '0s', '--state', join(work, 'state'), '--finders', 'explicit', ...connectArgs()], {
      env: { LEAVE_PLATFORM_TOKEN: one.token, XDG_CONFIG_HOME: join(work, 'config') }, cwd: work,
    });
    expect(imported.code, imported.stderr).toBe(3);
    clock += 2 * 3_600_000;
    const manifest = join(work, 'batch.json');
    await writeFile(manifest, JSON.stringify({ version: 1, rows: [
      { id: 'a', archives: ['a/mastodon-export.zip'], to: 'me@one.test', tokenEnv: 'T' },
      { id: 'later', archives: ['a/mastodon-export.zip'], to: 'me@two.test' },
    ] }));
    const status = await runCli(['status', '--batch', manifest, '--no-check', '--state', join(work, 'state')], { env: {}, cwd: work });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^a: @me@one\.test/m);
    expect(status.stdout).toMatch(/2 done .* 1 left/);
    expect(status.stdout).toMatch(/^later: not started/m);
    const r = await batch(manifest, ['--shard', '1/1'], { T: one.token });
    // `later` has no sign-in: it fails alone; `a` is finished from where import stopped.
    expect(statusOf(r.stdout, 'a')?.status).toBe('done');
    expect(statusOf(r.stdout, 'later')?.status).toBe('failed');
    expect(r.code).toBe(1);
    expect(one.followedAccts()).toEqual([...A].sort());
    expect(one.applied.filter((w) => w.kind === 'follow')).toHaveLength(A.length);
  });

  it('an invalid manifest: every problem on stderr with its row and field, exit 2, nothing sent', async () => {
    work = await mkdtemp(join(tmpdir(), 'lp-batch-'));
    const one = await start('one.test');
    const manifest = join(work, 'batch.json');
    await writeFile(manifest, JSON.stringify({ version: 1, rows: [{ id: 'a', archives: ['nope.zip'], to: 'me@one.test', visibility: 'all' }, { id: 'a', archives: ['x.zip'] }] }));
    const r = await batch(manifest, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row a, field visibility: has a value it cannot take (one of public, unlisted, private)');
    expect(r.stderr).toContain('row a, field id: is used by another row already');
    const [invalid] = records(r.stdout);
    expect(invalid?.type).toBe('manifest_invalid');
    expect(one.requests).toEqual([]);
  });
});
