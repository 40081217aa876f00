/**
 * Rate-limit families on the test server: which family's X-RateLimit-* headers each endpoint shows, 429 with
 * Retry-After when a window is spent, what counts (a status made, not a replay or a refusal), and the reset
 * format. Windows run on the injected clock, so nothing here waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, pngHeader, upload } from './call.js';
import { validateEntity } from './openapi.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from './server.js';

let server: MastodonTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

let now = Date.parse('2025-01-01T00:00:00Z');
async function start(options: Partial<MastodonTestServerOptions>): Promise<MastodonTestServer> {
  now = Date.parse('2025-01-01T00:00:00Z');
  server = await startMastodonTestServer({ domain: 'home.test', accounts: [{ acct: 'alice@far.test' }], now: () => now, ...options });
  return server;
}

const rate = (r: { headers: Headers }) => [r.headers.get('x-ratelimit-limit'), r.headers.get('x-ratelimit-remaining')];
const image = () => upload(pngHeader(10, 10), 'image/png');

describe('rate-limit families', () => {
  it('statuses: counts statuses made (not refusals or replays), shows its own headers, then 429 with Retry-After', async () => {
    const s = await start({ limits: { requests: { limit: 300, windowMs: 300_000 }, statuses: { limit: 2, windowMs: 10_800_000 } } });
    const key = { 'idempotency-key': 'a' };
    expect(rate(await call(s, 'POST', '/api/v1/statuses', { form: { status: 'one' }, headers: key }))).toEqual(['2', '1']);
    expect(rate(await call(s, 'POST', '/api/v1/statuses', { form: { status: 'one' }, headers: key }))).toEqual(['2', '1']);
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: '' } })).status).toBe(422);
    expect(rate(await call(s, 'POST', '/api/v1/statuses', { form: { status: 'two' } }))).toEqual(['2', '0']);
    const refused = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'three' } });
    expect(refused.status).toBe(429);
    expect(validateEntity('Error', refused.json)).toEqual([]);
    expect(refused.headers.get('retry-after')).toBe(String(3 * 3600));
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2025-01-01T03:00:00.000000Z');
    // Other endpoints show the requests family.
    expect(rate(await call(s, 'GET', '/api/v1/accounts/verify_credentials'))).toEqual(['300', '294']);
    now += 3 * 3600 * 1000;
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'three' } })).status).toBe(200);
    expect(s.appliedStatuses().map((x) => x.text)).toEqual(['one', 'two', 'three']);
  });

  it('media: every upload request counts (30 per 30 min in Mastodon), and its headers show when it binds', async () => {
    const s = await start({ limits: { requests: { limit: 300, windowMs: 300_000 }, media: { limit: 2, windowMs: 1_800_000 } } });
    expect(rate(await call(s, 'POST', '/api/v2/media', { multipart: image() }))).toEqual(['2', '1']);
    expect(rate(await call(s, 'POST', '/api/v2/media', { multipart: upload(new Uint8Array(1), 'image/bmp') }))).toEqual(['2', '0']);
    const refused = await call(s, 'POST', '/api/v2/media', { multipart: image() });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1800');
    expect(s.applied.filter((w) => w.kind === 'media')).toHaveLength(1);
    // The connection stays usable after a refused upload.
    expect((await call(s, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200);
  });

  it('requests: every API call counts, and the most limited family is the one shown', async () => {
    const s = await start({ limits: { requests: { limit: 3, windowMs: 300_000 }, statuses: { limit: 300, windowMs: 10_800_000 } } });
    expect(rate(await call(s, 'POST', '/api/v1/statuses', { form: { status: 'a' } }))).toEqual(['3', '2']);
    expect(rate(await call(s, 'GET', '/api/v1/accounts/verify_credentials'))).toEqual(['3', '1']);
    expect(rate(await call(s, 'GET', '/api/v1/accounts/verify_credentials'))).toEqual(['3', '0']);
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'b' } })).status).toBe(429);
    expect(s.appliedStatuses()).toHaveLength(1);
  });

  it('follows: the follow endpoint shows the follows family', async () => {
    const s = await start({ limits: { requests: { limit: 300, windowMs: 300_000 }, follows: { limit: 1, windowMs: 86_400_000 } } });
    const id = s.idOf('alice@far.test');
    await call(s, 'GET', '/api/v2/search?q=alice@far.test&resolve=true');
    expect(rate(await call(s, 'POST', `/api/v1/accounts/${id}/follow`))).toEqual(['1', '0']);
    expect((await call(s, 'POST', `/api/v1/accounts/${id}/follow`)).status).toBe(429);
  });

  it('sends X-RateLimit-Reset as unix seconds when asked, and no rate headers at all in snac mode', async () => {
    const unix = await start({ rateLimitReset: 'unix', limits: { requests: { limit: 5, windowMs: 60_000 } } });
    expect((await call(unix, 'GET', '/api/v1/accounts/verify_credentials')).headers.get('x-ratelimit-reset')).toBe(String(now / 1000 + 60));
    await unix.close();
    const snac = await start({ flavor: 'snac', limits: { requests: { limit: 5, windowMs: 60_000 } } });
    expect((await call(snac, 'GET', '/api/v1/accounts/verify_credentials')).headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('time spent answering', () => {
  it('sums the time from each request\'s arrival to its answer, and the union of busy time', async () => {
    const s = await start({ hook: async (e) => {
      if (e.phase === 'received' && e.request.path === '/api/v1/instance') await new Promise((r) => setTimeout(r, 50));
    } });
    s.resetHandlingTime();
    await Promise.all([call(s, 'GET', '/api/v1/instance'), call(s, 'GET', '/api/v1/instance')]);
    const t = s.handlingTime();
    expect(t.requests).toBe(2);
    expect(t.handlingMs).toBeGreaterThanOrEqual(2 * 45);
    expect(t.busyMs).toBeGreaterThanOrEqual(45);
    expect(t.busyMs).toBeLessThanOrEqual(t.handlingMs);
    s.resetHandlingTime();
    expect(s.handlingTime()).toEqual({ requests: 0, handlingMs: 0, busyMs: 0 });
  });
});
