import { describe, expect, it } from 'vitest';
import { channelSearchFinder, parseChannelList, parseIndexUrl } from '../../../src/resolve/finders/channelSearch.js';
import type { FinderName } from '../../../src/model/match.js';
import { ownerPlaces } from '../../../src/resolve/peertubeChannel.js';
import type { ActorInfo } from '../../../src/resolve/actor.js';
import { handleFromProfileUrl } from '../../../src/resolve/handles.js';
import { contact, fakeHttp } from '../fakes.js';

const sub = (id: string, title: string) => contact({ platform: 'youtube', id, username: null, displayName: title, profileUrl: `https://www.youtube.com/channel/${id}`, relations: ['subscription'] });
const ID = 'UCaaaaaaaaaaaaaaaaaaaaaa';

const channel = (name: string, host: string, displayName: string, description: string | null = null) => ({
  id: 1, url: `https://${host}/video-channels/${name}`, name, host, displayName, description, support: null,
});

describe('channelSearchFinder', () => {
  it('proposes same-title hits and hits whose description names the channel id, as low', async () => {
    const http = fakeHttp(() => ({ body: { total: 3, data: [
      channel('cooking', 'a.tube', 'Cooking With Ann'),
      channel('other', 'b.tube', 'Something else', `old channel: youtube.com/channel/${ID}`),
      channel('unrelated', 'c.tube', 'Unrelated'),
    ] } }));
    const finder = channelSearchFinder({ finder: 'channels', http, origin: 'https://home.tube' });
    const got = await finder.find(sub(ID, 'Cooking with Ann'));
    expect(got.map((c) => [c.handle, c.base])).toEqual([['cooking@a.tube', 'low'], ['other@b.tube', 'low']]);
    expect(got[1]!.detail).toContain(`names ${ID}`);
    const url = new URL(http.log[0]!.url);
    expect(url.pathname).toBe('/api/v1/search/video-channels');
    expect(url.searchParams.get('search')).toBe('Cooking with Ann');
    expect(http.log[0]!.headers?.authorization).toBeUndefined();
  });

  it('asks nothing for contacts of other platforms or without a title', async () => {
    const http = fakeHttp(() => ({ body: { total: 0, data: [] } }));
    const finder = channelSearchFinder({ finder: 'index', http, origin: 'https://index.test' });
    expect(await finder.find(contact())).toEqual([]);
    expect(await finder.find(sub(ID, '  '))).toEqual([]);
    expect(http.log).toEqual([]);
  });

  it('stops after its budget and once the server has no such API, saying so once', async () => {
    const notes: string[] = [];
    const note = (f: FinderName, m: string) => notes.push(`${f}: ${m}`);
    const ok = fakeHttp(() => ({ body: { total: 0, data: [] } }));
    const limited = channelSearchFinder({ finder: 'index', http: ok, origin: 'https://index.test', note, maxQueries: 1 });
    for (const t of ['Alpha', 'Bravo', 'Charlie']) await limited.find(sub(ID, t));
    expect(ok.log).toHaveLength(1);
    expect(notes).toEqual(['index: stopped after 1 searches on index.test in this run; run again to search the rest (answers so far are cached)']);
    notes.length = 0;
    const missing = fakeHttp(() => ({ status: 404 }));
    const none = channelSearchFinder({ finder: 'channels', http: missing, origin: 'https://masto.home', note });
    for (const t of ['Alpha', 'Bravo']) await none.find(sub(ID, t));
    expect(missing.log).toHaveLength(1);
    expect(notes).toEqual(['channels: masto.home has no PeerTube channel search (/api/v1/search/video-channels); it was skipped']);
  });

  it('reads a VideoChannelList, skipping malformed members, and refuses other shapes', () => {
    expect(parseChannelList({ total: 2, data: [channel('a', 'x.tube', 'A'), { name: 3 }, 'junk'] })).toEqual([{ name: 'a', host: 'x.tube', displayName: 'A', text: '' }]);
    expect(parseChannelList({ accounts: [] })).toBeNull();
    expect(parseChannelList(null)).toBeNull();
  });
});

describe('parseIndexUrl', () => {
  it('keeps the origin of an https address, and http only with --allow-http', () => {
    expect(parseIndexUrl('https://sepiasearch.org/')).toBe('https://sepiasearch.org');
    expect(() => parseIndexUrl('http://sepiasearch.org')).toThrow(/not an https address/);
    expect(parseIndexUrl('http://index.test:8080', true)).toBe('http://index.test:8080');
  });
});

describe('ownerPlaces', () => {
  const group = (attributedTo: string[]): ActorInfo => ({
    id: 'https://a.tube/video-channels/c', fetchedFrom: 'https://a.tube/video-channels/c', type: 'Group', preferredUsername: 'c',
    name: 'C', summary: null, urls: [], attachments: [], alsoKnownAs: [], manuallyApprovesFollowers: false, movedTo: null,
    webfinger: null, support: null, attributedTo,
  });

  it('ignores an owner on another host: a Group could name anyone\'s account', async () => {
    const http = fakeHttp(() => ({ status: 500 }));
    expect(await ownerPlaces(group(['https://famous.example/accounts/star']), { http })).toEqual([]);
    expect(http.log).toEqual([]);
  });

  it('reads the owner Person on the same host', async () => {
    const http = fakeHttp(() => ({
      headers: { 'content-type': 'application/activity+json' },
      body: { id: 'https://a.tube/accounts/o', type: 'Person', preferredUsername: 'o', summary: 'see https://youtube.com/@c' },
    }));
    const places = await ownerPlaces(group(['https://a.tube/accounts/o']), { http });
    expect(places.find((p) => p.where === 'owner account o: bio')?.links).toEqual(['https://youtube.com/@c']);
  });
});

describe('PeerTube profile URLs', () => {
  it('reads /video-channels/ and /accounts/ as handles, like /c/ and /a/', () => {
    expect(handleFromProfileUrl('https://a.tube/video-channels/cooking')).toEqual({ user: 'cooking', host: 'a.tube' });
    expect(handleFromProfileUrl('https://a.tube/accounts/ann')).toEqual({ user: 'ann', host: 'a.tube' });
    expect(handleFromProfileUrl('https://a.tube/c/cooking')).toEqual({ user: 'cooking', host: 'a.tube' });
  });
});
