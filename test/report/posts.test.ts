/**
 * The posts part of the reports (issue 8 section 4), on plans made by the real planner: counts by kind,
 * what is left out and why (in words, never codes), the preview as the posts will read (threads, media
 * with alt text, content warnings, visibility, original dates), the estimate naming the binding limit, and
 * hostile post text kept as text.
 */
import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/plan/reasons.js';
import type { ActionState } from '../../src/plan/types.js';
import { buildReport } from '../../src/report/buildReport.js';
import { estimateWords, nextSteps } from '../../src/report/describe.js';
import { previewThreads } from '../../src/report/describePosts.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { quote } from '../../src/report/markdownPosts.js';
import { estimatePlan } from '../../src/plan/estimate.js';
import { GOTOSOCIAL, MASTODON, post, postOptions } from '../plan/posts/builders.js';
import { contact, match, model, options } from '../plan/builders.js';
import { HOSTILE_ALT, HOSTILE_POST, postsInput } from './postsInput.js';
import { planFor, statesOf } from './planFor.js';

/** The text a person reads (attribute values and the style sheet aside). */
function visibleText(html: string): string {
  return decodeHTML(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<\/?(?:span|wbr|code|a|strong|b|em)\b[^>]*>/g, '').replace(/<[^>]*>/g, ' '));
}

/** Every reason code with an underscore, as a word: none may reach a person. */
const CODES = new RegExp(`\\b(?:${REASON_CODES.filter((c) => c.includes('_')).join('|')})\\b`);

