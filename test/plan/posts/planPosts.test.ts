import { describe, expect, it } from 'vitest';
import type { ActionState, MediaAction, PlanItem, PostAction } from '../../../src/plan/types.js';
import { countCharacters } from '../../../src/plan/posts/countCharacters.js';
import { findMentions } from '../../../src/plan/posts/entities.js';
import { type PlanPostsInput, planPosts } from '../../../src/plan/posts/planPosts.js';
import { DEFAULT_KINDS } from '../../../src/plan/posts/selectPosts.js';
import { GOTOSOCIAL, MASTODON, image, post, postModel, postOptions } from './builders.js';
import { parseArchive, sampleArchive } from '../../sources/twitter/helpers.js';

function input(extra: Partial<PlanPostsInput> & Pick<PlanPostsInput, 'model'>): PlanPostsInput {
  return { matches: [], options: postOptions(), profile: MASTODON, mediaSize: () => 1000, journal: new Map(), ...extra };
}

const posts = (items: PlanItem[]) => items.filter((i): i is PlanItem & { action: PostAction } => i.action.type === 'post');
const media = (items: PlanItem[]) => items.filter((i): i is PlanItem & { action: MediaAction } => i.action.type === 'media');

describe('planPosts', () => {
  it('plans one post part per short post, unlisted, with the footer where the server cannot backdate', () => {
    const plan = planPosts(input({ model: postModel([post('1100', { text: 'Hello @jack #tag' })]) }));
    expect(plan.items).toEqual([{
      action: {
        key: 'post:twitter:1100:1', type: 'post',
        source: { platform: 'twitter', id: '1100', createdAt: '2020-01-02T03:04:05.000Z', url: 'https://twitter.com/me/status/1100' },
        part: 1, parts: 1,
        text: 'Hello https://twitter.com/jack #tag\n\n(First posted on Twitter, 2020-01-02: https://twitter.com/me/status/1100)',
        spoilerText: null, sensitive: false, visibility: 'unlisted', language: 'en', replyTo: null, media: [], backdateTo: null,
      },
      status: 'planned', reason: null, after: [],
    }]);
    expect(plan.notes).toEqual([{ code: 'posts_not_backdated', software: 'mastodon' }]);
  });

  it('never makes a post that fits into a thread just for the footer: the default footer gets shorter, or goes', () => {
    const fitsShort = 'a'.repeat(455); // + "(First posted on Twitter, 2020-01-02)" fits 500; with the address it would not
    const fitsAlone = 'b'.repeat(490); // fits only without any footer
    const plan = planPosts(input({ model: postModel([post('1', { text: fitsShort }), post('2', { text: fitsAlone })]) }));
    const texts = plan.items.map((i) => (i.action.type === 'post' ? i.action.text : ''));
    expect(texts).toEqual([`${fitsShort}\n\n(First posted on Twitter, 2020-01-02)`, fitsAlone]);
    // A footer the user wrote is kept whole: the post is split.
    const asked = planPosts(input({
      model: postModel([post('2', { text: fitsAlone })]), options: { ...postOptions(), footer: '(from {platform}: {url})' },
    }));
    expect(asked.items.length).toBe(2);
  });

  it('posts a self-reply as a reply to the last part of its parent, and a reply to others as a thread start', () => {
    const long = 'word '.repeat(150).trim();
    const model = postModel([
      post('2', { createdAt: '2020-01-03T00:00:00Z', inReplyToId: '1', inReplyToUser: 'me', text: 'second' }),
      post('1', { text: long }),
      post('3', { kind: 'reply', inReplyToId: '77', inReplyToUser: 'other', text: 'to someone' }),
    ]);
    const plan = planPosts(input({ model, options: postOptions({ footer: 'none', kinds: new Set([...DEFAULT_KINDS, 'reply']) }) }));
    const keys = posts(plan.items).map((i) => [i.action.key, i.action.replyTo, i.after]);
    expect(keys).toEqual([
      ['post:twitter:1:1', null, []],
      ['post:twitter:1:2', 'post:twitter:1:1', ['post:twitter:1:1']],
      ['post:twitter:3:1', null, []],
      ['post:twitter:2:1', 'post:twitter:1:2', ['post:twitter:1:2']],
    ]);
    expect(plan.notes).toContainEqual({ code: 'posts_split', posts: 1, parts: 2 });
  });

  it('spreads a 20-picture carousel over 5 parts of 4 on Mastodon, with alt text kept', () => {
    const carousel = post('c', { platform: 'instagram', text: 'Holiday', media: Array.from({ length: 20 }, (_, i) => image(i + 1)) });
    const plan = planPosts(input({ model: { account: null, posts: [carousel] }, options: postOptions({ footer: 'none' }) }));
    const m = media(plan.items);
    expect(m.map((i) => i.action.key)).toEqual(Array.from({ length: 20 }, (_, i) => `media:instagram:c:${i + 1}`));
    expect(m[0]!.action).toMatchObject({ alt: 'picture 1', path: 'data/tweets_media/img1.jpg', archive: 'export.zip', size: 1000, mediaType: 'image' });
    const p = posts(plan.items);
    expect(p.map((i) => [i.action.text, i.action.media.length])).toEqual([
      ['Holiday (1/5)', 4], ['(2/5)', 4], ['(3/5)', 4], ['(4/5)', 4], ['(5/5)', 4],
    ]);
    expect(p[1]!.after).toEqual(['post:instagram:c:1', 'media:instagram:c:5', 'media:instagram:c:6', 'media:instagram:c:7', 'media:instagram:c:8']);
    expect(plan.notes).toContainEqual({ code: 'media_over_limit', posts: 1, maxMedia: 4 });
    expect(plan.notes).toContainEqual({ code: 'posts_split', posts: 1, parts: 5 });
    // Where the server takes 6: 4 parts.
    expect(posts(planPosts(input({ model: { account: null, posts: [carousel] }, profile: GOTOSOCIAL })).items).length).toBe(4);
  });

  it('skips a video over the server limit and a file the export lacks; images over the limit are planned (scaled later)', () => {
    const big = 200 * 1024 * 1024;
    const p = post('v', {
      media: [
        image(1),
        { path: 'data/tweets_media/clip.mp4', type: 'video', alt: null, archive: 'export.zip' },
        image(3, { path: null, archive: null }),
        image(4, { path: 'data/tweets_media/huge.png' }),
      ],
    });
    const sizes = (_: string | null, path: string | null) => (path?.endsWith('clip.mp4') || path?.endsWith('huge.png') ? big : 1000);
    const plan = planPosts(input({ model: postModel([p]), mediaSize: sizes }));
    expect(media(plan.items).map((i) => [i.action.key, i.status, i.reason?.code ?? null])).toEqual([
      ['media:twitter:v:1', 'planned', null],
      ['media:twitter:v:2', 'skipped', 'media_too_large'],
      ['media:twitter:v:3', 'skipped', 'media_missing'],
      ['media:twitter:v:4', 'planned', null],
    ]);
    expect(posts(plan.items)[0]!.action.media).toEqual(['media:twitter:v:1', 'media:twitter:v:4']);
    expect(posts(plan.items)[0]!.after).toEqual(['media:twitter:v:1', 'media:twitter:v:4']);
  });

  it('posts a post with only media; excludes one whose only media cannot go', () => {
    const plan = planPosts(input({
      model: postModel([
        post('m', { text: '', media: [image(1)] }),
        post('gone', { text: '', media: [image(2, { path: null, archive: null })] }),
      ]),
      options: postOptions({ footer: 'none' }),
    }));
    expect(posts(plan.items).map((i) => [i.action.key, i.action.text, i.action.media])).toEqual([['post:twitter:m:1', '', ['media:twitter:m:1']]]);
    expect(plan.excluded.map((e) => [e.source.id, e.reason.code])).toEqual([['gone', 'media_missing']]);
    // With the default footer the footer is the whole text.
    const withFooter = planPosts(input({ model: postModel([post('123', { text: '', media: [image(1)] })]) }));
    expect(posts(withFooter.items)[0]!.action.text).toBe('(First posted on Twitter, 2020-01-02: https://twitter.com/me/status/123)');
  });

  it('backdates on a server that can (GoToSocial), without a footer; never with backdate: never', () => {
    const long = 'word '.repeat(1200).trim();
    const model = postModel([post('1', { text: long }), post('old', { createdAt: '1970-01-01T00:00:00Z' })]);
    const plan = planPosts(input({ model, profile: GOTOSOCIAL }));
    const parts = posts(plan.items);
    expect(parts.filter((i) => i.action.source.id === '1').map((i) => i.action.backdateTo)).toEqual([
      '2020-01-02T03:04:05.000Z', '2020-01-02T03:04:06.000Z',
    ]);
    expect(parts.filter((i) => i.action.source.id === '1').some((i) => i.action.text.includes('First posted'))).toBe(false);
    // Dated at the epoch: cannot be backdated, so it is a new post with the footer.
    const old = parts.find((i) => i.action.source.id === 'old')!;
    expect(old.action.backdateTo).toBeNull();
    expect(old.action.text).toContain('(First posted on Twitter, 1970-01-01');
    expect(plan.notes).toContainEqual({ code: 'posts_backdated', count: 1, software: 'gotosocial' });
    expect(plan.notes.some((n) => n.code === 'posts_not_backdated')).toBe(false);

    const never = posts(planPosts(input({ model, profile: GOTOSOCIAL, options: postOptions({ backdate: 'never' }) })).items);
    expect(never.every((i) => i.action.backdateTo === null)).toBe(true);
    expect(never.at(-1)!.action.text).toContain('First posted');
    // An explicit template applies even to backdated posts.
    const templated = posts(planPosts(input({ model, profile: GOTOSOCIAL, options: postOptions({ footer: 'via {platform}' }) })).items);
    expect(templated.filter((i) => i.action.source.id === '1').at(-1)!.action.text.endsWith('\n\nvia Twitter')).toBe(true);
  });

  it('splits a 30,000-character post into parts within the limit, the footer on the last one and counted', () => {
    const sentence = 'A sentence about leaving a platform with a link https://example.org/some/long/path/here and @friend. ';
    const text = sentence.repeat(Math.ceil(30_000 / sentence.length)).slice(0, 30_000);
    const plan = planPosts(input({ model: postModel([post('4242', { text })]) }));
    const parts = posts(plan.items);
    expect(parts.length).toBeGreaterThan(60);
    for (const p of parts) {
      expect(countCharacters(p.action.text, { urlLength: 23 })).toBeLessThanOrEqual(500);
      expect(findMentions(p.action.text)).toEqual([]);
      expect(p.action.parts).toBe(parts.length);
    }
    expect(parts.at(-1)!.action.text).toMatch(new RegExp(`\\(${parts.length}/${parts.length}\\)\\n\\n\\(First posted on Twitter, 2020-01-02: https://twitter.com/me/status/4242\\)$`));
    expect(parts.slice(0, -1).some((p) => p.action.text.includes('First posted'))).toBe(false);
    expect(plan.notes).toContainEqual({ code: 'posts_split', posts: 1, parts: parts.length });
  });

  it('posts private posts followers-only when asked, and never wider than asked', () => {
    const model = postModel([post('1', { visibility: 'private' }), post('2', { visibility: 'public' })]);
    const plan = planPosts(input({ model, options: postOptions({ includePrivate: true, visibility: 'public' }) }));
    expect(posts(plan.items).map((i) => i.action.visibility)).toEqual(['private', 'public']);
  });

  it('carries a content warning and the sensitive flag to every part, counting the warning', () => {
    const p = { ...post('cw', { text: 'word '.repeat(150).trim() }), contentWarning: 'spoilers ahead', sensitive: true };
    const parts = posts(planPosts(input({ model: postModel([p]), options: postOptions({ footer: 'none' }) })).items);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.action).toMatchObject({ spoilerText: 'spoilers ahead', sensitive: true });
      expect(countCharacters(part.action.text, { urlLength: 23, spoilerText: 'spoilers ahead' })).toBeLessThanOrEqual(500);
    }
  });

  it('quotes with the quoted link and reposts (when asked) as a link', () => {
    const model = postModel([
      post('q', { kind: 'quote', text: 'so true', quoteOfUrl: 'https://twitter.com/o/status/5' }),
      post('r', { kind: 'repost', text: 'RT @o: hi', repostOfUrl: 'https://twitter.com/o/status/6' }),
    ]);
    const plan = planPosts(input({ model, options: postOptions({ footer: 'none', kinds: new Set([...DEFAULT_KINDS, 'repost']) }) }));
    expect(posts(plan.items).map((i) => i.action.text)).toEqual(['so true\n\nhttps://twitter.com/o/status/5', '🔁 https://twitter.com/o/status/6']);
  });

  it('keeps the journal state of actions under way and recomputes skipped ones', () => {
    const model = postModel([post('1', { media: [image(1), image(2, { path: null, archive: null })] }), post('2'), post('3'), post('4')]);
    const first = planPosts(input({ model }));
    const byKey = new Map(first.items.map((i) => [i.action.key, i]));
    const state = (key: string, status: ActionState['status'], code: string | null = null): [string, ActionState] =>
      [key, { action: byKey.get(key)!.action, status, reason: code === null ? null : { code: code as never } }];
    const journal = new Map([
      state('media:twitter:1:1', 'done'),
      // Journaled as skipped in an earlier run: recomputed (still missing).
      state('media:twitter:1:2', 'skipped', 'media_failed'),
      state('post:twitter:1:1', 'sent'),
      state('post:twitter:2:1', 'failed', 'server_error'),
      state('post:twitter:3:1', 'skipped', 'rate_limited'),
      state('post:twitter:4:1', 'pending'),
    ]);
    const second = planPosts(input({ model, journal }));
    expect(second.items.map((i) => [i.action.key, i.status, i.reason?.code ?? null])).toEqual([
      ['media:twitter:1:1', 'done', null],
      ['media:twitter:1:2', 'skipped', 'media_missing'],
      ['post:twitter:1:1', 'sent', null],
      ['post:twitter:2:1', 'failed', 'server_error'],
      ['post:twitter:3:1', 'planned', null],
      ['post:twitter:4:1', 'pending', null],
    ]);
  });

  it('links mentions to matched fediverse accounts with mentions: handle', () => {
    const matches = [{
      contact: { platform: 'twitter' as const, id: '9', username: 'jack', displayName: null }, status: 'found' as const,
      handle: 'jack@mastodon.example', actor: null, confidence: 'verified' as const, evidence: [], movedFrom: null, locked: false,
    }];
    const plan = planPosts(input({ model: postModel([post('1', { text: 'hi @jack' })]), matches, options: postOptions({ mentions: 'handle', footer: 'none' }) }));
    expect(posts(plan.items)[0]!.action.text).toBe('hi https://mastodon.example/@jack');
  });

  it('plans nothing for a destination that cannot post', () => {
    const plan = planPosts(input({ model: postModel([post('1')]), profile: { ...MASTODON, software: 'csv', posts: null } }));
    expect(plan.items).toEqual([]);
    expect(plan.excluded.map((e) => e.reason)).toEqual([{ code: 'unsupported_by_destination', detail: 'csv' }]);
  });
});

describe('planPosts on real Twitter exports (larsbrinkhoff samples)', () => {
  // The 2023 sample has no tweets.js (note tweets alone are not posts), so only the 2021 one plans posts.
  it.each(['larsbrinkhoff-2021-03-old-style'])('%s: own tweets and self-threads in order, within the limit, notifying nobody', async (sample) => {
    const { result } = await parseArchive(sampleArchive(sample));
    const plan = planPosts(input({ model: result }));
    const parts = posts(plan.items);
    expect(parts.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const p of parts) {
      expect(countCharacters(p.action.text, { urlLength: 23 })).toBeLessThanOrEqual(500);
      expect(findMentions(p.action.text)).toEqual([]);
      if (p.action.replyTo !== null) expect(seen.has(p.action.replyTo)).toBe(true);
      seen.add(p.action.key);
    }
    const reasons = new Set(plan.excluded.map((e) => e.reason.code));
    for (const code of reasons) expect(['reply_to_others', 'repost_not_asked', 'empty_post', 'not_public']).toContain(code);
    // Every tweet is either planned or excluded, once.
    const planned = new Set(parts.map((p) => p.action.source.id));
    expect(planned.size + plan.excluded.length).toBe(result.posts.length);
  });
});
