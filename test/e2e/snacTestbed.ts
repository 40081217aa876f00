/**
 * Real snac2 instances for the end-to-end tests (snac.test.ts, snacPosts.test.ts): each on 127.0.0.1 at a
 * free port, named `*.localhost` (handles carry a DNS-like host without a port), reached at
 * `http://<name>/` through one host proxy (hostProxy.ts): snac's own requests (libcurl) through
 * `http_proxy`, the CLI's through `--connect-to`. No fixed port, no root.
 *
 * snac quirks (reference/destinations.md, appendix): `snac init` asks questions on stdin; the protocol
 * must be switched to http in server.json; profile fields are the `metadata` map of user.json; a token
 * comes from its OAuth flow (`/api/v1/apps`, the login form `/oauth/x-snac-login` answering the code for
 * the out-of-band redirect, `/oauth/token`).
 *
 * Runs wherever `snac` is installed (scripts/install-snac.sh); in CI (CI set) a missing snac fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCliInOwnGroup, type CliRun } from '../helpers/spawnCli.js';
import { startHostProxy, type HostProxy } from './hostProxy.js';

export const hasSnac = spawnSync('sh', ['-c', 'command -v snac'], { encoding: 'utf8' }).status === 0;
/** CI services set CI (GitHub Actions and GitLab `true`, some `1`): there a missing snac fails instead of skipping. */
export const inCI = (process.env.CI ?? '') !== '' && !['false', '0'].includes(process.env.CI!.toLowerCase());
export const MISSING_SNAC = 'snac is not installed: run scripts/install-snac.sh (CI must run this test).';

/** How long a snac instance may take to answer after it starts: generous, a busy CI machine is slow. */
const START_MS = 45_000;

export interface SnacInstance {
  dir: string;
  host: string;
  port: number;
  process: ChildProcess;
  passwords: Map<string, string>;
}

export interface SnacUser {
  name: string;
  metadata?: Record<string, string>;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

/** A temp folder, the host proxy, and the snac instances started in it; `close()` ends them all. */
export class SnacTestbed {
  readonly instances: SnacInstance[] = [];

  private constructor(
    readonly work: string,
    readonly proxy: HostProxy,
    /** Host → port of the snac instance serving it, for the proxy and --connect-to. */
    readonly routes: Map<string, number>,
  ) {}

  static async start(prefix = 'lp-snac-'): Promise<SnacTestbed> {
    const work = await mkdtemp(join(tmpdir(), prefix));
    const routes = new Map<string, number>();
    // The proxy reads the same map the instances fill.
    return new SnacTestbed(work, await startHostProxy(routes), routes);
  }

  async instance(name: string, host: string, users: SnacUser[]): Promise<SnacInstance> {
    const dir = join(this.work, name);
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
      const child = spawn('snac', ['httpd', dir], { stdio: ['ignore', 'ignore', 'pipe'], env: this.snacEnv() });
      let output = '';
      child.stderr!.on('data', (d: Buffer) => (output = `${output}${d.toString()}`.slice(-2000)));
      const instance = { dir, host, port, process: child, passwords };
      this.instances.push(instance);
      const started = await answers(port, child);
      if (started === 'ok') {
        this.routes.set(host, port);
        return instance;
      }
      failure = started === 'exited'
        ? `snac httpd for ${host} on port ${port} exited (code ${child.exitCode}): ${output.trim() || '(no output)'}`
        : `snac httpd for ${host} on port ${port} did not answer /.well-known/nodeinfo within ${START_MS / 1000} s (a very busy machine?): ${output.trim() || '(no output)'}`;
      if (started === 'slow') break;
    }
    throw new Error(failure);
  }

  /** `--connect-to` for every instance: straight to its port, or (`viaProxy`) to the proxy, which can hold answers. */
  connectTo(options: { viaProxy?: boolean } = {}): string[] {
    return [...this.routes].flatMap(([host, port]) => ['--connect-to', `${host}:127.0.0.1:${options.viaProxy ? this.proxy.port : port}`]);
  }

  /** snac's environment: every outgoing http request goes through the proxy, none bypasses it. */
  private snacEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, http_proxy: this.proxy.url, no_proxy: '' };
    for (const name of ['NO_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']) delete env[name];
    return env;
  }

  /** Runs `node bin/leave-platform.js ...args` in the work folder, leading its own process group. */
  runCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
    return spawnCliInOwnGroup(args, { env, cwd: this.work });
  }

  async close(): Promise<void> {
    for (const i of this.instances) {
      i.process.kill('SIGTERM');
      await new Promise((r) => (i.process.exitCode !== null || i.process.signalCode !== null ? r(null) : i.process.once('exit', r)));
    }
    await this.proxy.close();
    await rm(this.work, { recursive: true, force: true });
  }
}

/** Whether snac answers on its port, or its process ended first (a port taken, a bad config). */
async function answers(port: number, child: ChildProcess): Promise<'ok' | 'exited' | 'slow'> {
  const end = Date.now() + START_MS;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    if ((await snacRequest({ port }, 'GET', '/.well-known/nodeinfo').catch(() => null))?.status === 200) return 'ok';
    await new Promise((r) => setTimeout(r, 200));
  }
  return 'slow';
}

export interface SnacAnswer {
  status: number;
  body: Buffer;
  json<T>(): T;
  text(): string;
}

/**
 * One request straight to a snac instance on a new connection: snac closes the connection after each
 * answer without a `Connection: close`, so a pooled connection (fetch's) may already be dead when reused.
 */
export function snacRequest(
  instance: Pick<SnacInstance, 'port'>, method: string, path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<SnacAnswer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: instance.port, method, path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, body, text: () => body.toString('utf8'), json: <T>() => JSON.parse(body.toString('utf8')) as T });
      });
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

/** A token through snac's own OAuth flow with the out-of-band redirect. */
export async function snacToken(instance: SnacInstance, user: string): Promise<string> {
  const oob = 'urn:ietf:wg:oauth:2.0:oob';
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const app = (await snacRequest(instance, 'POST', '/api/v1/apps', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'e2e', redirect_uris: oob, scopes: 'read write' }),
  })).json<{ client_id: string; client_secret: string }>();
  const login = await snacRequest(instance, 'POST', '/oauth/x-snac-login', {
    headers: form,
    body: new URLSearchParams({ login: user, passwd: instance.passwords.get(user)!, redir: oob, cid: app.client_id, state: '' }).toString(),
  });
  const code = login.text().trim();
  const token = (await snacRequest(instance, 'POST', '/oauth/token', {
    headers: form,
    body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: app.client_id, client_secret: app.client_secret, redirect_uri: oob }).toString(),
  })).json<{ access_token?: string }>();
  if (!token.access_token) throw new Error(`no snac token (code answer: ${code.slice(0, 80)})`);
  return token.access_token;
}
