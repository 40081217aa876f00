import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedAddressReason } from '../../src/net/addressGuard.js';
import { DEFAULT_USER_AGENT, createHttpClient } from '../../src/net/client.js';
import { NetError } from '../../src/net/types.js';
import { VERSION } from '../../src/version.js';
import { startFediverse, type Fediverse } from '../fediverse/index.js';
import { fakeClock } from './fakeClock.js';

async function failure(p: Promise<unknown>): Promise<NetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NetError);
    return e as NetError;
  }
  throw new Error('expected the request to fail');
}

describe('http client against the local fediverse', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({
      hosts: [
        { name: 'ok.example', accounts: [{ username: 'alice' }] },
        { name: 'public.example', behaviours: [
          { route: 'any', behaviour: { kind: 'redirect', location: 'https://127.0.0.1/secret' } },
        ] },
        { name: 'public2.example', behaviours: [
          { route: 'any', behaviour: { kind: 'redirect', location: 'https://internal.example/admin' } },
        ] },
        { name: 'public3.example', behaviours: [
          { route: 'any', behaviour: { kind: 'redirect', location: 'https://rebind.example/admin' } },
        ] },
        { name: 'internal.example' },
        { name: 'downgrade.example', behaviours: [{ route: 'any', behaviour: { kind: 'redirect', location: 'http://ok.example/' } }] },
        { name: 'loop.example', behaviours: [{ route: 'any', behaviour: { kind: 'redirectLoop' } }] },
        { name: 'huge.example', behaviours: [{ route: 'any', behaviour: { kind: 'huge', bytes: 3 * 1024 * 1024 } }] },
        { name: 'hugelen.example', behaviours: [{ route: 'any', behaviour: { kind: 'huge', bytes: 3 * 1024 * 1024, declareLength: true } }] },
        { name: 'slowloris.example', behaviours: [{ route: 'any', behaviour: { kind: 'slowloris', intervalMs: 50 } }] },
        { name: 'flaky.example', accounts: [{ username: 'bob' }], behaviours: [
          { route: 'actor', behaviour: { kind: 'status', status: 503 }, times: 2 },
          { route: 'webfinger', behaviour: { kind: 'reset' }, times: 1 },
        ] },
        { name: 'down.example', behaviours: [{ route: 'any', behaviour: { kind: 'status', status: 502 } }] },
        { name: 'limited.example', accounts: [{ username: 'carol' }], behaviours: [
          { route: 'actor', behaviour: { kind: 'rateLimited', retryAfter: '2' }, times: 1 },
          { route: 'webfinger', behaviour: { kind: 'rateLimited', retryAfter: '3600' } },
        ] },
        { name: 'budget.example', accounts: [{ username: 'dan' }], rateLimit: { limit: 2, windowMs: 400 } },
        { name: 'slow1.example', delayMs: 30, accounts: [{ username: 'a' }] },
        { name: 'slow2.example', delayMs: 30, accounts: [{ username: 'a' }] },
        { name: 'slow3.example', delayMs: 30, accounts: [{ username: 'a' }] },
        { name: 'html.example', behaviours: [{ route: 'any', behaviour: { kind: 'notJson' } }] },
        { name: 'hop.example', behaviours: [{ route: 'any', behaviour: { kind: 'redirect', location: 'https://ok.example/users/alice' } }] },
        { name: 'porthop.example', behaviours: [{ route: 'any', behaviour: { kind: 'redirect', location: 'https://ok.example:8443/users/alice' } }] },
        { name: 'seeother.example', behaviours: [{ route: 'any', behaviour: { kind: 'redirect', location: 'https://ok.example/users/alice', status: 303 } }] },
        { name: 'samehop.example', accounts: [{ username: 'alice' }], behaviours: [
          { route: 'any', behaviour: { kind: 'redirect', location: '/users/alice', status: 301 }, times: 1 },
        ] },
        { name: 'stall.example', delayMs: 5_000, accounts: [{ username: 'a' }] },
      ],
    });
  });
  afterAll(async () => fed.close());

  it('reuses kept-alive connections: never more than the per-host limit, none new once warm', async () => {
    const http = fed.client({ perHostConcurrency: 2 });
    const url = fed.actorUrl('alice@ok.example');
    const before = fed.connectionsOpened();
    for (let i = 0; i < 10; i++) expect((await http.request({ url })).status).toBe(200);
    await Promise.all(Array.from({ length: 8 }, () => http.request({ url })));
    // 18 requests; one handshake each would be 18 connections.
    const warm = fed.connectionsOpened() - before;
    expect(warm).toBeGreaterThanOrEqual(1);
    expect(warm).toBeLessThanOrEqual(2);
    for (let i = 0; i < 5; i++) await http.request({ url });
    await Promise.all(Array.from({ length: 6 }, () => http.request({ url })));
    expect(fed.connectionsOpened() - before).toBe(warm);
  });

  it('connects through --connect-to keeping the host name for TLS and Host, and says who it is', async () => {
    const res = await fed.http.request({ url: fed.actorUrl('alice@ok.example') });
    expect(res.status).toBe(200);
    expect(res.url).toBe('https://ok.example/users/alice');
    const seen = fed.requests('ok.example').at(-1)!;
    expect(seen.headers.host).toBe('ok.example');
    expect(seen.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toBe(`leave-platform/${VERSION} (+https://github.com/leave-platform/leave-platform)`);
  });

  it('does not trust the test CA unless told to', async () => {
    const c = fed.client({ ca: undefined as unknown as string });
    const e = await failure(c.request({ url: fed.actorUrl('alice@ok.example') }));
    expect(e.kind).toBe('tls');
  });

  describe('address guard', () => {
    it('never connects to a host whose address is loopback without the flag', async () => {
      const c = fed.client({ allowPrivateNetwork: false });
      fed.resetLog();
      const e = await failure(c.request({ url: fed.url('ok.example', '/users/alice') }));
      expect(e.kind).toBe('blocked_address');
      expect(e.message).toMatch(/127\.0\.0\.1/);
      expect(fed.totalRequests()).toBe(0);
    });

    it('refuses literal private IP URLs, IPv4 and IPv6', async () => {
      const c = fed.client({ allowPrivateNetwork: false });
      fed.resetLog();
      for (const url of [`https://127.0.0.1:${fed.port}/`, 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://10.0.0.1/', 'https://169.254.169.254/latest/meta-data/']) {
        expect((await failure(c.request({ url }))).kind).toBe('blocked_address');
      }
      expect(fed.totalRequests()).toBe(0);
    });

    it('refuses a name whose DNS answer is private (an injected resolver)', async () => {
      const lookups: string[] = [];
      const c = createHttpClient({
        allowHttp: false,
        allowPrivateNetwork: false,
        connectTo: [],
        lookup: async (name) => {
          lookups.push(name);
          return name === 'mixed.example'
            ? [{ address: '93.184.216.34', family: 4 }, { address: 'fd00::1', family: 6 }]
            : [{ address: '192.168.1.20', family: 4 }];
        },
      });
      try {
        expect((await failure(c.request({ url: 'https://router.example/' }))).kind).toBe('blocked_address');
        expect((await failure(c.request({ url: 'https://mixed.example/' }))).kind).toBe('blocked_address');
        expect(lookups).toEqual(['router.example', 'mixed.example']);
      } finally {
        await c.close();
      }
    });

    it('treats a trailing-dot name as the name: --connect-to applies and no DNS is asked; localhost names never resolve', async () => {
      const lookups: string[] = [];
      const c = fed.client({ lookup: async (name) => (lookups.push(name), [{ address: '10.0.0.1', family: 4 }]) });
      fed.resetLog();
      await c.request({ url: 'https://ok.example./users/alice' });
      expect(fed.totalRequests()).toBe(1);
      const strict = fed.client({ allowPrivateNetwork: false, lookup: async (name) => (lookups.push(name), [{ address: '93.184.216.34', family: 4 }]) });
      for (const url of ['https://localhost/', 'https://localhost./', 'https://app.localhost/', 'https://ok.example./users/alice']) {
        expect((await failure(strict.request({ url }))).kind).toBe('blocked_address');
      }
      expect(lookups).toEqual([]);
      expect(fed.totalRequests()).toBe(1);
    });

    it('re-checks every redirect hop: to a literal loopback, to a private name, to a rebinding name', async () => {
      // public*.example pass as public (the policy lets them through); everything else keeps the real rule.
      const c = fed.client({
        allowPrivateNetwork: false,
        addressPolicy: (address, host) => (host.startsWith('public') ? null : blockedAddressReason(address)),
        lookup: async () => [{ address: '10.9.8.7', family: 4 }],
        connectTo: [...fed.connectTo, 'rebind.example:rebind.internal:443'],
      });
      fed.resetLog();
      const toLiteral = await failure(c.request({ url: 'https://public.example/' }));
      expect(toLiteral.kind).toBe('blocked_address');
      expect(toLiteral.url).toContain('127.0.0.1');
      expect((await failure(c.request({ url: 'https://public2.example/' }))).kind).toBe('blocked_address');
      expect((await failure(c.request({ url: 'https://public3.example/' }))).kind).toBe('blocked_address');
      expect(fed.requests('public.example')).toHaveLength(1);
      expect(fed.requests('internal.example')).toHaveLength(0);
      expect(fed.totalRequests()).toBe(3);
    });
  });

  it('refuses plain http and https→http redirects', async () => {
    expect((await failure(fed.http.request({ url: 'http://ok.example/users/alice' }))).kind).toBe('insecure_url');
    expect((await failure(fed.http.request({ url: fed.url('downgrade.example', '/') }))).kind).toBe('insecure_url');
    expect((await failure(fed.http.request({ url: 'ftp://ok.example/' }))).kind).toBe('insecure_url');
    expect((await failure(fed.http.request({ url: 'not a url' }))).kind).toBe('insecure_url');
  });

  it('never carries Authorization or Cookie to another origin on a redirect, and keeps them on the same origin', async () => {
    const secret = { Authorization: 'Bearer SECRET-TOKEN', Cookie: 'session=SECRET-COOKIE', 'Proxy-Authorization': 'Basic U0VDUkVU', accept: 'application/json' };
    fed.resetLog();
    const res = await fed.http.request({ url: fed.url('hop.example', '/api/v1/accounts/verify_credentials'), headers: secret });
    expect(res.status).toBe(200);
    expect(res.url).toBe('https://ok.example/users/alice');
    expect(fed.requests('hop.example')[0]?.headers.authorization).toBe('Bearer SECRET-TOKEN');
    const landed = fed.requests('ok.example');
    expect(landed).toHaveLength(1);
    expect(landed[0]?.headers.authorization).toBeUndefined();
    expect(landed[0]?.headers.cookie).toBeUndefined();
    expect(landed[0]?.headers['proxy-authorization']).toBeUndefined();
    expect(landed[0]?.headers.accept).toBe('application/json');

    // Another port is another origin too (--connect-to routes by name, so it lands on the same test server).
    fed.resetLog();
    expect((await fed.http.request({ url: fed.url('porthop.example', '/'), headers: secret })).url).toBe('https://ok.example:8443/users/alice');
    expect(fed.requests('ok.example')).toHaveLength(1);
    expect(fed.requests('ok.example')[0]?.headers.authorization).toBeUndefined();

    // A 303 turns a POST into a GET: neither the body's headers nor the credentials go to the new origin.
    fed.resetLog();
    const posted = await fed.http.request({
      method: 'POST', url: fed.url('seeother.example', '/form'), followRedirects: true, body: 'a=1',
      headers: { ...secret, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.status).toBe(200);
    const got = fed.requests('ok.example');
    expect(got.map((r) => r.method)).toEqual(['GET']);
    expect(got[0]?.headers.authorization).toBeUndefined();
    expect(got[0]?.headers['content-type']).toBeUndefined();

    // Same origin: the caller's credentials stay.
    fed.resetLog();
    expect((await fed.http.request({ url: fed.url('samehop.example', '/start'), headers: secret })).status).toBe(200);
    const same = fed.requests('samehop.example');
    expect(same.map((r) => r.path)).toEqual(['/start', '/users/alice']);
    expect(same.map((r) => r.headers.authorization)).toEqual(['Bearer SECRET-TOKEN', 'Bearer SECRET-TOKEN']);
  });

  it('caps redirects (a loop ends as too_many_redirects)', async () => {
    fed.resetLog();
    const e = await failure(fed.http.request({ url: fed.url('loop.example', '/x') }));
    expect(e.kind).toBe('too_many_redirects');
    expect(fed.requests('loop.example')).toHaveLength(6);
  });

  it('returns a redirect as is when not following', async () => {
    const res = await fed.http.request({ url: fed.url('loop.example', '/x'), followRedirects: false });
    expect(res.status).toBe(302);
  });

  it('caps the body while streaming, and on a declared length', async () => {
    expect((await failure(fed.http.request({ url: fed.url('huge.example', '/') }))).kind).toBe('too_large');
    expect((await failure(fed.http.request({ url: fed.url('hugelen.example', '/') }))).kind).toBe('too_large');
    const small = await failure(fed.http.request({ url: fed.actorUrl('alice@ok.example'), maxBytes: 100 }));
    expect(small.kind).toBe('too_large');
  });

  it('gives up on a slowloris server at the request timeout', async () => {
    const e = await failure(fed.http.request({ url: fed.url('slowloris.example', '/'), timeoutMs: 300 }));
    expect(e.kind).toBe('timeout');
  });

  it('gives up on a server that never sends its headers at the request timeout', async () => {
    const e = await failure(fed.http.request({ url: fed.actorUrl('a@stall.example'), timeoutMs: 300 }));
    expect(e.kind).toBe('timeout');
  });

  it('gives up on a resolver that never answers (DNS counts toward the connect timeout)', async () => {
    const c = createHttpClient({
      allowHttp: false, allowPrivateNetwork: false, connectTo: [], retries: 0, connectTimeoutMs: 200,
      lookup: () => new Promise(() => undefined),
    });
    try {
      const e = await failure(c.request({ url: 'https://tarpit.example/', timeoutMs: 100 }));
      expect(e.kind).toBe('timeout');
      expect(e.url).toBe('https://tarpit.example/');
    } finally {
      await c.close();
    }
  });

  it('retries GET after 5xx and network errors, with backoff through the clock', async () => {
    const clock = fakeClock();
    const c = fed.client({ clock, retryBaseDelayMs: 100 });
    fed.resetLog();
    const res = await c.request({ url: fed.actorUrl('bob@flaky.example') });
    expect(res.status).toBe(200);
    expect(fed.requests('flaky.example')).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(100);
    const wf = await c.request({ url: fed.url('flaky.example', '/.well-known/webfinger?resource=acct:bob@flaky.example') });
    expect(wf.status).toBe(200);
    expect(fed.requests('flaky.example')).toHaveLength(5);
  });

  it('stops retrying after the limit and returns the last 5xx; never retries POST', async () => {
    const c = fed.client({ clock: fakeClock(), retries: 2 });
    fed.resetLog();
    expect((await c.request({ url: fed.url('down.example', '/') })).status).toBe(502);
    expect(fed.requests('down.example')).toHaveLength(3);
    fed.resetLog();
    expect((await c.request({ url: fed.url('down.example', '/'), method: 'POST', body: 'x' })).status).toBe(502);
    expect(fed.requests('down.example')).toHaveLength(1);
  });

  it('returns a 429 by default, and waits Retry-After when allowed', async () => {
    const clock = fakeClock();
    const c = fed.client({ clock });
    const wf = await c.request({ url: fed.url('limited.example', '/.well-known/webfinger?resource=acct:carol@limited.example'), maxRateLimitWaitMs: 60_000 });
    expect(wf.status).toBe(429); // Retry-After 3600 s is longer than allowed
    const res = await c.request({ url: fed.actorUrl('carol@limited.example'), maxRateLimitWaitMs: 5_000 });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toContain(2000);
  });

  it('paces a host whose X-RateLimit-Remaining reached 0 until its Reset', async () => {
    const c = fed.client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.request({ url: fed.actorUrl('dan@budget.example') })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('keeps at most perHostConcurrency requests in flight per host and globalConcurrency overall', async () => {
    const c = fed.client({ perHostConcurrency: 2, globalConcurrency: 5 });
    fed.resetLog();
    const hosts = ['slow1.example', 'slow2.example', 'slow3.example'];
    const all = hosts.flatMap((h) => Array.from({ length: 8 }, () => c.request({ url: fed.actorUrl(`a@${h}`) })));
    const results = await Promise.all(all);
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const h of hosts) {
      expect(fed.requests(h)).toHaveLength(8);
      expect(fed.maxConcurrency(h)).toBeLessThanOrEqual(2);
    }
    expect(fed.maxGlobalConcurrency()).toBeLessThanOrEqual(5);
    expect(Math.max(...hosts.map((h) => fed.maxConcurrency(h)))).toBe(2);
  });

  it('reports a non-JSON body as bad_body from json()', async () => {
    const res = await fed.http.request({ url: fed.url('html.example', '/') });
    expect(res.text()).toContain('nginx');
    expect(() => res.json()).toThrow(NetError);
    try {
      res.json();
    } catch (e) {
      expect((e as NetError).kind).toBe('bad_body');
    }
  });

  it('stops when the caller aborts', async () => {
    const ctl = new AbortController();
    const p = fed.http.request({ url: fed.url('slowloris.example', '/'), signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    expect((await failure(p)).kind).toBe('aborted');
  });

  it('rejects bad connect-to entries when the client is made', () => {
    expect(() => createHttpClient({ allowHttp: false, allowPrivateNetwork: false, connectTo: ['nonsense'] })).toThrow(/HOST:ADDR:PORT/);
  });
});

describe('http client limits on a raw local server', () => {
  let server: Server;
  let port = 0;
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  // 16 MB of zeros gzip to about 16 KB: a decompression bomb if anything inflated it.
  const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never inflates a compressed body: the cap counts the bytes on the wire, and none is asked for', async () => {
    const c = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [] });
    try {
      const res = await c.request({ url: `http://127.0.0.1:${port}/`, maxBytes: 64 * 1024 });
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body.byteLength).toBe(bomb.byteLength);
      expect(() => res.json()).toThrow(NetError);
      expect((await failure(c.request({ url: `http://127.0.0.1:${port}/`, maxBytes: 1024 }))).kind).toBe('too_large');
      expect(seen[0]?.['accept-encoding']).toBeUndefined();
    } finally {
      await c.close();
    }
  });

  it('refuses every spelling of a private address in a URL: numeric, hex, octal, short, mapped, trailing dot, localhost', async () => {
    const c = createHttpClient({ allowHttp: true, allowPrivateNetwork: false, connectTo: [] });
    const before = seen.length;
    try {
      for (const url of [
        `http://2130706433:${port}/`, `http://0x7f.1:${port}/`, `http://0177.0.0.1:${port}/`, `http://127.1:${port}/`,
        `http://[::ffff:7f00:1]:${port}/`, `http://[::]:${port}/`, `http://0.0.0.0:${port}/`, `http://0:${port}/`,
        `http://localhost:${port}/`, `http://localhost.:${port}/`, `http://LOCALHOST:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`,
      ]) {
        const e = await failure(c.request({ url }));
        expect([url, e.kind]).toEqual([url, 'blocked_address']);
      }
      expect(seen.length).toBe(before);
    } finally {
      await c.close();
    }
  });
});

describe('http client in plain-http mode', () => {
  let fed: Fediverse;
  beforeAll(async () => {
    fed = await startFediverse({ protocol: 'http', hosts: [{ name: 'plain.example', accounts: [{ username: 'zed' }] }] });
  });
  afterAll(async () => fed.close());

  it('reaches a plain-http server only with allowHttp', async () => {
    expect(fed.url('plain.example', '/x')).toBe('http://plain.example/x');
    const res = await fed.http.request({ url: fed.actorUrl('zed@plain.example') });
    expect(res.status).toBe(200);
    const strict = fed.client({ allowHttp: false });
    expect((await failure(strict.request({ url: fed.actorUrl('zed@plain.example') }))).kind).toBe('insecure_url');
  });
});
