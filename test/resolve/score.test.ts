import { describe, expect, it } from 'vitest';
import type { ContactRef } from '../../src/model/match.js';
import type { Candidate } from '../../src/resolve/finders/types.js';
import { scoreContact, type CandidateOutcome, type CheckedCandidate } from '../../src/resolve/score.js';
import { found } from './fakes.js';

const ref: ContactRef = { platform: 'twitter', id: '12', username: 'jack', displayName: 'Jack' };
const cand = (handle: string, finder: Candidate['finder'], base: Candidate['base']): Candidate =>
  ({ handle, finder, base, detail: `${finder} proposed ${handle}` });
const check = (c: Candidate, outcome: CandidateOutcome): CheckedCandidate => ({ candidate: c, outcome });

describe('scoreContact', () => {
  it('a back-link makes any candidate verified, with the evidence of both steps', () => {
    const m = scoreContact(ref, [check(cand('jack@a.example', 'guess', 'low'), found('jack@a.example', { backlink: 'profile field links https://twitter.com/jack' }))]);
    expect(m).toMatchObject({ status: 'found', handle: 'jack@a.example', actor: 'https://a.example/users/jack', confidence: 'verified' });
    expect(m.evidence).toEqual([
      { finder: 'guess', verifier: null, detail: 'guess proposed jack@a.example' },
      { finder: 'guess', verifier: 'backlink', detail: 'profile field links https://twitter.com/jack' },
    ]);
  });

  it('decoy: the same username without a back-link is only low', () => {
    const m = scoreContact(ref, [check(cand('jack@a.example', 'guess', 'low'), found('jack@a.example'))]);
    expect(m).toMatchObject({ status: 'found', confidence: 'low' });
  });

  it('decoy: an account linking to a different identity is low, even when the contact named it', () => {
    const conflict = 'profile field "Twitter" links https://twitter.com/bob (twitter account bob; the contact is jack / 12)';
    const named = cand('bob@a.example', 'explicit', 'high');
    // The same candidate without the conflicting link is high: the cap comes from the link.
    expect(scoreContact(ref, [check(named, found('bob@a.example'))])).toMatchObject({ status: 'found', confidence: 'high' });
    const m = scoreContact(ref, [check(named, found('bob@a.example', { conflictingBacklink: conflict }))]);
    expect(m).toMatchObject({ status: 'found', handle: 'bob@a.example', confidence: 'low' });
    expect(m.evidence).toEqual([
      { finder: 'explicit', verifier: null, detail: 'explicit proposed bob@a.example' },
      { finder: 'explicit', verifier: 'backlink', detail: `links to a different account: ${conflict}` },
    ]);
    // Reached by a map entry as well, it stays low; a verified account elsewhere wins.
    const both = scoreContact(ref, [
      check(named, found('bob@a.example', { conflictingBacklink: conflict })),
      check(cand('bob@a.example', 'map', 'high'), found('bob@a.example')),
    ]);
    expect(both).toMatchObject({ status: 'found', confidence: 'low' });
    const other = scoreContact(ref, [
      check(named, found('bob@a.example', { conflictingBacklink: conflict })),
      check(cand('jack@b.example', 'guess', 'low'), found('jack@b.example', { backlink: 'url links https://twitter.com/jack' })),
    ]);
    expect(other).toMatchObject({ status: 'found', handle: 'jack@b.example', confidence: 'verified' });
  });

  it('a verified decoy-free account beats decoys at lower levels', () => {
    const m = scoreContact(ref, [
      check(cand('jack@a.example', 'guess', 'low'), found('jack@a.example')),
      check(cand('jack@b.example', 'guess', 'low'), found('jack@b.example')),
      check(cand('jd@c.example', 'explicit', 'high'), found('jd@c.example')),
    ]);
    expect(m).toMatchObject({ status: 'found', handle: 'jd@c.example', confidence: 'high' });
  });

  it('two different accounts at the top level are ambiguous, with no handle to follow', () => {
    const m = scoreContact(ref, [
      check(cand('jack@a.example', 'guess', 'low'), found('jack@a.example')),
      check(cand('jack@b.example', 'guess', 'low'), found('jack@b.example')),
    ]);
    expect(m).toMatchObject({ status: 'ambiguous', handle: null, actor: null, confidence: 'low', candidates: ['jack@a.example', 'jack@b.example'] });
    expect(m.error).toMatch(/2 different accounts at low/);
  });

  it('one account reached by several finders and handles is one match with all the evidence', () => {
    const moved = found('jack@new.example', { movedFrom: 'jack@old.example', locked: true });
    const m = scoreContact(ref, [
      check(cand('jack@old.example', 'explicit', 'high'), moved),
      check(cand('jack@new.example', 'guess', 'low'), { ...moved, movedFrom: null } as CandidateOutcome),
    ]);
    expect(m).toMatchObject({ status: 'found', handle: 'jack@new.example', confidence: 'high', movedFrom: 'jack@old.example', locked: true });
    expect(m.evidence.map((e) => e.finder)).toEqual(['explicit', 'explicit', 'guess', 'guess']);
  });

  it('search hits are medium only as the finder said, never more without a back-link', () => {
    const m = scoreContact(ref, [check(cand('jack@a.example', 'search', 'medium'), found('jack@a.example'))]);
    expect(m.confidence).toBe('medium');
  });

  it('gone when a named handle is gone; a gone guess says nothing', () => {
    const gone: CandidateOutcome = { status: 'gone', reason: 'WebFinger 410' };
    expect(scoreContact(ref, [check(cand('jack@a.example', 'explicit', 'high'), gone)])).toMatchObject({ status: 'gone', handle: null });
    expect(scoreContact(ref, [check(cand('jack@a.example', 'guess', 'low'), gone)])).toMatchObject({ status: 'not_found' });
  });

  it('error when a named handle could not be checked or every check failed; not_found otherwise', () => {
    const err: CandidateOutcome = { status: 'error', reason: 'timeout' };
    const nf: CandidateOutcome = { status: 'not_found', reason: '404' };
    expect(scoreContact(ref, [check(cand('j@a.example', 'map', 'high'), err), check(cand('j@b.example', 'guess', 'low'), nf)]))
      .toMatchObject({ status: 'error', error: 'j@a.example: timeout' });
    expect(scoreContact(ref, [check(cand('j@a.example', 'guess', 'low'), err)])).toMatchObject({ status: 'error' });
    expect(scoreContact(ref, [check(cand('j@a.example', 'guess', 'low'), err), check(cand('j@b.example', 'guess', 'low'), nf)]))
      .toMatchObject({ status: 'not_found' });
    expect(scoreContact(ref, [])).toMatchObject({ status: 'not_found', evidence: [] });
  });
});
