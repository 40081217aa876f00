import { describe, it, expect } from 'vitest';
import { detectFacebook } from '../../../src/sources/facebook/detect.js';
import { detectInstagram } from '../../../src/sources/instagram/detect.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { sampleArchive } from '../meta/helpers.js';

describe('detectFacebook', () => {
  it('detects the real 2026 sample as the 2023+ layout, with certainty', async () => {
    expect(await detectFacebook(sampleArchive('facebook/export-2026-anonymized'))).toEqual({ platform: 'facebook', layout: '2023+', score: 1 });
  });

  it('detects it inside a wrapper folder too', async () => {
    expect(await detectFacebook(sampleArchive('facebook/export-2026-anonymized', 'facebook-jane-2026-01-01-abc/'))).toMatchObject({ layout: '2023+', score: 1 });
  });

  it.each([
    ['2023+', { 'connections/followers/who_you_ve_followed.json': '{}' }],
    ['2023+', { 'your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json': '[]' }],
    ['2020-22', { 'friends_and_followers/friends.json': '{}', 'posts/your_posts_1.json': '[]' }],
    ['2018-19', { 'friends/friends.json': '{}', 'following_and_followers/following.json': '{}', 'posts/your_posts.json': '{}' }],
  ])('detects the %s layout by its files', async (layout, files) => {
    expect(await detectFacebook(memoryArchive(files))).toMatchObject({ platform: 'facebook', layout, score: 1 });
  });

  it('gives a weaker score to a lone friends/friends.json', async () => {
    expect(await detectFacebook(memoryArchive({ 'friends/friends.json': '{}' }))).toEqual({ platform: 'facebook', layout: '2018-19', score: 0.6 });
  });

  it('recognizes an HTML export', async () => {
    const archive = memoryArchive({
      'index.html': '<html></html>',
      'your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html': '<html></html>',
      'connections/friends/your_friends.html': '<html></html>',
    });
    expect(await detectFacebook(archive)).toEqual({ platform: 'facebook', layout: 'html', score: 1 });
  });

  it.each([
    'instagram/export-2024-12-anonymized', 'instagram/export-2026-anonymized', 'twitter/dogsheep-2019-root-layout',
    'twitter/larsbrinkhoff-2023-08-new-style', 'tiktok/LamineLSU-2025', 'mastodon/dealingwith-masto-archive-2024',
    'youtube/google_takeout_parser-tests', 'linkedin/fixtures',
  ])('does not claim %s', async (dir) => {
    expect(await detectFacebook(sampleArchive(dir))).toBeNull();
  });

  it('is not claimed by the Instagram module', async () => {
    expect(await detectInstagram(sampleArchive('facebook/export-2026-anonymized'))).toBeNull();
    expect(await detectInstagram(memoryArchive({ 'friends_and_followers/followers.json': '{}', 'posts/your_posts_1.json': '[]' }))).toBeNull();
  });
});
