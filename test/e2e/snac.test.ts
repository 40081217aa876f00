/**
 * End to end with real servers: two snac2 instances on 127.0.0.1, an Instagram export built here, and
 * the real CLI (`node bin/leave-platform.js`, built by `npm run build`) importing into one of them.
 * Handles must carry a DNS-like host without a port (the resolver refuses IP literals and ports), so the
 * instances are named `*.localhost` and are reached at `http://<name>/`. Both listen on free ports: the CLI
 * gets there with --connect-to, and the snac instances (libcurl) through a forward proxy in this process
 * that routes each host to its port (hostProxy.ts, given as `http_proxy`). No fixed port, no root.
 *
 * snac quirks (reference/destinations.md, appendix): `snac init` asks questions on stdin; the protocol
 * must be switched to http in server.json; profile fields are the `metadata` map of user.json; a token
 * comes from its OAuth flow (`/api/v1/apps`, the login form `/oauth/x-snac-login` answering the code for
 * the out-of-band redirect, `/oauth/token`); its following list catches up a few seconds after a follow.
 *
 * Runs wherever `snac` is installed (scripts/install-snac.sh); in CI (CI=true) a missing snac fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { assertDistFresh } from '../helpers/distFreshness.js';
import { startHostProxy, type HostProxy } from './hostProxy.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'bin', 'leave-platform.js');
const hasSnac = spawnSync('sh', ['-c', 'command -v snac'], { encoding: 'utf8' }).status === 0;
const inCI = process.env.CI === 'true';

const CONTACTS_HOST = 'contacts.localhost';
const HOME_HOST = 'home.localhost';

interface SnacInstance {
  dir: string;
  host: string;
  port: number;
  process: ChildProcess;
  passwords: Map<string, string>;
}

let work = '';
const instances: SnacInstance[] = [];
/** Host → port of the snac instance serving it, for the proxy and --connect-to. */
const routes = new Map<string, number>();
let proxy: HostProxy | null = null;
/** How long a snac instance may take to answer after it starts: generous, a busy CI machine is slow. */
const START_MS = 45_000;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

async function snacInstance(name: string, host: string, users: { name: string; metadata?: Record<string, string> }[]): Promise<SnacInstance> {
  const dir = join(work, name);
  // address, port, host name, URL prefix, admin email (the port is set again in server.json below)
  const init = spawnSync('snac', ['init', dir], { input: `127.0.0.1\n8001\n${host}\n\n\n`, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`snac init failed: ${init.stderr}`);
  const passwords = new Map<string, string>();
  for (const u of users) {
    const add = spawnSync('snac', ['adduser', dir], { input: `${u.name}\n`, encoding: 'utf8' });
    const password = /User password is (\S+)/.exec(`${add.stdout}${add.stderr}`)?.[1];
    if (!password) throw new Error(`snac adduser ${u.name} failed: ${add.stdout}${add.stderr}`);
    passwords.set(u.name, password);
    if (u.metadata) {
      const file = join(dir, 'user', u.name, 'user.json');
      const user = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      user.metadata = u.metadata;
      await writeFile(file, JSON.stringify(user, null, 4));
    }
  }
  // A free port can be taken by someone else between our check and snac's bind: try another one then.
  let failure = '';
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const serverFile = join(dir, 'server.json');
    const server = JSON.parse(await readFile(serverFile, 'utf8')) as Record<string, unknown>;
    server.protocol = 'http';
    server.port = port;
    await writeFile(serverFile, JSON.stringify(server, null, 4));
    const child = spawn('snac', ['httpd', dir], { stdio: ['ignore', 'ignore', 'pipe'], env: snacEnv() });
    let output = '';
    child.stderr!.on('data', (d: Buffer) => (output = `${output}${d.toString()}`.slice(-2000)));
    const instance = { dir, host, port, process: child, passwords };
    instances.push(instance);
    const started = await answers(port, child);
    if (started === 'ok') {
      routes.set(host, port);
      return instance;
    }
    failure = started === 'exited'
      ? `snac httpd for ${host} on port ${port} exited (code ${child.exitCode}): ${output.trim() || '(no output)'}`
      : `snac httpd for ${host} on port ${port} did not answer /.well-known/nodeinfo within ${START_MS / 1000} s (a very busy machine?): ${output.trim() || '(no output)'}`;
    if (started === 'slow') break;
  }
  throw new Error(failure);
}

/** snac's environment: every outgoing http request goes through the proxy, none bypasses it. */
function snacEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, http_proxy: proxy!.url, no_proxy: '' };
  for (const name of ['NO_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[name];
  return env;
}

/** Whether snac answers on its port, or its process ended first (a port taken, a bad config). */
async function answers(port: number, child: ChildProcess): Promise<'ok' | 'exited' | 'slow'> {
  const end = Date.now() + START_MS;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if ((await fetch(`http://127.0.0.1:${port}/.well-known/nodeinfo`).catch(() => null))?.ok === true) return 'ok';
    await new Promise((r) => setTimeout(r, 200));
  }
  return 'slow';
}

/** A token through snac's own OAuth flow with the out-of-band redirect. */
async function snacToken(instance: SnacInstance, user: string): Promise<string> {
  const base = `http://127.0.0.1:${instance.port}`;
  const oob = 'urn:ietf:wg:oauth:2.0:oob';
  const app = await (await fetch(`${base}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'e2e', redirect_uris: oob, scopes: 'read write' }),
  })).json() as { client_id: string; client_secret: string };
  const login = await fetch(`${base}/oauth/x-snac-login`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: user, passwd: instance.passwords.get(user)!, redir: oob, cid: app.client_id, state: '' }).toString(),
    redirect: 'manual',
  });
  const code = (await login.text()).trim();
  const token = await (await fetch(`${base}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: oob }).toString(),
  })).json() as { access_token?: string };
  if (!token.access_token) throw new Error(`no snac token (code answer: ${code.slice(0, 80)})`);
  return token.access_token;
}

function metaJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A small Instagram export (2024+ layout) whose following list names ana, bo, dev and nobody. */
async function instagramArchive(file: string): Promise<void> {
  const entry = (username: string) => ({ title: username, string_list_data: [{ href: `https://www.instagram.com/_u/${username}`, timestamp: 1732046966 }] });
  const follower = (username: string) => ({ title: '', media_list_data: [], string_list_data: [{ href: `https://www.instagram.com/${username}`, value: username, timestamp: 1733433674 }] });
  const zip = new yazl.ZipFile();
  const ff = 'connections/followers_and_following';
  zip.addBuffer(metaJson({ relationships_following: ['ana', 'bo', 'dev', 'nobody'].map(entry) }), `${ff}/following.json`);
  zip.addBuffer(metaJson([follower('chloe')]), `${ff}/followers_1.json`);
  zip.addBuffer(metaJson({ profile_user: [{ string_map_data: { Username: { value: 'sam' }, Name: { value: 'Sam' } } }] }), 'personal_information/personal_information/personal_information.json');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  await writeFile(file, Buffer.concat(chunks));
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, cwd: work });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const suite = hasSnac || inCI ? describe : describe.skip;

suite('import into snac2 (real servers)', () => {
  beforeAll(async () => {
    if (!hasSnac) throw new Error('snac is not installed: run scripts/install-snac.sh (CI must run this test).');
    assertDistFresh();
    work = await mkdtemp(join(tmpdir(), 'lp-snac-'));
    proxy = await startHostProxy(routes);
  }, 60_000);

  afterAll(async () => {
    for (const i of instances) {
      i.process.kill('SIGTERM');
      await new Promise((r) => (i.process.exitCode !== null || i.process.signalCode !== null ? r(null) : i.process.once('exit', r)));
    }
    await proxy?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  it('follows exactly the contacts whose snac profiles link back to them', async () => {
    const contacts = await snacInstance('contacts', CONTACTS_HOST, [
      { name: 'ana', metadata: { Instagram: 'https://www.instagram.com/ana' } }, // verified: followed
      { name: 'bo' }, // same name, no back-link: a low guess, not followed
      { name: 'dev', metadata: { Instagram: 'https://www.instagram.com/someone_else' } }, // a decoy
      { name: 'chloe', metadata: { Instagram: 'https://www.instagram.com/chloe' } }, // only a follower
      { name: 'zed', metadata: { Instagram: 'https://www.instagram.com/zed' } }, // not in the export
    ]);
    const home = await snacInstance('home', HOME_HOST, [{ name: 'me' }]);
    const connectTo = ['--connect-to', `${HOME_HOST}:127.0.0.1:${home.port}`, '--connect-to', `${CONTACTS_HOST}:127.0.0.1:${contacts.port}`];
    const token = await snacToken(home, 'me');
    const archive = join(work, 'instagram-export.zip');
    await instagramArchive(archive);

    const env = { ...process.env, LEAVE_PLATFORM_TOKEN: token, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' };
    const result = await runCli([
      'import', archive, '--to', `me@${HOME_HOST}`, '--yes', '--json', '--allow-http', '--allow-private-network',
      ...connectTo, '--finders', 'guess', '--servers', CONTACTS_HOST,
      '--state', join(work, 'state'), '--max-wait', '1m',
    ], env);
    expect(result.stderr).not.toContain(token);
    expect(result.stdout).not.toContain(token);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { actions: { type: string; target: string; status: string }[] };
    expect(summary.actions.filter((a) => a.status === 'done').map((a) => `${a.type} ${a.target}`)).toEqual([`follow ana@${CONTACTS_HOST}`]);

    // Through snac's own API: whom does me@home follow? Its following list fills only once the other side's
    // Accept arrives, some time later, so ask relationships, one id at a time as snac answers them, for
    // every account on the contacts' instance.
    const auth = { authorization: `Bearer ${token}` };
    const api = `http://127.0.0.1:${home.port}`;
    const followed: string[] = [];
    for (const user of ['ana', 'bo', 'dev', 'chloe', 'zed']) {
      const search = await (await fetch(`${api}/api/v2/search?type=accounts&resolve=true&q=${user}@${CONTACTS_HOST}`, { headers: auth })).json() as { accounts: { id: string }[] };
      const id = search.accounts[0]?.id;
      expect(id, `snac found ${user}`).toBeTruthy();
      const rel = await (await fetch(`${api}/api/v1/accounts/relationships?id[]=${id}`, { headers: auth })).json() as { following: boolean }[];
      if (rel[0]?.following) followed.push(user);
    }
    expect(followed).toEqual(['ana']);
    // Every request of the snac instances went to one of them: nothing was routed nowhere.
    expect(proxy!.unrouted).toEqual([]);

    // The journal and the state dir never hold the token.
    const journals = spawnSync('grep', ['-rl', token, join(work, 'state')], { encoding: 'utf8' });
    expect(journals.stdout).toBe('');

    // A second run does nothing twice.
    const again = await runCli([
      'import', archive, '--to', `me@${HOME_HOST}`, '--yes', '--json', '--allow-http', '--allow-private-network',
      ...connectTo, '--finders', 'guess', '--servers', CONTACTS_HOST, '--state', join(work, 'state'),
    ], env);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { actions: { status: string }[] };
    expect(second.actions.every((a) => a.status !== 'planned')).toBe(true);
  }, 120_000);
});
