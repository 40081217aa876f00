import { describe, expect, it } from 'vitest';
import { orderThreads } from '../../../src/plan/posts/orderThreads.js';
import { DEFAULT_KINDS, postVisibility, selectPosts } from '../../../src/plan/posts/selectPosts.js';
import { image, post, postModel } from './builders.js';

const defaults = { kinds: DEFAULT_KINDS, since: null, until: null, includePrivate: false };
const codes = (r: ReturnType<typeof selectPosts>) => r.excluded.map((e) => [e.source.id, e.kind, e.reason.code]);

describe('selectPosts', () => {
  it('keeps own posts, self-threads and quotes; leaves out replies to others and reposts unless asked', () => {
    const posts = [
      post('1'),
      post('2', { inReplyToId: '1', inReplyToUser: 'me' }),
      post('3', { kind: 'reply', inReplyToId: '99', inReplyToUser: 'other' }),
      post('4', { kind: 'repost', repostOfUrl: 'https://twitter.com/o/status/5', text: 'RT @o: hi' }),
      post('5', { kind: 'quote', quoteOfUrl: 'https://twitter.com/o/status/6' }),
      // A reply to one's own post whose author name is missing: its parent is among the user's posts.
      post('6', { kind: 'reply', inReplyToId: '5', inReplyToUser: null }),
      post('7', { kind: 'reply', inReplyToId: '404', inReplyToUser: 'ME' }),
    ];
    const r = selectPosts(postModel(posts), defaults);
    expect(r.selected.map((p) => p.id)).toEqual(['1', '2', '5', '6', '7']);
    expect(codes(r)).toEqual([['3', 'reply', 'reply_to_others'], ['4', 'repost', 'repost_not_asked']]);
    const all = selectPosts(postModel(posts), { ...defaults, kinds: new Set([...DEFAULT_KINDS, 'reply', 'repost']) });
    expect(all.selected.length).toBe(7);
    const onlyPosts = selectPosts(postModel(posts), { ...defaults, kinds: new Set(['post']) });
    expect(codes(onlyPosts)).toContainEqual(['2', 'thread', 'kind_not_asked']);
    expect(onlyPosts.excluded.find((e) => e.source.id === '5')?.reason).toEqual({ code: 'kind_not_asked', detail: 'quote' });
  });

  it('knows a Mastodon self-reply by its user@host parent author', () => {
    const mine = post('https://old.example/users/me/statuses/2', {
      platform: 'mastodon', kind: 'reply', inReplyToId: 'https://old.example/users/me/statuses/1', inReplyToUser: 'me@old.example',
    });
    const model = { account: { platform: 'mastodon' as const, id: null, username: 'me', displayName: null }, posts: [mine] };
    expect(selectPosts(model, defaults).selected).toEqual([mine]);
  });

  it('never posts more widely than it was: private only when asked, direct never', () => {
    const posts = [post('1', { visibility: 'private' }), post('2', { visibility: 'direct' }), post('3', { visibility: null })];
    expect(codes(selectPosts(postModel(posts), defaults))).toEqual([['1', 'post', 'not_public'], ['2', 'post', 'not_public']]);
    const withPrivate = selectPosts(postModel(posts), { ...defaults, includePrivate: true });
    expect(withPrivate.selected.map((p) => p.id)).toEqual(['1', '3']);
    expect(postVisibility('private', 'public')).toBe('private');
    expect(postVisibility('public', 'unlisted')).toBe('unlisted');
    expect(postVisibility('unlisted', 'public')).toBe('unlisted');
    expect(postVisibility(null, 'public')).toBe('public');
    expect(postVisibility('public', 'private')).toBe('private');
  });

  it('filters by date: since inclusive, until exclusive; undated posts stay out of a range', () => {
    const posts = [
      post('1', { createdAt: '2019-12-31T23:59:59Z' }),
      post('2', { createdAt: '2020-01-01T00:00:00Z' }),
      post('3', { createdAt: '2020-06-30T23:59:59Z' }),
      post('4', { createdAt: '2020-07-01T00:00:00Z' }),
      post('5', { createdAt: null }),
    ];
    const r = selectPosts(postModel(posts), { ...defaults, since: '2020-01-01', until: '2020-07-01' });
    expect(r.selected.map((p) => p.id)).toEqual(['2', '3']);
    expect(codes(r)).toEqual([['1', 'post', 'before_since'], ['4', 'post', 'after_until'], ['5', 'post', 'before_since']]);
    expect(() => selectPosts(postModel(posts), { ...defaults, since: 'last tuesday' })).toThrow(/--since/);
  });

  it('leaves out empty posts but keeps a post with only media, or only a link', () => {
    const posts = [post('1', { text: '  ' }), post('2', { text: '', media: [image(1)] }), post('3', { text: '', links: ['https://x.org'] })];
    const r = selectPosts(postModel(posts), defaults);
    expect(r.selected.map((p) => p.id)).toEqual(['2', '3']);
    expect(codes(r)).toEqual([['1', 'post', 'empty_post']]);
    expect(r.excluded[0]!.source).toEqual({ platform: 'twitter', id: '1', createdAt: '2020-01-02T03:04:05.000Z', url: 'https://twitter.com/me/status/1' });
  });
});

describe('orderThreads', () => {
  it('puts parents first, then dates; a post whose parent is not imported starts its own thread', () => {
    const posts = [
      post('c', { createdAt: '2020-01-03T00:00:00Z', inReplyToId: 'b' }),
      post('b', { createdAt: '2020-01-02T00:00:00Z', inReplyToId: 'a' }),
      post('x', { createdAt: '2020-01-01T12:00:00Z' }),
      // Dated before its parent (a clock skew): still after it.
      post('a', { createdAt: '2020-01-02T12:00:00Z' }),
      post('orphan', { createdAt: '2020-01-01T00:00:00Z', inReplyToId: 'missing' }),
    ];
    const order = orderThreads(posts).map((t) => [t.post.id, t.parent?.id ?? null]);
    expect(order).toEqual([['orphan', null], ['x', null], ['a', null], ['b', 'a'], ['c', 'b']]);
  });

  it('puts undated posts last in their export order, and is stable for equal dates', () => {
    const posts = [post('u1', { createdAt: null }), post('s2'), post('s1'), post('u2', { createdAt: null })];
    expect(orderThreads(posts).map((t) => t.post.id)).toEqual(['s2', 's1', 'u1', 'u2']);
  });

  it('breaks a cycle of replies: the post reached first from the other starts the thread', () => {
    const posts = [
      post('a', { createdAt: '2020-01-01T00:00:00Z', inReplyToId: 'b' }),
      post('b', { createdAt: '2020-01-02T00:00:00Z', inReplyToId: 'a' }),
      post('self', { inReplyToId: 'self' }),
    ];
    const order = orderThreads(posts).map((t) => [t.post.id, t.parent?.id ?? null]);
    expect(order).toEqual([['b', null], ['a', 'b'], ['self', null]]);
  });

  it('handles a thread thousands of posts deep', () => {
    const posts = Array.from({ length: 5000 }, (_, i) => post(String(i), { createdAt: null, inReplyToId: i === 0 ? null : String(i - 1) })).reverse();
    const order = orderThreads(posts);
    expect(order.map((t) => t.post.id)).toEqual(Array.from({ length: 5000 }, (_, i) => String(i)));
  });
});
