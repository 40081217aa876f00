/** The test server's reading of status text: Mastodon's countable length, mentions, hashtags, content HTML. */
import { describe, expect, it } from 'vitest';
import { contentHtml, countableLength, findHashtags, findMentions, findUrls } from './statusText.js';

describe('countableLength (StatusLengthValidator)', () => {
  it('counts each URL as the reserved characters, whatever its length', () => {
    expect(countableLength(`see https://example.com/${'x'.repeat(300)}`, '', 23)).toBe(4 + 23);
    expect(countableLength('a http://a.b b', '', 23)).toBe(2 + 23 + 2);
  });

  it('leaves trailing punctuation and an unbalanced parenthesis out of a URL', () => {
    expect(findUrls('(see https://en.wikipedia.org/wiki/Foo_(bar)).').map((u) => u.url)).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(findUrls('go to https://example.com/a, then').map((u) => u.url)).toEqual(['https://example.com/a']);
  });

  it('does not treat a bare domain as a URL (only URLs with a scheme count)', () => {
    expect(countableLength('example.com/abc', '', 23)).toBe(15);
  });

  it('counts a remote mention as its local part', () => {
    expect(countableLength('@alice@far.test hi', '', 23)).toBe('@alice hi'.length);
  });

  it('counts grapheme clusters, and the content warning too', () => {
    expect(countableLength('👩‍👩‍👧é', '', 23)).toBe(2);
    expect(countableLength('abc', 'cw', 23)).toBe(5);
  });
});

describe('mentions, hashtags and content', () => {
  it('finds mentions outside URLs and not inside e-mail addresses', () => {
    expect(findMentions('hi @Bob and @carol@Far.test, mail me@x.test or https://x.test/@dave')).toEqual(['bob', 'carol@far.test']);
  });

  it('finds hashtags once each, lower-cased, not in URLs', () => {
    expect(findHashtags('#One #one #Two https://x.test/#three')).toEqual(['one', 'two']);
  });

  it('renders paragraphs, line breaks and links, escaping HTML', () => {
    expect(contentHtml('a <b>\nc\n\nhttps://x.test/?a=1&b=2')).toBe('<p>a &lt;b&gt;<br />c</p><p><a href="https://x.test/?a=1&amp;b=2" rel="nofollow noopener" target="_blank">https://x.test/?a=1&amp;b=2</a></p>');
  });
});
