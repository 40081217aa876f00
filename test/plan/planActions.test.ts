import { describe, expect, it } from 'vitest';
import { FOLLOW_LIMIT_REASON, planActions, type PlanInput } from '../../src/plan/planActions.js';
import type { ActionState, Plan } from '../../src/plan/types.js';
import { contact, emptyExisting, match, model, options } from './builders.js';

const jack = contact('twitter', 'jack', ['following']);
const ann = contact('twitter', 'ann', ['following', 'follower']);
const fan = contact('twitter', 'fan', ['follower']);
const bob = contact('twitter', 'bob', ['following']);
const troll = contact('twitter', 'troll', ['blocked']);
const loud = contact('twitter', 'loud', ['following', 'muted']);

function plan(partial: Partial<PlanInput> & Pick<PlanInput, 'model' | 'matches'>): Plan {
  return planActions({ options: options(), existing: emptyExisting(), journal: new Map(), ...partial });
}

const summary = (p: Plan) => p.actions.map((a) => `${a.action.key}=${a.status}${a.reason ? `(${a.reason})` : ''}`);

describe('planActions', () => {
  it('follows found matches at or above the minimum confidence, with stable keys', () => {
    const p = plan({
      model: model([jack, ann, bob]),
      matches: [match(jack, 'Jack@Example.Social', 'verified'), match(ann, '@ann@example.social', 'high'), match(bob, 'bob@example.social', 'medium')],
    });
    expect(summary(p)).toEqual(['follow:jack@example.social=planned', 'follow:ann@example.social=planned']);
    const first = p.actions[0]!;
    expect(first.action).toMatchObject({ type: 'follow', target: 'Jack@Example.Social', list: null, confidence: 'verified' });
    expect(first.action.contact?.username).toBe('jack');
    expect(p.excluded).toEqual([
      expect.objectContaining({ handle: 'bob@example.social', confidence: 'medium', reason: expect.stringContaining('below the minimum (high)') }),
    ]);
    expect(p.notes.join(' ')).toContain('1 match is below the minimum confidence');
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
      ['bob@example.social', expect.stringContaining('below the minimum')],
      ['ann@example.social', 'unchecked by you'],
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
      'no fediverse account found',
      'several candidates: b@one.example, b@two.example',
      'the account is gone: HTTP 410',
      'the lookup failed: timeout',
    ]);
  });

  it('followers are reported, and followed only when asked', () => {
    const matches = [match(fan, 'fan@example.social', 'verified'), match(ann, 'ann@example.social', 'verified')];
    const p = plan({ model: model([fan, ann]), matches });
    expect(summary(p)).toEqual(['follow:ann@example.social=planned']);
    expect(p.excluded[0]?.reason).toContain('follows you on Twitter');
    expect(p.notes.join(' ')).toContain('1 account that follows you was found');
    const asked = plan({ model: model([fan, ann]), matches, options: options({ followFollowers: true }) });
    expect(summary(asked)).toEqual(['follow:fan@example.social=planned', 'follow:ann@example.social=planned']);
  });

  it('blocks and mutes only when asked, and never follows a blocked contact', () => {
    const matches = [match(troll, 'troll@example.social', 'verified'), match(loud, 'loud@example.social', 'high')];
    const off = plan({ model: model([troll, loud]), matches });
    expect(summary(off)).toEqual(['follow:loud@example.social=planned']);
    expect(off.excluded[0]?.reason).toContain('blocked on Twitter');
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
      'follow:jack@example.social=skipped(already following)',
      'follow:ann@example.social=planned',
      'block:troll@example.social=skipped(already blocked)',
      'list_add:From Twitter:jack@example.social=skipped(already in the list)',
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
    expect(p.actions[1]).toMatchObject({ after: 'follow:jack@example.social', action: { type: 'list_add', list: 'From Twitter' } });
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
    expect(p.actions[0]?.action.confidence).toBe('verified');
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
      `follow:a@example.social=skipped(${FOLLOW_LIMIT_REASON})`,
      `follow:c@example.social=skipped(${FOLLOW_LIMIT_REASON})`,
      'list_add:From Twitter:a@example.social=skipped(follow limit (7,500))',
      'list_add:From Twitter:b@example.social=planned',
      'list_add:From Twitter:c@example.social=skipped(follow limit (7,500))',
      'list_add:From Twitter:d@example.social=planned',
    ]);
    expect(p.notes.join(' ')).toMatch(/follow limit bites.*room for 2 more; 2 follows were skipped/);
    const none = plan({ model: model(people), matches: people.map((c) => match(c, `${c.username}@x.example`, 'high')), options: options({ followLimit: -5 }) });
    expect(none.actions.every((a) => a.status === 'skipped')).toBe(true);
  });

  it('resumes from the journal: under-way actions keep their state and do not use the ceiling', () => {
    const people = ['a', 'b', 'c', 'd', 'e'].map((n) => contact('twitter', n, ['following']));
    const base = plan({ model: model(people), matches: people.map((c) => match(c, `${c.username}@example.social`, 'verified')) });
    const state = (i: number, status: ActionState['status'], reason: string | null = null): [string, ActionState] => {
      const item = base.actions[i]!;
      return [item.action.key, { action: item.action, status, reason }];
    };
    const existing = emptyExisting();
    existing.following.add('b@example.social');
    const journal = new Map([
      state(0, 'done'),
      state(1, 'sent'), // the account now shows it: confirmed
      state(2, 'pending'),
      state(3, 'failed', 'HTTP 403'),
      state(4, 'skipped', FOLLOW_LIMIT_REASON), // recomputed
    ]);
    const p = planActions({
      model: model(people), matches: people.map((c) => match(c, `${c.username}@example.social`, 'verified')),
      options: options({ followLimit: 1 }), existing, journal,
    });
    expect(summary(p)).toEqual([
      'follow:a@example.social=done',
      'follow:b@example.social=done',
      'follow:c@example.social=pending',
      'follow:d@example.social=failed(HTTP 403)',
      'follow:e@example.social=planned',
    ]);
    expect(p.notes).toEqual([]);
  });

  it('a list addition whose follow failed stays planned behind it: the run retries the follow first', () => {
    const base = plan({ model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')] });
    const follow = base.actions[0]!;
    const p = planActions({
      model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')],
      options: options({ lists: true }), existing: emptyExisting(),
      journal: new Map([[follow.action.key, { action: follow.action, status: 'failed', reason: 'HTTP 422' }]]),
    });
    expect(summary(p)).toEqual(['follow:jack@example.social=failed(HTTP 422)', 'list_add:From Twitter:jack@example.social=planned']);
    expect(p.actions[1]?.after).toBe(follow.action.key);
  });

  it('finds relations by username or display name when the id is absent, and flags unknown contacts', () => {
    const fb = contact('facebook', 'x', ['friend'], { id: null, username: null, displayName: 'Ana Lima' });
    const stranger = contact('twitter', 'stranger', ['following']);
    const p = plan({ model: model([fb]), matches: [match(fb, 'ana@example.social', 'high'), match(stranger, 'st@example.social', 'high')] });
    expect(summary(p)).toEqual(['follow:ana@example.social=planned']);
    expect(p.excluded[0]?.reason).toBe('not among the contacts of this archive');
  });

  it('switching follows off plans no follows and says why', () => {
    const p = plan({ model: model([jack]), matches: [match(jack, 'jack@example.social', 'verified')], options: options({ follows: false, lists: true }) });
    expect(p.actions).toEqual([]);
    expect(p.excluded[0]?.reason).toBe('follows were switched off');
  });

  it('is pure: the same input gives the same plan and the inputs are untouched', () => {
    const input: PlanInput = {
      model: model([jack, ann]), matches: [match(jack, 'jack@example.social', 'verified'), match(ann, 'ann@example.social', 'high')],
      options: options({ lists: true }), existing: emptyExisting(), journal: new Map(),
    };
    const before = JSON.stringify({ ...input, journal: [...input.journal] });
    expect(planActions(input)).toEqual(planActions(input));
    expect(JSON.stringify({ ...input, journal: [...input.journal] })).toBe(before);
  });
});
