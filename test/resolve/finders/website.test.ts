import { describe, expect, it } from 'vitest';
import { memoryCache } from '../../../src/resolve/cache.js';
import { extractRelMeLinks, websiteFinder } from '../../../src/resolve/finders/website.js';
import { NetError } from '../../../src/net/types.js';
import { contact, fakeClock, fakeHttp } from '../fakes.js';

const page = `<!doctype html><html><head>
<link rel="me" href="https://example.social/@jack">
<link rel="stylesheet" href="/s.css"></head><body>
<a href="https://other.example/@notme">a friend</a>
<a class=x rel='nofollow me' href='/about'>about</a>
<a REL=ME HREF="https://tube.example/c/jackvids?x=1&amp;y=2">videos</a>
<a rel="me" href="https://twitter.com/jack">twitter</a>
</body></html>`;

describe('extractRelMeLinks', () => {
  it('takes hrefs of a and link elements whose rel holds "me", resolved against the page', () => {
    expect(extractRelMeLinks(page, 'https://jack.example/')).toEqual([
      'https://example.social/@jack', 'https://jack.example/about', 'https://tube.example/c/jackvids?x=1&y=2',
      'https://twitter.com/jack',
    ]);
  });

  it('copes with a hostile page', () => {
    const evil = '<a rel="me" href=' + '"'.repeat(100_000) + '<a ' + 'x='.repeat(100_000);
    expect(extractRelMeLinks(evil, 'https://jack.example/')).toEqual([]);
  });
});

describe('websiteFinder', () => {
  it('proposes the fediverse profiles a contact\'s own site links with rel="me", at high', async () => {
    const http = fakeHttp(() => ({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: page }));
    const f = websiteFinder({ http });
    const got = await f.find(contact({ urls: ['https://jack.example/'] }));
    expect(got.map((c) => [c.handle, c.base, c.finder])).toEqual([
      ['jack@example.social', 'high', 'website'], ['jackvids@tube.example', 'high', 'website'],
    ]);
    expect(got[0]?.detail).toBe('https://jack.example/ links rel="me" to https://example.social/@jack');
  });

  it('does not fetch big platforms or fediverse profiles, and reads at most two sites', async () => {
    const http = fakeHttp(() => ({ body: '' }));
    const f = websiteFinder({ http });
    await f.find(contact({ urls: ['https://twitter.com/jack', 'https://example.social/@jack', 'https://a.example', 'https://b.example', 'https://c.example', 'mailto:x@y.z'] }));
    expect(http.log.map((r) => r.url)).toEqual(['https://a.example', 'https://b.example']);
  });

  it('has nothing to say when the site fails, is blocked or is not HTML', async () => {
    for (const answer of [new NetError('blocked_address', 'https://a.example', 'private'), { status: 500 }, { headers: { 'content-type': 'image/png' }, body: page }]) {
      const f = websiteFinder({ http: fakeHttp(() => answer) });
      expect(await f.find(contact({ urls: ['https://a.example'] }))).toEqual([]);
    }
  });

  it('caches what a site says', async () => {
    const http = fakeHttp(() => ({ headers: { 'content-type': 'text/html' }, body: page }));
    const f = websiteFinder({ http, cache: memoryCache({ clock: fakeClock() }) });
    await f.find(contact({ urls: ['https://jack.example/'] }));
    expect(await f.find(contact({ urls: ['https://jack.example/'] }))).toHaveLength(2);
    expect(http.log).toHaveLength(1);
  });
});
