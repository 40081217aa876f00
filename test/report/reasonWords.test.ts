/** Reason codes and plan notes in words: every code has words, and no code name ever reaches a person. */
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/plan/reasons.js';
import type { PlanNote } from '../../src/plan/types.js';
import { noteText, reasonCodeText, reasonText } from '../../src/report/reasonWords.js';

const CODE_NAME = new RegExp(`\\b(?:${REASON_CODES.filter((c) => c.includes('_')).join('|')})\\b`);

describe('reason codes in words', () => {
  it('every code has words of its own, with and without a detail, none naming a code', () => {
    for (const code of REASON_CODES) {
      for (const detail of [null, 'twitter']) {
        const words = reasonCodeText(code, detail);
        expect(words, code).not.toBe('');
        expect(words, code).not.toMatch(CODE_NAME);
        expect(reasonText({ code, detail }), code).toBe(words);
      }
    }
  });

  it('the minimum confidence is named, the match\'s own level is not (so one group holds them all)', () => {
    expect(reasonCodeText('below_min_confidence', 'low < high')).toBe('below the minimum (high) for acting without your approval');
    expect(reasonCodeText('below_min_confidence', 'medium < high')).toBe(reasonCodeText('below_min_confidence', 'low < high'));
    expect(reasonCodeText('below_min_confidence')).toBe('below your minimum confidence; not acted on without your approval');
  });

  it('posts left out: a direct message is never posted; a missing date is said as such', () => {
    expect(reasonCodeText('not_public', 'direct')).toBe('a direct message, never posted');
    expect(reasonCodeText('not_public', 'private')).toContain('--include-private');
    expect(reasonCodeText('before_since', 'no_date')).toBe('has no date, so it cannot be placed after --since');
    expect(reasonCodeText('kind_not_asked', 'video')).toBe('a video not asked for (add video to --kinds to bring these)');
  });

  it('a follow that did not happen names its own reason in words', () => {
    expect(reasonCodeText('list_follow_failed', 'follow_declined')).toBe('the follow did not happen (the follow request was declined or withdrawn)');
  });

  it('an old journal\'s sentence is said as it is; a code this version does not know is said without underscores', () => {
    expect(reasonCodeText('other', 'HTTP 403: not allowed')).toBe('HTTP 403: not allowed');
    expect(reasonCodeText('some_future_code', '42')).toBe('some future code (42)');
    expect(reasonCodeText(null)).toBe('');
  });

  it('every plan note is a sentence', () => {
    const notes: PlanNote[] = [
      { code: 'follow_limit', ceiling: 7500, room: 10, skipped: 2 },
      { code: 'followers_not_followed', count: 3 },
      { code: 'below_min_confidence', count: 1, minConfidence: 'high' },
      { code: 'posts_split', posts: 2, parts: 5 },
      { code: 'posts_backdated', count: 4, software: 'gotosocial' },
      { code: 'posts_not_backdated', software: 'mastodon' },
      { code: 'media_over_limit', posts: 1, maxMedia: 4 },
    ];
    for (const n of notes) {
      const text = noteText(n);
      expect(text, n.code).toMatch(/^[A-Z0-9].*\.$/);
      expect(text, n.code).not.toMatch(CODE_NAME);
    }
    expect(noteText(notes[0]!)).toContain('at most 7,500 accounts');
  });
});
