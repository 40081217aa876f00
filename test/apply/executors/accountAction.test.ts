/** Follow, block and mute executors against the fake destination, through the apply loop's state machine. */
import { describe, expect, it } from 'vitest';
import { RateLimitExceeded } from '../../../src/destinations/types.js';
import { fixedClock } from '../../plan/builders.js';
import { accountAction, listAdd, mediaAction, postAction, run, statuses } from '../builders.js';
import { FakeDestination, NETWORK_FAILURE } from '../fakeDestination.js';
import { MemoryJournal } from '../memoryJournal.js';

const ACCOUNTS = [{ acct: 'alice@far.test' }, { acct: 'bob@far.test', locked: true }, { acct: 'carol@far.test' }];

function setup(extra: Partial<ConstructorParameters<typeof FakeDestination>[0]> = {}) {
  const clock = fixedClock();
  return { clock, fake: new FakeDestination({ accounts: ACCOUNTS, clock, ...extra }), journal: new MemoryJournal() };
}

describe('account executors: send', () => {
  it('follows an open account at once and records `sent` on the journal before the write goes out', async () => {
    const { clock, fake, journal } = setup();
    const seen: (string | undefined)[] = [];
    fake.onCall('follow', () => {
      seen.push(journal.state().get('follow:alice@far.test')?.status);
    });
    const r = await run([accountAction('follow', 'Alice@far.test')], fake, journal, { clock });
    expect(seen).toEqual(['sent']);
    expect(r.states.get('follow:alice@far.test')).toEqual({ status: 'done', reason: null });
    expect(journal.state().get('follow:alice@far.test')?.remoteId).toBe(fake.idOf('alice@far.test'));
    expect(journal.statusesOf('follow:alice@far.test')).toEqual(['sent', 'done']);
    expect(fake.writesOf('follow')).toEqual([{ kind: 'follow', target: fake.idOf('alice@far.test'), idempotencyKey: expect.stringMatching(/^[0-9a-f]{40}$/) }]);
  });

  it('keeps a follow of a locked account pending with follow_pending', async () => {
    const { clock, fake, journal } = setup();
    const r = await run([accountAction('follow', 'bob@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'pending', reason: { code: 'follow_pending' } });
    expect(r.counts).toEqual({ done: 0, pending: 1, failed: 0, skipped: 0, left: 0 });
  });

  it('blocks and mutes', async () => {
    const { clock, fake, journal } = setup();
    const r = await run([accountAction('block', 'alice@far.test'), accountAction('mute', 'carol@far.test')], fake, journal, { clock });
    expect(statuses(r)).toEqual({ 'block:alice@far.test': 'done', 'mute:carol@far.test': 'done' });
    expect([...fake.blocking]).toEqual([fake.idOf('alice@far.test')]);
    expect([...fake.muting]).toEqual([fake.idOf('carol@far.test')]);
  });

  it('an account the server cannot find, or a lookup that fails, is failed with its code and nothing is written', async () => {
    const { clock, fake, journal } = setup();
    fake.fail('lookup', { kind: 'server', status: 502, reason: '502 for /api/v2/search' });
    const r = await run([accountAction('follow', 'alice@far.test'), accountAction('follow', 'nobody@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'lookup_failed', detail: '502 for /api/v2/search' } });
    expect(r.states.get('follow:nobody@far.test')).toEqual({ status: 'failed', reason: { code: 'account_not_found', detail: 'nobody@far.test' } });
    expect(fake.writes).toEqual([]);
    // Never `sent`: nothing was on its way.
    expect(journal.events.some((e) => e.status === 'sent')).toBe(false);
  });

  it('a refused write is failed with the server\'s code and message, and the run goes on', async () => {
    const { clock, fake, journal } = setup();
    fake.fail('follow', { kind: 'forbidden', status: 403, reason: '403: This action is not allowed' });
    const r = await run([accountAction('follow', 'alice@far.test'), accountAction('follow', 'carol@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'forbidden', detail: '403: This action is not allowed' } });
    expect(r.states.get('follow:carol@far.test')?.status).toBe('done');
  });
});

describe.each(['follow', 'block', 'mute'] as const)('%s executor after a lost answer', (type) => {
  it('the write was applied: the next run finds it and does not send it again', async () => {
    const { clock, fake, journal } = setup();
    fake.loseAnswer(type);
    const action = accountAction(type, 'alice@far.test');
    const first = await run([action], fake, journal, { clock });
    expect(first.states.get(action.key)).toEqual({ status: 'failed', reason: { code: 'network_error', detail: NETWORK_FAILURE.reason } });
    expect(fake.writesOf(type)).toHaveLength(1);

    const second = await run([action], fake, journal, { clock });
    expect(second.states.get(action.key)).toEqual({ status: 'done', reason: null });
    expect(fake.writesOf(type)).toHaveLength(1);
    expect(fake.calls.filter((c) => c === type)).toHaveLength(1);
  });

  it('the write never reached the server (killed after `sent`): the next run checks, then sends it once', async () => {
    const { clock, fake, journal } = setup();
    const action = accountAction(type, 'alice@far.test');
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: action.key, type, target: action.handle, status: 'sent', remoteId: fake.idOf('alice@far.test') });
    const r = await run([action], fake, journal, { clock });
    expect(r.states.get(action.key)?.status).toBe('done');
    expect(fake.calls.indexOf('relationships')).toBeLessThan(fake.calls.indexOf(type));
    expect(fake.writesOf(type)).toHaveLength(1);
  });

  it('a check that fails on the network neither sends nor gives up: failed could_not_check, checked again next run', async () => {
    const { clock, fake, journal } = setup();
    const action = accountAction(type, 'alice@far.test');
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: action.key, type, target: action.handle, status: 'sent' });
    fake.fail('relationships', NETWORK_FAILURE);
    const first = await run([action], fake, journal, { clock });
    expect(first.states.get(action.key)).toEqual({ status: 'failed', reason: { code: 'could_not_check' } });
    expect(fake.writes).toEqual([]);
    const second = await run([action], fake, journal, { clock });
    expect(second.states.get(action.key)?.status).toBe('done');
    expect(fake.writesOf(type)).toHaveLength(1);
  });
});

describe('follow executor: recheck of a pending request', () => {
  async function pendingBob() {
    const s = setup();
    await run([accountAction('follow', 'bob@far.test')], s.fake, s.journal, { clock: s.clock });
    expect(s.journal.state().get('follow:bob@far.test')?.status).toBe('pending');
    return s;
  }

  it('accepted since: done, without another follow', async () => {
    const { clock, fake, journal } = await pendingBob();
    fake.approve('bob@far.test');
    const r = await run([accountAction('follow', 'bob@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'done', reason: null });
    expect(fake.writesOf('follow')).toHaveLength(1);
  });

  it('declined or withdrawn: skipped follow_declined', async () => {
    const { clock, fake, journal } = await pendingBob();
    fake.decline('bob@far.test');
    const r = await run([accountAction('follow', 'bob@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'skipped', reason: { code: 'follow_declined' } });
    expect(fake.writesOf('follow')).toHaveLength(1);
  });

  it('still waiting: pending, and no new journal line', async () => {
    const { clock, fake, journal } = await pendingBob();
    const lines = journal.events.length;
    const r = await run([accountAction('follow', 'bob@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'pending', reason: { code: 'follow_pending' } });
    expect(journal.events).toHaveLength(lines);
  });

  it('a re-check that fails keeps it pending and says so', async () => {
    const { clock, fake, journal } = await pendingBob();
    fake.fail('relationships', NETWORK_FAILURE);
    const r = await run([accountAction('follow', 'bob@far.test')], fake, journal, { clock });
    expect(r.states.get('follow:bob@far.test')).toEqual({ status: 'pending', reason: { code: 'follow_pending', detail: 'could not re-check' } });
    expect(fake.writesOf('follow')).toHaveLength(1);
  });
});

describe('a destination without the capability', () => {
  it('skips every action it cannot do as unsupported_by_destination, without a call', async () => {
    const { clock, fake, journal } = setup({ capabilities: [] });
    const actions = [
      accountAction('follow', 'alice@far.test'), accountAction('block', 'alice@far.test'), accountAction('mute', 'alice@far.test'),
      listAdd('alice@far.test'), mediaAction('1'), postAction('1'),
    ];
    const r = await run(actions, fake, journal, { clock });
    for (const a of actions) expect(r.states.get(a.key)).toEqual({ status: 'skipped', reason: { code: 'unsupported_by_destination' } });
    expect(fake.calls).toEqual([]);
  });

  it('media uploads need the export\'s files too: without a media source they are skipped', async () => {
    const { clock, fake, journal } = setup();
    const r = await run([mediaAction('1')], fake, journal, { clock, media: null });
    expect(r.states.get('media:twitter:1:1')).toEqual({ status: 'skipped', reason: { code: 'unsupported_by_destination' } });
  });

  it('a rate limit thrown by a lookup (before any write) leaves the action planned, not sent', async () => {
    const { clock, fake, journal } = setup();
    fake.throwOnce('lookup', new RateLimitExceeded(new Date(clock.now() + 3600_000), 'requests/5min'));
    const r = await run([accountAction('follow', 'alice@far.test')], fake, journal, { clock });
    expect(r.stopped).toMatchObject({ reason: 'rate_limit', limit: 'requests/5min' });
    expect(journal.events).toEqual([]);
    expect(r.counts.left).toBe(1);
  });
});
