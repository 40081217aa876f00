/**
 * The signed-in user (me, quota, videos), asynchronous subscriptions, channels and their search (on the domain,
 * on the channel's own host and on a global index), WebFinger, actors and nodeinfo — answers checked against
 * the API description wherever it describes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './call.js';
import { validateEntity } from './openapi.js';
import { startPeerTubeTestServer, type PeerTubeTestServer, type PeerTubeTestServerOptions } from './server.js';

let server: PeerTubeTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const channels: PeerTubeTestServerOptions['channels'] = [
  {
    handle: 'blender_studio@video.blender.test', displayName: 'Blender Studio', description: 'Also on https://www.youtube.com/channel/UCz75RVbH8q2jYkGvd8Q5lMg',
    support: 'Join https://studio.blender.org', owner: { name: 'blender', description: 'The Blender Foundation' },
    videos: [{ name: 'Sprite Fright', originallyPublishedAt: '2021-10-29T00:00:00.000Z' }, { name: 'Hidden one', privacy: 3 }],
  },
  { handle: 'cooking@tube.test', displayName: 'Cooking with Ann' },
];

async function start(options: Partial<PeerTubeTestServerOptions> = {}): Promise<PeerTubeTestServer> {
  server = await startPeerTubeTestServer({ domain: 'tube.test', channels, indexHosts: ['search.index.test'], ...options });
  return server;
}

describe('the signed-in user', () => {
  it('GET /users/me has the quota, the account and the channels', async () => {
    const s = await start({ user: { username: 'alice', videoQuota: 5000, videoQuotaDaily: 1000, channels: [{ name: 'alice_videos' }, { name: 'alice_music' }] } });
    const me = await call(s, 'GET', '/api/v1/users/me');
    expect(me.specProblems).toEqual([]);
    expect(me.body).toMatchObject({ username: 'alice', videoQuota: 5000, videoQuotaDaily: 1000, account: { name: 'alice', host: 'tube.test' } });
    expect((me.body.videoChannels as { name: string; id: number }[]).map((c) => c.name)).toEqual(['alice_videos', 'alice_music']);
    const quota = await call(s, 'GET', '/api/v1/users/me/video-quota-used');
    expect([quota.body, quota.specProblems]).toEqual([{ videoQuotaUsed: 0, videoQuotaUsedDaily: 0 }, []]);
  });

  it('lists videos with name and originallyPublishedAt, paged by start/count (count ≤ 100)', async () => {
    const s = await start({ user: { channels: [{ name: 'mine', videos: [{ name: 'Old one', originallyPublishedAt: '2010-01-02T03:04:05.000Z' }, { name: 'Private one', privacy: 3 }] }] } });
    const page = await call(s, 'GET', '/api/v1/users/me/videos?start=1&count=1');
    expect(page.specProblems).toEqual([]);
    expect(page.body.total).toBe(2);
    expect((page.body.data as { name: string; originallyPublishedAt: string }[]).map((v) => [v.name, v.originallyPublishedAt])).toEqual([['Old one', '2010-01-02T03:04:05.000Z']]);
    const tooMany = await call(s, 'GET', '/api/v1/users/me/videos?count=101');
    expect([tooMany.status, tooMany.specProblems.length > 0]).toEqual([400, true]);
    const channelVideos = await call(s, 'GET', '/api/v1/video-channels/blender_studio@video.blender.test/videos', { token: null });
    expect(channelVideos.specProblems).toEqual([]);
    expect((channelVideos.body.data as { name: string }[]).map((v) => v.name)).toEqual(['Sprite Fright']);
  });
});

describe('subscriptions', () => {
  it('POST answers 204 and the subscription shows only after the configured number of further requests', async () => {
    const s = await start({ subscriptionDelayRequests: 2, alreadySubscribed: ['cooking@tube.test'] });
    const posted = await call(s, 'POST', '/api/v1/users/me/subscriptions', { json: { uri: 'blender_studio@video.blender.test' } });
    expect([posted.status, posted.specProblems]).toEqual([204, []]);
    const listed = async () => ((await call(s, 'GET', '/api/v1/users/me/subscriptions')).body.data as { name: string }[]).map((c) => c.name);
    expect(await listed()).toEqual(['cooking']);
    expect(s.pendingSubscriptions()).toEqual(['blender_studio@video.blender.test']);
    expect(await listed()).toEqual(['blender_studio', 'cooking']);
    expect(s.applied).toEqual([{ kind: 'subscription', target: 'blender_studio@video.blender.test' }]);
    // Posting again changes nothing.
    await call(s, 'POST', '/api/v1/users/me/subscriptions', { json: { uri: 'blender_studio@video.blender.test' } });
    await call(s, 'GET', '/api/v1/users/me/subscriptions');
    await call(s, 'GET', '/api/v1/users/me/subscriptions');
    expect(s.applied).toHaveLength(1);
    const list = await call(s, 'GET', '/api/v1/users/me/subscriptions?start=0&count=1');
    expect([list.body.total, (list.body.data as unknown[]).length, list.specProblems]).toEqual([2, 1, []]);
    const exist = await call(s, 'GET', '/api/v1/users/me/subscriptions/exist?uris=blender_studio@video.blender.test&uris=nobody@video.blender.test');
    expect([exist.body, exist.specProblems]).toEqual([{ 'blender_studio@video.blender.test': true, 'nobody@video.blender.test': false }, []]);
  });

  it('a malformed uri is 400; an unknown channel is 204 and never shows, or 400 when so configured', async () => {
    const s = await start({ subscriptionDelayRequests: 0 });
    const bad = await call(s, 'POST', '/api/v1/users/me/subscriptions', { json: { uri: 'https://example.test/c/x' } });
    expect([bad.status, bad.contentType.startsWith('application/problem+json')]).toEqual([400, true]);
    const unknown = await call(s, 'POST', '/api/v1/users/me/subscriptions', { json: { uri: 'nobody@nowhere.test' } });
    expect(unknown.status).toBe(204);
    expect(s.subscribedHandles()).toEqual([]);
    await s.close();
    const strict = await start({ unresolvableSubscription: 400 });
    const refused = await call(strict, 'POST', '/api/v1/users/me/subscriptions', { json: { uri: 'nobody@nowhere.test' } });
    expect([refused.status, refused.specProblems]).toEqual([400, []]);
  });
});

describe('channels and search', () => {
  it('GET /video-channels/{handle} on the domain and on the channel host, with description, support and owner', async () => {
    const s = await start();
    for (const [host, handle] of [['tube.test', 'blender_studio@video.blender.test'], ['video.blender.test', 'blender_studio']]) {
      const c = await call(s, 'GET', `/api/v1/video-channels/${handle}`, { host, token: null });
      expect(c.specProblems).toEqual([]);
      expect(c.body).toMatchObject({
        name: 'blender_studio', host: 'video.blender.test', displayName: 'Blender Studio', support: 'Join https://studio.blender.org',
        ownerAccount: { name: 'blender', description: 'The Blender Foundation' },
      });
    }
    expect((await call(s, 'GET', '/api/v1/video-channels/nobody', { token: null })).status).toBe(404);
  });

  it('searches the host own channels by name, any channel by exact handle, and every channel on an index host', async () => {
    const s = await start();
    const names = async (host: string, search: string) => {
      const a = await call(s, 'GET', `/api/v1/search/video-channels?search=${encodeURIComponent(search)}`, { host, token: null });
      expect(a.specProblems).toEqual([]);
      return (a.body.data as { name: string; host: string }[]).map((c) => `${c.name}@${c.host}`);
    };
    expect(await names('tube.test', 'cook')).toEqual(['cooking@tube.test']);
    expect(await names('tube.test', 'blender')).toEqual([]);
    expect(await names('tube.test', 'blender_studio@video.blender.test')).toEqual(['blender_studio@video.blender.test']);
    expect(await names('tube.test', 'http://video.blender.test/video-channels/blender_studio')).toEqual(['blender_studio@video.blender.test']);
    expect(await names('search.index.test', 'Blender Studio')).toEqual(['blender_studio@video.blender.test']);
  });
});

describe('federation', () => {
  it('WebFinger gives the Group actor, which is attributed to its Person', async () => {
    const s = await start();
    const wf = await call(s, 'GET', '/.well-known/webfinger?resource=acct:blender_studio@video.blender.test', { host: 'video.blender.test', token: null });
    expect(wf.contentType).toMatch(/^application\/jrd\+json/u);
    const self = (wf.body.links as { rel: string; href: string }[]).find((l) => l.rel === 'self')!;
    expect(self.href).toBe('http://video.blender.test/video-channels/blender_studio');
    const group = await call(s, 'GET', new URL(self.href).pathname, { host: 'video.blender.test', token: null });
    expect(group.contentType).toMatch(/^application\/activity\+json/u);
    expect(group.body).toMatchObject({ type: 'Group', preferredUsername: 'blender_studio', support: 'Join https://studio.blender.org', attributedTo: [{ type: 'Person', id: 'http://video.blender.test/accounts/blender' }] });
    expect(String(group.body.summary)).toContain('youtube.com/channel/UCz75RVbH8q2jYkGvd8Q5lMg');
    const person = await call(s, 'GET', '/accounts/blender', { host: 'video.blender.test', token: null });
    expect(person.body).toMatchObject({ type: 'Person', summary: 'The Blender Foundation' });
    expect((await call(s, 'GET', '/.well-known/webfinger?resource=acct:nobody@video.blender.test', { host: 'video.blender.test', token: null })).status).toBe(404);
  });

  it('nodeinfo names the software peertube and its version', async () => {
    const s = await start({ version: '7.0.1' });
    const links = await call(s, 'GET', '/.well-known/nodeinfo', { token: null });
    const href = (links.body.links as { href: string }[])[0]!.href;
    expect(href).toBe('http://tube.test/nodeinfo/2.0.json');
    const info = await call(s, 'GET', '/nodeinfo/2.0.json', { token: null });
    expect(info.body.software).toEqual({ name: 'peertube', version: '7.0.1' });
  });

  it('connectTo names every host of the test fediverse', async () => {
    const s = await start();
    expect(s.connectTo().map((c) => c.split(':')[0]).sort()).toEqual(['search.index.test', 'tube.test', 'video.blender.test']);
  });
});

describe('validateEntity', () => {
  it('finds a wrong field in a channel', () => {
    expect(validateEntity('VideoChannel', { id: 1, name: 'x', displayName: '' }).join('\n')).toMatch(/displayName/u);
  });
});
