import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchiveSet } from '../../../src/archive/open.js';
import { detectPlatforms } from '../../../src/app/parseExport.js';
import { mergeParsed } from '../../../src/model/merge.js';
import { SOURCE_MODULES } from '../../../src/sources/registry.js';
import { linkedinSource } from '../../../src/sources/linkedin/index.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/zipFiles.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildLinkedInSample from '../../../fixtures/builders/linkedin.mjs';

describe('fixtures/linkedin-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    const dir = await makeTempDir();
    try {
      await buildLinkedInSample(dir);
      const archive = await openArchiveSet([join(dir, 'linkedin-sample.zip')]);
      try {
        const detection = await linkedinSource.detect(archive);
        expect(detection?.platform).toBe('linkedin');
        // Among every platform module, only this one claims the export.
        expect((await detectPlatforms(archive, SOURCE_MODULES)).map((d) => d.detection.platform)).toEqual(['linkedin']);
        const warnings: ParseWarning[] = [];
        const parsed = await linkedinSource.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
        expect(modelSchemaErrors(mergeParsed([parsed]))).toEqual([]);
        expect(parsed.account).toEqual({ platform: 'linkedin', id: null, username: null, displayName: 'Sam Example' });
        expect(parsed.contacts.map((c) => [c.displayName, c.username, c.since])).toEqual([
          ['Priya Shah', 'priyashah', '2024-03-12T00:00:00.000Z'],
          ['Jörg Müller', 'jörg-müller-123', '2023-01-02T00:00:00.000Z'],
          ['Amélie Durand', 'amelie-durand', '2021-02-05T00:00:00.000Z'],
        ]);
        expect(parsed.posts.map((p) => [p.id, p.kind, p.visibility])).toEqual([
          ['urn:li:share:7180000000000000001', 'post', 'public'],
          ['urn:li:ugcPost:7170000000000000002', 'repost', 'private'],
        ]);
        expect(parsed.posts[0]!.text).toBe('I am moving to the fediverse.\n\nFind me at @priya@example.social — "see you there". #fediverse');
        expect(warnings).toEqual([]);
      } finally {
        await archive.close();
      }
    } finally {
      await removeTempDir(dir);
    }
  });
});
