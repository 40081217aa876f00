/**
 * Our own local PeerTube test server (plain http on 127.0.0.1, port 0), shaped by PeerTube's API description
 * (../shared/specs/peertube-openapi.yaml, 6.3.0; openapi.ts validates requests and answers against it at test
 * time) and, where that description is silent or wrong, by PeerTube's source (cited in each part).
 *
 * It is a tiny fediverse: requests are dispatched on the Host header (use `connectTo()` with the client's
 * `--connect-to`). `domain` is the configured webserver host and serves the whole API for the signed-in user;
 * every other host of a channel serves WebFinger, actors, nodeinfo and the public API (channels, their videos,
 * search); `indexHosts` serve `/api/v1/search/video-channels` over every channel of the world (SepiaSearch-like).
 *
 * API (`startPeerTubeTestServer(options)` → a started `PeerTubeTestServer`; options in types.ts):
 *   GET  /api/v1/oauth-clients/local                  {client_id, client_secret}; 403 unless Host == domain
 *   POST /api/v1/users/token (form)                   password (x-peertube-otp for 2FA) / refresh_token grants
 *   GET  /api/v1/users/me                             User with videoQuota, videoQuotaDaily, account, videoChannels
 *   GET  /api/v1/users/me/video-quota-used            {videoQuotaUsed, videoQuotaUsedDaily}
 *   GET  /api/v1/users/me/videos                      {total, data: Video[]} (all privacies), start/count
 *   GET  /api/v1/users/me/subscriptions               {total, data: VideoChannel[]}, start/count
 *   GET  /api/v1/users/me/subscriptions/exist?uris=   {[uri]: boolean} (`uris=a&uris=b` or `uris[]=`)
 *   POST /api/v1/users/me/subscriptions {uri}         204, applied after `subscriptionDelayRequests` requests
 *   GET  /api/v1/video-channels/{handle}              VideoChannel (with ownerAccount) — no auth
 *   GET  /api/v1/video-channels/{handle}/videos       {total, data: Video[]} public videos — no auth
 *   GET  /api/v1/accounts/{name}, …/{name}/video-channels — no auth
 *   GET  /api/v1/search/video-channels?search=        {total, data}: the host's channels by name/display name,
 *                                                     plus any channel named exactly by handle or actor URL
 *   POST|PUT|DELETE /api/v1/videos/upload-resumable   see upload.ts
 *   GET  /.well-known/webfinger, /video-channels/:n (Group), /accounts/:n (Person), /.well-known/nodeinfo,
 *        /nodeinfo/2.0.json — see federation.ts
 * Errors: application/problem+json (problem.ts) with `code` where PeerTube sets one: invalid_client,
 * invalid_grant, invalid_request, unsupported_grant_type, missing_two_factor (401), invalid_two_factor (400),
 * invalid_token / unauthorized_request (401), quota_reached / max_file_size_reached (413).
 *
 * Records: every request in `requests` (with the status answered); every write that took effect once in
 * `applied` (kind 'subscription' when the job ran, kind 'video' when an upload's last byte came in, with its
 * metadata, size and sha256), so tests can assert nothing was done twice. `hook` can hold or drop answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { federation } from './federation.js';
import { OAuthStore } from './oauth.js';
import { invalidParam, problem } from './problem.js';
import { SubscriptionStore } from './subscriptions.js';
import type {
  Answer, AppliedVideo, AppliedWrite, PeerTubeTestServerOptions, RecordedRequest,
} from './types.js';
import { DEFAULT_VIDEO_MIME_TYPES, UploadStore, type UploadSession } from './upload.js';
import { World, splitHandle, type AccountRecord, type ChannelRecord } from './world.js';
import { closeNow, listenOnLoopback } from '../helpers/loopbackServer.js';

export type {
  AppliedVideo, AppliedWrite, ChannelSpec, HookEvent, PeerTubeTestServerOptions, RecordedRequest, UserSpec, VideoSpec,
} from './types.js';

const UPLOAD_PATH = '/api/v1/videos/upload-resumable';
const GIB = 1024 ** 3;

export class PeerTubeTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly applied: AppliedWrite[] = [];
  readonly domain: string;
  readonly world: World;
  readonly username: string;
  readonly password: string;
  /** An access token issued at start (as if signed in), and its refresh token. */
  readonly token: string;
  readonly refreshToken: string;
  readonly me: AccountRecord;
  readonly myChannels: ChannelRecord[];
  port = 0;

  private server: Server | null = null;
  private readonly oauth: OAuthStore;
  private readonly subscriptions: SubscriptionStore;
  private readonly uploads: UploadStore;
  private readonly now: () => number;
  private readonly userId = 1;
  private readonly quota: { total: number; daily: number; usedBefore: number; usedDailyBefore: number };
  private domainRequests = 0;

  constructor(private readonly options: PeerTubeTestServerOptions) {
    this.domain = options.domain.toLowerCase();
    this.now = options.now ?? Date.now;
    this.world = new World(this.now);
    const user = options.user ?? {};
    this.username = user.username ?? 'me';
    this.password = user.password ?? 'correct horse battery staple';
    this.quota = {
      total: user.videoQuota ?? 10 * GIB, daily: user.videoQuotaDaily ?? -1,
      usedBefore: user.videoQuotaUsed ?? 0, usedDailyBefore: user.videoQuotaUsedDaily ?? 0,
    };
    this.me = this.world.addAccount(this.username, this.domain, { displayName: user.displayName ?? this.username, userId: this.userId });
    this.myChannels = (user.channels ?? [{ name: `${this.username}_channel` }]).map((c) => {
      const channel = this.world.addChannel({ handle: `${c.name}@${this.domain}`, displayName: c.displayName ?? c.name, description: c.description ?? null, owner: { name: this.username } });
      for (const v of c.videos ?? []) this.world.addVideo(channel, v);
      return channel;
    });
    for (const spec of options.channels ?? []) this.world.addChannel(spec);
    this.oauth = new OAuthStore({
      domain: this.domain, username: this.username, password: this.password, otp: user.otp,
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 86_400,
      accessTokenUses: options.accessTokenUses ?? Number.POSITIVE_INFINITY, now: this.now,
    });
    const first = this.oauth.issue();
    this.token = first.accessToken;
    this.refreshToken = first.refreshToken;
    this.subscriptions = new SubscriptionStore(this.world, options.subscriptionDelayRequests ?? 2);
    for (const handle of options.alreadySubscribed ?? []) {
      const c = this.world.channelByHandle(handle, this.domain);
      if (!c) throw new Error(`alreadySubscribed: no channel ${handle}`);
      this.subscriptions.seed(c);
    }
    this.uploads = new UploadStore({
      userId: this.userId, maxFileSize: options.maxFileSize, mimeTypes: options.videoMimeTypes ?? DEFAULT_VIDEO_MIME_TYPES,
      channel: (id) => {
        const channel = this.world.channelById(id);
        return channel && { channel, own: this.myChannels.includes(channel) };
      },
      quotaLeft: () => {
        const used = this.quotaUsed();
        return {
          total: this.quota.total < 0 ? Number.POSITIVE_INFINITY : this.quota.total - used.videoQuotaUsed,
          daily: this.quota.daily < 0 ? Number.POSITIVE_INFINITY : this.quota.daily - used.videoQuotaUsedDaily,
        };
      },
    });
  }

  get publicUrl(): string {
    return `http://${this.domain}`;
  }

  get directUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get clientId(): string {
    return this.oauth.clientId;
  }

  get clientSecret(): string {
    return this.oauth.clientSecret;
  }

  /** `--connect-to` values (`host:127.0.0.1:port`) for the domain, every channel's host and the index hosts. */
  connectTo(): string[] {
    const hosts = new Set([this.domain, ...this.world.hosts(), ...(this.options.indexHosts ?? []).map((h) => h.toLowerCase())]);
    return [...hosts].map((h) => `${h}:127.0.0.1:${this.port}`);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.send(res, problem(500, `test server bug: ${String(error)}`));
      });
    });
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    await closeNow(this.server);
    this.server = null;
  }

  /** Every access token issued so far expires now (refresh tokens stay valid): the next call answers 401. */
  expireAccessTokens(): void {
    this.oauth.expireAll();
  }

  /** Videos created by uploads, in order. */
  appliedVideos(): AppliedVideo[] {
    return this.applied.flatMap((w) => (w.kind === 'video' ? [w.video] : []));
  }

  /** Handles (`name@host`) the user is subscribed to, as the list shows them now. */
  subscribedHandles(): string[] {
    return this.subscriptions.list().map((c) => `${c.name}@${c.host}`).sort();
  }

  /** Runs every queued subscription job now, as if the server's job queue caught up. */
  runPendingSubscriptions(): void {
    for (const c of this.subscriptions.runDue(Number.POSITIVE_INFINITY)) this.applied.push({ kind: 'subscription', target: `${c.name}@${c.host}` });
  }

  /** Subscriptions posted whose job has not run yet. */
  pendingSubscriptions(): string[] {
    return this.subscriptions.pendingHandles();
  }

  /** Ids of the upload sessions created and not cancelled (completed ones included). */
  uploadIds(): string[] {
    return [...this.uploads.sessions.keys()];
  }

  /** An upload session (offset, total, metadata), e.g. to see where a killed upload stopped. */
  uploadSession(uploadId: string): Readonly<UploadSession> | undefined {
    return this.uploads.sessions.get(uploadId);
  }

  /** Bytes used by something other than this client (an upload in the web interface, transcoded copies). */
  useQuota(bytes: number): void {
    this.quota.usedBefore += bytes;
    this.quota.usedDailyBefore += bytes;
  }

  quotaUsed(): { videoQuotaUsed: number; videoQuotaUsedDaily: number } {
    const uploaded = this.appliedVideos().reduce((n, v) => n + v.size, 0);
    return { videoQuotaUsed: this.quota.usedBefore + uploaded, videoQuotaUsedDaily: this.quota.usedDailyBefore + uploaded };
  }

  /** Requests to the domain that are not reads and not sign-in. */
  writeRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.host === this.domain && r.method !== 'GET' && r.method !== 'HEAD' && r.path !== '/api/v1/users/token');
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const rawHost = String(req.headers.host ?? '');
    const host = rawHost.toLowerCase().replace(/:\d+$/u, '');
    // A chunk is streamed by the upload store, never read whole here.
    const streamed = req.method === 'PUT' && url.pathname === UPLOAD_PATH;
    const body = streamed ? '' : await readBody(req);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', host, rawHost, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.answered = res.statusCode;
    });
    if ((await this.options.hook?.({ phase: 'received', request: recorded })) === 'drop') {
      req.socket.destroy();
      return;
    }
    const onDomain = host === this.domain || host === '127.0.0.1';
    if (onDomain) await this.runSubscriptionJobs(++this.domainRequests, recorded);

    const fed = federation(this.world, onDomain ? this.domain : host, recorded.method, recorded.path, recorded.query, {
      software: this.options.software ?? 'peertube', version: this.options.version ?? '6.3.0',
    });
    let answer: Answer | 'dropped';
    if (fed) answer = fed;
    else if (!recorded.path.startsWith('/api/')) answer = { status: 404, body: { error: 'Not found' } };
    else if (onDomain) answer = await this.api(recorded, req, res);
    else answer = this.publicApi(recorded, host) ?? problem(404, 'Not found');
    if (onDomain) await this.runSubscriptionJobs(this.domainRequests, recorded);
    if (answer === 'dropped') return;
    if (streamed && !req.readableEnded) req.resume();
    this.send(res, answer);
  }

  private async runSubscriptionJobs(requestNumber: number, request: RecordedRequest): Promise<void> {
    for (const c of this.subscriptions.runDue(requestNumber)) await this.appliedWrite({ kind: 'subscription', target: `${c.name}@${c.host}` }, request);
  }

  /** The domain's API. */
  private async api(r: RecordedRequest, req: IncomingMessage, res: ServerResponse): Promise<Answer | 'dropped'> {
    const p = r.path;
    if (p === '/api/v1/oauth-clients/local' && r.method === 'GET') return this.oauth.localClient(r.rawHost);
    if (p === '/api/v1/users/token' && r.method === 'POST') {
      const otp = r.headers['x-peertube-otp'];
      return this.oauth.grant(new URLSearchParams(r.body), String(r.headers['content-type'] ?? ''), Array.isArray(otp) ? otp[0] : otp);
    }
    const open = this.publicApi(r, this.domain);
    if (open) return open;
    if (!p.startsWith('/api/v1/users/me') && p !== UPLOAD_PATH) return problem(404, 'Not found');
    const refused = this.oauth.authenticate(typeof r.headers.authorization === 'string' ? r.headers.authorization : undefined);
    if (refused) return refused;

    if (p === '/api/v1/users/me' && r.method === 'GET') return { status: 200, body: this.userJson() };
    if (p === '/api/v1/users/me/video-quota-used' && r.method === 'GET') return { status: 200, body: this.quotaUsed() };
    if (p === '/api/v1/users/me/videos' && r.method === 'GET') {
      return this.paged(r, this.world.videosOf(this.myChannels), (v) => this.world.videoJson(v, this.domain));
    }
    if (p === '/api/v1/users/me/subscriptions' && r.method === 'GET') {
      return this.paged(r, this.subscriptions.list(), (c) => this.world.channelJson(c, this.domain));
    }
    if (p === '/api/v1/users/me/subscriptions' && r.method === 'POST') return this.subscribe(r);
    if (p === '/api/v1/users/me/subscriptions/exist' && r.method === 'GET') {
      const uris = [...r.query.getAll('uris'), ...r.query.getAll('uris[]')];
      if (uris.length === 0) return invalidParam('uris', 'query', undefined, p);
      return { status: 200, body: this.subscriptions.exist(uris, this.domain) };
    }
    if (p === UPLOAD_PATH) return this.upload(r, req, res);
    return problem(404, 'Not found');
  }

  /** Endpoints every PeerTube serves without a token: channels, accounts, their videos, channel search. */
  private publicApi(r: RecordedRequest, host: string): Answer | null {
    if (r.method !== 'GET') return null;
    const p = r.path;
    const isIndex = (this.options.indexHosts ?? []).some((h) => h.toLowerCase() === host);
    if (p === '/api/v1/search/video-channels') {
      const search = (r.query.get('search') ?? '').trim();
      const exact = this.channelNamedBy(search, host);
      const words = search.toLowerCase();
      const found = this.world.channels.filter((c) => c === exact || ((isIndex || c.host === host) && words !== ''
        && (c.name.toLowerCase().includes(words) || c.displayName.toLowerCase().includes(words))));
      return this.paged(r, found, (c) => this.world.channelJson(c, host));
    }
    let m = /^\/api\/v1\/video-channels\/([^/]+)(\/videos)?$/u.exec(p);
    if (m) {
      const c = this.world.channelByHandle(decodeURIComponent(m[1]!), host);
      if (!c) return problem(404, 'Video channel not found');
      if (!m[2]) return { status: 200, body: this.world.channelJson(c, host) };
      return this.paged(r, this.world.videosOf([c]).filter((v) => v.privacy === 1), (v) => this.world.videoJson(v, host));
    }
    m = /^\/api\/v1\/accounts\/([^/]+)(\/video-channels)?$/u.exec(p);
    if (m) {
      const a = this.world.accountByHandle(decodeURIComponent(m[1]!), host);
      if (!a) return problem(404, 'Account not found');
      if (!m[2]) return { status: 200, body: this.world.accountJson(a) };
      return this.paged(r, this.world.channelsOf(a), (c) => this.world.channelJson(c, host));
    }
    return null;
  }

  /** A channel named exactly by `name@host` or its actor URL, as PeerTube resolves such searches. */
  private channelNamedBy(search: string, host: string): ChannelRecord | undefined {
    const url = /^https?:\/\/([^/]+)\/(?:video-channels|c)\/([^/?#]+)/u.exec(search);
    if (url) return this.world.channel(decodeURIComponent(url[2]!), url[1]!.toLowerCase());
    if (/^@?[^@\s]+@[^@\s]+$/u.test(search)) return this.world.channelByHandle(search, host);
    return undefined;
  }

  private async subscribe(r: RecordedRequest): Promise<Answer> {
    let uri: unknown;
    try {
      uri = (JSON.parse(r.body) as { uri?: unknown }).uri;
    } catch {
      uri = undefined;
    }
    // userSubscriptionAddValidator: isValidActorHandle, i.e. exactly `name@host` with a valid host.
    if (typeof uri !== 'string' || !/^[^@\s]+@[a-z0-9.-]+(?::\d+)?$/iu.test(uri)) return invalidParam('uri', 'body', uri, r.path);
    const [name, host] = splitHandle(uri);
    const channel = this.world.channel(name, host!) ?? null;
    if (!channel && this.options.unresolvableSubscription === 400) {
      return problem(400, `Cannot find the channel ${uri}`, { instance: r.path });
    }
    this.subscriptions.queue(uri, channel, this.domainRequests);
    return { status: 204 };
  }

  private async upload(r: RecordedRequest, req: IncomingMessage, res: ServerResponse): Promise<Answer | 'dropped'> {
    if (r.method === 'POST') return this.uploads.init(r.body, req.headers, r.rawHost);
    const uploadId = r.query.get('upload_id') ?? '';
    if (r.method === 'DELETE') return this.uploads.cancel(uploadId);
    if (r.method !== 'PUT') return problem(404, 'Not found');
    const result = await this.uploads.put(req, uploadId, (n) => {
      r.bodyBytes = (r.bodyBytes ?? 0) + n;
    });
    if (result.kind === 'answer') return result.answer;
    if (result.kind === 'aborted') return 'dropped';
    const { session } = result;
    if ((await this.options.hook?.({ phase: 'chunk', uploadId, offset: session.offset, total: session.total, request: r })) === 'drop') {
      res.socket?.destroy();
      return 'dropped';
    }
    if (!result.complete) return this.uploads.progressAnswer(session);
    const m = session.meta;
    const video = this.world.addVideo(session.channel, {
      name: m.name, privacy: m.privacy, originallyPublishedAt: m.originallyPublishedAt, description: m.description,
      language: m.language, category: m.category, licence: m.licence,
    });
    this.uploads.finish(session, video);
    const write: AppliedWrite = {
      kind: 'video', target: String(video.id),
      video: {
        ...m, id: video.id, uuid: video.uuid, shortUUID: video.shortUUID, uploadId, mimeType: session.mimeType,
        size: session.total, sha256: session.sha256!,
      },
    };
    if ((await this.appliedWrite(write, r)) === 'drop') {
      res.socket?.destroy();
      return 'dropped';
    }
    return this.uploads.completeAnswer(session);
  }

  private async appliedWrite(write: AppliedWrite, request: RecordedRequest): Promise<void | 'drop'> {
    this.applied.push(write);
    return this.options.hook?.({ phase: 'applied', write, request });
  }

  /** start/count paging as PeerTube's paginationValidator allows it (count ≤ 100), with `total`. */
  private paged<T>(r: RecordedRequest, items: T[], json: (item: T) => unknown): Answer {
    const startText = r.query.get('start') ?? '0';
    const countText = r.query.get('count') ?? '15';
    if (!/^\d+$/u.test(startText)) return invalidParam('start', 'query', startText, r.path);
    if (!/^\d+$/u.test(countText) || Number(countText) > 100) return invalidParam('count', 'query', countText, r.path);
    const start = Number(startText);
    return { status: 200, body: { total: items.length, data: items.slice(start, start + Number(countText)).map(json) } };
  }

  private userJson(): Record<string, unknown> {
    return {
      id: this.userId, username: this.username, email: `${this.username}@${this.domain}`, emailVerified: true,
      role: { id: 2, label: 'User' }, videoQuota: this.quota.total, videoQuotaDaily: this.quota.daily,
      account: this.world.accountJson(this.me),
      videoChannels: this.myChannels.map((c) => this.world.channelJson(c, this.domain)),
      createdAt: '2024-01-01T00:00:00.000Z', blocked: false, nsfwPolicy: 'do_not_list', theme: 'instance-default',
      autoPlayVideo: true, autoPlayNextVideo: false, autoPlayNextVideoPlaylist: true, p2pEnabled: true,
      noInstanceConfigWarningModal: true, noAccountSetupWarningModal: true, noWelcomeModal: true,
    };
  }

  private send(res: ServerResponse, answer: Answer): void {
    for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
    if (answer.body === undefined) {
      res.writeHead(answer.status);
      res.end();
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': `${answer.type ?? 'application/json'}; charset=utf-8`, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPeerTubeTestServer(options: PeerTubeTestServerOptions): Promise<PeerTubeTestServer> {
  return new PeerTubeTestServer(options).start();
}
