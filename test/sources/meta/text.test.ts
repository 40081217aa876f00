import { describe, it, expect } from 'vitest';
import { derivedPostId, hashtagsIn, linksIn, mentionsIn } from '../../../src/sources/meta/text.js';

describe('text helpers', () => {
  it('finds links without trailing punctuation', () => {
    expect(linksIn('see https://example.org/a?b=1, and (http://x.example/y).')).toEqual(['https://example.org/a?b=1', 'http://x.example/y']);
  });

  it('finds hashtags in any script, not URL fragments or entities', () => {
    expect(hashtagsIn('#Sommer am See #café_2024 https://x.example/#frag &#39; #2024 #Sommer')).toEqual(['Sommer', 'café_2024']);
  });

  it('finds Instagram-style mentions but not e-mail addresses', () => {
    expect(mentionsIn('thanks @jane.doe and @bob_1! mail me at a@b.example')).toEqual(['jane.doe', 'bob_1']);
  });

  it('derives a stable id from date, text and media, different when any differs', () => {
    const a = derivedPostId('2023-11-14T22:13:20.000Z', 'hi', ['m/1.jpg']);
    expect(a).toMatch(/^1700000000-[0-9a-f]{12}$/);
    expect(derivedPostId('2023-11-14T22:13:20.000Z', 'hi', ['m/1.jpg'])).toBe(a);
    expect(derivedPostId('2023-11-14T22:13:20.000Z', 'hi!', ['m/1.jpg'])).not.toBe(a);
    expect(derivedPostId(null, 'hi', [])).toMatch(/^undated-/);
  });
});
