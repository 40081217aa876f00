/**
 * The statuses adapter against the local test server: a status is created with every field the planner
 * sets, and `recentOwn` reads back past any number of newer posts when asked to reach a date (a backdated
 * GoToSocial status sorts by its original date).
 */
import { describe, expect, it } from 'vitest';
import { mastodonClientSetup } from '../../mastodon-server/client.js';

const setup = mastodonClientSetup([]);

describe('MastodonStatuses', () => {
  it('creates a status with its reply, visibility, content warning, language and Idempotency-Key', async () => {
    const { client, server } = await setup();
    const first = await client.statuses.create({
      text: 'first', mediaIds: [], inReplyToId: null, visibility: 'unlisted', spoilerText: 'cw', sensitive: true,
      language: 'en', backdateTo: null,
    }, { idempotencyKey: 'k1' });
    expect(first.ok).toBe(true);
    const id = first.ok ? first.value.id : '';
    const second = await client.statuses.create({
      text: 'second', mediaIds: [], inReplyToId: id, visibility: 'private', spoilerText: null, sensitive: false,
      language: null, backdateTo: null,
    }, { idempotencyKey: 'k2' });
    expect(second.ok && second.value.inReplyToId).toBe(id);
    const applied = server.appliedStatuses();
    expect(applied.map((s) => [s.text, s.visibility, s.inReplyToId, s.spoilerText, s.language])).toEqual([
      ['first', 'unlisted', null, 'cw', 'en'],
      ['second', 'private', id, '', null],
    ]);
    const sent = server.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(sent).toEqual(['k1', 'k2']);
  });

  it('reads back page after page until it passes the date asked for', async () => {
    const { client, server } = await setup({ flavor: 'gotosocial', version: '0.18.0' });
    const old = await client.statuses.create({
      text: 'from 2015', mediaIds: [], inReplyToId: null, visibility: 'unlisted', spoilerText: null, sensitive: false,
      language: null, backdateTo: '2015-03-04T10:11:12.000Z',
    }, { idempotencyKey: 'old' });
    expect(old.ok).toBe(true);
    for (let i = 0; i < 50; i++) {
      await client.statuses.create({
        text: `from 2010 ${i}`, mediaIds: [], inReplyToId: null, visibility: 'unlisted', spoilerText: null, sensitive: false,
        language: null, backdateTo: new Date(Date.UTC(2010, 0, 1, 0, 0, i)).toISOString(),
      }, { idempotencyKey: `o${i}` });
    }
    for (let i = 0; i < 130; i++) server.addStatusBy('me@home.test', `newer ${i}`);
    const latest = await client.statuses.recentOwn(40);
    expect(latest.ok && latest.value.some((s) => s.text === 'from 2015')).toBe(false);
    const back = await client.statuses.recentOwn(100_000, '2015-03-04T10:11:12.000Z');
    expect(back.ok && back.value.find((s) => s.text === 'from 2015')?.createdAt).toBe('2015-03-04T10:11:12.000Z');
    // 130 newer statuses, then the one from 2015 on the fourth page of 40: no fifth page (the 2010 ones).
    const pages = server.requests.filter((r) => r.path.endsWith('/statuses') && r.method === 'GET').length;
    expect(pages).toBe(1 + 4);
  });
});
