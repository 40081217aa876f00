import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, MASTODON_RATE_LIMITS, type DestinationProfile } from '../../src/destinations/profile.js';
import { estimatePlan } from '../../src/plan/estimate.js';
import type { Action, ActionType, Plan, PlanItem } from '../../src/plan/types.js';

function actionOf(type: ActionType, i: number, list: string): Action {
  switch (type) {
    case 'follow':
    case 'block':
    case 'mute':
      return { key: `${type}:u${i}@example.social`, type, handle: `u${i}@example.social`, contact: null, confidence: null };
    case 'list_add':
      return { key: `list_add:${list}:u${i}@example.social`, type, list, handle: `u${i}@example.social`, contact: null, confidence: null };
    case 'media':
      return {
        key: `media:twitter:${i}:1`, type, source: { platform: 'twitter', postId: String(i) }, archive: 'export.zip',
        path: `media/${i}.jpg`, mediaType: 'image', alt: null, size: 1000,
      };
    case 'post':
      return {
        key: `post:twitter:${i}:1`, type, source: { platform: 'twitter', id: String(i), createdAt: null, url: null }, part: 1, parts: 1,
        text: `post ${i}`, spoilerText: null, sensitive: false, visibility: 'unlisted', language: null, replyTo: null, media: [], backdateTo: null,
      };
    case 'video':
      return {
        key: `video:youtube:${i}`, type, source: { platform: 'youtube', id: String(i), createdAt: null, url: null }, archive: 'takeout.zip',
        path: `videos/${i}.mp4`, size: 1000, name: `video ${i}`, description: null, tags: [], privacy: 'unlisted',
        originallyPublishedAt: null, language: null, category: null, channel: 'main',
      };
  }
}

function item(type: ActionType, i: number, status: PlanItem['status'] = 'planned', list = 'From Twitter'): PlanItem {
  return { action: actionOf(type, i, list), status, reason: null, after: [] };
}
const planOf = (actions: PlanItem[]): Plan => ({ actions, excluded: [], postsExcluded: [], notes: [] });
const many = (n: number, f: (i: number) => PlanItem) => Array.from({ length: n }, (_, i) => f(i));
const family = (name: string) => MASTODON_RATE_LIMITS.find((f) => f.family === name)!;

/** GoToSocial: one family for every request, 300 per 5 minutes (its docs: api/ratelimiting). */
const GOTOSOCIAL: DestinationProfile = {
  ...DEFAULT_PROFILE, software: 'gotosocial', version: '0.18.0',
  rateLimits: [{ family: 'requests', limit: 300, windowSeconds: 300, counts: 'every_request' }],
};

