import { describe, it, expect } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { readYtdArray, readYtdEntry, YtdArrayScanner, YtdSyntaxError, parseAssignedObject } from '../../../src/sources/twitter/ytd.js';
import { memoryArchive } from '../../helpers/memoryArchive.js';

/** Runs the scanner over `text` cut into chunks of `size` bytes; returns the element texts. */
function scan(text: string | Buffer, size = 1 << 16): string[] {
  const out: string[] = [];
  const scanner = new YtdArrayScanner((b) => out.push(b.toString('utf8')));
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  scanner.end();
  return out;
}

const TRICKY = `window.YTD.tweets.part0 = [ {
  "tweet" : { "full_text" : "brackets ] } [ { inside, a \\"quote\\", a backslash \\\\", "x" : [ "1", "2" ] }
}, {
  "tweet" : { "full_text" : "ends with backslash \\\\\\\\", "emoji" : "🙂 ünï", "n" : [ ] }
} ];
`;

describe('YtdArrayScanner', () => {
  it('splits the top-level array into elements, whatever the chunk boundaries', () => {
    const whole = scan(TRICKY);
    expect(whole).toHaveLength(2);
    expect(JSON.parse(whole[0]!).tweet.full_text).toBe('brackets ] } [ { inside, a "quote", a backslash \\');
    expect(JSON.parse(whole[1]!).tweet.full_text).toBe('ends with backslash \\\\');
    expect(JSON.parse(whole[1]!).tweet.emoji).toBe('🙂 ünï');
    for (let size = 1; size <= 40; size++) expect(scan(TRICKY, size)).toEqual(whole);
  });

  it('accepts both pretty-print styles, empty arrays, a trailing ";" and a bare JSON array', () => {
    expect(scan('window.YTD.account_suspension.part0 = []')).toEqual([]);
    expect(scan('window.YTD.note_tweet.part0 = [ ]\n')).toEqual([]);
    expect(scan('window.YTD.x.part0 = [\n  {\n    "a" : 1\n  },\n  {\n    "a" : 2\n  }\n];')).toEqual(['{\n    "a" : 1\n  }', '{\n    "a" : 2\n  }']);
    expect(scan('[{"a":1},{"b":[2]}]')).toEqual(['{"a":1}', '{"b":[2]}']);
    expect(scan('\uFEFFwindow.YTD.x.part0 = [ "s", 12, true ]')).toEqual(['"s"', '12', 'true']);
  });

  it('rejects what is not a YTD array', () => {
    expect(() => scan('')).toThrow(/empty/);
    expect(() => scan('window.YTD.x.part0 = {"a": 1}')).toThrow(YtdSyntaxError);
    expect(() => scan('<html><body>[1]</body></html>')).toThrow(YtdSyntaxError);
    expect(() => scan('window.YTD.x.part0 = [ {"a": 1}, {"b": ')).toThrow(/truncated/);
    expect(() => scan('window.YTD.x.part0 = [ {"a": 1} ] trailing')).toThrow(/after the closing/);
    expect(() => scan('x'.repeat(5000))).toThrow(YtdSyntaxError);
  });

  it('refuses an element larger than the cap instead of buffering it', () => {
    const scanner = new YtdArrayScanner(() => {}, 1000);
    scanner.push(Buffer.from('window.YTD.x.part0 = [ {"a": "'));
    expect(() => { for (let i = 0; i < 20; i++) scanner.push(Buffer.from('y'.repeat(100))); }).toThrow(/larger than/);
  });
});

describe('readYtdEntry', () => {
  it('parses each element and counts them', async () => {
    const archive = memoryArchive({ 'data/follower.js': 'window.YTD.follower.part0 = [ {"follower":{"accountId":"1"}}, {"follower":{"accountId":"2"}} ]' });
    const seen: unknown[] = [];
    const n = await readYtdEntry(archive, archive.entries[0]!, { onElement: (v) => seen.push(v) });
    expect(n).toBe(2);
    expect(seen).toEqual([{ follower: { accountId: '1' } }, { follower: { accountId: '2' } }]);
  });

  it('turns invalid JSON into an InputError naming the archive, the entry and the element', async () => {
    const archive = memoryArchive({ 'data/tweets.js': 'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"}}, {"tweet": {"id_str": 2,}} ]' }, 'mine.zip');
    const error = await readYtdArray(archive, archive.entries[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(/mine\.zip: data\/tweets\.js is damaged: element 2 of its array is not valid JSON/);
    expect((error as InputError).file).toBe('mine.zip:data/tweets.js');
  });

  it('turns a truncated file into an InputError', async () => {
    const archive = memoryArchive({ 'data/tweets.js': 'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1"}}, {"tw' });
    await expect(readYtdArray(archive, archive.entries[0]!)).rejects.toThrow(/data\/tweets\.js is damaged: the file ends before/);
  });

  it('drops raw control characters some archives carry, and reports the repair', async () => {
    const archive = memoryArchive({ 'data/tweets.js': 'window.YTD.tweets.part0 = [ {"full_text": "bell\u0007 here"} ]' });
    const repaired: number[] = [];
    expect(await readYtdArray(archive, archive.entries[0]!, (i) => repaired.push(i))).toEqual([{ full_text: 'bell here' }]);
    expect(repaired).toEqual([0]);
  });
});

describe('parseAssignedObject', () => {
  it('reads the manifest object after the assignment', () => {
    expect(parseAssignedObject('window.__THAR_CONFIG = {\n  "a" : { "b" : [ 1 ] }\n};\n')).toEqual({ a: { b: [1] } });
  });
});
