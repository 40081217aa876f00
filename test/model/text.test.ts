import { describe, it, expect } from 'vitest';
import { collapseWhitespace, decodeHtmlEntities, extractUrls, replaceAllLiteral, uniqueBy } from '../../src/model/text.js';

describe('decodeHtmlEntities', () => {
  it('decodes named and numeric references once', () => {
    expect(decodeHtmlEntities('Fish &amp; chips &lt;3 &gt; &#39;q&#x27; &eacute;')).toBe("Fish & chips <3 > 'q' é");
    expect(decodeHtmlEntities('&amp;amp;')).toBe('&amp;');
  });
  it('leaves ampersands that are not references alone', () => {
    expect(decodeHtmlEntities('AT&T & co &copy no semicolon')).toBe('AT&T & co &copy no semicolon');
    expect(decodeHtmlEntities('plain')).toBe('plain');
  });
});

describe('extractUrls', () => {
  it('finds http(s) URLs without trailing punctuation, keeping balanced parentheses', () => {
    expect(extractUrls('see https://example.org/a, and (http://example.com/b). Also https://en.example.org/wiki/X_(y)!'))
      .toEqual(['https://example.org/a', 'http://example.com/b', 'https://en.example.org/wiki/X_(y)']);
  });
  it('drops duplicates and non-URLs', () => {
    expect(extractUrls('https://example.org https://example.org ftp://x https:// nothing')).toEqual(['https://example.org']);
  });
});

describe('small helpers', () => {
  it('replaces literally, without regex or $ patterns', () => {
    expect(replaceAllLiteral('a.b.a.b', 'a.b', '$&')).toBe('$&.$&');
    expect(replaceAllLiteral('abc', '', 'x')).toBe('abc');
  });
  it('collapses whitespace and keeps first occurrences', () => {
    expect(collapseWhitespace('  a \n\t b  ')).toBe('a b');
    expect(uniqueBy(['A', 'b', 'a'], (s) => s.toLowerCase())).toEqual(['A', 'b']);
  });
});
