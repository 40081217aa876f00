import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { mapFinder, parseMapCsv } from '../../../src/resolve/finders/map.js';
import { contact } from '../fakes.js';

describe('parseMapCsv', () => {
  it('reads source,handle rows with a BOM, extra columns, @ prefixes and profile URLs', () => {
    const text = '\uFEFFSource,Handle,note\njack,@jack@example.social,x\n2244,https://other.example/@ann\n\n# comment\n"https://x.com/Bob",bob@b.example\n';
    const { entries, warnings } = parseMapCsv(text, 'map.csv');
    expect(warnings).toEqual([]);
    expect(entries).toEqual([
      { source: 'jack', handle: 'jack@example.social', where: 'map.csv:2' },
      { source: '2244', handle: 'ann@other.example', where: 'map.csv:3' },
      { source: 'https://x.com/Bob', handle: 'bob@b.example', where: 'map.csv:6' },
    ]);
  });

  it('skips bad rows with a warning naming the line', () => {
    const { entries, warnings } = parseMapCsv('source,handle\njack,not-a-handle\n,a@b.example\nx,y@127.0.0.1\n', 'm.csv');
    expect(entries).toEqual([]);
    expect(warnings).toEqual([
      'm.csv:2: "not-a-handle" is not a fediverse handle (user@host), row skipped',
      'm.csv:3: no source, row skipped',
      'm.csv:4: "y@127.0.0.1" is not a fediverse handle (user@host), row skipped',
    ]);
  });

  it('refuses a file without the header, or broken CSV, with an InputError naming it', () => {
    expect(() => parseMapCsv('jack,jack@example.social\n', 'nohead.csv')).toThrow(InputError);
    expect(() => parseMapCsv('jack,jack@example.social\n', 'nohead.csv')).toThrow(/nohead\.csv/);
    expect(() => parseMapCsv('source,handle\n"jack,unclosed\n', 'broken.csv')).toThrow(/broken\.csv is not a readable CSV/);
    expect(() => parseMapCsv('', 'empty.csv')).toThrow(InputError);
  });
});

describe('mapFinder', () => {
  const { entries } = parseMapCsv(
    'source,handle\nJACK,jack@example.social\n777,seven@example.social\nhttps://x.com/bob/,bob@b.example\nhttps://instagram.com/carol,carol@c.example\n',
    'map.csv',
  );
  const finder = mapFinder(entries);

  it('matches by username (any case), id and profile URL (twitter.com = x.com)', async () => {
    expect((await finder.find(contact({ username: 'jack' }))).map((c) => c.handle)).toEqual(['jack@example.social']);
    expect((await finder.find(contact({ id: '777', username: 'someone' }))).map((c) => c.handle)).toEqual(['seven@example.social']);
    expect((await finder.find(contact({ username: 'bob', id: '1' }))).map((c) => c.handle)).toEqual(['bob@b.example']);
    expect((await finder.find(contact({ platform: 'instagram', username: 'x', id: null, profileUrl: 'https://www.instagram.com/carol' }))).map((c) => c.handle)).toEqual(['carol@c.example']);
  });

  it('gives high candidates with the file and line as evidence', async () => {
    const [c] = await finder.find(contact({ username: 'jack' }));
    expect(c).toEqual({ handle: 'jack@example.social', finder: 'map', detail: 'map.csv:2 maps JACK', base: 'high' });
  });

  it('matches nothing else', async () => {
    expect(await finder.find(contact({ username: 'jackie', id: '7770' }))).toEqual([]);
  });
});
