import { describe, it, expect } from 'vitest';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { facebookSource } from '../../../src/sources/facebook/index.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';
import { buildFixture, contextFor, readZipFiles } from '../meta/helpers.js';

describe('fixtures/facebook-sample.zip', () => {
  it('is a Facebook 2023+ export that parses into repaired contacts and posts with media', async () => {
    const zip = await buildFixture('facebook', 'facebook-sample.zip');
    try {
      const files = await readZipFiles(zip);
      const raw = Buffer.from(files['connections/friends/your_friends.json']!).toString('utf8');
      expect(raw).toContain('J\\u00c3\\u00bcrgen');
      expect(raw.endsWith('\n')).toBe(false);

      const archive = memoryArchive(files, 'facebook-sample.zip');
      const detection = await facebookSource.detect(archive);
      expect(detection).toEqual({ platform: 'facebook', layout: '2023+', score: 1 });
      const context = contextFor(archive);
      const result = await facebookSource.parse(context, detection!);
      expect(context.warnings).toEqual([]);
      expect(result.account).toEqual({ platform: 'facebook', id: null, username: 'sam.example', displayName: 'Sam Exämple' });
      expect(result.contacts.map((c) => [c.displayName, c.relations])).toEqual([
        ['Jürgen Müller', ['friend', 'follower']], ['Zoë Dupont 🌸', ['friend', 'following']], ['Anna Schmidt', ['friend']],
        ['Page Café Crème', ['following']], ['Maria Santos', ['follower']],
      ]);
      expect(result.posts.map((p) => [p.text, p.links, p.media.map((m) => m.path)])).toEqual([
        ['Sommer am See ☀️ #urlaub', [], ['your_facebook_activity/posts/media/Mobileuploads_1/lake.jpg']],
        ['Worth reading', ['https://example.org/article'], []],
        ['', [], ['your_facebook_activity/posts/media/Videos_2/clip.mp4']],
      ]);
    } finally {
      await rm(dirname(zip), { recursive: true, force: true });
    }
  });
});
