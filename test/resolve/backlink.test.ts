import { describe, expect, it } from 'vitest';
import type { ActorInfo } from '../../src/resolve/actor.js';
import { findBacklink, findConflictingBacklink, linksInHtml, profileOfUrl, type BacklinkIdentity } from '../../src/resolve/backlink.js';

function actor(over: Partial<ActorInfo> = {}): ActorInfo {
  return {
    id: 'https://social.example/users/jack', fetchedFrom: 'https://social.example/users/jack', type: 'Person',
    preferredUsername: 'jack', name: 'Jack', summary: null, urls: [], attachments: [], alsoKnownAs: [],
    manuallyApprovesFollowers: false, movedTo: null, webfinger: null, ...over,
  };
}
const jack: BacklinkIdentity = { platform: 'twitter', id: '12', username: 'jack', profileUrl: null };

// Mastodon renders a field value link like this (invisible spans around the scheme and the tail).
const mastodonLink = (url: string) => {
  const [scheme, rest] = url.split('://');
  return `<a href="${url}" target="_blank" rel="nofollow noopener me"><span class="invisible">${scheme}://</span><span class="">${rest}</span><span class="invisible"></span></a>`;
};

describe('findBacklink', () => {
  it.each([
    'https://twitter.com/jack', 'https://x.com/jack', 'https://mobile.twitter.com/jack', 'https://www.twitter.com/JACK/',
    'http://twitter.com/jack?lang=en', 'https://twitter.com/intent/user?user_id=12', 'https://x.com/i/user/12',
  ])('matches a field linking %s', (url) => {
    const r = findBacklink(actor({ attachments: [{ name: 'Twitter', value: mastodonLink(url) }] }), jack);
    expect(r).toEqual({ matched: true, detail: `profile field "Twitter" links ${url}` });
  });

  it('reads a link written as text in a field, the url, the bio and alsoKnownAs', () => {
    expect(findBacklink(actor({ attachments: [{ name: 'old', value: 'twitter.com/jack' }] }), jack).matched).toBe(true);
    expect(findBacklink(actor({ urls: ['https://x.com/jack'] }), jack).matched).toBe(true);
    expect(findBacklink(actor({ summary: '<p>Moved from <a href="https://twitter.com/jack">birdsite</a></p>' }), jack).matched).toBe(true);
    expect(findBacklink(actor({ summary: '<p>formerly https://x.com/jack.</p>' }), jack).matched).toBe(true);
    expect(findBacklink(actor({ alsoKnownAs: ['https://twitter.com/jack'] }), jack).matched).toBe(true);
    expect(findBacklink(actor({ summary: '<a href="https://twitter.com/jack?a=1&amp;b=2">x</a>' }), jack).matched).toBe(true);
  });

  it('does not take a bare @jack, another account, a near name, or a tweet link as a back-link', () => {
    const decoys = [
      actor({ attachments: [{ name: 'Twitter', value: '@jack' }] }),
      actor({ summary: '<p>I am @jack on the bird site, twitter.com</p>' }),
      actor({ attachments: [{ name: 'Twitter', value: mastodonLink('https://twitter.com/jack2') }] }),
      actor({ attachments: [{ name: 'Twitter', value: mastodonLink('https://twitter.com/notjack') }] }),
      actor({ urls: ['https://twitter.com/jack/status/20'] }),
      actor({ urls: ['https://twitter.com/intent/user?user_id=13'] }),
      actor({ urls: ['https://twitter.com.evil.example/jack', 'https://eviltwitter.com/jack', 'https://evil.example/twitter.com/jack'] }),
      actor({ urls: ['https://instagram.com/jack'] }), // right name, wrong platform
      actor({ summary: 'fan of https://x.com/search?q=jack' }),
    ];
    for (const d of decoys) expect(findBacklink(d, jack)).toEqual({ matched: false });
  });

  it('matches the other platforms on the contact identity', () => {
    const cases: Array<[BacklinkIdentity, string, string]> = [
      [{ platform: 'instagram', id: null, username: 'ann.b', profileUrl: null }, 'https://www.instagram.com/ann.b/', 'https://instagram.com/ann.c'],
      [{ platform: 'facebook', id: '4', username: 'zuck', profileUrl: null }, 'https://facebook.com/zuck', 'https://facebook.com/groups/zuck'],
      [{ platform: 'facebook', id: '4', username: null, profileUrl: null }, 'https://www.facebook.com/profile.php?id=4', 'https://www.facebook.com/profile.php?id=44'],
      [{ platform: 'youtube', id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', username: null, profileUrl: null }, 'https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', 'https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttx'],
      [{ platform: 'youtube', id: null, username: 'GoogleDevelopers', profileUrl: null }, 'https://youtube.com/@googledevelopers', 'https://youtube.com/@googledevelopers2'],
      [{ platform: 'linkedin', id: null, username: null, profileUrl: 'https://www.linkedin.com/in/jane-doe-1234/' }, 'https://linkedin.com/in/Jane-Doe-1234', 'https://linkedin.com/in/jane-doe'],
      [{ platform: 'tiktok', id: null, username: 'dancer', profileUrl: null }, 'https://www.tiktok.com/@dancer', 'https://www.tiktok.com/dancer'],
      [{ platform: 'threads', id: null, username: 'zuck', profileUrl: null }, 'https://www.threads.net/@zuck', 'https://www.threads.net/@zuck_'],
    ];
    for (const [identity, good, bad] of cases) {
      expect(findBacklink(actor({ urls: [good] }), identity).matched, good).toBe(true);
      expect(findBacklink(actor({ urls: [bad] }), identity).matched, bad).toBe(false);
    }
  });

  it('never matches when the identity has nothing to compare', () => {
    const none: BacklinkIdentity = { platform: 'twitter', id: null, username: null, profileUrl: null };
    expect(findBacklink(actor({ urls: ['https://twitter.com/jack', 'https://twitter.com/intent/user?user_id=12'] }), none).matched).toBe(false);
  });

  it('survives hostile HTML', () => {
    const html = `<a href='javascript:alert(1)'>x</a><a href=>y</a><a href="%E0%A4%A">z</a>${'<'.repeat(10000)}https://x.com/jack`;
    expect(findBacklink(actor({ summary: html }), jack).matched).toBe(true);
    expect(linksInHtml('<a href="https://t.co/&lt;x">')).toContain('https://t.co/<x');
    // A megabyte of pathological text is scanned (cut to a bounded prefix) without hanging.
    const big = actor({ summary: `${'<'.repeat(500_000)}${'a.'.repeat(250_000)}`, attachments: [{ name: 'x', value: 'a.'.repeat(500_000) }] });
    expect(findBacklink(big, jack)).toEqual({ matched: false });
    expect(profileOfUrl('::::')).toBeNull();
  });
});

describe('findConflictingBacklink', () => {
  it('finds a link to a different account on the contact platform, in every place a back-link is read', () => {
    const cases: Array<[ActorInfo, string]> = [
      [actor({ attachments: [{ name: 'Twitter', value: mastodonLink('https://twitter.com/jack2') }] }),
        'profile field "Twitter" links https://twitter.com/jack2 (twitter account jack2; the contact is jack / 12)'],
      [actor({ urls: ['https://x.com/notjack'] }), 'url links https://x.com/notjack (twitter account notjack; the contact is jack / 12)'],
      [actor({ summary: '<p>old: mobile.twitter.com/jackie</p>' }), 'bio links mobile.twitter.com/jackie (twitter account jackie; the contact is jack / 12)'],
      [actor({ alsoKnownAs: ['https://twitter.com/intent/user?user_id=13'] }),
        'alsoKnownAs links https://twitter.com/intent/user?user_id=13 (twitter id 13; the contact is jack / 12)'],
    ];
    for (const [a, detail] of cases) expect(findConflictingBacklink(a, jack)).toEqual({ conflicting: true, detail });
  });

  it('is no conflict: the contact own profile, another platform, non-profile links, bare text', () => {
    const fine = [
      actor({ urls: ['https://twitter.com/JACK', 'https://x.com/i/user/12'] }),
      actor({ urls: ['https://instagram.com/jack2', 'https://facebook.com/someone'] }),
      actor({ urls: ['https://twitter.com/jack2/status/20', 'https://twitter.com/search?q=jack2', 'https://twitter.com/home'] }),
      actor({ summary: '<p>friends with @jack2 on the bird site</p>' }),
      actor(),
    ];
    for (const a of fine) expect(findConflictingBacklink(a, jack)).toEqual({ conflicting: false });
  });

  it('compares only keys the contact has: a username link says nothing about a contact known by id only', () => {
    const idOnly: BacklinkIdentity = { platform: 'twitter', id: '12', username: null, profileUrl: null };
    expect(findConflictingBacklink(actor({ urls: ['https://twitter.com/jack2'] }), idOnly)).toEqual({ conflicting: false });
    expect(findConflictingBacklink(actor({ urls: ['https://x.com/i/user/99'] }), idOnly).conflicting).toBe(true);
    const nameOnly: BacklinkIdentity = { platform: 'twitter', id: null, username: 'jack', profileUrl: null };
    expect(findConflictingBacklink(actor({ urls: ['https://x.com/i/user/99'] }), nameOnly)).toEqual({ conflicting: false });
    const none: BacklinkIdentity = { platform: 'twitter', id: null, username: null, profileUrl: null };
    expect(findConflictingBacklink(actor({ urls: ['https://twitter.com/jack2'] }), none)).toEqual({ conflicting: false });
  });

  it('uses the contact profile URL as a key, for every platform', () => {
    const cases: Array<[BacklinkIdentity, string, string]> = [
      [{ platform: 'instagram', id: null, username: 'ann.b', profileUrl: null }, 'https://www.instagram.com/ann.b/', 'https://instagram.com/ann.c'],
      [{ platform: 'facebook', id: null, username: null, profileUrl: 'https://www.facebook.com/profile.php?id=4' }, 'https://facebook.com/profile.php?id=4', 'https://facebook.com/profile.php?id=44'],
      [{ platform: 'youtube', id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', username: null, profileUrl: null }, 'https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', 'https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttx'],
      [{ platform: 'linkedin', id: null, username: null, profileUrl: 'https://www.linkedin.com/in/jane-doe-1234/' }, 'https://linkedin.com/in/Jane-Doe-1234', 'https://linkedin.com/in/jane-doe'],
      [{ platform: 'tiktok', id: null, username: 'dancer', profileUrl: null }, 'https://www.tiktok.com/@dancer', 'https://www.tiktok.com/@dancer2'],
    ];
    for (const [identity, own, other] of cases) {
      expect(findConflictingBacklink(actor({ urls: [own] }), identity).conflicting, own).toBe(false);
      expect(findBacklink(actor({ urls: [own] }), identity).matched, own).toBe(true);
      expect(findConflictingBacklink(actor({ urls: [other] }), identity).conflicting, other).toBe(true);
    }
  });
});
