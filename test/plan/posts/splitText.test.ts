import { describe, expect, it } from 'vitest';
import { countCharacters } from '../../../src/plan/posts/countCharacters.js';
import { partMarker, splitText } from '../../../src/plan/posts/splitText.js';

const MASTODON = { maxCharacters: 500, urlLength: 23 };
const count = (t: string) => countCharacters(t, { urlLength: 23 });
const graphemes = (t: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(t)].map((s) => s.segment);
/** The text back from its parts: markers off, parts joined by what was cut at. */
const withoutMarkers = (parts: string[]) => parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, ''));

function expectWithin(parts: string[], limits = MASTODON, reserve = 0, reserveLast = 0): void {
  parts.forEach((p, i) => {
    const extra = reserve + (i === parts.length - 1 ? reserveLast : 0);
    expect(countCharacters(p, { urlLength: limits.urlLength }) + extra, `part ${i + 1}`).toBeLessThanOrEqual(limits.maxCharacters);
  });
}

function words(n: number, word = 'word'): string {
  return Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
}

describe('splitText', () => {
  it('leaves a text within the limit alone, also exactly at the limit', () => {
    expect(splitText('short', MASTODON)).toEqual(['short']);
    const exact = 'a'.repeat(500);
    expect(splitText(exact, MASTODON)).toEqual([exact]);
    const over = 'a '.repeat(250) + 'b';
    expect(splitText(over, MASTODON).length).toBe(2);
  });

  it('numbers the parts " (k/n)" and keeps each within the limit with its marker', () => {
    const parts = splitText(words(200), MASTODON);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => expect(p.endsWith(partMarker(i + 1, parts.length))).toBe(true));
    expectWithin(parts);
    expect(withoutMarkers(parts).join(' ')).toBe(words(200));
  });

  it('can leave the markers off', () => {
    const parts = splitText(words(200), MASTODON, { markers: false });
    expect(parts.some((p) => /\(\d+\/\d+\)/.test(p))).toBe(false);
    expect(parts.join(' ')).toBe(words(200));
  });

  it('cuts at a paragraph before a sentence, and at a sentence before a word', () => {
    const p1 = `${'One sentence here. '.repeat(14).trim()}`; // ~265 characters
    const p2 = `${'Another one follows. '.repeat(14).trim()}`;
    const parts = withoutMarkers(splitText(`${p1}\n\n${p2}`, MASTODON));
    expect(parts).toEqual([p1, p2]);

    const sentences = 'This is a sentence that goes on for a while. '.repeat(15).trim();
    const cut = withoutMarkers(splitText(sentences, MASTODON));
    expect(cut.length).toBe(2);
    expect(cut[0]!.endsWith('.')).toBe(true);
  });

  it('never cuts inside a URL, a mention or a hashtag, and a URL counts as 23 in every part', () => {
    const url = `https://example.com/${'path/'.repeat(60)}end`;
    const text = `${words(60)} ${url} @someone@mastodon.social #LongHashtagHere ${words(60)} ${url}`;
    const parts = splitText(text, MASTODON);
    expectWithin(parts);
    for (const p of parts) {
      const inPart = p.match(/https:\/\/\S+/g) ?? [];
      for (const u of inPart) expect(u).toBe(url);
    }
    const joined = withoutMarkers(parts).join(' ');
    expect(joined).toBe(text);
    expect(parts.some((p) => p.includes('@someone@mastodon.social'))).toBe(true);
    expect(parts.some((p) => p.includes('#LongHashtagHere'))).toBe(true);
  });

  it('a URL longer than the limit still fits: it counts as urlLength', () => {
    const url = `https://example.com/${'x'.repeat(1000)}`;
    expect(splitText(url, MASTODON)).toEqual([url]);
    const parts = splitText(`${'a'.repeat(490)} ${url}`, MASTODON);
    expect(withoutMarkers(parts)).toEqual(['a'.repeat(490), url]);
  });

  it('splits CJK text without spaces at word or sentence boundaries within the limit', () => {
    const sentence = '今日はとても良い天気なので、公園に散歩に行きました。';
    const text = sentence.repeat(40);
    const parts = splitText(text, MASTODON);
    expect(parts.length).toBeGreaterThan(1);
    expectWithin(parts);
    expect(withoutMarkers(parts).join('')).toBe(text);
    // Sentences fill the parts: each cut falls after a 。
    for (const p of withoutMarkers(parts).slice(0, -1)) expect(p.endsWith('。')).toBe(true);
  });

  it('never cuts an emoji ZWJ sequence, a flag or a skin tone', () => {
    const emoji = ['👨‍👩‍👧‍👦', '🇯🇵', '👍🏽', '🏳️‍🌈', '👩🏾‍💻'];
    const text = Array.from({ length: 700 }, (_, i) => emoji[i % emoji.length]).join('');
    const parts = splitText(text, MASTODON);
    expectWithin(parts);
    const back = withoutMarkers(parts).join('');
    expect(back).toBe(text);
    for (const p of withoutMarkers(parts)) for (const g of graphemes(p)) expect(emoji).toContain(g);
  });

  it('splits right-to-left text (Arabic, Hebrew) at spaces, keeping every word whole', () => {
    const arabic = 'هذا نص عربي طويل يتكرر عدة مرات. '.repeat(40).trim();
    const hebrew = 'זהו טקסט ארוך בעברית שחוזר על עצמו. '.repeat(40).trim();
    for (const text of [arabic, hebrew]) {
      const parts = splitText(text, MASTODON);
      expect(parts.length).toBeGreaterThan(1);
      expectWithin(parts);
      expect(withoutMarkers(parts).join(' ')).toBe(text);
    }
  });

  it('cuts a word longer than a part at grapheme boundaries', () => {
    const word = 'é'.repeat(1200); // e + combining accent: 2 code units, 1 grapheme each
    const parts = splitText(word, MASTODON);
    expectWithin(parts);
    expect(withoutMarkers(parts).join('')).toBe(word);
    for (const p of withoutMarkers(parts)) expect(p.startsWith('\u0301')).toBe(false);
  });

  it('a 25,000-character note tweet becomes a numbered thread, every part within the limit', () => {
    const paragraph = 'Long note tweets are the common case when leaving Twitter. They hold up to 25,000 characters, see https://help.twitter.com/en/using-x/x-premium and #notes by @jack. ';
    let text = '';
    while (text.length < 25_000) text += paragraph.repeat(3) + '\n\n';
    text = text.slice(0, 25_000).trim();
    const parts = splitText(text, MASTODON);
    expect(parts.length).toBeGreaterThan(50);
    expect(parts.length).toBeLessThan(100);
    expectWithin(parts);
    expect(parts[0]!.endsWith(` (1/${parts.length})`)).toBe(true);
    expect(parts.at(-1)!.endsWith(` (${parts.length}/${parts.length})`)).toBe(true);
    // Nothing lost: the words come back in order.
    expect(withoutMarkers(parts).join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('uses wider markers when the thread reaches ten parts or more', () => {
    const parts = splitText(words(1500), { maxCharacters: 100, urlLength: 23 });
    expect(parts.length).toBeGreaterThan(99);
    expectWithin(parts, { maxCharacters: 100, urlLength: 23 });
    expect(parts[0]).toMatch(/ \(1\/\d{3}\)$/);
  });

  it('leaves room for a content warning on each part and a footer on the last', () => {
    const text = words(120);
    const parts = splitText(text, MASTODON, { reserve: 40, reserveLast: 80 });
    expectWithin(parts, MASTODON, 40, 80);
    expect(count(parts.at(-1)!) + 40 + 80).toBeLessThanOrEqual(500);
    // A text that fits alone but not with its footer becomes two parts.
    expect(splitText('a '.repeat(240).trim(), MASTODON, { reserveLast: 60 }).length).toBe(2);
  });

  it('numbers text parts out of minParts when media continue in further parts', () => {
    expect(splitText('short', MASTODON, { minParts: 5 })).toEqual(['short (1/5)']);
    const parts = splitText(words(150), MASTODON, { minParts: 5 });
    expect(parts[0]!.endsWith('(1/5)')).toBe(true);
  });

  it('refuses a limit that leaves no room at all', () => {
    expect(() => splitText(words(100), { maxCharacters: 30, urlLength: 23 }, { reserve: 10 })).toThrow(/cannot split/);
  });
});
