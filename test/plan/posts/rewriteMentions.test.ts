import { describe, expect, it } from 'vitest';
import type { Match } from '../../../src/model/match.js';
import { findMentions } from '../../../src/plan/posts/entities.js';
import { buildHandleMap } from '../../../src/plan/posts/handleMap.js';
import { fediverseProfileUrl, profileUrl } from '../../../src/plan/posts/profileUrls.js';
import { rewriteMentions } from '../../../src/plan/posts/rewriteMentions.js';
import { post } from './builders.js';

function found(platform: Match['contact']['platform'], username: string, handle: string, confidence: Match['confidence']): Match {
  return {
    contact: { platform, id: null, username, displayName: null }, status: 'found', handle, actor: null, confidence,
    evidence: [], movedFrom: null, locked: false,
  };
}

const noHandles = { mentions: 'link' as const, handles: new Map<string, string>() };

describe('rewriteMentions', () => {
  it('turns @jack into a link to the old profile, so nobody is notified', () => {
    const out = rewriteMentions('thanks @jack and @Ann_B!', post('1'), noHandles);
    expect(out).toBe('thanks https://twitter.com/jack and https://twitter.com/Ann_B!');
    expect(findMentions(out)).toEqual([]);
  });

  it('links per platform', () => {
    expect(rewriteMentions('hi @jane.doe', post('1', { platform: 'instagram' }), noHandles)).toBe('hi https://www.instagram.com/jane.doe/');
    expect(rewriteMentions('hi @jane.doe.', post('1', { platform: 'instagram' }), noHandles)).toBe('hi https://www.instagram.com/jane.doe/.');
    expect(rewriteMentions('hi @dancer', post('1', { platform: 'tiktok' }), noHandles)).toBe('hi https://www.tiktok.com/@dancer');
    expect(rewriteMentions('hi @zuck', post('1', { platform: 'threads' }), noHandles)).toBe('hi https://www.threads.net/@zuck');
  });

  it('with mentions: handle, links the matched fediverse account where the match is high or verified', () => {
    const handles = buildHandleMap([
      found('twitter', 'Jack', 'jack@mastodon.example', 'verified'),
      found('twitter', 'ann', 'ann@social.example', 'high'),
      found('twitter', 'bob', 'bob@weak.example', 'medium'),
      { ...found('twitter', 'eve', 'eve@x.example', 'high'), status: 'ambiguous' },
    ]);
    expect([...handles.keys()]).toEqual(['twitter:jack', 'twitter:ann']);
    const out = rewriteMentions('@jack @ann @bob @eve', post('1'), { mentions: 'handle', handles });
    expect(out).toBe('https://mastodon.example/@jack https://social.example/@ann https://twitter.com/bob https://twitter.com/eve');
    // In link mode the map is ignored.
    expect(rewriteMentions('@jack', post('1'), { mentions: 'link', handles })).toBe('https://twitter.com/jack');
  });

  it('links a full @user@host mention (a Mastodon export) to its profile', () => {
    expect(rewriteMentions('cc @Gargron@mastodon.social.', post('1'), noHandles)).toBe('cc https://mastodon.social/@Gargron.');
  });

  it('uses the full handle a Mastodon post lists for a mention its text shows as @user', () => {
    const p = post('https://old.example/users/me/statuses/9', {
      platform: 'mastodon',
      mentions: [{ username: 'friend', id: 'friend@elsewhere.example' }],
    });
    expect(rewriteMentions('hello @friend and @local', p, noHandles)).toBe('hello https://elsewhere.example/@friend and https://old.example/@local');
  });

  it('keeps hashtags, URLs and e-mail addresses as they are', () => {
    const text = 'mail me@example.com, see https://mastodon.social/@jack and https://x.org/?a=@b #tag';
    expect(rewriteMentions(text, post('1'), noHandles)).toBe(text);
  });

  it('neutralises a mention with no address to link to, without changing how it reads', () => {
    const out = rewriteMentions('met @someone today', post('1', { platform: 'linkedin' }), noHandles);
    expect(out).toBe('met @\u2060someone today');
    expect(findMentions(out)).toEqual([]);
  });
});

describe('profile URLs', () => {
  it('builds the old profile address per platform', () => {
    expect(profileUrl('twitter', '@jack')).toBe('https://twitter.com/jack');
    expect(profileUrl('instagram', 'jack')).toBe('https://www.instagram.com/jack/');
    expect(profileUrl('youtube', 'jack')).toBe('https://www.youtube.com/@jack');
    expect(profileUrl('linkedin', 'jack')).toBeNull();
    expect(profileUrl('mastodon', 'jack')).toBeNull();
    expect(profileUrl('mastodon', 'jack', { host: 'old.example' })).toBe('https://old.example/@jack');
    expect(fediverseProfileUrl('@Jack@Mastodon.Social')).toBe('https://mastodon.social/@Jack');
    expect(fediverseProfileUrl('not a handle')).toBeNull();
  });
});
