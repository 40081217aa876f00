import { describe, expect, it } from 'vitest';
import { checkEntryName } from '../../src/archive/names.js';

describe('checkEntryName', () => {
  it.each([
    ['data/tweets.js', 'data/tweets.js'],
    ['./data//tweets.js', 'data/tweets.js'],
    ['data\\tweets.js', 'data/tweets.js'],
    ['wrapper/./data/a.json', 'wrapper/data/a.json'],
    ['..foo/bar..', '..foo/bar..'],
  ])('keeps %j as %j', (raw, path) => {
    expect(checkEntryName(raw)).toEqual({ kind: 'keep', path });
  });

  it.each([['data/'], ['./'], [''], ['__MACOSX/data/._a.js'], ['data/._a.js'], ['a/__MACOSX/b']])('skips %j', (raw) => {
    expect(checkEntryName(raw)).toEqual({ kind: 'skip' });
  });

  it.each([['../x'], ['a/../../x'], ['/etc/passwd'], ['C:\\x'], ['c:x'], ['..\\x'], ['\\\\server\\share\\x'], ['a\0b'], ['..']])(
    'calls %j unsafe', (raw) => {
      expect(checkEntryName(raw)).toEqual({ kind: 'unsafe', name: raw });
    });
});
