import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/applyPlan.js';
import { systemClock } from '../../src/clock.js';
import { MastodonClient } from '../../src/destinations/mastodon/client.js';
import type { AccountsPort, Destination } from '../../src/destinations/types.js';
import type { Action } from '../../src/plan/types.js';
import { mastodonClientSetup } from '../mastodon-server/client.js';
import type { MastodonTestServerOptions } from '../mastodon-server/server.js';
import { MemoryJournal } from './memoryJournal.js';

const startServer = mastodonClientSetup([
  { acct: 'alice@far.test' },
  { acct: 'bob@far.test', locked: true },
  { acct: 'carol@other.test' },
  { acct: 'dave@other.test' },
]);

async function setup(options: Partial<MastodonTestServerOptions> = {}, maxWaitMs = 60_000) {
  const { server, http, client } = await startServer(options, { maxWaitMs });
  return { server, http, destination: client };
}

function follow(handle: string): Action {
  return { key: `follow:${handle}`, type: 'follow', handle, contact: null, confidence: 'verified' };
}
function listAdd(handle: string, list = 'From Twitter'): Action {
  return { key: `list_add:${list}:${handle}`, type: 'list_add', handle, list, contact: null, confidence: 'verified' };
}
function block(handle: string): Action {
  return { key: `block:${handle}`, type: 'block', handle, contact: null, confidence: null };
}

/** A clock for the test server that stands at the time it was made until `run()`, then follows the system clock. */
function standingClock() {
  let standing: number | null = Date.now();
  return { now: () => standing ?? Date.now(), run: () => void (standing = null) };
}

const deps = (destination: Destination, journal: MemoryJournal) => ({ destination, journal, clock: systemClock, account: 'me@home.test' });

/** The same destination with some of its account calls replaced. */
function withAccounts(destination: MastodonClient, replace: Partial<AccountsPort>): Destination {
  const accounts = Object.assign(Object.create(destination.accounts) as AccountsPort, replace);
  return {
    whoami: () => destination.whoami(), profile: () => destination.profile(),
    accounts, lists: destination.lists, statuses: destination.statuses, media: destination.media,
  };
}

