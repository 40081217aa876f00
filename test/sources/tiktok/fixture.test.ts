import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchiveSet } from '../../../src/archive/open.js';
import { detectPlatforms } from '../../../src/app/parseExport.js';
import { mergeParsed } from '../../../src/model/merge.js';
import { SOURCE_MODULES } from '../../../src/sources/registry.js';
import { tiktokSource } from '../../../src/sources/tiktok/index.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/zipFiles.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildTikTokSample from '../../../fixtures/builders/tiktok.mjs';

describe('fixtures/tiktok-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    const dir = await makeTempDir();
    try {
      await buildTikTokSample(dir);
      const archive = await openArchiveSet([join(dir, 'tiktok-sample.zip')]);
      try {
        const detection = await tiktokSource.detect(archive);
        expect(detection?.platform).toBe('tiktok');
        // Among every platform module, only this one claims the export.
        expect((await detectPlatforms(archive, SOURCE_MODULES)).map((d) => d.detection.platform)).toEqual(['tiktok']);
        const warnings: ParseWarning[] = [];
        const parsed = await tiktokSource.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
        expect(modelSchemaErrors(mergeParsed([parsed]))).toEqual([]);
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
      } finally {
        await archive.close();
      }
    } finally {
      await removeTempDir(dir);
    }
  });
});
