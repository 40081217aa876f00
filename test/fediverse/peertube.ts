/**
 * The PeerTube hosts of the test fediverse, shaped by PeerTube's own API description
 * (../shared/specs/peertube-openapi.yaml: VideoChannel, VideoChannelList, Account) and its ActivityPub
 * actors (ActivityPubActor: a channel is a `Group` with `summary`, `support` and `attributedTo` its owner
 * `Person`): nodeinfo, WebFinger for channels and accounts, the actors, `GET /api/v1/video-channels/{handle}`
 * and `GET /api/v1/search/video-channels`. Pure request → answer logic; server.ts does the sockets.
 */
import type { ChannelSpec, HostSpec, Route } from './types.js';

type Json = (status: number, value: unknown, type?: string, headers?: Record<string, string>) => void;

interface ChannelEntry {
  host: HostSpec;
  channel: ChannelSpec;
  index: number;
}

export class PeerTubeWorld {
  private readonly channels: ChannelEntry[] = [];

  constructor(hosts: readonly HostSpec[], private readonly scheme: string) {
    for (const host of hosts) {
      if (host.software !== 'peertube') continue;
      for (const channel of host.channels ?? []) this.channels.push({ host, channel, index: this.channels.length });
    }
  }

  static routeOf(path: string): Route | null {
    if (path === '/.well-known/nodeinfo' || path === '/nodeinfo/2.0.json') return 'nodeinfo';
    if (path.startsWith('/video-channels/')) return 'channelActor';
    if (path.startsWith('/accounts/')) return 'accountActor';
    if (path.startsWith('/api/v1/video-channels/')) return 'channelApi';
    if (path === '/api/v1/search/video-channels') return 'channelSearch';
    return null;
  }

  channelUrl(e: ChannelEntry): string {
    return `${this.scheme}://${e.host.name}/video-channels/${e.channel.name}`;
  }

  ownerUrl(e: ChannelEntry): string {
    return `${this.scheme}://${e.host.name}/accounts/${e.channel.owner.name}`;
  }

  /** Answers a PeerTube route; false when the host is not a PeerTube host (the caller answers 404). */
  answer(host: HostSpec, route: Route, url: URL, json: Json): boolean {
    if (route === 'nodeinfo') return this.answerNodeinfo(host, url, json);
    // An index (SepiaSearch) is no PeerTube server but serves the same channel search.
    if (route === 'channelSearch' && host.channelSearchScope !== undefined) return this.answerSearch(host, url, json);
    if (host.software !== 'peertube') return false;
    const local = this.channels.filter((e) => e.host === host);
    const byName = (name: string) => local.find((e) => e.channel.name.toLowerCase() === name.toLowerCase());
    const ownerByName = (name: string) => local.find((e) => e.channel.owner.name.toLowerCase() === name.toLowerCase());
    const notFound = () => problem(json, 404, 'Not Found', 'Video channel not found');
    switch (route) {
      case 'channelActor': {
        const e = byName(decodeURIComponent(url.pathname.slice('/video-channels/'.length)));
        if (!e) return notFound();
        json(200, this.groupDocument(e), 'application/activity+json; charset=utf-8');
        return true;
      }
      case 'accountActor': {
        const e = ownerByName(decodeURIComponent(url.pathname.slice('/accounts/'.length)));
        if (!e) return notFound();
        json(200, this.personDocument(e), 'application/activity+json; charset=utf-8');
        return true;
      }
      case 'channelApi': {
        const handle = decodeURIComponent(url.pathname.slice('/api/v1/video-channels/'.length));
        const [name, at] = handle.split('@');
        const e = at === undefined || at.toLowerCase() === host.name.toLowerCase()
          ? byName(name ?? '')
          : this.channels.find((c) => c.channel.name === name && c.host.name.toLowerCase() === at.toLowerCase());
        if (!e) return notFound();
        json(200, this.videoChannel(e, host));
        return true;
      }
      case 'channelSearch':
        return this.answerSearch(host, url, json);
      default:
        return false;
    }
  }

