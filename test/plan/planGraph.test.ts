import { describe, expect, it } from 'vitest';
import { planGraph, type GraphPlan, type GraphPlanInput } from '../../src/plan/planGraph.js';
import { reason, type Reason } from '../../src/plan/reasons.js';
import type { ActionState } from '../../src/plan/types.js';
import { contact, emptyExisting, match, model, options } from './builders.js';

const jack = contact('twitter', 'jack', ['following']);
const ann = contact('twitter', 'ann', ['following', 'follower']);
const fan = contact('twitter', 'fan', ['follower']);
const bob = contact('twitter', 'bob', ['following']);
const troll = contact('twitter', 'troll', ['blocked']);
const loud = contact('twitter', 'loud', ['following', 'muted']);

function plan(partial: Partial<GraphPlanInput> & Pick<GraphPlanInput, 'model' | 'matches'>): GraphPlan {
  return planGraph({ options: options(), existing: emptyExisting(), journal: new Map(), ...partial });
}

/** `key=status(code)` or `key=status(code: detail)`. */
const summary = (p: GraphPlan) => p.actions.map((a) => `${a.action.key}=${a.status}${a.reason ? `(${codeOf(a.reason)})` : ''}`);
const codeOf = (r: Reason) => (r.detail ? `${r.code}: ${r.detail}` : r.code);

