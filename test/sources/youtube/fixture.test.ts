import { describe, it, expect } from 'vitest';
import { youtubeSource } from '../../../src/sources/youtube/index.js';
import { expectDetectedAloneAndValid, withBuiltFixture } from '../helpers.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildYouTubeSample, { PART1, PART2 } from '../../../fixtures/builders/youtube.mjs';

describe('fixtures: the two-part Takeout (zip + tgz)', () => {
  it('reads as one export, finding a video file in the other part, and validates against the schema', async () => {
    await withBuiltFixture(buildYouTubeSample, [PART1 as string, PART2 as string], async (archive) => {
      const { detection, parsed, warnings } = await expectDetectedAloneAndValid(youtubeSource, archive);
      expect(detection).toEqual({ platform: 'youtube', layout: 'takeout-csv', score: 0.95 });
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
    });
  });
});
