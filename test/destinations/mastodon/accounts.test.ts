import { describe, expect, it } from 'vitest';
import { MastodonAccounts } from '../../../src/destinations/mastodon/accounts.js';
import { MastodonApi } from '../../../src/destinations/mastodon/api.js';
import { NetError, type HttpClient, type HttpRequest, type HttpResponse } from '../../../src/net/types.js';

const clock = { now: () => 0, sleep: async () => {} };

function json(status: number, value: unknown): HttpResponse {
  const body = new TextEncoder().encode(JSON.stringify(value));
  return { url: 'http://home.test/', status, headers: {}, body, text: () => JSON.stringify(value), json: () => value };
}

/** An HTTP client whose first `drops` requests lose their connection, as on snac's silently closed keep-alive. */
function droppingClient(drops: number): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    async request(req) {
      sent.push(req);
      if (sent.length <= drops) throw new NetError('connect', req.url, 'connection to home.test failed (ECONNRESET)');
      return json(200, { id: '7', following: true, requested: false, blocking: false, muting: false });
    },
  };
}

function accounts(http: HttpClient): MastodonAccounts {
  const api = new MastodonApi({ http, baseUrl: 'http://home.test', token: 't', clock, maxWaitMs: 0 });
  return new MastodonAccounts(api, 'home.test', async () => ({ ok: true, value: { id: '1', acct: 'me', locked: false } }));
}

describe('MastodonAccounts writes over a dropped connection', () => {
  it('sends a follow again once when the connection drops under it (following twice is following once)', async () => {
    const http = droppingClient(1);
    const r = await accounts(http).follow('7', { idempotencyKey: 'k' });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ id: '7', following: true }) });
    expect(http.sent.map((s) => `${s.method} ${s.url}`)).toEqual(['POST http://home.test/api/v1/accounts/7/follow', 'POST http://home.test/api/v1/accounts/7/follow']);
  });

  it('gives up after the second drop, with the network failure', async () => {
    const http = droppingClient(2);
    const r = await accounts(http).block('7', { idempotencyKey: 'k' });
    expect(r).toMatchObject({ ok: false, failure: { kind: 'network' } });
    expect(http.sent).toHaveLength(2);
  });
});