describe('applyPlan', () => {
  it('follows, keeps follow requests pending, and adds to lists only once the follow is done', async () => {
    const { server, destination } = await setup();
    const journal = new MemoryJournal();
    const actions = [follow('alice@far.test'), follow('bob@far.test'), listAdd('alice@far.test'), listAdd('bob@far.test')];
    const first = await applyPlan(actions, deps(destination, journal));
    expect(first.stopped).toBeNull();
    expect(Object.fromEntries([...first.states].map(([k, v]) => [k, v.status]))).toEqual({
      'follow:alice@far.test': 'done',
      'follow:bob@far.test': 'pending',
      'list_add:From Twitter:alice@far.test': 'done',
      'list_add:From Twitter:bob@far.test': 'pending',
    });
    expect(server.applied.filter((w) => w.kind === 'list_add').map((w) => w.target)).toEqual(['From Twitter:alice@far.test']);
    expect(first.states.get('follow:bob@far.test')?.reason).toEqual({ code: 'follow_pending' });
    expect(first.states.get('list_add:From Twitter:bob@far.test')?.reason).toEqual({ code: 'list_waits_for_follow' });
    // Every write was journalled as `sent` before it went out.
    const sentKeys = journal.events.filter((e) => e.status === 'sent').map((e) => e.key);
    expect(sentKeys).toEqual(['follow:alice@far.test', 'follow:bob@far.test', 'list_add:From Twitter:alice@far.test']);

    server.approve('bob@far.test');
    const second = await applyPlan(actions, deps(destination, journal));
    expect(second.counts).toEqual({ done: 4, pending: 0, failed: 0, skipped: 0, left: 0 });
    expect(server.applied.filter((w) => w.kind === 'follow').length).toBe(2);
    expect(server.applied.filter((w) => w.kind === 'list_create').length).toBe(1);
  });

  it('goes on after a failed action and records why it failed', async () => {
    const { server, destination } = await setup({ failures: { 'alice@far.test': { status: 422, error: 'Validation failed: nope' } } });
    const journal = new MemoryJournal();
    const r = await applyPlan([follow('alice@far.test'), follow('nobody@far.test'), follow('carol@other.test'), block('dave@other.test')], deps(destination, journal));
    expect(r.states.get('follow:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'refused', detail: expect.stringContaining('Validation failed: nope') } });
    expect(r.states.get('follow:nobody@far.test')).toEqual({ status: 'failed', reason: { code: 'account_not_found', detail: 'nobody@far.test' } });
    expect(r.states.get('follow:carol@other.test')?.status).toBe('done');
    expect(r.states.get('block:dave@other.test')?.status).toBe('done');
    expect(server.followedAccts()).toEqual(['carol@other.test']);
  });

  it('reconciles an action left `sent` instead of sending it again', async () => {
    const { server, destination } = await setup({ alreadyFollowing: ['alice@far.test'] });
    const journal = new MemoryJournal();
    await journal.append({ v: 1, at: new Date().toISOString(), key: 'follow:alice@far.test', type: 'follow', target: 'alice@far.test', status: 'sent', remoteId: server.idOf('alice@far.test') });
    await journal.append({ v: 1, at: new Date().toISOString(), key: 'follow:carol@other.test', type: 'follow', target: 'carol@other.test', status: 'sent' });
    const r = await applyPlan([follow('alice@far.test'), follow('carol@other.test')], deps(destination, journal));
    expect(r.counts.done).toBe(2);
    // alice was followed already: no follow request went out for her; carol's was lost, so it was sent once.
    expect(server.writeRequests().map((q) => q.path)).toEqual([`/api/v1/accounts/${server.idOf('carol@other.test')}/follow`]);
  });

  it('skips a follow request the other side declined, and the list_add waiting for it', async () => {
    const { server, destination } = await setup();
    const journal = new MemoryJournal();
    const actions = [follow('bob@far.test'), listAdd('bob@far.test')];
    await applyPlan(actions, deps(destination, journal));
    server.decline('bob@far.test');
    const r = await applyPlan(actions, deps(destination, journal));
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'skipped', reason: { code: 'follow_declined' } });
    expect(r.states.get('list_add:From Twitter:bob@far.test')).toEqual({ status: 'skipped', reason: { code: 'list_follow_failed', detail: 'follow_declined' } });
    expect(server.applied.filter((w) => w.kind === 'follow').length).toBe(1);
  });

  it('stops cleanly on a rate limit longer than --max-wait and resumes later without repeating', async () => {
    // The server's clock stands still during the first run, so that its 1.5 s window cannot pass between
    // the second follow and the third however slow the machine is; it runs again for the second run.
    const clock = standingClock();
    const { server, http, destination } = await setup({ limits: { follows: { limit: 2, windowMs: 1500 } }, now: clock.now }, 0);
    const journal = new MemoryJournal();
    const actions = [follow('alice@far.test'), follow('carol@other.test'), follow('dave@other.test')];
    const first = await applyPlan(actions, deps(destination, journal));
    clock.run();
    expect(first.stopped).toMatchObject({ reason: 'rate_limit', limit: 'follows/24h' });
    expect(first.counts).toEqual({ done: 2, pending: 0, failed: 0, skipped: 0, left: 1 });
    expect(journal.state().get('follow:dave@other.test')).toMatchObject({ status: 'planned', reason: { code: 'rate_limited', detail: 'follows/24h' } });

    const patient = new MastodonClient({ http, baseUrl: server.publicUrl, token: server.token, clock: systemClock, maxWaitMs: 10_000, localDomain: 'home.test' });
    const second = await applyPlan(actions, deps(patient, journal));
    expect(second.stopped).toBeNull();
    expect(second.counts.done).toBe(3);
    expect(server.applied.filter((w) => w.kind === 'follow').map((w) => w.target)).toEqual(['alice@far.test', 'carol@other.test', 'dave@other.test']);
  });

  it('keeps an earlier run\'s `sent` action `sent` when its reconciliation meets a long rate limit, and never sends it twice', async () => {
    // The server's clock stands still until the first run has met the limit (as above).
    const clock = standingClock();
    const { server, http, destination } = await setup({ alreadyFollowing: ['alice@far.test'], limits: { requests: { limit: 1, windowMs: 1500 } }, now: clock.now }, 0);
    const journal = new MemoryJournal();
    // A previous run was killed after its follow reached the server but before the answer was journalled.
    await journal.append({ v: 1, at: new Date().toISOString(), key: 'follow:alice@far.test', type: 'follow', target: 'alice@far.test', status: 'sent', remoteId: server.idOf('alice@far.test') });
    expect((await destination.whoami()).ok).toBe(true); // spends the only request of the window
    const first = await applyPlan([follow('alice@far.test')], deps(destination, journal));
    clock.run();
    expect(first.stopped).toMatchObject({ reason: 'rate_limit', limit: 'requests/5min' });
    // Not put back to `planned`: that would make the next run send the follow without checking.
    expect(journal.state().get('follow:alice@far.test')?.status).toBe('sent');
    expect(first.counts.left).toBe(1);

    const patient = new MastodonClient({ http, baseUrl: server.publicUrl, token: server.token, clock: systemClock, maxWaitMs: 10_000, localDomain: 'home.test' });
    const second = await applyPlan([follow('alice@far.test')], deps(patient, journal));
    expect(second.states.get('follow:alice@far.test')?.status).toBe('done');
    expect(server.writeRequests()).toEqual([]);
  });

  it('does not send again a `sent` action whose check fails on the network, and checks again on the next run', async () => {
    let dropChecks = true;
    const { server, destination } = await setup({
      alreadyFollowing: ['alice@far.test'],
      hook: (e) => (e.phase === 'received' && dropChecks && e.request.path === '/api/v1/accounts/relationships' ? 'drop' : undefined),
    });
    const journal = new MemoryJournal();
    await journal.append({ v: 1, at: new Date().toISOString(), key: 'follow:alice@far.test', type: 'follow', target: 'alice@far.test', status: 'sent', remoteId: server.idOf('alice@far.test') });
    const first = await applyPlan([follow('alice@far.test')], deps(destination, journal));
    expect(first.states.get('follow:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'could_not_check' } });
    expect(server.writeRequests()).toEqual([]);

    dropChecks = false;
    const second = await applyPlan([follow('alice@far.test')], deps(destination, journal));
    expect(second.states.get('follow:alice@far.test')?.status).toBe('done');
    expect(server.writeRequests()).toEqual([]);
  });

  it('keeps a follow request pending when the re-check answer leaves the account out', async () => {
    const { server, destination } = await setup();
    const journal = new MemoryJournal();
    const actions = [follow('bob@far.test'), listAdd('bob@far.test')];
    await applyPlan(actions, deps(destination, journal));
    // A server that answers relationships with an empty array (it knows nothing about the account).
    const silent = withAccounts(destination, { relationships: async () => ({ ok: true, value: [] }) });
    const r = await applyPlan(actions, deps(silent, journal));
    expect(r.states.get('follow:bob@far.test')?.status).toBe('pending');
    expect(r.states.get('list_add:From Twitter:bob@far.test')?.status).toBe('pending');
    server.approve('bob@far.test');
    const third = await applyPlan(actions, deps(destination, journal));
    expect(third.counts).toEqual({ done: 2, pending: 0, failed: 0, skipped: 0, left: 0 });
  });
});
