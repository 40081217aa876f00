/** The apply loop's stops, against the fake destination: the soft stop and a rate limit longer than --max-wait. */
import { describe, expect, it } from 'vitest';
import type { ApplyProgress } from '../../src/apply/types.js';
import { RateLimitExceeded } from '../../src/destinations/types.js';
import { fixedClock } from '../plan/builders.js';
import { accountAction, mediaAction, postAction, run, statuses } from './builders.js';
import { FakeDestination } from './fakeDestination.js';
import { MemoryJournal } from './memoryJournal.js';

const ACCOUNTS = [{ acct: 'alice@far.test' }, { acct: 'carol@far.test' }, { acct: 'dave@far.test' }];

function setup() {
  const clock = fixedClock();
  return { clock, fake: new FakeDestination({ accounts: ACCOUNTS, clock }), journal: new MemoryJournal() };
}

const actions = [accountAction('follow', 'alice@far.test'), accountAction('follow', 'carol@far.test'), accountAction('follow', 'dave@far.test')];

describe('applyPlan stops', () => {
  it('a soft stop during a write lets that write finish and records its answer, then stops before the next action', async () => {
    const { clock, fake, journal } = setup();
    const stop = new AbortController();
    fake.onCall('follow', () => stop.abort());
    const r = await run(actions, fake, journal, { clock, signal: stop.signal });
    expect(r.stopped).toEqual({ reason: 'interrupted' });
    expect(statuses(r)).toEqual({ 'follow:alice@far.test': 'done', 'follow:carol@far.test': 'planned', 'follow:dave@far.test': 'planned' });
    expect(r.counts).toEqual({ done: 1, pending: 0, failed: 0, skipped: 0, left: 2 });
    expect(fake.writesOf('follow')).toHaveLength(1);
    expect(journal.statusesOf('follow:carol@far.test')).toEqual([]);
  });

  it('a rate limit thrown at a write puts that action back to planned (rate_limited, the family) and stops with the time to resume', async () => {
    const { clock, fake, journal } = setup();
    const resumeAt = new Date(clock.now() + 24 * 3600_000);
    fake.throwOnce('follow', new RateLimitExceeded(resumeAt, 'follows/24h'));
    const r = await run(actions, fake, journal, { clock });
    expect(r.stopped).toEqual({ reason: 'rate_limit', resumeAt, limit: 'follows/24h' });
    expect(journal.statusesOf('follow:alice@far.test')).toEqual(['sent', 'planned']);
    expect(r.states.get('follow:alice@far.test')).toEqual({ status: 'planned', reason: { code: 'rate_limited', detail: 'follows/24h' } });
    expect(fake.calls.filter((c) => c === 'lookup')).toHaveLength(1);
    expect(r.counts.left).toBe(3);

    // The next run sends it without a check: it never reached the server.
    const next = await run(actions, fake, journal, { clock });
    expect(next.counts.done).toBe(3);
    expect(fake.calls.filter((c) => c === 'relationships')).toEqual([]);
  });

  it('a rate limit at an upload or a post write leaves it planned too, and the next run sends each once', async () => {
    const { clock, fake, journal } = setup();
    const m = mediaAction('1');
    const p = postAction('1', { media: [m.key] });
    fake.throwOnce('upload', new RateLimitExceeded(new Date(clock.now() + 1800_000), 'media/30min'));
    const first = await run([m, p], fake, journal, { clock });
    expect(first.states.get(m.key)).toEqual({ status: 'planned', reason: { code: 'rate_limited', detail: 'media/30min' } });
    expect(first.states.get(p.key)?.status).toBe('planned');
    fake.throwOnce('create', new RateLimitExceeded(new Date(clock.now() + 3 * 3600_000), 'statuses/3h'));
    const second = await run([m, p], fake, journal, { clock });
    expect(second.stopped).toMatchObject({ reason: 'rate_limit', limit: 'statuses/3h' });
    expect(second.states.get(p.key)).toEqual({ status: 'planned', reason: { code: 'rate_limited', detail: 'statuses/3h' } });
    const third = await run([m, p], fake, journal, { clock });
    expect(statuses(third)).toEqual({ [m.key]: 'done', [p.key]: 'done' });
    expect(fake.writesOf('media')).toHaveLength(1);
    expect(fake.writesOf('status')).toHaveLength(1);
  });

  it('an earlier run\'s `sent` stays `sent` when its check meets a rate limit: the next run checks before sending', async () => {
    const { clock, fake, journal } = setup();
    const alice = fake.idOf('alice@far.test');
    fake.following.add(alice); // the earlier follow did reach the server
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: 'follow:alice@far.test', type: 'follow', target: 'alice@far.test', status: 'sent', remoteId: alice });
    fake.throwOnce('relationships', new RateLimitExceeded(new Date(clock.now() + 300_000), 'requests/5min'));
    const r = await run([actions[0]!], fake, journal, { clock });
    expect(r.stopped).toMatchObject({ reason: 'rate_limit', limit: 'requests/5min' });
    expect(journal.state().get('follow:alice@far.test')?.status).toBe('sent');
    expect(journal.events).toHaveLength(1);
    const next = await run([actions[0]!], fake, journal, { clock });
    expect(next.states.get('follow:alice@far.test')?.status).toBe('done');
    expect(fake.writes).toEqual([]);
  });

  it('reports progress per action with the counts so far', async () => {
    const { clock, fake, journal } = setup();
    const seen: ApplyProgress[] = [];
    await run(actions, fake, journal, { clock, onProgress: (p) => seen.push(p) });
    expect(seen.filter((p) => p.current !== null).map((p) => p.current)).toEqual(actions.map((a) => a.key));
    expect(seen.at(-1)).toEqual({ counts: { done: 3, pending: 0, failed: 0, skipped: 0, left: 0 }, total: 3, current: null, waitingUntil: null });
  });
});
