/**
 * Completes reasonWords.test.ts: a new plan note code cannot go without its line here (the Record below
 * does not compile without it), each note shows its numbers, and no two reason codes share their words.
 */
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/plan/reasons.js';
import type { PlanNote } from '../../src/plan/types.js';
import { noteText, reasonText } from '../../src/report/reasonWords.js';

/** One note of every code: the type checker insists on every key. */
const NOTES: { [C in PlanNote['code']]: Extract<PlanNote, { code: C }> } = {
  follow_limit: { code: 'follow_limit', ceiling: 7500, room: 2, skipped: 3 },
  followers_not_followed: { code: 'followers_not_followed', count: 4 },
  below_min_confidence: { code: 'below_min_confidence', count: 1, minConfidence: 'high' },
  posts_split: { code: 'posts_split', posts: 2, parts: 5 },
  posts_backdated: { code: 'posts_backdated', count: 1200, software: 'gotosocial' },
  posts_not_backdated: { code: 'posts_not_backdated', software: 'mastodon' },
  media_over_limit: { code: 'media_over_limit', posts: 1, maxMedia: 4 },
  replies_public: { code: 'replies_public', count: 3, software: 'snac' },
};

describe('plan notes in words', () => {
  it.each(Object.values(NOTES))('$code shows each of its numbers and names, without underscores', (note: PlanNote) => {
    const words = noteText(note);
    expect(words).not.toMatch(/[a-z]_[a-z]/);
    for (const [key, value] of Object.entries(note)) {
      if (key === 'code') continue;
      expect(words).toContain(typeof value === 'number' ? value.toLocaleString('en-US') : String(value));
    }
  });
});

describe('reason codes in words', () => {
  it('no two codes share their words, so a report never lumps two reasons together', () => {
    const byWords = new Map<string, string[]>();
    for (const code of REASON_CODES) {
      const words = reasonText({ code });
      byWords.set(words, [...(byWords.get(words) ?? []), code]);
    }
    expect([...byWords.values()].filter((codes) => codes.length > 1)).toEqual([]);
  });
});
