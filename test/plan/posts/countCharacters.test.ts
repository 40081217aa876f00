import { describe, expect, it } from 'vitest';
import { countCharacters } from '../../../src/plan/posts/countCharacters.js';
import { countsAsUrl, findEntities } from '../../../src/plan/posts/entities.js';

const opts = { urlLength: 23 };

describe('countCharacters (Mastodon StatusLengthValidator)', () => {
  it('counts grapheme clusters, not code units', () => {
    expect(countCharacters('hello', opts)).toBe(5);
    expect(countCharacters('👨‍👩‍👧‍👦', opts)).toBe(1); // family: a ZWJ sequence of 7 code points
    expect(countCharacters('🇫🇷🇯🇵', opts)).toBe(2); // two flags
    expect(countCharacters('👍🏽', opts)).toBe(1); // skin tone
    expect(countCharacters('é', opts)).toBe(1); // e + combining acute
    expect(countCharacters('日本語のテキスト', opts)).toBe(8);
    expect(countCharacters('שלום עולם', opts)).toBe(9);
  });

  it('counts every URL the server recognises as urlLength, whatever its length', () => {
    const long = `https://example.com/${'a'.repeat(200)}`;
    expect(countCharacters(long, opts)).toBe(23);
    expect(countCharacters('see https://x.org/a', opts)).toBe(4 + 23);
    expect(countCharacters('see https://x.org/a.', opts)).toBe(4 + 23 + 1); // the full stop is not part of it
    expect(countCharacters(`(https://en.wikipedia.org/wiki/Foo_(bar))`, opts)).toBe(1 + 23 + 1);
    expect(countCharacters('x https://a.org/1 https://b.org/2', { urlLength: 30 })).toBe(2 + 30 + 1 + 30);
  });

  it('counts a URL without a protocol, or on a host the server does not know, in full (the safe side)', () => {
    expect(countCharacters('example.com/abc', opts)).toBe(15);
    expect(countCharacters('https://host.example/abc', opts)).toBe('https://host.example/abc'.length);
    expect(countsAsUrl('https://mastodon.social/@jack')).toBe(true);
    expect(countsAsUrl('https://127.0.0.1/x')).toBe(false);
  });

  it('counts a remote mention as its username only, and a local one in full', () => {
    expect(countCharacters('@jack@mastodon.social hi', opts)).toBe('@jack hi'.length);
    expect(countCharacters('@jack hi', opts)).toBe(8);
    // An e-mail address is not a mention.
    expect(countCharacters('mail jack@mastodon.social', opts)).toBe(25);
  });

  it('counts a content warning too, and a blank text as nothing', () => {
    expect(countCharacters('body', { urlLength: 23, spoilerText: 'CW: food' })).toBe(12);
    expect(countCharacters('   \n ', opts)).toBe(0);
  });

  it('does not find mentions or hashtags inside a URL', () => {
    const kinds = findEntities('https://mastodon.social/@jack#top and @ann #tag').map((e) => [e.kind, e.text]);
    expect(kinds).toEqual([['url', 'https://mastodon.social/@jack#top'], ['mention', '@ann'], ['hashtag', '#tag']]);
  });
});
