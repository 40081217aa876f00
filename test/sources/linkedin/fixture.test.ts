import { describe, it, expect } from 'vitest';
import { linkedinSource } from '../../../src/sources/linkedin/index.js';
import { expectDetectedAloneAndValid, withBuiltFixture } from '../helpers.js';
// @ts-expect-error: a plain .mjs builder without type declarations
import buildLinkedInSample from '../../../fixtures/builders/linkedin.mjs';

describe('fixtures/linkedin-sample.zip', () => {
  it('is detected, parses as expected and validates against the model schema', async () => {
    await withBuiltFixture(buildLinkedInSample, ['linkedin-sample.zip'], async (archive) => {
      const { parsed, warnings } = await expectDetectedAloneAndValid(linkedinSource, archive);
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
    });
  });
});
