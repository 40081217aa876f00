/** Across every registered module: Meta exports are claimed by the right module, and only by it. */
import { describe, it, expect } from 'vitest';
import { SOURCE_MODULES } from '../../../src/sources/registry.js';
import type { ArchiveSet } from '../../../src/archive/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { sampleArchive } from './helpers.js';

async function best(archive: ArchiveSet): Promise<string | null> {
  let winner: { platform: string; score: number } | null = null;
  for (const module of SOURCE_MODULES) {
    const detection = await module.detect(archive);
    if (detection && detection.score >= 0.3 && (!winner || detection.score > winner.score)) winner = detection;
  }
  return winner?.platform ?? null;
}

describe('detection across all platform modules', () => {
  it.each([
    ['facebook', 'facebook/export-2026-anonymized'],
    ['instagram', 'instagram/export-2024-12-anonymized'],
    ['instagram', 'instagram/export-2026-anonymized'],
  ])('picks %s for the real sample %s', async (platform, dir) => {
    expect(await best(sampleArchive(dir))).toBe(platform);
  });

  it('picks the right module for each generation\'s typical files', async () => {
    expect(await best(memoryArchive({ 'friends_and_followers/friends.json': '{}', 'posts/your_posts_1.json': '[]' }))).toBe('facebook');
    expect(await best(memoryArchive({ 'friends/friends.json': '{}', 'following_and_followers/following.json': '{}' }))).toBe('facebook');
    expect(await best(memoryArchive({ 'content/posts_1.json': '[]', 'followers_and_following/followers_1.json': '[]' }))).toBe('instagram');
    expect(await best(memoryArchive({ 'your_instagram_activity/threads/threads_and_replies.json': '{}' }))).toBe('instagram');
  });
});

describe('a Facebook and an Instagram export given together', () => {
  it('each module reads only its own files', async () => {
    const { parseArchiveSet } = await import('../../../src/app/parseExport.js');
    const { facebookSource } = await import('../../../src/sources/facebook/index.js');
    const { instagramSource } = await import('../../../src/sources/instagram/index.js');
    const { sampleFiles, SAMPLES } = await import('./helpers.js');
    const archive = memoryArchive({
      ...sampleFiles(`${SAMPLES}/facebook/export-2026-anonymized`, 'facebook-sam/'),
      ...sampleFiles(`${SAMPLES}/instagram/export-2026-anonymized`, 'instagram-sam/'),
      'facebook-sam/friends_and_followers/following.json': '{"following_v2": [{"name": "Old Page", "timestamp": 1}]}',
    });
    const { model, warnings } = await parseArchiveSet(archive, [facebookSource, instagramSource]);
    expect(model.sources.map((s) => s.platform)).toEqual(['facebook', 'instagram']);
    const fb = model.contacts.filter((c) => c.platform === 'facebook');
    const ig = model.contacts.filter((c) => c.platform === 'instagram');
    expect(fb.every((c) => c.username === null && !String(c.displayName).startsWith('sample.user'))).toBe(true);
    expect(fb.map((c) => c.displayName)).toContain('Old Page');
    expect(ig).toHaveLength(8);
    expect(warnings.filter((w) => w.message.includes('shape') || w.message.includes('list we know'))).toEqual([]);
  });
});
