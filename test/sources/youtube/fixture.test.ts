import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { openArchiveSet } from '../../../src/archive/open.js';
import { detectPlatforms } from '../../../src/app/parseExport.js';
import { mergeParsed } from '../../../src/model/merge.js';
import { SOURCE_MODULES } from '../../../src/sources/registry.js';
import { youtubeSource } from '../../../src/sources/youtube/index.js';
import type { ParseWarning } from '../../../src/sources/types.js';
import { makeTempDir, removeTempDir } from '../../helpers/zipFiles.js';
import { modelSchemaErrors } from '../../helpers/modelSchema.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildYouTubeSample, { PART1, PART2 } from '../../../fixtures/builders/youtube.mjs';

describe('fixtures: the two-part Takeout (zip + tgz)', () => {
  it('reads as one export, finding a video file in the other part, and validates against the schema', async () => {
    const dir = await makeTempDir();
    try {
      await buildYouTubeSample(dir);
      const archive = await openArchiveSet([join(dir, PART1 as string), join(dir, PART2 as string)]);
      try {
        const detection = await youtubeSource.detect(archive);
        expect(detection).toEqual({ platform: 'youtube', layout: 'takeout-csv', score: 0.95 });
        // Among every platform module, only this one claims the export.
        expect((await detectPlatforms(archive, SOURCE_MODULES)).map((d) => d.detection.platform)).toEqual(['youtube']);
        const warnings: ParseWarning[] = [];
        const parsed = await youtubeSource.parse({ archive, warn: (w) => warnings.push(w) }, detection!);
        expect(parsed.account).toEqual({ platform: 'youtube', id: 'UCmmmmmmmmmmmmmmmmmmmmmm', username: null, displayName: 'Mein Kanal' });
        expect(parsed.contacts.map((c) => [c.id, c.displayName, c.profileUrl])).toEqual([
          ['UCaaaaaaaaaaaaaaaaaaaaaa', 'Fediverse Erklärt', 'https://www.youtube.com/channel/UCaaaaaaaaaaaaaaaaaaaaaa'],
          ['UCbbbbbbbbbbbbbbbbbbbbbb', 'Kochen, Backen & mehr', 'https://www.youtube.com/channel/UCbbbbbbbbbbbbbbbbbbbbbb'],
          ['UCcccccccccccccccccccccc', 'PeerTube Weekly', 'https://www.youtube.com/channel/UCcccccccccccccccccccccc'],
        ]);
        expect(parsed.posts.map((p) => [p.id, p.kind, p.media[0]?.path?.split('/').pop(), p.media[0]?.archive?.split('/').pop()])).toEqual([
          ['aaaaaaaaaa1', 'video', 'Umzug_ Teil 1.mp4', PART2],
          ['aaaaaaaaaa2', 'video', 'Katze.mp4', PART1],
        ]);
        expect(warnings).toEqual([]);
        expect(modelSchemaErrors(mergeParsed([parsed]))).toEqual([]);
      } finally {
        await archive.close();
      }
    } finally {
      await removeTempDir(dir);
    }
  });
});