  /** WebFinger for `acct:name@host` on a PeerTube host: a channel or an account (PeerTube shares the names). */
  webfinger(host: HostSpec, user: string, json: Json): boolean {
    if (host.software !== 'peertube') return false;
    const e = this.channels.find((c) => c.host === host && c.channel.name.toLowerCase() === user.toLowerCase());
    const owner = this.channels.find((c) => c.host === host && c.channel.owner.name.toLowerCase() === user.toLowerCase());
    const actor = e ? this.channelUrl(e) : owner ? this.ownerUrl(owner) : null;
    if (actor === null) return false;
    const name = e ? e.channel.name : owner!.channel.owner.name;
    json(200, {
      subject: `acct:${name}@${host.name}`,
      aliases: [actor],
      links: [
        { rel: 'self', type: 'application/activity+json', href: actor },
        { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${this.scheme}://${host.name}/remote-interaction?uri={uri}` },
      ],
    }, 'application/jrd+json; charset=utf-8', { 'access-control-allow-origin': '*' });
    return true;
  }

  private answerNodeinfo(host: HostSpec, url: URL, json: Json): boolean {
    if (host.software === undefined) return false;
    if (url.pathname === '/.well-known/nodeinfo') {
      json(200, { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${this.scheme}://${host.name}/nodeinfo/2.0.json` }] });
    } else {
      json(200, {
        version: '2.0',
        software: { name: host.software, version: host.software === 'peertube' ? '7.2.1' : '4.3.0' },
        protocols: ['activitypub'],
        services: { inbound: [], outbound: [] },
        openRegistrations: false,
        usage: { users: { total: 1 } },
        metadata: {},
      });
    }
    return true;
  }

  private answerSearch(host: HostSpec, url: URL, json: Json): boolean {
    const search = url.searchParams.get('search');
    if (search === null) return problem(json, 400, 'Bad Request', 'search is required');
    const start = Math.max(0, Number(url.searchParams.get('start') ?? '0') || 0);
    const count = Math.min(100, Math.max(1, Number(url.searchParams.get('count') ?? '15') || 15));
    const needle = search.trim().toLowerCase();
    const pool = (host.channelSearchScope ?? 'local') === 'all' ? this.channels : this.channels.filter((e) => e.host === host);
    const hits = pool.filter((e) => needle !== '' && (
      e.channel.displayName.toLowerCase().includes(needle) || e.channel.name.toLowerCase().includes(needle)));
    json(200, { total: hits.length, data: hits.slice(start, start + count).map((e) => this.videoChannel(e, host)) });
    return true;
  }

  /** A VideoChannel as `viewer` shows it (PeerTube OpenAPI VideoChannel + Actor). */
  private videoChannel(e: ChannelEntry, viewer: HostSpec): Record<string, unknown> {
    const c = e.channel;
    const created = new Date(Date.UTC(2023, 0, 1 + e.index)).toISOString();
    return {
      id: 1000 + e.index,
      url: this.channelUrl(e),
      name: c.name,
      host: e.host.name,
      avatars: [],
      hostRedundancyAllowed: false,
      followingCount: 0,
      followersCount: 3,
      createdAt: created,
      updatedAt: created,
      displayName: c.displayName,
      description: c.description ?? null,
      support: c.support ?? null,
      isLocal: e.host === viewer,
      banners: [],
      ownerAccount: {
        id: 500 + e.index,
        url: this.ownerUrl(e),
        name: c.owner.name,
        host: e.host.name,
        avatars: [],
        hostRedundancyAllowed: false,
        followingCount: 0,
        followersCount: 0,
        createdAt: created,
        updatedAt: created,
        userId: null,
        displayName: c.owner.displayName ?? c.owner.name,
        description: c.owner.description ?? null,
      },
    };
  }

  private groupDocument(e: ChannelEntry): Record<string, unknown> {
    const id = this.channelUrl(e);
    return {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1', { support: { '@type': 'sc:Text', '@id': 'pt:support' } }],
      type: 'Group',
      id,
      following: `${id}/following`,
      followers: `${id}/followers`,
      playlists: `${id}/playlists`,
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      preferredUsername: e.channel.name,
      url: id,
      name: e.channel.displayName,
      endpoints: { sharedInbox: `${this.scheme}://${e.host.name}/inbox` },
      summary: e.channel.actorSummary ?? e.channel.description ?? null,
      support: e.channel.support ?? null,
      postingRestrictedToMods: true,
      attributedTo: [{ type: 'Person', id: this.ownerUrl(e) }],
      published: new Date(Date.UTC(2023, 0, 1 + e.index)).toISOString(),
    };
  }

  private personDocument(e: ChannelEntry): Record<string, unknown> {
    const id = this.ownerUrl(e);
    const o = e.channel.owner;
    return {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      type: 'Person',
      id,
      following: `${id}/following`,
      followers: `${id}/followers`,
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      preferredUsername: o.name,
      url: id,
      name: o.displayName ?? o.name,
      endpoints: { sharedInbox: `${this.scheme}://${e.host.name}/inbox` },
      summary: o.description ?? null,
    };
  }
}

/** PeerTube's errors are RFC 7807 problem documents. */
function problem(json: Json, status: number, title: string, detail: string): true {
  json(status, { type: `https://docs.joinpeertube.org/api-rest-reference.html`, title, status, detail }, 'application/problem+json; charset=utf-8');
  return true;
}
