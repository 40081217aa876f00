import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mastodonSource } from '../../../src/sources/mastodon/index.js';
import { expectDetectedAloneAndValid, withBuiltFixture } from '../helpers.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildMastodonSample from '../../../fixtures/builders/mastodon.mjs';

describe('fixtures/mastodon-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    await withBuiltFixture(buildMastodonSample, ['mastodon-sample.zip'], async (archive, dir) => {
      const { detection, parsed, warnings } = await expectDetectedAloneAndValid(mastodonSource, archive);
      expect(detection).toEqual({ platform: 'mastodon', layout: 'archive', score: 1 });
      expect(parsed.account).toEqual({ platform: 'mastodon', id: 'https://example.social/users/sam', username: 'sam', displayName: 'Sam Exämple' });
      expect(parsed.posts.map((p) => [p.kind, p.text])).toEqual([
        ['post', 'Moving servers, see https://example.org/moving #fediverse'],
        ['reply', '@alice thanks & see you there!'],
        ['repost', ''],
      ]);
      expect(parsed.posts[0]!.media).toEqual([{ path: 'media_attachments/files/111/222/333/444/555/666/original/abcdef0123456789.jpeg', type: 'image', alt: 'A moving box', archive: join(dir, 'mastodon-sample.zip') }]);
      expect(parsed.posts[0]!.links).toEqual(['https://example.org/moving']);
      expect(parsed.contacts.map((c) => [c.id, c.relations])).toEqual([
        ['troll@bad.example', ['blocked']],
        ['alice@other.example', ['following', 'list:Friends']],
        ['bob@example.social', ['following', 'list:Friends']],
        ['loud@example.social', ['muted']],
      ]);
      expect(warnings).toEqual([]);
    });
  });
});
