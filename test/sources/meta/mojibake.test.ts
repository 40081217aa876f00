import { describe, it, expect } from 'vitest';
import { repairDeep, repairMojibake } from '../../../src/sources/meta/mojibake.js';
import { metaEncode } from './helpers.js';

describe('repairMojibake', () => {
  it('repairs the real sample names (UTF-8 bytes as Latin-1 code points)', () => {
    expect(repairMojibake(JSON.parse('"J\\u00c3\\u00bcrgen M\\u00c3\\u00bcller"'))).toBe('Jürgen Müller');
    expect(repairMojibake(JSON.parse('"Nguy\\u00e1\\u00bb\\u0085n V\\u00c4\\u0083n An"'))).toBe('Nguyễn Văn An');
    expect(repairMojibake(JSON.parse('"\\u00c5\\u0081ukasz W\\u00c3\\u00b3jcik"'))).toBe('Łukasz Wójcik');
    expect(repairMojibake(JSON.parse('"Zo\\u00c3\\u00ab Dupont \\u00f0\\u009f\\u008c\\u00b8"'))).toBe('Zoë Dupont 🌸');
  });

  it('leaves text that is already correct unchanged', () => {
    for (const text of ['Anna Schmidt', 'café', 'naïve façade', 'Łukasz', 'Zoë 🌸', '日本語', '', 'Ä', '£5 ½ price']) {
      expect(repairMojibake(text)).toBe(text);
    }
  });

  it('is idempotent: repairing twice changes nothing more', () => {
    const once = repairMojibake(JSON.parse(metaEncode('Søren Kierkegård 🙂')) as string);
    expect(once).toBe('Søren Kierkegård 🙂');
    expect(repairMojibake(once)).toBe(once);
  });

  it('keeps a string whose bytes are not valid UTF-8', () => {
    // 0xC3 followed by "(" is an invalid sequence: this is real Latin-1 text, not mojibake.
    expect(repairMojibake('Ã(')).toBe('Ã(');
  });
});

describe('repairDeep', () => {
  it('repairs every string and every key at any depth, leaving other values alone', () => {
    const parsed = JSON.parse(metaEncode({ 'Gruppe Köln': [{ name: 'Jürgen', n: 3, ok: true, none: null }] }));
    expect(repairDeep(parsed)).toEqual({ 'Gruppe Köln': [{ name: 'Jürgen', n: 3, ok: true, none: null }] });
  });

  it('survives hostile nesting without overflowing the stack', () => {
    const depth = 50_000;
    const parsed = JSON.parse('['.repeat(depth) + '"\\u00c3\\u00a9"' + ']'.repeat(depth)) as unknown;
    let value = repairDeep(parsed);
    for (let i = 0; i < depth; i += 1) value = (value as unknown[])[0];
    expect(value).toBe('é');
  });

  it('keeps a "__proto__" key as plain data', () => {
    const repaired = repairDeep(JSON.parse('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.keys(repaired)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
