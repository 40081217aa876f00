/**
 * POST /api/v1/statuses, GET /api/v1/statuses/:id and GET /api/v1/accounts/:id/statuses on the test server
 * (Mastodon flavor): validation, Idempotency-Key, threads, visibility, pagination, and what `applied` records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './call.js';
import { validateAnswer, validateEntity } from './openapi.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from './server.js';

let server: MastodonTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Partial<MastodonTestServerOptions> = {}): Promise<MastodonTestServer> {
  server = await startMastodonTestServer({ domain: 'home.test', accounts: [{ acct: 'alice@far.test' }], ...options });
  return server;
}

describe('POST /api/v1/statuses', () => {
  it('creates a status from a form body, records it once with its fields, and answers a valid Status', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v1/statuses', {
      form: { status: 'Hello #Fediverse https://example.com/a', visibility: 'unlisted', spoiler_text: 'cw', sensitive: 'true', language: 'en' },
    });
    expect(r.status).toBe(200);
    expect(validateAnswer('POST', '/api/v1/statuses', 200, r.json)).toEqual([]);
    expect(validateEntity('Status', r.json)).toEqual([]);
    expect(r.body).toMatchObject({ visibility: 'unlisted', spoiler_text: 'cw', sensitive: true, language: 'en', in_reply_to_id: null });
    expect(r.body.content).toContain('<a href="https://example.com/a"');
    expect(r.body.tags).toEqual([{ name: 'fediverse', url: 'http://home.test/tags/fediverse' }]);
    expect(s.applied).toEqual([{
      kind: 'status', target: r.body.id,
      status: {
        id: r.body.id, text: 'Hello #Fediverse https://example.com/a', spoilerText: 'cw', sensitive: true, visibility: 'unlisted',
        language: 'en', inReplyToId: null, mediaIds: [], mentions: [], createdAt: r.body.created_at, backdated: false,
        scheduledAt: null, idempotencyKey: null,
      },
    }]);
  });

  it('accepts a JSON body, and threads a reply to its parent', async () => {
    const s = await start();
    const root = await call(s, 'POST', '/api/v1/statuses', { json: { status: 'one' } });
    const reply = await call(s, 'POST', '/api/v1/statuses', { json: { status: 'two', in_reply_to_id: root.body.id, visibility: 'private' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ in_reply_to_id: root.body.id, in_reply_to_account_id: s.idOf('me@home.test'), visibility: 'private' });
    expect(s.appliedStatuses().map((x) => [x.text, x.inReplyToId])).toEqual([['one', null], ['two', root.body.id]]);
    expect((await call(s, 'GET', `/api/v1/statuses/${root.body.id}`)).body.replies_count).toBe(1);
  });

  it('refuses a status with no text and no media: 422 "Text can\'t be blank", nothing recorded', async () => {
    const s = await start();
    for (const form of [{}, { status: '  \n ' }] as Record<string, string>[]) {
      const r = await call(s, 'POST', '/api/v1/statuses', { form });
      expect(r.status).toBe(422);
      expect(r.json).toEqual({ error: "Validation failed: Text can't be blank" });
      expect(validateEntity('Error', r.json)).toEqual([]);
    }
    expect(s.applied).toEqual([]);
  });

  it('counts length the Mastodon way: a URL is 23 characters, a remote mention its local part, an emoji one', async () => {
    const s = await start({ maxCharacters: 30 });
    const longUrl = `https://example.com/${'x'.repeat(200)}`;
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: `${'a'.repeat(6)} ${longUrl}` } })).status).toBe(200); // 6 + 1 + 23
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: `${'a'.repeat(7)} ${longUrl}` } })).status).toBe(422); // 31
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: `@alice@far.test ${'b'.repeat(23)}` } })).status).toBe(200); // @alice = 6
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: '👩‍👩‍👧'.repeat(30) } })).status).toBe(200);
    const over = await call(s, 'POST', '/api/v1/statuses', { form: { status: '👩‍👩‍👧'.repeat(29), spoiler_text: 'ab' } });
    expect(over).toMatchObject({ status: 422, json: { error: 'Validation failed: Text character limit of 30 exceeded' } });
    expect(s.appliedStatuses()).toHaveLength(3);
  });

  it('records the known accounts a text mentions (they would be notified)', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'hi @alice@far.test and @nobody@nowhere.test, see https://x.test/@alice' } });
    expect(r.body.mentions).toEqual([{ id: s.idOf('alice@far.test'), username: 'alice', url: 'http://far.test/@alice', acct: 'alice@far.test' }]);
    expect(s.appliedStatuses()[0]!.mentions).toEqual(['alice@far.test']);
  });

  it('refuses a reply to a status that does not exist (404) and an unknown visibility (422)', async () => {
    const s = await start();
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', in_reply_to_id: '999' } })).status).toBe(404);
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', visibility: 'everyone' } })).status).toBe(422);
    expect(s.applied).toEqual([]);
  });

  it('makes a ScheduledStatus for a scheduled_at 5 minutes ahead or more, and posts now for an earlier one', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const s = await start({ now: () => now });
    const later = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'later', scheduled_at: '2025-01-01T01:00:00Z' } });
    expect(later.status).toBe(200);
    expect(validateEntity('ScheduledStatus', later.json)).toEqual([]);
    expect(later.body.scheduled_at).toBe('2025-01-01T01:00:00.000Z');
    const past = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'past', scheduled_at: '2015-01-01T00:00:00Z' } });
    expect(validateEntity('Status', past.json)).toEqual([]);
    expect(past.body.created_at).toBe('2025-01-01T00:00:00.000Z');
    expect(s.applied.map((w) => w.kind)).toEqual(['scheduled_status', 'status']);
    expect(s.appliedStatuses()[0]!.backdated).toBe(false);
  });
});

describe('Idempotency-Key', () => {
  it('answers the same status for the same key within an hour, and makes a new one after it', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const s = await start({ now: () => now });
    const post = (status: string, key: string) => call(s, 'POST', '/api/v1/statuses', { form: { status }, headers: { 'idempotency-key': key } });
    const first = await post('hello', 'k1');
    const again = await post('hello', 'k1');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await post('other', 'k2')).body.id).not.toBe(first.body.id);
    now += 59 * 60 * 1000;
    expect((await post('hello', 'k1')).body.id).toBe(first.body.id);
    now += 2 * 60 * 1000;
    expect((await post('hello', 'k1')).body.id).not.toBe(first.body.id);
    expect(s.appliedStatuses().map((x) => [x.text, x.idempotencyKey])).toEqual([['hello', 'k1'], ['other', 'k2'], ['hello', 'k1']]);
  });

  it('does not keep the key of a refused status', async () => {
    const s = await start();
    const headers = { 'idempotency-key': 'same' };
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: '' }, headers })).status).toBe(422);
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'now with text' }, headers })).status).toBe(200);
    expect(s.appliedStatuses()).toHaveLength(1);
  });

  it('is ignored in snac mode: the same key twice makes two statuses', async () => {
    const s = await start({ flavor: 'snac' });
    const headers = { 'idempotency-key': 'same' };
    const a = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'hello' }, headers });
    const b = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'hello' }, headers });
    expect(a.body.id).not.toBe(b.body.id);
    expect(s.appliedStatuses()).toHaveLength(2);
  });
});

describe('reading statuses back', () => {
  it('GET /api/v1/statuses/:id answers the status, or 404', async () => {
    const s = await start();
    const made = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x' } });
    const got = await call(s, 'GET', `/api/v1/statuses/${made.body.id}`);
    expect(got.json).toEqual(made.json);
    expect(validateAnswer('GET', `/api/v1/statuses/${made.body.id}`, 200, got.json)).toEqual([]);
    const missing = await call(s, 'GET', '/api/v1/statuses/1');
    expect(missing).toMatchObject({ status: 404, json: { error: 'Record not found' } });
  });

  it('lists an account\'s statuses newest first, with limit, max_id, since_id, min_id and Link pagination', async () => {
    const s = await start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(String((await call(s, 'POST', '/api/v1/statuses', { form: { status: `post ${i}` } })).body.id));
    const me = s.idOf('me@home.test');
    const first = await call(s, 'GET', `/api/v1/accounts/${me}/statuses?limit=2`);
    expect(validateAnswer('GET', `/api/v1/accounts/${me}/statuses`, 200, first.json)).toEqual([]);
    expect((first.json as { id: string }[]).map((x) => x.id)).toEqual([ids[4], ids[3]]);
    const link = first.headers.get('link')!;
    expect(link).toContain(`max_id=${ids[3]}>; rel="next"`);
    expect(link).toContain(`min_id=${ids[4]}>; rel="prev"`);
    const next = new URL(/<([^>]+)>; rel="next"/u.exec(link)![1]!);
    const second = await call(s, 'GET', `${next.pathname}${next.search}`);
    expect((second.json as { id: string }[]).map((x) => x.id)).toEqual([ids[2], ids[1]]);
    const since = await call(s, 'GET', `/api/v1/accounts/${me}/statuses?since_id=${ids[2]}`);
    expect((since.json as { id: string }[]).map((x) => x.id)).toEqual([ids[4], ids[3]]);
    const min = await call(s, 'GET', `/api/v1/accounts/${me}/statuses?min_id=${ids[0]}&limit=2`);
    expect((min.json as { id: string }[]).map((x) => x.id)).toEqual([ids[2], ids[1]]);
    const last = await call(s, 'GET', `/api/v1/accounts/${me}/statuses?max_id=${ids[1]}&limit=2`);
    expect((last.json as { id: string }[]).map((x) => x.id)).toEqual([ids[0]]);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    expect((await call(s, 'GET', '/api/v1/accounts/nobody/statuses')).status).toBe(404);
    expect((await call(s, 'GET', '/api/v1/accounts/verify_credentials')).body.statuses_count).toBe(5);
  });
});
