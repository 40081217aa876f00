import { describe, expect, it } from 'vitest';
import { startFediverse } from '../../fediverse/index.js';
import { memoryCache } from '../../../src/resolve/cache.js';
import { namesMatch, searchFinder } from '../../../src/resolve/finders/search.js';
import { contact, fakeClock, fakeHttp } from '../fakes.js';

const account = (acct: string, displayName: string) => ({ id: '1', username: acct.split('@')[0], acct, display_name: displayName, url: 'x' });

describe('searchFinder', () => {
  it('asks /api/v2/search with the token and keeps close-name hits at medium, same-username at low', async () => {
    const http = fakeHttp(() => ({
      body: {
        accounts: [
          account('jack@far.example', 'Jack'), // close name: medium
          account('jack', 'Someone Else'), // local account, same username only: low
          account('jackie@z.example', 'Jackie Chan'), // neither: dropped
          { broken: true },
        ],
        statuses: [],
      },
    }));
    const notes: string[] = [];
    const f = searchFinder({ http, apiBase: 'https://api.home.example', localDomain: 'home.example', token: 'SECRET', note: (_, m) => notes.push(m) });
    const got = await f.find(contact({ username: 'jack', displayName: 'Jack 🐘' }));
    expect(got.map((c) => [c.handle, c.base])).toEqual([['jack@far.example', 'medium'], ['jack@home.example', 'low']]);
    const url = new URL(http.log[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe('https://api.home.example/api/v2/search');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ q: 'jack', type: 'accounts', resolve: 'true' });
    expect(http.log[0]?.headers?.authorization).toBe('Bearer SECRET');
    // the first query found a medium hit: the display-name query is not needed
    expect(http.log).toHaveLength(1);
    expect(notes).toEqual([]);
  });

  it('sends at most maxQueries searches per run, says so, and answers cached queries beyond the limit', async () => {
    const http = fakeHttp((req) => ({ body: { accounts: [account(`${new URL(req.url).searchParams.get('q')}@far.example`, 'Nobody')] } }));
    const cache = memoryCache({ clock: fakeClock(0) });
    const notes: string[] = [];
    const options = { http, apiBase: 'https://home.example', localDomain: 'home.example', token: 't', cache, note: (_: string, m: string) => notes.push(m) };
    const first = searchFinder({ ...options, maxQueries: 2 });
    for (const u of ['ann', 'bo', 'cy']) await first.find(contact({ username: u, displayName: null }));
    expect(http.log.map((r) => new URL(r.url).searchParams.get('q'))).toEqual(['ann', 'bo']);
    expect(notes).toEqual([expect.stringMatching(/limit of 2 searches per run was reached.*run again later/)]);

    // The next run: the cached answers cost nothing, so the budget goes to the contact left out.
    const second = searchFinder({ ...options, maxQueries: 1 });
    const got = [];
    for (const u of ['ann', 'bo', 'cy']) got.push(...await second.find(contact({ username: u, displayName: null })));
    expect(http.log.map((r) => new URL(r.url).searchParams.get('q'))).toEqual(['ann', 'bo', 'cy']);
    expect(got.map((c) => c.handle)).toEqual(['ann@far.example', 'bo@far.example', 'cy@far.example']);
  });

  it('searches the display name when the username gives nothing close', async () => {
    const http = fakeHttp((req) => (new URL(req.url).searchParams.get('q') === 'Jane Doe'
      ? { body: { accounts: [account('jd@far.example', 'Jane Doe')] } }
      : { body: { accounts: [] } }));
    const f = searchFinder({ http, apiBase: 'https://home.example', localDomain: 'home.example', token: 't' });
    expect((await f.find(contact({ username: 'jdoe77', displayName: 'Jane Doe' }))).map((c) => c.handle)).toEqual(['jd@far.example']);
    expect(http.log).toHaveLength(2);
  });

  it('stops for good after the server refuses the token, and says so', async () => {
    const http = fakeHttp(() => ({ status: 401, body: { error: 'The access token is invalid' } }));
    const notes: string[] = [];
    const f = searchFinder({ http, apiBase: 'https://home.example', localDomain: 'home.example', token: 't', note: (_, m) => notes.push(m) });
    expect(await f.find(contact())).toEqual([]);
    expect(await f.find(contact({ username: 'other' }))).toEqual([]);
    expect(http.log).toHaveLength(1);
    expect(notes[0]).toMatch(/refused the token/);
    expect(notes.join()).not.toContain('t@');
  });

  it('survives non-JSON, wrong shapes, 5xx and network errors', async () => {
    const answers = [{ body: '<html>' }, { body: { accounts: 'no' } }, { status: 503 }, new Error('ECONNRESET')];
    let i = 0;
    const http = fakeHttp(() => answers[i++ % answers.length] ?? { status: 500 });
    const f = searchFinder({ http, apiBase: 'https://home.example', localDomain: 'home.example', token: 't' });
    expect(await f.find(contact({ displayName: 'Jack Q' }))).toEqual([]);
    expect(await f.find(contact({ displayName: 'Jack Q' }))).toEqual([]);
  });

  it('uses the cache for the same query', async () => {
    const http = fakeHttp(() => ({ body: { accounts: [account('jack@far.example', 'Jack')] } }));
    const cache = memoryCache({ clock: fakeClock() });
    const f = searchFinder({ http, apiBase: 'https://home.example', localDomain: 'home.example', token: 't', cache });
    await f.find(contact());
    expect((await f.find(contact())).map((c) => c.handle)).toEqual(['jack@far.example']);
    expect(http.log).toHaveLength(1);
  });
});

describe('namesMatch', () => {
  it('never hands the token to another host when the server redirects the search there', async () => {
    const fed = await startFediverse({
      hosts: [
        { name: 'home.example', searchToken: 'SECRET', behaviours: [
          { route: 'search', behaviour: { kind: 'redirect', location: 'https://collector.example/api/v2/search?q=jack&type=accounts' } },
        ] },
        // It would accept the same token, and find someone: the finder must get nothing from it.
        { name: 'collector.example', searchToken: 'SECRET', searchScope: 'all', accounts: [{ username: 'jack', name: 'Jack' }] },
      ],
    });
    try {
      const f = searchFinder({ http: fed.http, apiBase: 'https://home.example', localDomain: 'home.example', token: 'SECRET' });
      expect(await f.find(contact({ username: 'jack', displayName: 'Jack' }))).toEqual([]);
      expect(fed.requests('home.example')[0]?.headers.authorization).toBe('Bearer SECRET');
      const collected = fed.requests('collector.example');
      expect(collected.length).toBeGreaterThan(0);
      for (const r of collected) expect(r.headers.authorization).toBeUndefined();
    } finally {
      await fed.close();
    }
  });

  it('compares names without case, accents, emoji and handles', () => {
    expect(namesMatch('José Pérez 🐘 @jose@x.example', 'jose perez')).toBe(true);
    expect(namesMatch('Jonathan Smith', 'Jonathan Smyth')).toBe(true);
    expect(namesMatch('Jack', 'Jackie Chan')).toBe(false);
    expect(namesMatch('Al', 'Al')).toBe(false); // too short to mean anything
  });
});
