/** The list_add executor: waits for its follow, makes each list once, and is never sent twice. */
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../plan/builders.js';
import { accountAction, listAdd, run, statuses } from '../builders.js';
import { FakeDestination, NETWORK_FAILURE } from '../fakeDestination.js';
import { MemoryJournal } from '../memoryJournal.js';

const ACCOUNTS = [{ acct: 'alice@far.test' }, { acct: 'bob@far.test', locked: true }, { acct: 'carol@far.test' }];

function setup() {
  const clock = fixedClock();
  return { clock, fake: new FakeDestination({ accounts: ACCOUNTS, clock }), journal: new MemoryJournal() };
}

describe('list_add executor', () => {
  it('adds after the follow is done, creating the list once for every addition to it', async () => {
    const { clock, fake, journal } = setup();
    const actions = [accountAction('follow', 'alice@far.test'), accountAction('follow', 'carol@far.test'), listAdd('alice@far.test'), listAdd('carol@far.test')];
    const r = await run(actions, fake, journal, { clock });
    expect(Object.values(statuses(r))).toEqual(['done', 'done', 'done', 'done']);
    expect(fake.writesOf('list_create').map((w) => w.target)).toEqual(['From Twitter']);
    expect(fake.writesOf('list_add').map((w) => w.target)).toEqual([`From Twitter:${fake.idOf('alice@far.test')}`, `From Twitter:${fake.idOf('carol@far.test')}`]);
    expect(fake.calls.filter((c) => c === 'lists')).toHaveLength(1);
  });

  it('reuses a list the account already has, found by its title', async () => {
    const { clock, fake, journal } = setup();
    fake.listStore.set('9', { title: 'From Twitter', members: new Set() });
    await run([accountAction('follow', 'alice@far.test'), listAdd('alice@far.test')], fake, journal, { clock });
    expect(fake.writesOf('list_create')).toEqual([]);
    expect([...fake.listStore.get('9')!.members]).toEqual([fake.idOf('alice@far.test')]);
  });

  it('waits for a pending follow request (list_waits_for_follow), and is added once it is accepted', async () => {
    const { clock, fake, journal } = setup();
    const actions = [accountAction('follow', 'bob@far.test'), listAdd('bob@far.test')];
    const first = await run(actions, fake, journal, { clock });
    expect(first.states.get('list_add:From Twitter:bob@far.test')).toEqual({ status: 'pending', reason: { code: 'list_waits_for_follow' } });
    expect(fake.writesOf('list_add')).toEqual([]);
    fake.approve('bob@far.test');
    const second = await run(actions, fake, journal, { clock });
    expect(statuses(second)).toEqual({ 'follow:bob@far.test': 'done', 'list_add:From Twitter:bob@far.test': 'done' });
    expect(fake.writesOf('list_add')).toHaveLength(1);
  });

  it('a follow that failed fails its addition with the follow\'s code as detail', async () => {
    const { clock, fake, journal } = setup();
    fake.fail('follow', { kind: 'forbidden', status: 403, reason: '403' });
    const r = await run([accountAction('follow', 'alice@far.test'), listAdd('alice@far.test')], fake, journal, { clock });
    expect(r.states.get('list_add:From Twitter:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'list_follow_failed', detail: 'forbidden' } });
    expect(fake.writesOf('list_add')).toEqual([]);
  });

  it('without a follow in the plan: added when the server shows the account followed, else skipped list_not_followed', async () => {
    const { clock, fake, journal } = setup();
    fake.following.add(fake.idOf('alice@far.test'));
    const r = await run([listAdd('alice@far.test'), listAdd('carol@far.test')], fake, journal, { clock });
    expect(r.states.get('list_add:From Twitter:alice@far.test')).toEqual({ status: 'done', reason: null });
    expect(r.states.get('list_add:From Twitter:carol@far.test')).toEqual({ status: 'skipped', reason: { code: 'list_not_followed' } });
  });

  it('an account followed before the run (alreadyFollowing) needs no check', async () => {
    const { clock, fake, journal } = setup();
    fake.following.add(fake.idOf('alice@far.test'));
    const r = await run([listAdd('alice@far.test')], fake, journal, { clock, alreadyFollowing: new Set(['alice@far.test']) });
    expect(r.states.get('list_add:From Twitter:alice@far.test')?.status).toBe('done');
    expect(fake.calls).not.toContain('relationships');
  });

  it('after a lost answer, the next run finds the account in the list and does not add it again', async () => {
    const { clock, fake, journal } = setup();
    const actions = [accountAction('follow', 'alice@far.test'), listAdd('alice@far.test')];
    fake.loseAnswer('addToList');
    const first = await run(actions, fake, journal, { clock });
    expect(first.states.get('list_add:From Twitter:alice@far.test')).toEqual({ status: 'failed', reason: { code: 'network_error', detail: NETWORK_FAILURE.reason } });
    const second = await run(actions, fake, journal, { clock });
    expect(second.states.get('list_add:From Twitter:alice@far.test')).toEqual({ status: 'done', reason: null });
    expect(fake.calls.filter((c) => c === 'addToList')).toHaveLength(1);
  });

  it('left `sent` by a killed run that never reached the server: checked, then sent once', async () => {
    const { clock, fake, journal } = setup();
    fake.following.add(fake.idOf('alice@far.test'));
    const action = listAdd('alice@far.test');
    await journal.append({ v: 1, at: new Date(clock.now()).toISOString(), key: action.key, type: 'list_add', target: action.handle, status: 'sent' });
    const r = await run([action], fake, journal, { clock, alreadyFollowing: new Set(['alice@far.test']) });
    expect(r.states.get(action.key)?.status).toBe('done');
    expect(fake.calls.indexOf('listsOf')).toBeLessThan(fake.calls.indexOf('addToList'));
    expect(fake.writesOf('list_add')).toHaveLength(1);
  });

  it('an account already in the list (422) is done', async () => {
    const { clock, fake, journal } = setup();
    const alice = fake.idOf('alice@far.test');
    fake.following.add(alice);
    fake.listStore.set('9', { title: 'From Twitter', members: new Set([alice]) });
    const r = await run([listAdd('alice@far.test')], fake, journal, { clock, alreadyFollowing: new Set(['alice@far.test']) });
    expect(r.states.get('list_add:From Twitter:alice@far.test')).toEqual({ status: 'done', reason: null });
  });
});