describe('planGraph', () => {
  it('follows found matches at or above the minimum confidence, with stable keys', () => {
    const p = plan({
      model: model([jack, ann, bob]),
      matches: [match(jack, 'Jack@Example.Social', 'verified'), match(ann, '@ann@example.social', 'high'), match(bob, 'bob@example.social', 'medium')],
    });
    expect(summary(p)).toEqual(['follow:jack@example.social=planned', 'follow:ann@example.social=planned']);
    const first = p.actions[0]!;
    expect(first.action).toEqual({
      key: 'follow:jack@example.social', type: 'follow', handle: 'Jack@Example.Social', confidence: 'verified',
      contact: expect.objectContaining({ username: 'jack' }),
    });
    expect(first.after).toEqual([]);
    expect(p.excluded).toEqual([
      expect.objectContaining({ handle: 'bob@example.social', confidence: 'medium', reason: reason('below_min_confidence', 'medium < high') }),
    ]);
    expect(p.notes).toEqual([{ code: 'below_min_confidence', count: 1, minConfidence: 'high' }]);
  });

  it('a lower threshold or the user approval lets medium and low matches through; unchecked ones are left out', () => {
    const matches = [match(jack, 'jack@example.social', 'low'), match(bob, 'bob@example.social', 'medium'), match(ann, 'ann@example.social', 'verified')];
    const lower = plan({ model: model([jack, ann, bob]), matches, options: options({ minConfidence: 'medium' }) });
    expect(summary(lower)).toEqual(['follow:ann@example.social=planned', 'follow:bob@example.social=planned']);
    const approved = plan({
      model: model([jack, ann, bob]), matches,
      options: options({ approved: new Set(['jack@example.social']), rejected: new Set(['ann@example.social']) }),
    });
    expect(summary(approved)).toEqual(['follow:jack@example.social=planned']);
    expect(approved.excluded.map((e) => [e.handle, e.reason])).toEqual([
      ['bob@example.social', reason('below_min_confidence', 'medium < high')],
      ['ann@example.social', reason('unchecked_by_you')],
    ]);
  });

  it('records why not-found, ambiguous, gone and failed lookups produce no action', () => {
    const a = contact('twitter', 'a', ['following']);
    const b = contact('twitter', 'b', ['following']);
    const c = contact('twitter', 'c', ['following']);
    const d = contact('twitter', 'd', ['following']);
    const p = plan({
      model: model([a, b, c, d]),
      matches: [
        match(a, null, null, 'not_found'),
        match(b, 'b@one.example', null, 'ambiguous', { candidates: ['b@one.example', 'b@two.example'] }),
        match(c, null, null, 'gone', { error: 'HTTP 410' }),
        match(d, null, null, 'error', { error: 'timeout' }),
      ],
    });
    expect(p.actions).toEqual([]);
    expect(p.excluded.map((e) => e.reason)).toEqual([
      { code: 'no_account_found' },
      { code: 'ambiguous', detail: 'b@one.example, b@two.example' },
      { code: 'account_gone', detail: 'HTTP 410' },
      { code: 'lookup_error', detail: 'timeout' },
    ]);
  });

  it('followers are reported, and followed only when asked', () => {
    const matches = [match(fan, 'fan@example.social', 'verified'), match(ann, 'ann@example.social', 'verified')];
    const p = plan({ model: model([fan, ann]), matches });
    expect(summary(p)).toEqual(['follow:ann@example.social=planned']);
    expect(p.excluded[0]?.reason).toEqual({ code: 'follower_not_asked', detail: 'twitter' });
    expect(p.notes).toEqual([{ code: 'followers_not_followed', count: 1 }]);
    const asked = plan({ model: model([fan, ann]), matches, options: options({ followFollowers: true }) });
    expect(summary(asked)).toEqual(['follow:fan@example.social=planned', 'follow:ann@example.social=planned']);
    expect(asked.notes).toEqual([]);
  });

  it('blocks and mutes only when asked, and never follows a blocked contact', () => {
    const matches = [match(troll, 'troll@example.social', 'verified'), match(loud, 'loud@example.social', 'high')];
    const off = plan({ model: model([troll, loud]), matches });
    expect(summary(off)).toEqual(['follow:loud@example.social=planned']);
    expect(off.excluded.map((e) => [e.handle, e.reason])).toEqual([['troll@example.social', { code: 'blocked_not_asked', detail: 'twitter' }]]);
    const on = plan({ model: model([troll, loud]), matches, options: options({ blocks: true, mutes: true }) });
    expect(summary(on)).toEqual(['follow:loud@example.social=planned', 'block:troll@example.social=planned', 'mute:loud@example.social=planned']);
  });

  it('skips what the account already has, with a reason', () => {
    const existing = emptyExisting();
    existing.following.add('jack@example.social');
    existing.blocked.add('troll@example.social');
    existing.lists.set('From Twitter', new Set(['jack@example.social']));
    const p = plan({
      model: model([jack, troll, ann]),
      matches: [match(jack, 'JACK@example.social', 'verified'), match(troll, 'troll@example.social', 'verified'), match(ann, 'ann@example.social', 'high')],
      options: options({ blocks: true, lists: true }),
      existing,
    });
    expect(summary(p)).toEqual([
      'follow:jack@example.social=skipped(already_following)',
      'follow:ann@example.social=planned',
      'block:troll@example.social=skipped(already_blocked)',
      'list_add:From Twitter:jack@example.social=skipped(already_in_list)',
      'list_add:From Twitter:ann@example.social=planned',
    ]);
  });

  it('adds to a list per source platform, after the follow', () => {
    const insta = contact('instagram', 'jack_ig', ['following']);
    const p = plan({
      model: model([jack, insta]),
      matches: [match(jack, 'jack@example.social', 'verified'), match(insta, 'jack@example.social', 'high')],
      options: options({ lists: true }),
    });
    expect(summary(p)).toEqual([
      'follow:jack@example.social=planned',
      'list_add:From Twitter:jack@example.social=planned',
      'list_add:From Instagram:jack@example.social=planned',
    ]);
    expect(p.actions[1]).toMatchObject({ after: ['follow:jack@example.social'], action: { type: 'list_add', list: 'From Twitter', handle: 'jack@example.social' } });
    expect(p.actions[2]?.after).toEqual(['follow:jack@example.social']);
    const named = plan({
      model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')],
      options: options({ lists: true, listName: (platform) => `old ${platform}` }),
    });
    expect(named.actions[1]?.action.key).toBe('list_add:old twitter:jack@example.social');
  });

  it('deduplicates two contacts on one handle, keeping the strongest confidence', () => {
    const jack2 = contact('twitter', 'jack_alt', ['following']);
    const p = plan({
      model: model([jack, jack2]),
      matches: [match(jack, 'jack@example.social', 'high'), match(jack2, '@JACK@example.social', 'verified')],
    });
    expect(p.actions).toHaveLength(1);
    expect(p.actions[0]?.action).toMatchObject({ type: 'follow', handle: 'jack@example.social', confidence: 'verified' });
  });

  it('the follow ceiling skips the weakest excess follows and says so', () => {
    const people = ['a', 'b', 'c', 'd'].map((n) => contact('twitter', n, ['following']));
    const confidences = ['high', 'verified', 'high', 'verified'] as const;
    const p = plan({
      model: model(people),
      matches: people.map((c, i) => match(c, `${c.username}@example.social`, confidences[i]!)),
      options: options({ followLimit: 2, lists: true }),
    });
    expect(summary(p)).toEqual([
      'follow:b@example.social=planned',
      'follow:d@example.social=planned',
      'follow:a@example.social=skipped(follow_limit)',
      'follow:c@example.social=skipped(follow_limit)',
      'list_add:From Twitter:a@example.social=skipped(follow_limit)',
      'list_add:From Twitter:b@example.social=planned',
      'list_add:From Twitter:c@example.social=skipped(follow_limit)',
      'list_add:From Twitter:d@example.social=planned',
    ]);
    expect(p.notes).toEqual([{ code: 'follow_limit', ceiling: 7500, room: 2, skipped: 2 }]);
    const smaller = plan({
      model: model(people), matches: people.map((c) => match(c, `${c.username}@example.social`, 'high')),
      options: options({ followLimit: 3, followCeiling: 5000 }),
    });
    expect(smaller.notes).toEqual([{ code: 'follow_limit', ceiling: 5000, room: 3, skipped: 1 }]);
    const none = plan({ model: model(people), matches: people.map((c) => match(c, `${c.username}@x.example`, 'high')), options: options({ followLimit: -5 }) });
    expect(none.actions.every((a) => a.status === 'skipped')).toBe(true);
  });

  it('resumes from the journal: under-way actions keep their state and do not use the ceiling', () => {
    const people = ['a', 'b', 'c', 'd', 'e'].map((n) => contact('twitter', n, ['following']));
    const base = plan({ model: model(people), matches: people.map((c) => match(c, `${c.username}@example.social`, 'verified')) });
    const state = (i: number, status: ActionState['status'], why: Reason | null = null): [string, ActionState] => {
      const item = base.actions[i]!;
      return [item.action.key, { action: item.action, status, reason: why }];
    };
    const existing = emptyExisting();
    existing.following.add('b@example.social');
    const journal = new Map([
      state(0, 'done'),
      state(1, 'sent'), // the account now shows it: confirmed
      state(2, 'pending'),
      state(3, 'failed', reason('forbidden', '403: nope')),
      state(4, 'skipped', reason('follow_limit')), // recomputed
    ]);
    const p = planGraph({
      model: model(people), matches: people.map((c) => match(c, `${c.username}@example.social`, 'verified')),
      options: options({ followLimit: 1 }), existing, journal,
    });
    expect(summary(p)).toEqual([
      'follow:a@example.social=done',
      'follow:b@example.social=done',
      'follow:c@example.social=pending',
      'follow:d@example.social=failed(forbidden: 403: nope)',
      'follow:e@example.social=planned',
    ]);
    expect(p.notes).toEqual([]);
  });

  it('a list addition whose follow failed stays planned behind it: the run retries the follow first', () => {
    const base = plan({ model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')] });
    const follow = base.actions[0]!;
    const p = planGraph({
      model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')],
      options: options({ lists: true }), existing: emptyExisting(),
      journal: new Map<string, ActionState>([[follow.action.key, { action: follow.action, status: 'failed', reason: reason('refused', '422') }]]),
    });
    expect(summary(p)).toEqual(['follow:jack@example.social=failed(refused: 422)', 'list_add:From Twitter:jack@example.social=planned']);
    expect(p.actions[1]?.after).toEqual([follow.action.key]);
  });

  it('finds relations by username or display name when the id is absent, and flags unknown contacts', () => {
    const fb = contact('facebook', 'x', ['friend'], { id: null, username: null, displayName: 'Ana Lima' });
    const stranger = contact('twitter', 'stranger', ['following']);
    const p = plan({ model: model([fb]), matches: [match(fb, 'ana@example.social', 'high'), match(stranger, 'st@example.social', 'high')] });
    expect(summary(p)).toEqual(['follow:ana@example.social=planned']);
    expect(p.excluded.map((e) => [e.handle, e.reason])).toEqual([['st@example.social', { code: 'not_in_archive' }]]);
  });

  it('switching follows off plans no follows and says why', () => {
    const p = plan({ model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')], options: options({ follows: false, lists: true }) });
    expect(p.actions).toEqual([]);
    expect(p.excluded[0]?.reason).toEqual({ code: 'follows_off' });
  });

  it('is pure: the same input gives the same plan and the inputs are untouched', () => {
    const input: GraphPlanInput = {
      model: model([jack, ann]), matches: [match(jack, 'jack@example.social', 'verified'), match(ann, 'ann@example.social', 'high')],
      options: options({ lists: true }), existing: emptyExisting(), journal: new Map(),
    };
    const before = JSON.stringify({ ...input, journal: [...input.journal] });
    expect(planGraph(input)).toEqual(planGraph(input));
    expect(JSON.stringify({ ...input, journal: [...input.journal] })).toBe(before);
  });
});
