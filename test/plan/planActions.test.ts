/**
 * planActions composes the social-graph planner (planGraph.test.ts) and the post planner
 * (posts/planPosts.test.ts): these tests check the composition only, the order actions are sent in and
 * what reaches the plan from each part.
 */
import { describe, expect, it } from 'vitest';
import { planGraph } from '../../src/plan/planGraph.js';
import { planActions, type PlanInput } from '../../src/plan/planActions.js';
import { planPosts } from '../../src/plan/posts/planPosts.js';
import { contact, emptyExisting, match, model, options } from './builders.js';
import { image, MASTODON, post, postOptions } from './posts/builders.js';

const jack = contact('twitter', 'jack', ['following']);
const fan = contact('twitter', 'fan', ['follower']);

function input(extra: Partial<PlanInput> = {}): PlanInput {
  const m = { ...model([jack, fan]), account: { platform: 'twitter' as const, id: '1', username: 'me', displayName: 'Me' } };
  m.posts = [
    post('10', { media: [image(1)] }),
    post('11', { inReplyToId: '10' }),
    post('12', { kind: 'repost', repostOfUrl: 'https://twitter.com/x/status/1' }),
  ];
  return {
    model: m,
    matches: [match(jack, 'jack@example.social', 'verified'), match(fan, 'fan@example.social', 'verified')],
    options: options({ lists: true }),
    posts: postOptions(),
    existing: emptyExisting(),
    profile: MASTODON,
    mediaSize: () => 1000,
    journal: new Map(),
    ...extra,
  };
}

describe('planActions', () => {
  it('without --posts plans the social graph only, and no post is looked at', () => {
    const p = planActions(input({ posts: null }));
    expect(p.actions.map((a) => a.action.type)).toEqual(['follow', 'list_add']);
    expect(p.postsExcluded).toEqual([]);
    expect(p.notes).toEqual([{ code: 'followers_not_followed', count: 1 }]);
  });

  it('with --posts puts the graph first (follows before posts), then media and posts, and joins both parts\' notes and exclusions', () => {
    const i = input();
    const p = planActions(i);
    const graph = planGraph({ model: i.model, matches: i.matches, options: i.options, existing: i.existing, journal: i.journal });
    const posts = planPosts({
      model: i.model, matches: i.matches, options: postOptions(), profile: MASTODON, mediaSize: i.mediaSize, journal: i.journal,
    });
    expect(p.actions).toEqual([...graph.actions, ...posts.items]);
    expect(p.actions.map((a) => a.action.type)).toEqual(['follow', 'list_add', 'media', 'post', 'post']);
    expect(p.excluded).toEqual(graph.excluded);
    // The repost was not asked for.
    expect(p.postsExcluded).toEqual([expect.objectContaining({ source: expect.objectContaining({ id: '12' }), reason: { code: 'repost_not_asked' } })]);
    expect(p.notes).toEqual([...graph.notes, ...posts.notes]);
    // The self-reply waits for its parent's part; the parent waits for its picture.
    const [media, first, reply] = p.actions.slice(2);
    expect(first?.after).toEqual([media?.action.key]);
    expect(reply?.after).toEqual([first?.action.key]);
  });

  it('on a server that makes replies public (snac), the plan says how many posts continue a thread', () => {
    const snac = { ...MASTODON, software: 'snac', posts: { ...MASTODON.posts!, repliesArePublic: true } };
    expect(planActions(input({ profile: snac })).notes).toContainEqual({ code: 'replies_public', count: 1, software: 'snac' });
    expect(planActions(input()).notes.some((n) => n.code === 'replies_public')).toBe(false);
  });

  it('a destination that cannot post gets no post actions even with --posts', () => {
    const p = planActions(input({ profile: { ...MASTODON, posts: null, media: null } }));
    expect(p.actions.map((a) => a.action.type)).toEqual(['follow', 'list_add']);
  });
});