describe('the posts part of the report (JSON)', () => {
  const report = buildReport(postsInput());
  const posts = report.posts!;

  it('counts what goes by kind, and what is left out by reason code', () => {
    expect(posts.byKind).toEqual({ post: 5, thread: 1 });
    expect(posts.posts).toBe(6);
    // the long post becomes 4 statuses: 5 short ones + 4
    expect(posts.statuses).toBe(9);
    expect(posts.media).toBe(2);
    expect(posts.mediaByType).toEqual({ image: 2 });
    expect(posts.excluded).toEqual({ reply_to_others: 1, repost_not_asked: 1, not_public: 2 });
    expect(posts.excludedPosts.map((e) => [e.source.id, e.reason, e.detail])).toEqual([
      ['1007', 'reply_to_others', null], ['1008', 'repost_not_asked', null], ['1009', 'not_public', 'private'], ['1010', 'not_public', 'direct'],
    ]);
    expect(posts.mediaLeftOut).toEqual([{ path: null, post: { platform: 'twitter', id: '1004' }, type: 'image', status: 'skipped', reason: 'media_missing', detail: null }]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('previews the first statuses as they will be sent: a 4-part thread, then the self-reply in the same thread', () => {
    const thread = posts.preview.slice(0, 5);
    expect(thread.map((p) => [p.key, p.part, p.parts, p.replyTo])).toEqual([
      ['post:twitter:1001:1', 1, 4, null],
      ['post:twitter:1001:2', 2, 4, 'post:twitter:1001:1'],
      ['post:twitter:1001:3', 3, 4, 'post:twitter:1001:2'],
      ['post:twitter:1001:4', 4, 4, 'post:twitter:1001:3'],
      ['post:twitter:1002:1', 1, 1, 'post:twitter:1001:4'],
    ]);
    expect(thread[4]!.kind).toBe('thread');
    expect(previewThreads(posts.preview).map((t) => t.length)).toEqual([5, 1, 1, 1, 1]);
    const pictures = posts.preview.find((p) => p.source.id === '1004')!;
    expect(pictures.media.map((m) => [m.path, m.alt?.slice(0, 20)])).toEqual([
      ['data/tweets_media/img1.jpg', 'A long description o'], ['data/tweets_media/img2.jpg', HOSTILE_ALT.slice(0, 20)],
    ]);
    const cw = posts.preview.find((p) => p.source.id === '1005')!;
    expect([cw.spoilerText, cw.sensitive, cw.visibility]).toEqual(['TV spoilers', true, 'unlisted']);
  });

  it('has a time estimate for the posts alone, and the whole estimate keeps the binding limit', () => {
    expect(posts.estimate).toMatchObject({ limitedBy: 'none', limit: null });
    expect(report.estimate?.limit).toBeNull();
  });

  it('is null when posts were not asked for, and present (empty) when they were but the export has none', () => {
    const input = postsInput();
    const none = buildReport({ ...input, postsAsked: false });
    expect(none.posts).toBeNull();
    for (const text of [renderMarkdown(none), visibleText(renderHtml(none))]) expect(text).not.toContain('Your posts');
    const empty = buildReport({ ...postsInput(MASTODON, { posts: [] }) });
    expect(empty.posts).toMatchObject({ posts: 0, statuses: 0, preview: [], estimate: null });
    for (const text of [renderMarkdown(empty), visibleText(renderHtml(empty))]) expect(text).toContain('Your export holds no posts to carry over.');
  });
});

describe('the posts part in words', () => {
  const report = buildReport(postsInput());
  const html = renderHtml(report);
  const text = renderMarkdown(report);

  it('says what goes, what is left out and why, and no reason code reaches a person', () => {
    for (const t of [visibleText(html), text]) {
      expect(t).toContain('6 posts from your export are chosen to carry over as 9 posts on your new account, with 2 pictures.');
      expect(t).toContain('Replies to your own posts (threads)');
      expect(t).toMatch(/A reply to someone else \(add reply to --kinds to bring these\): 1 post/);
      expect(t).toMatch(/Not public on the old platform \(add --include-private to post it for your followers only\): 1 post/);
      expect(t).toMatch(/A direct message, never posted: 1 post/);
      expect(t).toMatch(/The file is not in the export: 1 file/);
      expect(t).not.toMatch(CODES);
    }
    expect(nextSteps(report).join(' ')).toContain('Some posts, pictures or videos are left out');
    expect(html).toContain('<b>6</b><span>posts to carry over</span>');
    expect(text).toContain('- Posts to carry over: **6** (9 on your new account); left out: 4');
  });

  it('previews the posts with their thread, dates, visibility, content warning and alt text', () => {
    for (const t of [visibleText(html), text]) {
      expect(t).toContain('A thread of 5 posts, from a Twitter post of 2 January 2020 at 03:04 (UTC)');
      expect(t).toMatch(/Part 2 of 4 · appears as a new post \(first posted 2 January 2020 at 03:04 \(UTC\)\) · unlisted \(on your profile, not in public timelines\)/);
      expect(t).toContain('Content warning:');
      expect(t).toContain('TV spoilers');
      expect(t).toContain('described as “A long description of the picture');
      expect(t).toContain('長い間ありがとうございました。');
      // the mention is rewritten so that nobody is notified
      expect(t).toContain('And one more thing, https://twitter.com/jack: thank you.');
    }
    // the text keeps its paragraphs: HTML by CSS, Markdown as quoted lines
    expect(html).toMatch(/\.post-text\{white-space:pre-wrap/);
    expect(text).toMatch(/> Why I am leaving, a long story\. https:\/\/example\.org\S+\n>\n> First, the timeline/);
  });

  it('keeps hostile post text and alt text as text: no <script>, and </details> cannot close a section', () => {
    expect(html).not.toMatch(/<script|<img|onerror=alert\(\d\)>/i);
    expect(html.match(/<details\b/g)?.length).toBe(html.match(/<\/details>/g)?.length);
    expect(html).toContain(`<div class="post-text">${'Look: &lt;script&gt;alert(1)&lt;/script&gt; and &lt;/details&gt;&lt;details open&gt;&lt;summary&gt;x&lt;/summary&gt; &lt;img src=x onerror=alert(2)&gt;'}`);
    expect(visibleText(html)).toContain(HOSTILE_POST);
    expect(visibleText(html)).toContain(HOSTILE_ALT);
    expect(text).not.toMatch(/<script|<img|<\/details><details open>|<\/li>/i);
    expect(text.match(/<details>/g)?.length ?? 0).toBe(text.match(/<\/details>/g)?.length ?? 0);
  });

  it('Markdown: a post line cannot become a heading, a list, a quote or a code block', () => {
    expect(quote('# not a heading\n- not a list\n> not a quote\n    not code\n1. not a list\n\nend')).toEqual([
      '> \\# not a heading\\', '> \\- not a list\\', '> &gt; not a quote\\', '> &#32;&#32;&#32;&#32;not code\\', '> 1\\. not a list', '>', '> end',
    ]);
  });
});

describe('original dates and backdating', () => {
  it('GoToSocial: each status keeps its original date, no footer', () => {
    const report = buildReport(postsInput(GOTOSOCIAL));
    expect(report.posts!.backdated).toBeGreaterThan(0);
    const text = renderMarkdown(report);
    expect(text).toContain('Keeps its original date, 1 February 2020 at 10:00 (UTC)');
    expect(text).not.toContain('First posted on Twitter');
    expect(text).toContain('keep their original date: gotosocial imports them quietly');
  });
});

describe('the estimate names the limit that binds', () => {
  it('about 4 days: 300 posts per 3 hours, for 10,000 posts on Mastodon', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => post(String(10_000 + i), { text: `post number ${i}` }));
    const input = postsInput(MASTODON, { posts: many });
    const report = buildReport(input);
    expect(report.estimate).toMatchObject({ limitedBy: 'statuses/3h', limit: { family: 'statuses', limit: 300, windowSeconds: 10_800 } });
    expect(estimateWords(report.estimate!)).toMatch(/^about 4 days( \d+ hours?)?: 300 posts per 3 hours$/);
    expect(estimateWords(report.posts!.estimate!)).toMatch(/^about 4 days( \d+ hours?)?: 300 posts per 3 hours$/);
    // only the first statuses are previewed, not 10,000
    expect(report.posts!.preview.length).toBe(20);
    for (const t of [renderMarkdown(report), visibleText(renderHtml(report))]) {
      expect(t.replace(/\*\*/g, "")).toMatch(/Time needed: about 4 days( \d+ hours?)?: 300 posts per 3 hours\./);
      expect(t).toMatch(/Posting takes about 4 days( \d+ hours?)?: 300 posts per 3 hours\./);
    }
  });

  it('in words for every family and window, and from an estimate that only names its family', () => {
    expect(estimateWords({ seconds: 2 * 86_400, limitedBy: 'follows/24h', limit: { family: 'follows', limit: 400, windowSeconds: 86_400 } })).toBe('about 2 days: 400 follows per day');
    expect(estimateWords({ seconds: 3600, limitedBy: 'media/30min', limit: { family: 'media', limit: 30, windowSeconds: 1800 } })).toBe('about 1 hour: 30 uploads per 30 minutes');
    expect(estimateWords({ seconds: 5400, limitedBy: 'follows/24h', limit: null })).toBe("about 1 hour 30 minutes, set by the server's limit on follows per day");
    expect(estimateWords({ seconds: 30, limitedBy: 'none', limit: null })).toBe('under a minute');
  });
});

describe('after a run', () => {
  it('shows each status as posted or failed with its reason in words, and names the post, not a code, under Needs attention', () => {
    const input = postsInput();
    const states: ActionState[] = input.states.map((s) => {
      if (s.action.key === 'post:twitter:1006:1') return { ...s, status: 'failed', reason: { code: 'refused', detail: '422: Text character limit exceeded' } };
      if (s.action.key === 'media:twitter:1004:2') return { ...s, status: 'failed', reason: { code: 'media_unsupported', detail: 'image/heic' } };
      return s.status === 'planned' ? { ...s, status: 'done' } : s;
    });
    const report = buildReport({ ...input, states });
    const html = renderHtml(report);
    // Markdown's backslash escapes (`tweets\_media`) aside
    const text = renderMarkdown(report).replace(/\\(.)/g, '$1');
    for (const t of [visibleText(html), text]) {
      expect(t).toContain('Your first posts');
      expect(t).toMatch(/Part 1 of 4 · [^\n]*· posted/);
      expect(t).toMatch(/failed: the server refused it \(422: Text character limit exceeded\)/);
      expect(t).toMatch(/left out: the server does not accept this kind of file \(image\/heic\)/);
      expect(t).toContain('your Twitter post 1006');
      expect(t).toContain('the file data/tweets_media/img2.jpg');
      expect(t).not.toContain('@twitter:1006');
      expect(t).not.toMatch(CODES);
    }
    expect(report.posts!.mediaLeftOut.map((m) => m.reason)).toEqual(['media_unsupported', 'media_missing']);
  });
});

describe('reason codes in the rest of the report', () => {
  it('the follow limit and the minimum confidence are found by their codes, and said in words', () => {
    const contacts = ['ann', 'ben', 'cat'].map((u) => contact('twitter', u, ['following']));
    const matches = [
      match(contacts[0]!, 'ann@example.social', 'verified'), match(contacts[1]!, 'ben@example.social', 'high'), match(contacts[2]!, 'cat@example.social', 'low'),
    ];
    const m = model(contacts);
    const plan = planFor({ model: m, matches, options: options({ followLimit: 1 }) });
    const report = buildReport({ model: m, matches, plan, states: statesOf(plan), destination: 'me@example.social', estimate: estimatePlan(plan), generatedAt: '2024-05-01T10:00:00.000Z' });
    expect(report.actions.map((a) => a.reason)).toContain('follow_limit');
    const steps = nextSteps(report).join('\n');
    expect(steps).toContain('You reached the limit of follows one account may have.');
    expect(steps).toContain('Some matches are less certain and were left out.');
    for (const t of [renderMarkdown(report), visibleText(renderHtml(report))]) {
      expect(t).toContain('1 to do, 1 skipped (1 over the follow limit)');
      expect(t).toContain('below the minimum (high) for acting without your approval');
      expect(t).not.toMatch(CODES);
    }
    expect(postOptions).toBeTypeOf('function');
  });
});
