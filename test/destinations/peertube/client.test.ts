import { describe, expect, it } from 'vitest';
import { PeerTubeClient } from '../../../src/destinations/peertube/client.js';
import { destinationKindFor } from '../../../src/destinations/registry.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/net/types.js';
import { fakeClock } from '../../net/fakeClock.js';

type Handler = (req: HttpRequest, url: URL) => { status: number; body?: unknown; headers?: Record<string, string> };

function fakeHttp(handler: Handler): HttpClient & { seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    async request(req: HttpRequest): Promise<HttpResponse> {
      seen.push(req);
      const a = handler(req, new URL(req.url));
      const text = a.body === undefined ? '' : JSON.stringify(a.body);
      const body = new TextEncoder().encode(text);
      return { url: req.url, status: a.status, headers: a.headers ?? {}, body, text: () => text, json: () => JSON.parse(text) };
    },
    async close() {},
  } as unknown as HttpClient & { seen: HttpRequest[] };
}

const base = { baseUrl: 'https://tube.example', clock: fakeClock(), maxWaitMs: 0, channel: null };

describe('PeerTube adapter', () => {
  it('is chosen by nodeinfo software peertube; others stay on the Mastodon API', () => {
    expect(destinationKindFor('peertube').kind).toBe('peertube');
    expect(destinationKindFor('mastodon').kind).toBe('mastodon-api');
  });

  it('a subscription answered 204 is requested, and following once the server shows it', async () => {
    const subscribed = new Set<string>();
    const http = fakeHttp((req, url) => {
      if (req.method === 'POST' && url.pathname === '/api/v1/users/me/subscriptions') return { status: 204 };
      if (url.pathname === '/api/v1/users/me/subscriptions/exist') {
        return { status: 200, body: Object.fromEntries(url.searchParams.getAll('uris').map((u) => [u, subscribed.has(u)])) };
      }
      return { status: 404 };
    });
    const c = new PeerTubeClient({ ...base, http, token: 't' });
    const f = await c.accounts.follow('chan@other.example', { idempotencyKey: 'k' });
    expect(f).toEqual({ ok: true, value: expect.objectContaining({ following: false, requested: true }) });
    expect(JSON.parse(String(http.seen[0]!.body))).toEqual({ uri: 'chan@other.example' });
    expect((await c.accounts.relationships(['chan@other.example'])).ok && (await c.accounts.relationships(['chan@other.example']))).toMatchObject({ value: [{ following: false }] });
    subscribed.add('chan@other.example');
    expect(await c.accounts.relationships(['chan@other.example'])).toMatchObject({ ok: true, value: [{ following: true }] });
    expect(c.accounts.settlesLater).toBe(true);
  });

  it('refreshes an expired access token once on 401 and retries', async () => {
    const http = fakeHttp((req) => (req.headers?.authorization === 'Bearer fresh'
      ? { status: 200, body: { total: 1, data: [{ name: 'chan', host: 'other.example' }] } }
      : { status: 401, body: { status: 401, code: 'invalid_token', detail: 'expired' } }));
    let refreshes = 0;
    const c = new PeerTubeClient({ ...base, http, token: 'old', refresh: async () => { refreshes++; return 'fresh'; } });
    expect(await c.accounts.following()).toEqual({ ok: true, value: [{ id: 'chan@other.example', acct: 'chan@other.example', locked: false }] });
    expect(refreshes).toBe(1);
  });

  it('reads the profile: quota, used, the first channel or --channel', async () => {
    const http = fakeHttp((_req, url) => {
      if (url.pathname === '/api/v1/users/me') return { status: 200, body: { username: 'me', account: { id: 4 }, videoQuota: 1000, videoQuotaDaily: -1, videoChannels: [{ id: 1, name: 'first' }, { id: 2, name: 'second' }] } };
      if (url.pathname === '/api/v1/users/me/video-quota-used') return { status: 200, body: { videoQuotaUsed: 300, videoQuotaUsedDaily: 10 } };
      return { status: 404 };
    });
    const p = await new PeerTubeClient({ ...base, http, token: 't' }).profile();
    expect(p.videos).toEqual({ quotaBytes: 1000, quotaUsedBytes: 300, dailyQuotaBytes: null, dailyUsedBytes: 10, channel: { id: 1, name: 'first' }, channelAsked: null });
    const q = await new PeerTubeClient({ ...base, http, token: 't', channel: 'Second' }).profile();
    expect(q.videos?.channel).toEqual({ id: 2, name: 'second' });
  });

  it('resumable upload: Location, 308 Range offsets, a 413 quota_reached code kept in the failure', async () => {
    const http = fakeHttp((req, url): ReturnType<Handler> => {
      if (req.method === 'POST') {
        if (req.headers?.['x-upload-content-length'] === '999') return { status: 413, body: { status: 413, code: 'quota_reached', detail: 'quota' } };
        return { status: 201, headers: { location: '/api/v1/videos/upload-resumable?upload_id=abc' } };
      }
      if (req.headers?.['content-range'] === 'bytes */100') return { status: 308, headers: { range: 'bytes=0-49' } };
      if (url.searchParams.get('upload_id') === 'abc') return { status: 200, body: { video: { id: 9, uuid: 'u' } } };
      return { status: 404 };
    });
    const c = new PeerTubeClient({ ...base, http, token: 't' });
    const meta = { channelId: 1, name: 'abc', description: null, tags: [], privacy: 1 as const, originallyPublishedAt: null, language: null, category: null, fileName: 'a.mp4', mime: 'video/mp4', size: 100 };
    const s = await c.videos.startUpload(meta, { idempotencyKey: 'k' });
    expect(s).toEqual({ ok: true, value: { sessionUrl: 'https://tube.example/api/v1/videos/upload-resumable?upload_id=abc' } });
    const url = s.ok ? s.value.sessionUrl : '';
    expect(await c.videos.uploadOffset(url, 100)).toEqual({ ok: true, value: { state: 'partial', offset: 50 } });
    const last = await c.videos.sendChunk(url, 50, 100, { length: 50, stream: async function* () { yield new Uint8Array(50); } });
    expect(last).toEqual({ ok: true, value: { state: 'finished', video: { id: '9', uuid: 'u', name: '', originallyPublishedAt: null } } });
    expect(http.seen.at(-1)?.headers?.['content-range']).toBe('bytes 50-99/100');
    const big = await c.videos.startUpload({ ...meta, size: 999 }, { idempotencyKey: 'k' });
    expect(big.ok ? null : big.failure).toMatchObject({ kind: 'too_large', status: 413, reason: '413 quota_reached: quota', code: 'quota_reached' });
  });
});
