import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchiveSet } from '../../../src/archive/open.js';
import { detectPlatforms } from '../../../src/app/parseExport.js';
import { mergeParsed } from '../../../src/model/merge.js';
import { SOURCE_MODULES } from '../../../src/sources/registry.js';
import { mastodonSource } from '../../../src/sources/mastodon/index.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/zipFiles.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildMastodonSample from '../../../fixtures/builders/mastodon.mjs';

describe('fixtures/mastodon-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    const dir = await makeTempDir();
    try {
      await buildMastodonSample(dir);
      const archive = await openArchiveSet([join(dir, 'mastodon-sample.zip')]);
      try {
        const detection = await mastodonSource.detect(archive);
        expect(detection?.platform).toBe('mastodon');
        // Among every platform module, only this one claims the export.
        expect((await detectPlatforms(archive, SOURCE_MODULES)).map((d) => d.detection.platform)).toEqual(['mastodon']);
        const warnings: ParseWarning[] = [];
        const parsed = await mastodonSource.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
        expect(modelSchemaErrors(mergeParsed([parsed]))).toEqual([]);
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
      } finally {
        await archive.close();
      }
    } finally {
      await removeTempDir(dir);
    }
  });
});
