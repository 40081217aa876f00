import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { MastodonClient } from '../../../src/destinations/mastodon/client.js';
import { RateLimitExceeded } from '../../../src/destinations/types.js';
import { reasonOfFailure } from '../../../src/apply/outcomes.js';
import { reasonText } from '../../../src/report/reasonWords.js';
import { mastodonClientSetup } from '../../mastodon-server/client.js';

const setup = mastodonClientSetup([
  { acct: 'alice@far.test' },
  { acct: 'bob@far.test', locked: true },
  { acct: 'carol@other.test' },
  { acct: 'dave@other.test' },
  { acct: 'erin@other.test' },
]);

describe('MastodonClient', () => {
  it('reads the signed-in account and the server software and limits', async () => {
    const { client } = await setup();
    const me = await client.whoami();
    expect(me).toEqual({ ok: true, value: expect.objectContaining({ acct: 'me', locked: false }) });
    const info = await client.profile();
    expect(info).toMatchObject({ kind: 'mastodon-api', software: 'mastodon', version: '4.3.0', maxFollows: 7500 });
    expect(info.posts).toMatchObject({ maxCharacters: 500, urlLength: 23, maxMedia: 4, canBackdate: false });
  });

  it('does not read nodeinfo again when the software is already known (the adapter was chosen by it)', async () => {
    const { http, server } = await setup();
    const known = new MastodonClient({
      http, baseUrl: server.publicUrl, token: server.token, clock: systemClock, maxWaitMs: 0, localDomain: 'home.test',
      software: { name: 'gotosocial', version: '0.18.0' },
    });
    const profile = await known.profile();
    expect(profile).toMatchObject({ software: 'gotosocial', version: '0.18.0', posts: { canBackdate: true } });
    expect(server.requests.filter((r) => r.path.includes('nodeinfo'))).toEqual([]);
  });

  it('falls back gracefully when nodeinfo and the instance endpoints are missing', async () => {
    const { client, http } = await setup();
    // A client aimed at a host the test server treats as a remote actor host: no nodeinfo, no instance.
    const bare = new MastodonClient({ http, baseUrl: 'http://far.test', token: 'x', clock: systemClock, maxWaitMs: 0 });
    // Mastodon's documented defaults stand in for what the server does not say.
    expect(await bare.profile()).toMatchObject({ software: 'unknown', version: null, maxFollows: null, posts: { maxCharacters: 500, maxMedia: 4 } });
    expect((await client.profile()).software).toBe('mastodon');
  });

  it('finds a remote account through search with resolve=true, and says null for no such account', async () => {
    const { client, server } = await setup();
    const found = await client.accounts.lookup('@Alice@Far.test');
    expect(found).toEqual({ ok: true, value: { id: server.idOf('alice@far.test'), acct: 'alice@far.test', locked: false } });
    const search = server.requests.find((r) => r.path === '/api/v2/search')!;
    expect(search.query.get('resolve')).toBe('true');
    expect(await client.accounts.lookup('nobody@far.test')).toEqual({ ok: true, value: null });
  });

  it('follows: an open account at once, a locked one as a pending request, and relationships tell them apart', async () => {
    const { client, server } = await setup();
    const alice = await client.accounts.lookup('alice@far.test');
    const bob = await client.accounts.lookup('bob@far.test');
    if (!alice.ok || !alice.value || !bob.ok || !bob.value) throw new Error('lookup failed');
    const a = await client.accounts.follow(alice.value.id, { idempotencyKey: 'k1' });
    const b = await client.accounts.follow(bob.value.id, { idempotencyKey: 'k2' });
    expect(a).toEqual({ ok: true, value: expect.objectContaining({ following: true, requested: false }) });
    expect(b).toEqual({ ok: true, value: expect.objectContaining({ following: false, requested: true }) });
    const follow = server.requests.find((r) => r.path.endsWith('/follow'))!;
    expect(follow.headers['idempotency-key']).toBe('k1');
    server.approve('bob@far.test');
    const rels = await client.accounts.relationships([alice.value.id, bob.value.id]);
    expect(rels.ok && rels.value.map((r) => [r.id, r.following, r.requested])).toEqual([
      [alice.value.id, true, false],
      [bob.value.id, true, false],
    ]);
  });

  it('reads every page of the following list through the Link header', async () => {
    const accts = ['alice@far.test', 'carol@other.test', 'dave@other.test', 'erin@other.test'];
    const { client, server } = await setup({ alreadyFollowing: accts, pageSize: 2 });
    const r = await client.accounts.following();
    expect(r.ok && r.value.map((a) => a.acct).sort()).toEqual(accts.sort());
    expect(server.requests.filter((q) => q.path.endsWith('/following')).length).toBe(2);
  });

  it('creates lists, adds followed accounts, and reads which lists hold an account', async () => {
    const { client, server } = await setup({ alreadyFollowing: ['carol@other.test'] });
    const list = await client.lists.createList('From Twitter', { idempotencyKey: 'l1' });
    if (!list.ok) throw new Error(list.failure.reason);
    const carol = server.idOf('carol@other.test');
    expect(await client.lists.addToList(list.value.id, [carol], { idempotencyKey: 'l2' })).toEqual({ ok: true, value: undefined });
    expect(await client.lists.listsOf(carol)).toEqual({ ok: true, value: [{ id: list.value.id, title: 'From Twitter' }] });
    expect(await client.lists.lists()).toEqual({ ok: true, value: [{ id: list.value.id, title: 'From Twitter' }] });
  });

  it('maps 401, 403, 422 and 5xx answers to failures with clear reasons', async () => {
    const { client, server, http } = await setup({
      failures: {
        'alice@far.test': { status: 422, error: 'Validation failed: You have reached the follow limit' },
        'carol@other.test': { status: 503 },
        'dave@other.test': { status: 403, error: 'This action is not allowed' },
      },
    });
    const id = async (acct: string) => {
      const r = await client.accounts.lookup(acct);
      if (!r.ok || !r.value) throw new Error('lookup');
      return r.value.id;
    };
    const a = await client.accounts.follow(await id('alice@far.test'), { idempotencyKey: 'a' });
    expect(a).toEqual({ ok: false, failure: { kind: 'invalid', status: 422, reason: expect.stringContaining('follow limit') } });
    const c = await client.accounts.follow(await id('carol@other.test'), { idempotencyKey: 'c' });
    expect(c.ok === false && c.failure.kind).toBe('server');
    expect(c.ok === false && c.failure.reason).toMatch(/^503\b/);
    // A server error is a code whose words tell the user a re-run tries again.
    if (c.ok) throw new Error('expected a failure');
    expect(reasonOfFailure(c.failure)).toEqual({ code: 'server_error', detail: c.failure.reason });
    expect(reasonText(reasonOfFailure(c.failure))).toMatch(/503.*re-run/);
    const d = await client.accounts.block(await id('dave@other.test'), { idempotencyKey: 'd' });
    expect(d.ok === false && d.failure).toMatchObject({ kind: 'forbidden', status: 403 });

    const wrong = new MastodonClient({ http, baseUrl: server.publicUrl, token: 'wrong-token', clock: systemClock, maxWaitMs: 0 });
    const w = await wrong.whoami();
    expect(w.ok === false && w.failure.kind).toBe('unauthorized');
    expect(w.ok === false && w.failure.reason).not.toContain('wrong-token');
  });

  it('waits for Retry-After on a 429 when --max-wait allows it', async () => {
    const { client, server } = await setup({ limits: { requests: { limit: 2, windowMs: 1200 } } }, { maxWaitMs: 10_000 });
    for (let i = 0; i < 4; i++) expect((await client.lists.lists()).ok).toBe(true);
    expect(server.requests.some((r) => r.path === '/api/v1/lists')).toBe(true);
  });

  it('throws RateLimitExceeded, naming when to come back, when the wait is longer than --max-wait', async () => {
    const { client } = await setup({ limits: { follows: { limit: 1, windowMs: 3_600_000 } } }, { maxWaitMs: 1000 });
    const alice = await client.accounts.lookup('alice@far.test');
    const carol = await client.accounts.lookup('carol@other.test');
    if (!alice.ok || !alice.value || !carol.ok || !carol.value) throw new Error('lookup');
    expect((await client.accounts.follow(alice.value.id, { idempotencyKey: 'x' })).ok).toBe(true);
    const before = Date.now();
    const error = await client.accounts.follow(carol.value.id, { idempotencyKey: 'y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExceeded);
    expect((error as RateLimitExceeded).limit).toBe('follows/24h');
    expect((error as RateLimitExceeded).resumeAt.getTime()).toBeGreaterThan(before + 3_000_000);
    // Lookups are another family: they are not held up by the spent follow budget.
    expect((await client.accounts.lookup('dave@other.test')).ok).toBe(true);
  });
});
