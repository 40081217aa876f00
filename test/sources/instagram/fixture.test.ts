import { describe, it, expect } from 'vitest';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { instagramSource } from '../../../src/sources/instagram/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { buildFixture, contextFor, readZipFiles } from '../meta/helpers.js';

describe('fixtures/instagram-sample.zip', () => {
  it('is an Instagram 2024+ export with Threads inside', async () => {
    const zip = await buildFixture('instagram', 'instagram-sample.zip');
    try {
      const archive = memoryArchive(await readZipFiles(zip), 'instagram-sample.zip');
      const detection = await instagramSource.detect(archive);
      expect(detection).toEqual({ platform: 'instagram', layout: '2024+', score: 1 });
      const context = contextFor(archive);
      const result = await instagramSource.parse(context, detection!);
      expect(result.sources.map((s) => s.platform)).toEqual(['instagram', 'threads']);
      expect(result.account).toEqual({ platform: 'instagram', id: null, username: 'sam.example', displayName: 'Sam Exämple' });
      expect(result.contacts.map((c) => [c.platform, c.username, c.relations])).toEqual([
        ['instagram', 'ana.lima', ['follower', 'following']],
        ['instagram', 'bo_chen', ['follower', 'close_friend']],
        ['instagram', 'chloe.fr', ['follower']],
        ['threads', 'ana.lima', ['follower']],
        ['instagram', 'dev.null', ['following']],
        ['threads', 'zoe.t', ['following']],
        ['instagram', 'spam.bot', ['blocked']],
      ]);
      expect(result.contacts.find((c) => c.username === 'spam.bot')).toMatchObject({ displayName: 'Spåm Bot', id: '17841400000000001' });
      expect(result.posts.map((p) => [p.platform, p.kind, p.text, p.media.map((m) => m.path)])).toEqual([
        ['instagram', 'post', 'Fika with @ana.lima ☕ #stockholm', ['media/posts/202311/1_n.jpg']],
        ['instagram', 'post', 'Two views of the fjord 🏔️', ['media/posts/202307/2_n.jpg', 'media/posts/202307/3_n.jpg']],
        ['threads', 'post', 'Hello Threads, off to the fediverse soon → https://example.social/@sam', []],
        ['threads', 'reply', 'Agreed, @dev.null!', []],
      ]);
      expect(context.warnings.map((w) => w.message)).toEqual([expect.stringContaining('1 account(s)')]);
    } finally {
      await rm(dirname(zip), { recursive: true, force: true });
    }
  });
});
