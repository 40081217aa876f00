import { describe, expect, it } from 'vitest';
import { explicitCandidates } from '../../../src/resolve/finders/explicit.js';
import { bridgeCandidates } from '../../../src/resolve/finders/bridge.js';
import { contact } from '../fakes.js';

describe('explicitCandidates', () => {
  it('takes handles from display name, bio, location, websites and profile URL, once each', () => {
    const c = contact({
      displayName: 'Jack @jack@example.social',
      bio: 'also @Jack@Example.Social and https://tube.example/c/jackvids',
      location: 'Berlin / @jberlin@berlin.example',
      urls: ['https://jack.example.org', 'https://pixel.example/u/jackpics'],
    });
    const got = explicitCandidates(c);
    expect(got.map((x) => x.handle)).toEqual([
      'jack@example.social', 'jackvids@tube.example', 'jberlin@berlin.example', 'jackpics@pixel.example',
    ]);
    expect(got.map((x) => x.base)).toEqual(['high', 'high', 'medium', 'high']);
    expect(got.every((x) => x.finder === 'explicit')).toBe(true);
    expect(got[0]?.detail).toBe('display name says @jack@example.social');
  });

  it('a bio handle that is someone else\'s is only medium; one that looks or is said to be the contact\'s is high', () => {
    const base = (bio: string, over = {}) => explicitCandidates(contact({ displayName: 'Jack Smith', bio, ...over })).map((x) => [x.handle, x.base]);
    expect(base('Married to @bob@example.social')).toEqual([['bob@example.social', 'medium']]);
    expect(base('Moved to @jd77@example.social')).toEqual([['jd77@example.social', 'high']]);
    expect(base('🐘 @jd77@example.social')).toEqual([['jd77@example.social', 'high']]);
    expect(base('Co-host with @bob@example.social, me: @smith_j@example.social')).toEqual([
      ['bob@example.social', 'medium'], ['smith_j@example.social', 'high'],
    ]);
    expect(base('Mastodon: @bob@a.example and @carl@b.example')).toEqual([['bob@a.example', 'medium'], ['carl@b.example', 'medium']]);
  });

  it('takes a Mastodon contact\'s own full handle', () => {
    const got = explicitCandidates(contact({ platform: 'mastodon', username: 'ann@example.social', displayName: null }));
    expect(got.map((x) => x.handle)).toEqual(['ann@example.social']);
  });

  it('finds nothing in e-mail addresses, big-platform links or private hosts', () => {
    const c = contact({ bio: 'write to jack@example.com; @x@192.168.0.1', urls: ['https://twitter.com/jack', 'https://www.youtube.com/@jack'] });
    expect(explicitCandidates(c)).toEqual([]);
  });
});

describe('bridgeCandidates', () => {
  it('maps a Bluesky handle to Bridgy Fed', () => {
    expect(bridgeCandidates(contact({ platform: 'bluesky', username: 'alice.bsky.social' }))).toEqual([
      { handle: 'alice.bsky.social@bsky.brid.gy', finder: 'bridge', detail: 'Bridgy Fed bridge of alice.bsky.social', base: 'high' },
    ]);
  });

  it('ignores other platforms and DIDs', () => {
    expect(bridgeCandidates(contact({ platform: 'twitter', username: 'alice' }))).toEqual([]);
    expect(bridgeCandidates(contact({ platform: 'bluesky', username: 'did:plc:abc123' }))).toEqual([]);
  });
});
