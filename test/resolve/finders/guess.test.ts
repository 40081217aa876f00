import { describe, expect, it } from 'vitest';
import { LARGE_SERVERS, expandServerList, guessFinder } from '../../../src/resolve/finders/guess.js';
import { contact } from '../fakes.js';

describe('guessFinder', () => {
  it('guesses the username on the destination first, then on each server, at low', async () => {
    const f = guessFinder({ destinationDomain: 'home.example', servers: ['big.example', 'HOME.example', '127.0.0.1', 'other.example'] });
    const got = await f.find(contact({ username: 'Jack_1' }));
    expect(got.map((c) => c.handle)).toEqual(['Jack_1@home.example', 'Jack_1@big.example', 'Jack_1@other.example']);
    expect(got.every((c) => c.base === 'low' && c.finder === 'guess')).toBe(true);
  });

  it('expands the word `large` into a few large servers, keeping other names', () => {
    expect(LARGE_SERVERS.length).toBeGreaterThan(2);
    expect(expandServerList(['a.example', 'LARGE'])).toEqual(['a.example', ...LARGE_SERVERS]);
  });

  it('guesses nothing without a usable username', async () => {
    const f = guessFinder({ destinationDomain: null, servers: ['big.example'] });
    expect(await f.find(contact({ username: null }))).toEqual([]);
    expect(await f.find(contact({ username: 'has space' }))).toEqual([]);
    expect(await f.find(contact({ platform: 'mastodon', username: 'a@b.example' }))).toEqual([]);
    expect((await f.find(contact({ platform: 'bluesky', username: 'alice.bsky.social' }))).map((c) => c.handle)).toEqual(['alice@big.example']);
    expect(await f.find(contact({ platform: 'bluesky', username: 'alice.example.com' }))).toEqual([]);
  });
});
