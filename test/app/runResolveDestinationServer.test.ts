/**
 * resolveModel given the destination's server as read at sign-in (`destinationServer`): the finders do not
 * read nodeinfo again, PeerTube's channel search is used on a PeerTube server and only there, and the
 * account search (Mastodon's API) is not tried on PeerTube, which has none.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveModel, type ResolveOptions } from '../../src/app/runResolve.js';
import type { FinderName } from '../../src/model/match.js';
import type { Model } from '../../src/model/types.js';
import { makeTempDir, removeTempDir } from '../helpers/zipFiles.js';
import { contact, fakeClock, fakeHttp } from '../resolve/fakes.js';

const subscription = contact({ platform: 'youtube', id: 'UCaaaaaaaaaaaaaaaaaaaaaa', username: null, displayName: 'Cooking with Ann', profileUrl: null });
const model: Model = { version: 1, sources: [], account: null, contacts: [subscription], posts: [] };

describe('resolveModel with the destination server known', () => {
  let dir = '';
  beforeEach(async () => { dir = await makeTempDir('lp-resolve-server-'); });
  afterEach(async () => removeTempDir(dir));

  const options = (software: string): ResolveOptions => ({
    to: '@me@home.example', maps: [], minConfidence: 'low', refresh: false, servers: null, token: 'secret', stateDir: dir,
    finders: new Set<FinderName>(['channels', 'search']), destinationServer: { software, origin: 'https://home.example' },
  });
  // Every server answers that it is there (the reachability check) and that it found nothing.
  const http = () => fakeHttp((req) => (new URL(req.url).pathname === '/api/v1/search/video-channels' ? { body: { total: 0, data: [] } } : { status: 404 }));

  it('on PeerTube: the channel search is asked, nodeinfo is not read again, and no account search is tried', async () => {
    const h = http();
    const result = await resolveModel(model, options('peertube'), { http: h, clock: fakeClock() });
    const paths = h.log.map((r) => new URL(r.url).pathname);
    expect(paths).toContain('/api/v1/search/video-channels');
    expect(paths.filter((p) => p === '/nodeinfo/2.0.json' || p === '/api/v2/search' || p.startsWith('/api/v1/accounts/'))).toEqual([]);
    expect(result.notes).toContain('search: skipped: PeerTube has no account search; its channel search is used instead');
  });

  it('on another server: no channel search, and nodeinfo is not read again', async () => {
    const h = http();
    await resolveModel(model, { ...options('mastodon'), finders: new Set<FinderName>(['channels']) }, { http: h, clock: fakeClock() });
    const paths = h.log.map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p === '/api/v1/search/video-channels' || p === '/nodeinfo/2.0.json')).toEqual([]);
  });
});
