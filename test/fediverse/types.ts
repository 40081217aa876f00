/**
 * What a test fediverse is made of: hosts, their accounts, and how each host misbehaves.
 * URL layout per host (Mastodon's): actor `/users/<username>`, profile page `/@<username>`,
 * WebFinger `/.well-known/webfinger`, host-meta `/.well-known/host-meta[.json]`, LRDD `/lrdd`,
 * account search `/api/v2/search`.
 */

export interface AccountSpec {
  username: string;
  name?: string;
  /** HTML bio. */
  summary?: string;
  /** PropertyValue fields; values are HTML, as Mastodon serves them. */
  fields?: Array<{ name: string; value: string }>;
  /** The actor's `url`; default the profile page. `null` leaves it out. */
  url?: string | string[] | Array<{ type: 'Link'; href: string }> | null;
  /** `user@host` of the account this one moved to (the target lists this one in alsoKnownAs automatically). */
  movedTo?: string;
  /** The move target does NOT list this account in alsoKnownAs (an unconfirmed, possibly forged move). */
  unconfirmedMove?: boolean;
  /** Extra alsoKnownAs entries (URLs). */
  alsoKnownAs?: string[];
  manuallyApprovesFollowers?: boolean;
  /** WebFinger and the actor answer 410. */
  gone?: boolean;
  /** The actor document claims an id on this other host (a forgery the client must reject). */
  actorIdHost?: string;
  /** The WebFinger `self` link type; default activity+json. */
  selfLinkType?: 'activity+json' | 'ld+json' | 'none';
  /** Override the JRD subject (e.g. another case, or another account). */
  subject?: string;
  /** Override the `self` link href (e.g. to point at another host's actor). */
  selfHref?: string;
}

export type Route =
  | 'webfinger' | 'hostMeta' | 'lrdd' | 'actor' | 'profile' | 'search'
  /** PeerTube hosts: nodeinfo, the Group/Person actors, the channel API and the channel search. */
  | 'nodeinfo' | 'channelActor' | 'accountActor' | 'channelApi' | 'channelSearch'
  | 'any';

/**
 * A PeerTube channel (a Group actor at `/video-channels/<name>`, PeerTube's layout) and the account that
 * owns it (a Person at `/accounts/<owner.name>`). Texts are plain text, as PeerTube stores them.
 */
export interface ChannelSpec {
  name: string;
  displayName: string;
  /** The channel's description: the actor's `summary` and the channel API's `description`. */
  description?: string;
  /** The channel's support text: the actor's `support` and the channel API's `support`. */
  support?: string;
  /** The actor's `summary` when it differs from the API's description (default: the description). */
  actorSummary?: string;
  owner: { name: string; displayName?: string; description?: string };
}

export type Behaviour =
  /** Answer with this status (and body/headers). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** A body of `bytes` bytes; `declareLength` sends Content-Length (default false: chunked). */
  | { kind: 'huge'; bytes: number; declareLength?: boolean }
  /** 200 with an HTML page where JSON is expected. */
  | { kind: 'notJson' }
  /** The normal answer, with another Content-Type. */
  | { kind: 'contentType'; contentType: string }
  /** A redirect to `location` (absolute URL). */
  | { kind: 'redirect'; location: string; status?: number }
  /** Redirects to itself forever (a different query each time). */
  | { kind: 'redirectLoop' }
  /** Headers at once, then one body byte every `intervalMs`, never finishing. */
  | { kind: 'slowloris'; intervalMs: number }
  /** 200 with this body as application/jrd+json. */
  | { kind: 'rawJson'; body: string; contentType?: string }
  /** 429 with Retry-After. */
  | { kind: 'rateLimited'; retryAfter: string }
  /** Destroys the socket without an answer (a network error). */
  | { kind: 'reset' };

export interface BehaviourRule {
  route: Route;
  behaviour: Behaviour;
  /** Only the first `times` matching requests misbehave; then the host answers normally. Default: always. */
  times?: number;
}

export interface HostSpec {
  name: string;
  accounts?: AccountSpec[];
  /** Every answer waits this long first. */
  delayMs?: number;
  /** Split domain: WebFinger and host-meta requests get a 301 to the same path on this host. */
  webfingerRedirectTo?: string;
  /** Handles of accounts here use this domain instead of `name` (Mastodon LOCAL_DOMAIN ≠ WEB_DOMAIN). */
  accountDomain?: string;
  /**
   * How WebFinger is served: `standard`; `lrdd-xml` (webfinger 404s, host-meta XRD names /lrdd);
   * `lrdd-json` (webfinger and XML host-meta 404, host-meta.json names /lrdd).
   */
  webfinger?: 'standard' | 'lrdd-xml' | 'lrdd-json';
  behaviours?: BehaviourRule[];
  /** Bearer token that /api/v2/search accepts; without one the host has no search API (404). */
  searchToken?: string;
  /** Search sees only local accounts unless resolve=true or this is 'all' (a large, well-connected server). */
  searchScope?: 'local' | 'all';
  /** Enforce a request budget: X-RateLimit-* headers on every answer, 429 beyond `limit` per window. */
  rateLimit?: { limit: number; windowMs: number };
  /**
   * The software nodeinfo names (`/.well-known/nodeinfo`, then `/nodeinfo/2.0.json`). Default: none, and
   * nodeinfo answers 404 as before. `peertube` also serves PeerTube's actors and APIs for `channels`.
   */
  software?: 'mastodon' | 'peertube';
  /** PeerTube channels on this host (with software `peertube`). */
  channels?: ChannelSpec[];
  /**
   * What `/api/v1/search/video-channels` searches: `local`, this host's channels (default); `all`, every
   * channel of the test fediverse (a server that knows many, or an index such as SepiaSearch).
   */
  channelSearchScope?: 'local' | 'all';
}

export interface FediverseSpec {
  hosts: HostSpec[];
  /** `http` serves plain HTTP (for --allow-http tests). Default https. */
  protocol?: 'https' | 'http';
}

export interface RequestRecord {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}
