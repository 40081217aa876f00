/**
 * What every host of the test fediverse serves outside the REST API, as PeerTube does:
 * - WebFinger (RFC 7033) for `acct:name@host`, channels and accounts alike (PeerTube resolves both), with the
 *   `self` link to the ActivityPub actor;
 * - the actors (docs.joinpeertube.org/api/activitypub): a channel is a `Group` at `/video-channels/:name` whose
 *   `attributedTo` names the owning `Person` at `/accounts/:name`; `summary` is the description and `support`
 *   the support text (PeerTube's own ActivityPub extension);
 * - nodeinfo (`/.well-known/nodeinfo` → `/nodeinfo/2.0.json`) with software `peertube` and its version.
 */
import type { Answer } from './types.js';
import { actorUrl, type AccountRecord, type ChannelRecord, type World } from './world.js';

const AP_CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1', { RsaSignature2017: 'https://w3id.org/security#RsaSignature2017' }];

export interface NodeFacts {
  software: string;
  version: string;
}

export function federation(world: World, host: string, method: string, path: string, query: URLSearchParams, facts: NodeFacts): Answer | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  if (path === '/.well-known/webfinger') return webfinger(world, host, query.get('resource') ?? '');
  if (path === '/.well-known/nodeinfo') {
    return { status: 200, body: { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `http://${host}/nodeinfo/2.0.json` }] } };
  }
  if (path === '/nodeinfo/2.0.json') return nodeinfo(world, host, facts);
  let m = /^\/video-channels\/([^/]+)$/u.exec(path);
  if (m) {
    const c = world.channel(decodeURIComponent(m[1]!), host);
    return c ? activity(groupActor(c)) : notFound();
  }
  m = /^\/accounts\/([^/]+)$/u.exec(path);
  if (m) {
    const a = world.account(decodeURIComponent(m[1]!), host);
    return a ? activity(personActor(a)) : notFound();
  }
  return null;
}

function webfinger(world: World, host: string, resource: string): Answer {
  const m = /^acct:@?([^@]+)@(.+)$/u.exec(resource);
  if (!m || m[2]!.toLowerCase() !== host) {
    return { status: 400, body: { error: 'Incorrect request parameters: resource' } };
  }
  const name = m[1]!;
  // PeerTube looks the name up among its local actors, channels and accounts alike.
  const channel = world.channel(name, host);
  const account = channel ? undefined : world.account(name, host);
  if (!channel && !account) return notFound();
  const href = channel ? actorUrl('video-channels', host, channel.name) : actorUrl('accounts', host, account!.name);
  return {
    status: 200,
    type: 'application/jrd+json',
    body: {
      subject: `acct:${channel?.name ?? account!.name}@${host}`,
      aliases: [href],
      links: [
        { rel: 'self', type: 'application/activity+json', href },
        { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `http://${host}/remote-interaction?uri={uri}` },
      ],
    },
  };
}

function groupActor(c: ChannelRecord): Record<string, unknown> {
  const id = actorUrl('video-channels', c.host, c.name);
  return {
    '@context': AP_CONTEXT, type: 'Group', id, following: `${id}/following`, followers: `${id}/followers`,
    playlists: `${id}/playlists`, inbox: `${id}/inbox`, outbox: `${id}/outbox`, preferredUsername: c.name, url: id,
    name: c.displayName, endpoints: { sharedInbox: `http://${c.host}/inbox` }, publicKey: publicKey(id),
    published: '2024-01-01T00:00:00.000Z', summary: c.description, support: c.support,
    attributedTo: [{ type: 'Person', id: actorUrl('accounts', c.owner.host, c.owner.name) }],
  };
}

function personActor(a: AccountRecord): Record<string, unknown> {
  const id = actorUrl('accounts', a.host, a.name);
  return {
    '@context': AP_CONTEXT, type: 'Person', id, following: `${id}/following`, followers: `${id}/followers`,
    playlists: `${id}/playlists`, inbox: `${id}/inbox`, outbox: `${id}/outbox`, preferredUsername: a.name, url: id,
    name: a.displayName, endpoints: { sharedInbox: `http://${a.host}/inbox` }, publicKey: publicKey(id),
    published: '2024-01-01T00:00:00.000Z', summary: a.description,
  };
}

function publicKey(id: string): Record<string, string> {
  return { id: `${id}#main-key`, owner: id, publicKeyPem: '-----BEGIN PUBLIC KEY-----\n(test server)\n-----END PUBLIC KEY-----' };
}

function nodeinfo(world: World, host: string, facts: NodeFacts): Answer {
  return {
    status: 200,
    type: 'application/json',
    body: {
      version: '2.0',
      software: { name: facts.software, version: facts.version },
      protocols: ['activitypub'],
      services: { inbound: [], outbound: ['atom1.0', 'rss2.0'] },
      openRegistrations: false,
      usage: {
        users: { total: world.accounts.filter((a) => a.host === host).length, activeMonth: 1, activeHalfyear: 1 },
        localPosts: world.videos.filter((v) => v.channel.host === host).length,
        localComments: 0,
      },
      metadata: { taxonomy: { postsName: 'Videos' }, nodeName: host, nodeDescription: 'PeerTube test server' },
    },
  };
}

function activity(body: Record<string, unknown>): Answer {
  return { status: 200, body, type: 'application/activity+json' };
}

function notFound(): Answer {
  return { status: 404, body: { error: 'Not found' } };
}
