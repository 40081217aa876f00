import { describe, it, expect } from 'vitest';
import { tiktokSource } from '../../../src/sources/tiktok/index.js';
import { expectDetectedAloneAndValid, withBuiltFixture } from '../helpers.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildTikTokSample from '../../../fixtures/builders/tiktok.mjs';

describe('fixtures/tiktok-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    await withBuiltFixture(buildTikTokSample, ['tiktok-sample.zip'], async (archive) => {
      const { detection, parsed, warnings } = await expectDetectedAloneAndValid(tiktokSource, archive);
      expect(detection).toEqual({ platform: 'tiktok', layout: '2024+', score: 0.95 });
      expect(parsed.account).toEqual({ platform: 'tiktok', id: null, username: 'sam.example', displayName: null });
      expect(parsed.contacts.map((c) => [c.username, c.relations])).toEqual([
        ['skater_one', ['following', 'follower']],
        ['news.daily', ['following']],
        ['café.lover', ['follower']],
        ['spam.account', ['blocked']],
      ]);
      expect(parsed.posts.map((p) => [p.id, p.kind, p.hashtags, p.visibility])).toEqual([['7420000000000000001', 'video', ['pixelfed'], 'public']]);
      expect(warnings).toEqual([]);
    });
  });
});
