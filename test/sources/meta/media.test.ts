import { describe, it, expect } from 'vitest';
import { MediaIndex, mediaTypeOf } from '../../../src/sources/meta/media.js';
import type { ArchiveEntry, ArchiveSet } from '../../../src/archive/types.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';

function twoParts(a: Record<string, string>, b: Record<string, string>): ArchiveSet {
  const first = memoryArchive(a, 'part-1.zip');
  const second = memoryArchive(b, 'part-2.zip');
  const entries: ArchiveEntry[] = [...first.entries, ...second.entries];
  return { ...first, files: ['part-1.zip', 'part-2.zip'], entries };
}

describe('MediaIndex', () => {
  it('finds a uri inside a wrapper folder', () => {
    const index = new MediaIndex(memoryArchive({ 'facebook-jane-2024/your_facebook_activity/posts/media/A/1.jpg': 'x' }));
    expect(index.media('your_facebook_activity/posts/media/A/1.jpg')).toEqual({
      path: 'facebook-jane-2024/your_facebook_activity/posts/media/A/1.jpg', type: 'image', alt: null, archive: 'export.zip',
    });
    expect(index.missing).toBe(0);
  });

  it('finds media that sits in another part of a multi-part export', () => {
    const index = new MediaIndex(twoParts({ 'posts/your_posts_1.json': '[]' }, { 'media/posts/202301/9_n.mp4': 'v' }));
    expect(index.media('media/posts/202301/9_n.mp4')).toMatchObject({ path: 'media/posts/202301/9_n.mp4', type: 'video', archive: 'part-2.zip' });
  });

  it('falls back to a shorter suffix when the root moved, but only when it names one file', () => {
    const index = new MediaIndex(memoryArchive({ 'your_instagram_activity/media/posts/202301/1_n.jpg': 'x', 'a/b/2.jpg': 'y', 'c/b/2.jpg': 'z' }));
    expect(index.find('media/posts/202301/1_n.jpg')?.path).toBe('your_instagram_activity/media/posts/202301/1_n.jpg');
    expect(index.find('old/root/posts/202301/1_n.jpg')?.path).toBe('your_instagram_activity/media/posts/202301/1_n.jpg');
    expect(index.find('x/b/2.jpg')).toBeNull();
    // A bare file name is never matched loosely.
    expect(index.find('q/1_n.jpg')).toBeNull();
  });

  it('records a missing file as path null and counts it', () => {
    const index = new MediaIndex(memoryArchive({ 'a.json': '[]' }));
    expect(index.media('media/posts/202301/gone.jpg')).toEqual({ path: null, type: 'image', alt: null, archive: null });
    expect(index.media('https://scontent.example/x.jpg').path).toBeNull();
    expect(index.missing).toBe(2);
  });

  it('types media by extension', () => {
    expect(['a.JPG', 'a.gif', 'a.mov', 'a.m4a', 'a.srt'].map(mediaTypeOf)).toEqual(['image', 'gif', 'video', 'audio', 'other']);
  });
});
