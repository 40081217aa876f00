/**
 * The GoToSocial flavor: a past `scheduled_at` is a backdated import (docs/user_guide/importing_posts.md, 0.18+)
 * with GoToSocial's refusals (internal/processing/status/create.go), and its nodeinfo.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './call.js';
import { validateEntity } from './openapi.js';
import { startMastodonTestServer, type MastodonTestServer } from './server.js';

let server: MastodonTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const NOW = Date.parse('2025-06-01T12:00:00Z');

async function start(): Promise<MastodonTestServer> {
  server = await startMastodonTestServer({ domain: 'home.test', flavor: 'gotosocial', version: '0.18.3', accounts: [{ acct: 'alice@far.test' }], now: () => NOW });
  return server;
}

describe('GoToSocial flavor', () => {
  it('says gotosocial and its version in nodeinfo and the instance', async () => {
    const s = await start();
    const links = await call(s, 'GET', '/.well-known/nodeinfo', { token: null });
    const href = new URL((links.body.links as { href: string }[])[0]!.href);
    expect((await call(s, 'GET', href.pathname, { token: null })).body.software).toEqual({ name: 'gotosocial', version: '0.18.3' });
    expect((await call(s, 'GET', '/api/v2/instance', { token: null })).body.version).toBe('0.18.3');
  });

  it('backdates a status with a past scheduled_at: a Status with created_at = scheduled_at, flagged in applied', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'from 2012', scheduled_at: '2012-03-04T05:06:07Z', visibility: 'unlisted' } });
    expect(r.status).toBe(200);
    expect(validateEntity('Status', r.json)).toEqual([]);
    expect(r.body).toMatchObject({ created_at: '2012-03-04T05:06:07.000Z', text: 'from 2012', visibility: 'unlisted' });
    expect(s.appliedStatuses()).toMatchObject([{ backdated: true, createdAt: '2012-03-04T05:06:07.000Z' }]);
    // Its id sorts by its date: a later normal post comes first in the account's statuses.
    await call(s, 'POST', '/api/v1/statuses', { form: { status: 'today' } });
    const list = await call(s, 'GET', `/api/v1/accounts/${s.idOf('me@home.test')}/statuses`);
    expect((list.json as { content: string }[]).map((x) => x.content)).toEqual(['<p>today</p>', '<p>from 2012</p>']);
  });

  it('allows a backdated self-reply, and refuses replies to others, mentions of others and polls with 403', async () => {
    const s = await start();
    const root = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'root', scheduled_at: '2012-01-01T00:00:00Z' } });
    const self = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'more', in_reply_to_id: String(root.body.id), scheduled_at: '2012-01-01T00:01:00Z' } });
    expect(self.status).toBe(200);
    expect(self.body.in_reply_to_id).toBe(root.body.id);

    const theirs = s.addStatusBy('alice@far.test', 'hello');
    const refusals = [
      [{ status: 'reply', in_reply_to_id: theirs, scheduled_at: '2012-01-01T00:00:00Z' }, "Forbidden: replies to others can't be backfilled"],
      [{ status: 'hi @alice@far.test', scheduled_at: '2012-01-01T00:00:00Z' }, "Forbidden: statuses mentioning others can't be backfilled"],
      [{ status: 'vote', 'poll[options][]': ['a', 'b'], 'poll[expires_in]': '3600', scheduled_at: '2012-01-01T00:00:00Z' }, "Forbidden: statuses with polls can't be backfilled"],
    ] as const;
    for (const [form, error] of refusals) {
      const r = await call(s, 'POST', '/api/v1/statuses', { form: form as Record<string, string | string[]> });
      expect(r, error).toMatchObject({ status: 403, json: { error } });
    }
    // Not backdated, the same reply and mention are fine.
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'hi @alice@far.test', in_reply_to_id: theirs } })).status).toBe(200);
    expect(s.appliedStatuses().map((x) => x.backdated)).toEqual([true, true, false]);
  });

  it('refuses a date at or before the Unix epoch (406) and a scheduled_at less than 5 minutes ahead (422)', async () => {
    const s = await start();
    const epoch = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', scheduled_at: '1970-01-01T00:00:00Z' } });
    expect(epoch).toMatchObject({ status: 406, json: { error: "Not Acceptable: statuses can't be backdated to or before the UNIX epoch" } });
    const soon = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', scheduled_at: new Date(NOW + 60_000).toISOString() } });
    expect(soon.status).toBe(422);
    expect(s.applied).toEqual([]);
  });

  it('answers a ScheduledStatus for a future scheduled_at, as usual', async () => {
    const s = await start();
    const r = await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x', scheduled_at: '2025-06-02T00:00:00Z' } });
    expect(validateEntity('ScheduledStatus', r.json)).toEqual([]);
    expect(s.applied.map((w) => w.kind)).toEqual(['scheduled_status']);
  });

  it('answers content errors with 400 as GoToSocial does, counting runes', async () => {
    const s = await start();
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: '' } })).json).toEqual({ error: 'Bad Request: status contains no text, media or poll' });
    expect((await call(s, 'POST', '/api/v1/statuses', { form: { status: 'x'.repeat(501) } })).status).toBe(400);
  });
});
