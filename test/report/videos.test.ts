/** The videos to upload to PeerTube in the report: count, bytes, channel, and the quota they go against. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, type DestinationProfile } from '../../src/destinations/profile.js';
import type { ActionState, VideoAction } from '../../src/plan/types.js';
import { buildPostsReport } from '../../src/report/buildPostsReport.js';
import { videosWords } from '../../src/report/describePosts.js';

function video(id: string, size: number): ActionState {
  const action: VideoAction = {
    key: `video:youtube:${id}`, type: 'video', source: { platform: 'youtube', id, createdAt: null, url: null },
    archive: 'takeout.zip', path: `Takeout/YouTube and YouTube Music/videos/${id}.mp4`, size, name: `Video ${id}`,
    description: null, tags: [], privacy: 'public', originallyPublishedAt: null, language: null, category: null, channel: 'me_channel',
  };
  return { action, status: 'planned', reason: null };
}

const model = { version: 1 as const, sources: [], account: null, contacts: [], posts: [] };
const plan = { actions: [], excluded: [], postsExcluded: [], notes: [] };
const peertube = (quotaBytes: number | null, quotaUsedBytes: number): DestinationProfile => ({
  ...DEFAULT_PROFILE, kind: 'peertube', software: 'peertube',
  videos: { quotaBytes, quotaUsedBytes, dailyQuotaBytes: null, dailyUsedBytes: 0, channel: { id: 1, name: 'me_channel' }, channelAsked: null },
});

describe('videos in the report', () => {
  it('counts the videos to upload with their bytes and says what is left of the quota after them', () => {
    const p = buildPostsReport(model, plan, [video('a', 300_000_000), video('b', 200_000_000)], peertube(2_000_000_000, 1_000_000_000));
    expect(p.videos).toEqual({ count: 2, bytes: 500_000_000, channel: 'me_channel', quotaBytes: 2_000_000_000, quotaUsedBytes: 1_000_000_000 });
    expect(videosWords(p)).toBe('2 videos (500 MB) go into the channel me_channel; your video quota: 1.0 GB used of 2.0 GB, 500 MB left after them.');
  });

  it('says how much is missing when they do not fit, and when the quota has no limit', () => {
    expect(videosWords(buildPostsReport(model, plan, [video('a', 1_500_000_000)], peertube(2_000_000_000, 1_000_000_000))))
      .toMatch(/500 MB too little for all of them\.$/);
    expect(videosWords(buildPostsReport(model, plan, [video('a', 10)], peertube(null, 0)))).toMatch(/has no limit\.$/);
  });

  it('is absent when no video is planned', () => {
    expect(buildPostsReport(model, plan, [], peertube(null, 0)).videos).toBeNull();
  });
});
