/**
 * `login` to PeerTube against the local PeerTube test server: detected by nodeinfo, the instance's own client,
 * the password grant with the password from the injected prompt (never stored), the two-factor code when the
 * server asks, access and refresh tokens stored 0600; a wrong password and no terminal refused with words; an
 * expired access token refreshed through the stored refresh token by the adapter (compose.ts) and the new pair
 * stored.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLogin, type LoginDeps } from '../../src/app/runLogin.js';
import { loadCredential } from '../../src/auth/tokenStore.js';
import { systemClock } from '../../src/clock.js';
import { connectDestination } from '../../src/cli/compose.js';
import { createHttpClient, type UndiciHttpClient } from '../../src/net/client.js';
import { makeTempDir } from '../helpers/zipFiles.js';
import { startPeerTubeTestServer, type PeerTubeTestServer, type PeerTubeTestServerOptions } from '../peertube-server/server.js';

let server: PeerTubeTestServer | null = null;
let http: UndiciHttpClient | null = null;
let dir = '';

afterEach(async () => {
  await http?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = null;
  http = null;
  dir = '';
});

async function setup(options: Partial<PeerTubeTestServerOptions> = {}) {
  server = await startPeerTubeTestServer({ domain: 'tube.test', ...options });
  http = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: server.connectTo(), maxPacingWaitMs: 0, retries: 0 });
  dir = await makeTempDir('lp-ptlogin-');
  const asked: string[] = [];
  const answers = { password: server.password, code: '' };
  const deps: LoginDeps = {
    http, clock: systemClock, configDir: join(dir, 'config'), allowHttp: true,
    canOpenBrowser: () => false,
    openBrowser: async () => false,
    readCode: async (prompt) => {
      asked.push(prompt);
      return answers.code;
    },
    askPassword: async (prompt) => {
      asked.push(prompt);
      return answers.password;
    },
    tell: () => undefined,
  };
  return { server, deps, asked, answers };
}

const tokenRequests = (s: PeerTubeTestServer) => s.requests.filter((r) => r.path === '/api/v1/users/token');

describe('login to PeerTube', () => {
  it('signs in with the password grant and stores access and refresh tokens 0600, never the password', async () => {
    const { server, deps, asked } = await setup();
    const r = await runLogin({ target: '@me@tube.test', posts: true }, deps);
    expect(r).toMatchObject({ account: 'me@tube.test', method: 'password' });
    expect(asked).toEqual(['Password for me@tube.test: ']);
    expect(server.requests.some((q) => q.path === '/api/v1/oauth-clients/local')).toBe(true);
    const [grant] = tokenRequests(server);
    expect(new URLSearchParams(grant!.body).get('grant_type')).toBe('password');
    const stored = await loadCredential(deps.configDir, 'me@tube.test');
    expect(stored).toMatchObject({ kind: 'peertube', clientId: server.clientId, apiBase: 'http://tube.test' });
    expect(stored!.refreshToken).toMatch(/^[0-9a-f]{40}$/);
    expect((await stat(r.file)).mode & 0o777).toBe(0o600);
    expect(await readFile(r.file, 'utf8')).not.toContain(server.password);
  });

  it('asks for the two-factor code when the server answers missing_two_factor, and retries with x-peertube-otp', async () => {
    const { server, deps, asked, answers } = await setup({ user: { otp: '123456' } });
    answers.code = '123456';
    await runLogin({ target: '@me@tube.test', posts: false }, deps);
    expect(asked).toEqual(['Password for me@tube.test: ', 'Two-factor code: ']);
    const grants = tokenRequests(server);
    expect(grants.map((g) => [g.answered, g.headers['x-peertube-otp']])).toEqual([[401, undefined], [200, '123456']]);
    expect(await loadCredential(deps.configDir, 'me@tube.test')).not.toBeNull();
  });

  it('a wrong two-factor code is refused in words; nothing is stored', async () => {
    const { deps, answers } = await setup({ user: { otp: '123456' } });
    answers.code = '000000';
    await expect(runLogin({ target: '@me@tube.test', posts: false }, deps)).rejects.toThrow(/two-factor code was not accepted/);
    expect(await loadCredential(deps.configDir, 'me@tube.test')).toBeNull();
  });

  it('a wrong password is refused in words; nothing is stored', async () => {
    const { deps, answers } = await setup();
    answers.password = 'wrong';
    await expect(runLogin({ target: '@me@tube.test', posts: false }, deps)).rejects.toThrow(/did not accept the user name or password for me@tube\.test/);
    expect(await loadCredential(deps.configDir, 'me@tube.test')).toBeNull();
  });

  it('with no terminal (no password prompt) it refuses and points to LEAVE_PLATFORM_TOKEN', async () => {
    const { server, deps } = await setup();
    const { askPassword: _none, ...noTerminal } = deps;
    await expect(runLogin({ target: '@me@tube.test', posts: false }, noTerminal)).rejects.toMatchObject({
      message: expect.stringMatching(/no terminal/), hint: expect.stringMatching(/LEAVE_PLATFORM_TOKEN/),
    });
    expect(tokenRequests(server)).toEqual([]);
  });

  it('an expired access token is refreshed with the stored refresh token, and the new pair is stored', async () => {
    const { server, deps } = await setup();
    await runLogin({ target: '@me@tube.test', posts: false }, deps);
    const before = (await loadCredential(deps.configDir, 'me@tube.test'))!;
    server.expireAccessTokens();
    const connection = await connectDestination('@me@tube.test', {
      http: http!, clock: systemClock, env: {}, configDir: deps.configDir, allowHttp: true, maxWaitMs: 60_000,
    });
    const me = await connection!.destination.whoami();
    expect(me.ok).toBe(true);
    const refresh = tokenRequests(server).map((g) => new URLSearchParams(g.body)).find((f) => f.get('grant_type') === 'refresh_token');
    expect(refresh?.get('refresh_token')).toBe(before.refreshToken);
    const after = (await loadCredential(deps.configDir, 'me@tube.test'))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    // The stored pair works on its own (the old one was revoked by the refresh).
    server.expireAccessTokens();
    const again = await connectDestination('@me@tube.test', {
      http: http!, clock: systemClock, env: {}, configDir: deps.configDir, allowHttp: true, maxWaitMs: 60_000,
    });
    expect((await again!.destination.whoami()).ok).toBe(true);
  });

  it('old records without a refresh token stay readable', async () => {
    const { deps } = await setup();
    const { saveCredential } = await import('../../src/auth/tokenStore.js');
    await saveCredential(deps.configDir, {
      version: 1, account: 'old@social.test', apiBase: 'https://social.test', accessToken: 'a', scope: 'read', clientId: 'c', clientSecret: 's', createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(await loadCredential(deps.configDir, 'old@social.test')).toMatchObject({ account: 'old@social.test', accessToken: 'a' });
  });
});
