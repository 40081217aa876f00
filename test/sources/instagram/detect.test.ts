import { describe, it, expect } from 'vitest';
import { detectInstagram } from '../../../src/sources/instagram/detect.js';
import { detectFacebook } from '../../../src/sources/facebook/detect.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { sampleArchive } from '../meta/helpers.js';

describe('detectInstagram', () => {
  it.each(['instagram/export-2024-12-anonymized', 'instagram/export-2026-anonymized'])('detects the real sample %s', async (dir) => {
    expect(await detectInstagram(sampleArchive(dir))).toEqual({ platform: 'instagram', layout: '2021+', score: 1 });
    expect(await detectInstagram(sampleArchive(dir, 'instagram-sam-2026/'))).toMatchObject({ score: 1 });
  });

  it.each([
    ['2024+', { 'your_instagram_activity/media/posts_1.json': '[]' }],
    ['2024+', { 'your_instagram_activity/threads/threads_and_replies.json': '{}' }],
    ['2021-23', { 'content/posts_1.json': '[]', 'followers_and_following/followers_1.json': '[]' }],
    ['2018-20', { 'connections.json': '{}', 'media.json': '{}', 'profile.json': '{}' }],
  ])('detects the %s layout', async (layout, files) => {
    expect(await detectInstagram(memoryArchive(files))).toMatchObject({ platform: 'instagram', layout });
  });

  it('recognizes an HTML export', async () => {
    const archive = memoryArchive({
      'index.html': '<html></html>',
      'connections/followers_and_following/followers_1.html': '<html></html>',
    });
    expect(await detectInstagram(archive)).toEqual({ platform: 'instagram', layout: 'html', score: 1 });
  });

  it('does not claim a lone connections.json or other platforms\' samples', async () => {
    expect(await detectInstagram(memoryArchive({ 'connections.json': '{}' }))).toBeNull();
    for (const dir of ['twitter/dogsheep-2019-root-layout', 'twitter/larsbrinkhoff-2021-03-old-style', 'tiktok/LamineLSU-2025', 'mastodon/dealingwith-masto-archive-2024']) {
      expect(await detectInstagram(sampleArchive(dir)), dir).toBeNull();
    }
  });

  it('is not claimed by the Facebook module', async () => {
    expect(await detectFacebook(sampleArchive('instagram/export-2026-anonymized'))).toBeNull();
    expect(await detectFacebook(memoryArchive({ 'your_instagram_activity/media/posts_1.json': '[]', 'followers_and_following/following.json': '{}' }))).toBeNull();
  });
});
