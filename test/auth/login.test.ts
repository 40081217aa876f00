import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLogin, type LoginDeps } from '../../src/app/runLogin.js';
import { GRAPH_SCOPES } from '../../src/auth/scopes.js';
import { configDirOf, loadCredential } from '../../src/auth/tokenStore.js';
import { systemClock } from '../../src/clock.js';
import { createHttpClient, type UndiciHttpClient } from '../../src/net/client.js';
import { startMastodonTestServer, type MastodonTestServer } from '../mastodon-server/server.js';

let server: MastodonTestServer | null = null;
let http: UndiciHttpClient | null = null;
let dir: string | null = null;

afterEach(async () => {
  await http?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = null;
  http = null;
  dir = null;
});

/** A plain GET as a browser would send it, to the test server whatever host the URL names. */
function browserGet(url: string, port: number): Promise<{ status: number; location: string | null; body: string }> {
  const u = new URL(url);
  const toServer = u.hostname !== '127.0.0.1';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: toServer ? port : Number(u.port), path: u.pathname + u.search, headers: { host: u.host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: (res.headers.location as string | undefined) ?? null, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function setup() {
  server = await startMastodonTestServer({ domain: 'home.test', me: 'me' });
  http = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: server.connectTo(), retries: 0 });
  dir = await mkdtemp(join(tmpdir(), 'lp-login-'));
  const told: string[] = [];
  const base: LoginDeps = {
    http, clock: systemClock, configDir: join(dir, 'config', 'leave-platform'), allowHttp: true,
    canOpenBrowser: () => false,
    openBrowser: async () => false,
    readCode: async () => '',
    tell: (m) => told.push(m),
  };
  return { server, base, told };
}

describe('login', () => {
  it('signs in with the out-of-band code and PKCE, asking only for the scopes it needs', async () => {
    const { server, base, told } = await setup();
    const result = await runLogin({ target: '@me@home.test', posts: false }, {
      ...base,
      readCode: async () => {
        const url = /https?:\/\/\S+/.exec(told.join('\n'))![0];
        const page = await browserGet(url, server.port);
        return /<code class="oob-code">([^<]+)<\/code>/.exec(page.body)![1]!;
      },
    });
    expect(result).toMatchObject({ account: 'me@home.test', apiBase: 'http://home.test', method: 'oob' });
    const apps = server.requests.find((r) => r.path === '/api/v1/apps')!;
    const asked = new URLSearchParams(apps.body);
    expect(asked.get('scopes')!.split(' ').sort()).toEqual([...GRAPH_SCOPES].sort());
    expect(asked.get('redirect_uris')).toBe('urn:ietf:wg:oauth:2.0:oob');
    const token = server.requests.find((r) => r.path === '/oauth/token')!;
    expect(new URLSearchParams(token.body).get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const stored = await loadCredential(base.configDir, 'me@home.test');
    expect(stored && server.issuedTokens.has(stored.accessToken)).toBe(true);
    expect((await stat(join(base.configDir, 'me@home.test.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(base.configDir)).mode & 0o777).toBe(0o700);
    // Nothing the user was told carries the token.
    expect(told.join('\n')).not.toContain(stored!.accessToken);
  });

  it('signs in through a one-shot loopback listener when a browser can be opened, and asks for post scopes only with --posts', async () => {
    const { server, base } = await setup();
    let visited = 0;
    const result = await runLogin({ target: 'me@home.test', posts: true }, {
      ...base,
      canOpenBrowser: () => true,
      openBrowser: async (url) => {
        visited++;
        const authorize = await browserGet(url, server.port);
        expect(authorize.status).toBe(302);
        const back = await browserGet(authorize.location!, server.port);
        expect(back.body).toContain('Signed in');
        return true;
      },
    });
    expect(visited).toBe(1);
    expect(result.method).toBe('loopback');
    const asked = new URLSearchParams(server.requests.find((r) => r.path === '/api/v1/apps')!.body);
    expect(asked.get('redirect_uris')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(asked.get('scopes')).toContain('write:statuses');
    expect(asked.get('scopes')).toContain('write:media');
    const stored = await loadCredential(base.configDir, 'me@home.test');
    expect(stored && server.issuedTokens.has(stored.accessToken)).toBe(true);
  });

  it('refuses a code that does not match the PKCE verifier, and stores nothing', async () => {
    const { server, base, told } = await setup();
    const error = await runLogin({ target: '@me@home.test', posts: false }, { ...base, readCode: async () => 'made-up-code' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/refused to exchange the sign-in code/);
    expect(await readdir(base.configDir).catch(() => [])).toEqual([]);
    expect(told.length).toBeGreaterThan(0);
    expect(server.issuedTokens.size).toBe(0);
  });

  it('keeps tokens under $XDG_CONFIG_HOME/leave-platform, else ~/.config/leave-platform', () => {
    expect(configDirOf({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' })).toBe('/x/cfg/leave-platform');
    expect(configDirOf({ HOME: '/home/u' })).toBe('/home/u/.config/leave-platform');
    expect(configDirOf({ XDG_CONFIG_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.config/leave-platform');
  });

  it('reports a damaged token file clearly', async () => {
    const { base } = await setup();
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(base.configDir, { recursive: true });
    await writeFile(join(base.configDir, 'me@home.test.json'), '{not json');
    await expect(loadCredential(base.configDir, 'me@home.test')).rejects.toThrow(/damaged/);
    expect(await readFile(join(base.configDir, 'me@home.test.json'), 'utf8')).toBe('{not json');
  });
});
