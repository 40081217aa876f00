import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, type DestinationProfile } from '../../../src/destinations/profile.js';
import type { Post } from '../../../src/model/types.js';
import { planVideos, videoUpload, ASSUMED_UPLINK_BYTES_PER_SECOND } from '../../../src/plan/posts/planVideos.js';
import { DEFAULT_KINDS } from '../../../src/plan/posts/selectPosts.js';
import type { VideoAction } from '../../../src/plan/types.js';

function video(id: string, extra: Partial<Post> = {}): Post {
  return {
    platform: 'youtube', id, createdAt: '2020-02-02T12:00:00Z', kind: 'video', text: `Title ${id}\n\nThe description`,
    inReplyToId: null, inReplyToUser: null, quoteOfUrl: null, repostOfUrl: null, language: 'en-US', visibility: 'public',
    contentWarning: null, sensitive: false, links: [], mentions: [], hashtags: ['a', 'cats', 'dogs', 'x'.repeat(31), 'fish', 'birds', 'more'],
    media: [{ path: `videos/${id}.mp4`, type: 'video', alt: null, archive: 'takeout.zip' }], ...extra,
  } as Post;
}

const profile = (videos: Partial<NonNullable<DestinationProfile['videos']>> = {}): DestinationProfile => ({
  ...DEFAULT_PROFILE, kind: 'peertube', software: 'peertube', posts: null, media: null,
  videos: { quotaBytes: null, quotaUsedBytes: 0, dailyQuotaBytes: null, dailyUsedBytes: 0, channel: { id: 3, name: 'main' }, channelAsked: null, ...videos },
});

const options = { kinds: DEFAULT_KINDS, since: null, until: null, includePrivate: false };
const plan = (posts: Post[], p = profile(), sizes: Record<string, number> = {}) =>
  planVideos({ model: { account: null, posts }, options, profile: p, mediaSize: (_a, path) => sizes[path ?? ''] ?? null, journal: new Map() });

describe('planVideos', () => {
  it('maps a YouTube video to an upload: title, description, at most 5 valid tags, privacy, date, language, channel', () => {
    const { items } = plan([video('v1', { visibility: 'unlisted' })]);
    expect(items).toHaveLength(1);
    const a = items[0]!.action as VideoAction;
    expect(a).toMatchObject({
      key: 'video:youtube:v1', type: 'video', name: 'Title v1', description: 'The description', privacy: 'unlisted',
      originallyPublishedAt: '2020-02-02T12:00:00Z', language: 'en', channel: 'main', archive: 'takeout.zip', path: 'videos/v1.mp4',
    });
    expect(a.tags).toEqual(['cats', 'dogs', 'fish', 'birds', 'more']);
  });

  it('names the videos that would not fit in the quota (reason code), in order', () => {
    const p = profile({ quotaBytes: 1000, quotaUsedBytes: 400 });
    const { items } = plan([video('a'), video('b'), video('c')], p, { 'videos/a.mp4': 300, 'videos/b.mp4': 400, 'videos/c.mp4': 300 });
    expect(items.map((i) => [i.action.key, i.status, i.reason?.code ?? null])).toEqual([
      ['video:youtube:a', 'planned', null],
      ['video:youtube:b', 'skipped', 'video_over_quota'],
      ['video:youtube:c', 'planned', null],
    ]);
  });

  it('the daily quota counts too', () => {
    const { items } = plan([video('a')], profile({ dailyQuotaBytes: 100, dailyUsedBytes: 50 }), { 'videos/a.mp4': 60 });
    expect(items[0]?.reason?.code).toBe('video_over_quota');
  });

  it('leaves out a video without its file, and every video when the channel is missing', () => {
    expect(plan([video('a', { media: [{ path: null, type: 'video', alt: null, archive: null }] })]).excluded[0]?.reason.code).toBe('media_missing');
    const none = plan([video('a')], profile({ channel: null, channelAsked: 'other' }));
    expect(none.items).toHaveLength(0);
    expect(none.excluded[0]?.reason).toEqual({ code: 'channel_not_found', detail: 'other' });
  });

  it('a short title is completed to PeerTube\'s 3 characters; a long one cut to 120', () => {
    expect((plan([video('xyz', { text: 'A' })]).items[0]!.action as VideoAction).name).toBe('A xyz');
    expect([...(plan([video('l', { text: 'é'.repeat(200) })]).items[0]!.action as VideoAction).name]).toHaveLength(120);
  });

  it('estimates the upload time from the bytes at the assumed uplink speed', () => {
    const p = plan([video('a'), video('b')], profile(), { 'videos/a.mp4': 5_000_000, 'videos/b.mp4': 2_500_000 });
    expect(videoUpload({ actions: p.items })).toEqual({ bytes: 7_500_000, seconds: Math.ceil(7_500_000 / ASSUMED_UPLINK_BYTES_PER_SECOND) });
  });

  it('private videos stay out unless asked, as for posts', () => {
    expect(plan([video('p', { visibility: 'private' })]).excluded[0]?.reason.code).toBe('not_public');
  });
});