describe('estimatePlan', () => {
  it('takes the windows waited out plus only the last window\'s round trips, or all round trips when they take longer', () => {
    const scaled: DestinationProfile = {
      ...DEFAULT_PROFILE, rateLimits: [{ family: 'statuses', limit: 30, windowSeconds: 3, counts: ['post'] }],
    };
    const plan = planOf(many(600, (i) => item('post', i)));
    // 600 posts, 30 per 3 s: 19 windows waited out (57 s), then the last 30 posts at 10 ms each.
    expect(estimatePlan(plan, scaled, { secondsPerRequest: 0.01 })).toMatchObject({ seconds: 58, limitedBy: 'statuses/3s' });
    // At 1 s a round trip, 600 requests take longer than the windows: no limit binds.
    expect(estimatePlan(plan, scaled, { secondsPerRequest: 1 })).toMatchObject({ seconds: 600, limitedBy: 'none' });
  });

  it('an empty plan takes no time', () => {
    expect(estimatePlan(planOf([]))).toEqual({ seconds: 0, limitedBy: 'none', limit: null, requests: 0 });
  });

  it('a small plan is bounded by round trips only: no family binds', () => {
    const e = estimatePlan(planOf(many(10, (i) => item('follow', i))));
    expect(e).toEqual({ seconds: 10, limitedBy: 'none', limit: null, requests: 20 });
  });

  it('counts two requests per follow, so 300 follows wait for the 5-minute window', () => {
    const e = estimatePlan(planOf(many(300, (i) => item('follow', i))), DEFAULT_PROFILE, { secondsPerRequest: 0 });
    expect(e).toEqual({ seconds: 300, limitedBy: 'requests/5min', limit: family('requests'), requests: 600 });
  });

  it('1,000 follows take more than two days: the 400 follows/24 h ceiling binds', () => {
    const e = estimatePlan(planOf(many(1000, (i) => item('follow', i))), DEFAULT_PROFILE, { secondsPerRequest: 0 });
    expect(e).toMatchObject({ limitedBy: 'follows/24h', limit: family('follows'), seconds: 2 * 24 * 3600 });
  });

  it('many posts are bound by 300 statuses per 3 hours, not by the 5-minute request window', () => {
    // 1,000 posts: 3 more full windows of 3 hours; the request family would need only 3 × 5 minutes.
    const e = estimatePlan(planOf(many(1000, (i) => item('post', i))), DEFAULT_PROFILE, { secondsPerRequest: 0 });
    expect(e).toEqual({ seconds: 3 * 3 * 3600, limitedBy: 'statuses/3h', limit: family('statuses'), requests: 1000 });
  });

  it('many uploads are bound by 30 media per 30 minutes', () => {
    const e = estimatePlan(planOf(many(100, (i) => item('media', i))), DEFAULT_PROFILE, { secondsPerRequest: 0 });
    expect(e).toEqual({ seconds: 3 * 1800, limitedBy: 'media/30min', limit: family('media'), requests: 100 });
  });

  it('a video upload counts its polls as requests', () => {
    const video = item('media', 1);
    if (video.action.type === 'media') video.action.mediaType = 'video';
    expect(estimatePlan(planOf([video, item('media', 2)])).requests).toBe(3 + 1);
  });

  it('the family that needs the longest wait binds when several are over their limit', () => {
    // 31 uploads (one 30-minute wait) and 301 posts (one 3-hour wait): statuses binds.
    const e = estimatePlan(planOf([...many(31, (i) => item('media', i)), ...many(301, (i) => item('post', i))]), DEFAULT_PROFILE, { secondsPerRequest: 0 });
    expect(e).toMatchObject({ limitedBy: 'statuses/3h', seconds: 3 * 3600 });
    expect(estimatePlan(planOf(many(31, (i) => item('media', i))), DEFAULT_PROFILE, { secondsPerRequest: 0 })).toMatchObject({ limitedBy: 'media/30min', seconds: 1800 });
  });

  it('on GoToSocial every request counts toward its single family', () => {
    const e = estimatePlan(planOf(many(1000, (i) => item('post', i))), GOTOSOCIAL, { secondsPerRequest: 0 });
    expect(e).toEqual({ seconds: 3 * 300, limitedBy: 'requests/5min', limit: GOTOSOCIAL.rateLimits[0], requests: 1000 });
  });

  it('a server that publishes no limits is bound by nothing but round trips', () => {
    const e = estimatePlan(planOf(many(1000, (i) => item('post', i))), { ...DEFAULT_PROFILE, rateLimits: [] }, { secondsPerRequest: 0.5 });
    expect(e).toEqual({ seconds: 500, limitedBy: 'none', limit: null, requests: 1000 });
  });

  it('done, skipped and pending actions cost nothing', () => {
    const finished = estimatePlan(planOf([item('follow', 1, 'done'), item('follow', 2, 'skipped'), item('follow', 3, 'pending'), item('post', 4, 'done')]));
    expect(finished).toEqual({ seconds: 0, limitedBy: 'none', limit: null, requests: 0 });
  });

  it('counts a check per sent action, one write per list addition and each list once', () => {
    const e = estimatePlan(planOf([item('follow', 1, 'sent'), item('list_add', 2, 'planned', 'From Twitter'), item('list_add', 3, 'planned', 'From Twitter'), item('list_add', 4, 'planned', 'From Instagram')]));
    expect(e.requests).toBe(1 + 3 + 2);
  });
});
