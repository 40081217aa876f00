/**
 * Sign-in on the PeerTube test server: the Host check of oauth-clients/local, the password grant with and
 * without two-factor, refresh, and expired access tokens — every request and answer checked against the API
 * description.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, signIn } from './call.js';
import { startPeerTubeTestServer, type PeerTubeTestServer, type PeerTubeTestServerOptions } from './server.js';

let server: PeerTubeTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<PeerTubeTestServerOptions> = {}): Promise<PeerTubeTestServer> {
  server = await startPeerTubeTestServer({ domain: 'tube.test', ...options });
  return server;
}

describe('GET /api/v1/oauth-clients/local', () => {
  it('gives the client for the configured host', async () => {
    const s = await start();
    const a = await call(s, 'GET', '/api/v1/oauth-clients/local', { token: null });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ client_id: s.clientId, client_secret: s.clientSecret });
    expect(a.specProblems).toEqual([]);
  });

  it('refuses another Host (the port, the case: PeerTube compares the header as sent) with a 403 problem document', async () => {
    const s = await start();
    for (const host of ['tube.test:8080', 'Tube.Test', `127.0.0.1:${s.port}`]) {
      const a = await call(s, 'GET', '/api/v1/oauth-clients/local', { token: null, host });
      expect(a.status).toBe(403);
      expect(a.contentType).toMatch(/^application\/problem\+json/u);
      expect(a.body.detail).toBe(`Getting client tokens for host ${host} is forbidden`);
      expect(a.specProblems).toEqual([]);
    }
  });
});

describe('POST /api/v1/users/token', () => {
  it('issues a token pair that the API accepts', async () => {
    const s = await start();
    const a = await signIn(s);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, refresh_token_expires_in: 1_209_600 });
    expect(a.specProblems).toEqual([]);
    const me = await call(s, 'GET', '/api/v1/users/me', { token: String(a.body.access_token) });
    expect(me.status).toBe(200);
  });

  it('refuses a wrong password, a wrong client and a JSON body with their codes', async () => {
    const s = await start();
    const base = { client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'password', username: s.username };
    const wrong = await call(s, 'POST', '/api/v1/users/token', { token: null, form: { ...base, password: 'not the password' } });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'invalid_grant']);
    expect(wrong.specProblems).toEqual([]);
    const client = await call(s, 'POST', '/api/v1/users/token', { token: null, form: { ...base, client_secret: 'x'.repeat(32), password: s.password } });
    expect([client.status, client.body.code]).toEqual([400, 'invalid_client']);
    const json = await call(s, 'POST', '/api/v1/users/token', { token: null, json: { ...base, password: s.password } });
    expect([json.status, json.body.code]).toEqual([400, 'invalid_request']);
  });

  it('asks for the two-factor header (401 missing_two_factor), refuses a wrong code (400) and accepts the right one', async () => {
    const s = await start({ user: { otp: '123456' } });
    const missing = await signIn(s);
    expect([missing.status, missing.body.code]).toEqual([401, 'missing_two_factor']);
    expect(missing.headers.get('x-peertube-otp')).toBe('required; app');
    expect(missing.specProblems).toEqual([]);
    const wrong = await signIn(s, { 'x-peertube-otp': '654321' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'invalid_two_factor']);
    const right = await signIn(s, { 'x-peertube-otp': '123456' });
    expect(right.status).toBe(200);
    expect(right.specProblems).toEqual([]);
  });

  it('refreshes: a new pair, the old refresh token and access token revoked', async () => {
    const s = await start();
    const first = await signIn(s);
    const refresh = () => call(s, 'POST', '/api/v1/users/token', {
      token: null, form: { client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
    });
    const second = await refresh();
    expect(second.status).toBe(200);
    expect(second.specProblems).toEqual([]);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    const again = await refresh();
    expect([again.status, again.body.code]).toEqual([400, 'invalid_grant']);
    const old = await call(s, 'GET', '/api/v1/users/me', { token: String(first.body.access_token) });
    expect([old.status, old.body.code]).toEqual([401, 'invalid_token']);
    const fresh = await call(s, 'GET', '/api/v1/users/me', { token: String(second.body.access_token) });
    expect(fresh.status).toBe(200);
  });
});

describe('expired access tokens', () => {
  it('answer 401 invalid_token after expireAccessTokens(); a refresh gives a working token', async () => {
    const s = await start();
    expect((await call(s, 'GET', '/api/v1/users/me')).status).toBe(200);
    s.expireAccessTokens();
    const expired = await call(s, 'GET', '/api/v1/users/me');
    expect([expired.status, expired.body.code]).toEqual([401, 'invalid_token']);
    expect(expired.specProblems).toEqual([]);
    const refreshed = await call(s, 'POST', '/api/v1/users/token', {
      token: null, form: { client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'refresh_token', refresh_token: s.refreshToken },
    });
    expect((await call(s, 'GET', '/api/v1/users/me', { token: String(refreshed.body.access_token) })).status).toBe(200);
  });

  it('expire after accessTokenUses authenticated requests, and by the clock', async () => {
    const s = await start({ accessTokenUses: 2 });
    expect((await call(s, 'GET', '/api/v1/users/me')).status).toBe(200);
    expect((await call(s, 'GET', '/api/v1/users/me/video-quota-used')).status).toBe(200);
    expect((await call(s, 'GET', '/api/v1/users/me')).status).toBe(401);
    await s.close();
    let now = 1_000_000;
    const timed = await start({ accessTokenLifetimeSeconds: 60, now: () => now });
    expect((await call(timed, 'GET', '/api/v1/users/me')).status).toBe(200);
    now += 60_000;
    expect((await call(timed, 'GET', '/api/v1/users/me')).status).toBe(401);
  });

  it('a request without a token is 401 unauthorized_request', async () => {
    const s = await start();
    const a = await call(s, 'GET', '/api/v1/users/me', { token: null });
    expect([a.status, a.body.code]).toEqual([401, 'unauthorized_request']);
  });
});
