/**
 * The answers of the test fediverse: WebFinger (RFC 7033, Mastodon's shape), host-meta/LRDD, ActivityPub
 * actors, profile pages, Mastodon's account search, and the misbehaviours of BehaviourRule. Pure request →
 * response logic over the FediverseSpec; the server (server.ts) handles sockets and bookkeeping.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PeerTubeWorld } from './peertube.js';
import type { AccountSpec, Behaviour, FediverseSpec, HostSpec, Route } from './types.js';

interface AccountEntry {
  host: HostSpec;
  account: AccountSpec;
  index: number;
}

export class FediverseWorld {
  readonly hosts = new Map<string, HostSpec>();
  private readonly accounts: AccountEntry[] = [];
  private readonly behaviourHits = new Map<string, number>();
  private readonly rateWindows = new Map<string, { start: number; count: number }>();
  /** PeerTube hosts (`software: 'peertube'`): channels, their owners, and PeerTube's APIs (peertube.ts). */
  private readonly peertube: PeerTubeWorld;

  constructor(readonly spec: FediverseSpec) {
    this.peertube = new PeerTubeWorld(spec.hosts, spec.protocol === 'http' ? 'http' : 'https');
    for (const host of spec.hosts) {
      this.hosts.set(host.name.toLowerCase(), host);
      for (const account of host.accounts ?? []) this.accounts.push({ host, account, index: this.accounts.length });
    }
  }

  get scheme(): string {
    return this.spec.protocol === 'http' ? 'http' : 'https';
  }

  handleDomain(host: HostSpec): string {
    return (host.accountDomain ?? host.name).toLowerCase();
  }

  actorUrl(e: AccountEntry): string {
    return `${this.scheme}://${e.host.name}/users/${e.account.username}`;
  }

  profileUrl(e: AccountEntry): string {
    return `${this.scheme}://${e.host.name}/@${e.account.username}`;
  }

  handleOf(e: AccountEntry): string {
    return `${e.account.username}@${this.handleDomain(e.host)}`;
  }

  /** The account a `user@domain` handle names (domain = account domain or host name). */
  findByHandle(handle: string): AccountEntry | undefined {
    const at = handle.replace(/^@/, '').lastIndexOf('@');
    const user = handle.replace(/^@/, '').slice(0, at).toLowerCase();
    const domain = handle.replace(/^@/, '').slice(at + 1).toLowerCase();
    return this.accounts.find(
      (e) => e.account.username.toLowerCase() === user &&
        (this.handleDomain(e.host) === domain || e.host.name.toLowerCase() === domain),
    );
  }

  private localAccount(host: HostSpec, username: string): AccountEntry | undefined {
    return this.accounts.find((e) => e.host === host && e.account.username.toLowerCase() === username.toLowerCase());
  }

  /** Actor URLs of accounts that moved to `e` (the target confirms a move through alsoKnownAs). */
  private movedHereFrom(e: AccountEntry): string[] {
    return this.accounts
      .filter((o) => o.account.movedTo !== undefined && !o.account.unconfirmedMove && this.findByHandle(o.account.movedTo) === e)
      .map((o) => this.actorUrl(o));
  }

  // ---- routing --------------------------------------------------------------------------------------

  routeOf(path: string): Route {
    if (path === '/.well-known/webfinger') return 'webfinger';
    if (path.startsWith('/.well-known/host-meta')) return 'hostMeta';
    if (path === '/lrdd') return 'lrdd';
    if (path.startsWith('/users/')) return 'actor';
    if (path.startsWith('/@')) return 'profile';
    if (path === '/api/v2/search') return 'search';
    return PeerTubeWorld.routeOf(path) ?? 'any';
  }

  /** The misbehaviour to apply to this request, if any (counting `times`). */
  behaviourFor(host: HostSpec, route: Route): Behaviour | null {
    for (const [i, rule] of (host.behaviours ?? []).entries()) {
      if (rule.route !== route && rule.route !== 'any') continue;
      const key = `${host.name}#${i}`;
      const hits = this.behaviourHits.get(key) ?? 0;
      if (rule.times !== undefined && hits >= rule.times) continue;
      this.behaviourHits.set(key, hits + 1);
      return rule.behaviour;
    }
    return null;
  }

  /** Applies the host's rate-limit budget: headers to add, and whether to refuse with 429. */
  rateLimit(host: HostSpec, now: number): { headers: Record<string, string>; refuse: boolean } {
    const rl = host.rateLimit;
    if (!rl) return { headers: {}, refuse: false };
    let w = this.rateWindows.get(host.name);
    if (!w || now >= w.start + rl.windowMs) {
      w = { start: now, count: 0 };
      this.rateWindows.set(host.name, w);
    }
    w.count++;
    const reset = new Date(w.start + rl.windowMs);
    const remaining = Math.max(0, rl.limit - w.count);
    const headers = {
      'x-ratelimit-limit': String(rl.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': reset.toISOString(),
    };
    if (w.count > rl.limit) {
      return { headers: { ...headers, 'retry-after': String(Math.ceil((reset.getTime() - now) / 1000)) }, refuse: true };
    }
    return { headers, refuse: false };
  }

  // ---- normal answers -------------------------------------------------------------------------------

  answer(host: HostSpec, req: IncomingMessage, url: URL, res: ServerResponse, contentTypeOverride: string | null): void {
    const route = this.routeOf(url.pathname);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': contentTypeOverride ?? type, ...headers });
      res.end(body);
    };
    const json = (status: number, value: unknown, type = 'application/json; charset=utf-8', headers: Record<string, string> = {}) =>
      send(status, type, JSON.stringify(value), headers);

    if ((route === 'webfinger' || route === 'hostMeta') && host.webfingerRedirectTo) {
      res.writeHead(301, {
        location: `${this.scheme}://${host.webfingerRedirectTo}${url.pathname}${url.search}`,
        'access-control-allow-origin': '*',
      });
      res.end();
      return;
    }
    switch (route) {
      case 'webfinger':
        if ((host.webfinger ?? 'standard') !== 'standard') return json(404, { error: 'Not found' });
        return this.answerWebFinger(host, url, json);
      case 'lrdd':
        return this.answerWebFinger(host, url, json);
      case 'hostMeta':
        return this.answerHostMeta(host, url, send, json);
      case 'actor': {
        const username = decodeURIComponent(url.pathname.slice('/users/'.length));
        const e = this.localAccount(host, username);
        if (!e) return json(404, { error: 'Record not found' });
        if (e.account.gone) return json(410, { error: 'Gone' });
        return json(200, this.actorDocument(e), 'application/activity+json; charset=utf-8');
      }
      case 'profile': {
        const e = this.localAccount(host, decodeURIComponent(url.pathname.slice(2)));
        if (!e) return send(404, 'text/html', '<h1>Not found</h1>');
        return send(200, 'text/html; charset=utf-8', `<html><body><h1>${escapeHtml(e.account.name ?? e.account.username)}</h1></body></html>`);
      }
      case 'search':
        return this.answerSearch(host, req, url, json);
      default:
        if (this.peertube.answer(host, route, url, json)) return;
        return json(404, { error: 'Not found' });
    }
  }

  private answerWebFinger(host: HostSpec, url: URL, json: (s: number, v: unknown, t?: string, h?: Record<string, string>) => void): void {
    const resource = url.searchParams.get('resource');
    if (!resource) return json(400, { error: 'resource parameter missing' });
    let entry: AccountEntry | undefined;
    const acct = /^(?:acct:)?@?([^@\s]+)@([^@\s]+)$/i.exec(resource);
    if (acct) {
      const domain = (acct[2] ?? '').toLowerCase();
      // Mastodon answers for its LOCAL_DOMAIN and WEB_DOMAIN only (app/lib/webfinger_resource.rb).
      if (domain === this.handleDomain(host) || domain === host.name.toLowerCase()) {
        entry = this.localAccount(host, acct[1] ?? '');
        if (!entry && this.peertube.webfinger(host, acct[1] ?? '', json)) return;
      }
    } else if (/^https?:\/\//.test(resource)) {
      entry = this.accounts.find((e) => e.host === host && (this.actorUrl(e) === resource || this.profileUrl(e) === resource));
    }
    const cors = { 'access-control-allow-origin': '*' };
    if (!entry) return json(404, { error: 'Not found' }, 'application/json', cors);
    if (entry.account.gone) return json(410, { error: 'Gone' }, 'application/json', cors);
    const a = entry.account;
    const actor = a.selfHref ?? this.actorUrl(entry);
    const links: unknown[] = [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: this.profileUrl(entry) },
    ];
    const selfType = a.selfLinkType ?? 'activity+json';
    if (selfType !== 'none') {
      links.push({
        rel: 'self',
        type: selfType === 'activity+json' ? 'application/activity+json' : 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
        href: actor,
      });
    }
    links.push({ rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${this.scheme}://${host.name}/authorize_interaction?uri={uri}` });
    json(
      200,
      {
        subject: a.subject ?? `acct:${this.handleOf(entry)}`,
        aliases: [this.profileUrl(entry), this.actorUrl(entry)],
        links,
        // Unknown members must be ignored by clients (RFC 7033 section 4.4).
        'x-test-extension': { ignored: true },
      },
      'application/jrd+json; charset=utf-8',
      cors,
    );
  }

  private answerHostMeta(
    host: HostSpec,
    url: URL,
    send: (s: number, t: string, b: string) => void,
    json: (s: number, v: unknown, t?: string) => void,
  ): void {
    const mode = host.webfinger ?? 'standard';
    const template = mode === 'standard'
      ? `${this.scheme}://${host.name}/.well-known/webfinger?resource={uri}`
      : `${this.scheme}://${host.name}/lrdd?resource={uri}`;
    if (url.pathname === '/.well-known/host-meta.json') return json(200, { links: [{ rel: 'lrdd', template }] }, 'application/json');
    if (url.pathname !== '/.well-known/host-meta') return json(404, { error: 'Not found' });
    if (mode === 'lrdd-json') return json(404, { error: 'Not found' });
    send(
      200,
      'application/xrd+xml; charset=utf-8',
      `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n` +
        `  <Link type="application/xrd+xml" template="${template.replace(/&/g, '&amp;')}" rel="lrdd"/>\n</XRD>\n`,
    );
  }

  actorDocument(e: AccountEntry): Record<string, unknown> {
    const a = e.account;
    const actor = this.actorUrl(e);
    const id = a.actorIdHost ? `${this.scheme}://${a.actorIdHost}/users/${a.username}` : actor;
    const moved = a.movedTo ? this.findByHandle(a.movedTo) : undefined;
    const doc: Record<string, unknown> = {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id,
      type: 'Person',
      preferredUsername: a.username,
      name: a.name ?? '',
      summary: a.summary ?? '',
      inbox: `${actor}/inbox`,
      outbox: `${actor}/outbox`,
      followers: `${actor}/followers`,
      following: `${actor}/following`,
      manuallyApprovesFollowers: a.manuallyApprovesFollowers ?? false,
      discoverable: true,
      attachment: (a.fields ?? []).map((f) => ({ type: 'PropertyValue', name: f.name, value: f.value })),
      alsoKnownAs: [...(a.alsoKnownAs ?? []), ...this.movedHereFrom(e)],
      endpoints: { sharedInbox: `${this.scheme}://${e.host.name}/inbox` },
    };
    if (a.url !== null) doc.url = a.url ?? this.profileUrl(e);
    if (a.movedTo) doc.movedTo = moved ? this.actorUrl(moved) : `${this.scheme}://${a.movedTo.split('@')[1]}/users/${a.movedTo.split('@')[0]}`;
    return doc;
  }

  // ---- Mastodon account search (GET /api/v2/search; docs content/en/methods/search.md) ----------------

  private answerSearch(
    host: HostSpec,
    req: IncomingMessage,
    url: URL,
    json: (s: number, v: unknown, t?: string) => void,
  ): void {
    if (!host.searchToken) return json(404, { error: 'Not found' });
    if (req.headers.authorization !== `Bearer ${host.searchToken}`) {
      return json(401, { error: 'The access token is invalid' });
    }
    const q = (url.searchParams.get('q') ?? '').trim();
    const type = url.searchParams.get('type');
    const resolve = url.searchParams.get('resolve') === 'true';
    const limit = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? '20') || 20));
    const empty = { accounts: [], statuses: [], hashtags: [] };
    if (q === '' || (type !== null && type !== 'accounts')) return json(200, empty);
    const inScope = (e: AccountEntry) => e.host === host || (host.searchScope ?? 'all') === 'all';
    const live = this.accounts.filter((e) => !e.account.gone);
    let hits: AccountEntry[];
    const acct = /^@?([^@\s]+)@([^@\s]+)$/.exec(q);
    if (acct) {
      const e = this.findByHandle(q);
      hits = e && !e.account.gone && (resolve || inScope(e)) ? [e] : [];
    } else {
      const needle = q.replace(/^@/, '').toLowerCase();
      hits = live.filter(
        (e) => inScope(e) &&
          (e.account.username.toLowerCase().includes(needle) || (e.account.name ?? '').toLowerCase().includes(needle)),
      );
    }
    json(200, { accounts: hits.slice(0, limit).map((e) => this.mastodonAccount(e, host)), statuses: [], hashtags: [] });
  }

  /** A Mastodon Account entity (docs content/en/entities/Account.md), as `viewer` would show it. */
  mastodonAccount(e: AccountEntry, viewer: HostSpec, depth = 0): Record<string, unknown> {
    const a = e.account;
    const local = e.host === viewer;
    const moved = a.movedTo && depth === 0 ? this.findByHandle(a.movedTo) : undefined;
    const created = new Date(Date.UTC(2022, 10, 1 + (e.index % 28))).toISOString();
    const media = `${this.scheme}://${viewer.name}/avatars/original/missing.png`;
    return {
      id: String(100000 + e.index),
      username: a.username,
      acct: local ? a.username : this.handleOf(e),
      display_name: a.name ?? '',
      locked: a.manuallyApprovesFollowers ?? false,
      bot: false,
      discoverable: true,
      indexable: false,
      group: false,
      created_at: created,
      note: a.summary ?? '',
      url: this.profileUrl(e),
      uri: this.actorUrl(e),
      avatar: media,
      avatar_static: media,
      header: `${this.scheme}://${viewer.name}/headers/original/missing.png`,
      header_static: `${this.scheme}://${viewer.name}/headers/original/missing.png`,
      followers_count: 0,
      following_count: 0,
      statuses_count: 0,
      last_status_at: null,
      hide_collections: false,
      noindex: false,
      emojis: [],
      roles: [],
      fields: (a.fields ?? []).map((f) => ({ name: f.name, value: f.value, verified_at: null })),
      ...(moved ? { moved: this.mastodonAccount(moved, viewer, depth + 1) } : {}),
    };
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
