/**
 * Our own local Mastodon test server (plain http on 127.0.0.1), for what snac cannot show: pending
 * follow requests of locked accounts, relationships, lists, blocks, mutes, search?resolve, rate-limit
 * headers and 429s, JSON errors, Idempotency-Key, OAuth with PKCE. Answers follow the shapes of
 * ../shared/specs/mastodon-openapi.schema.json (test/mastodon-server/schema.test.ts checks that).
 *
 * It is a tiny fediverse too: requests are dispatched on the Host header, so with
 * `--connect-to HOST:127.0.0.1:PORT` for each host, `domain` serves the API and every other host serves
 * WebFinger and actors for the remote accounts living there (profile fields carry their back-links).
 *
 * Every request is recorded (`requests`), and every write that changed state is recorded once
 * (`applied`), so tests can assert that nothing was done twice.
 *
 * For post import it serves statuses (statuses.ts), media uploads streamed and polled (media.ts), the instance
 * and nodeinfo with the configured limits (instance.ts), rate-limit families (rateLimits.ts), flavors that
 * behave like GoToSocial or snac (types.ts), and the time it spends answering (timing.ts). openapi.ts checks
 * requests and answers against the API description.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parseBody } from './formBody.js';
import { SnowflakeIds } from './ids.js';
import { instanceV1, instanceV2, nodeinfo, nodeinfoLinks, type InstanceFacts } from './instance.js';
import { MASTODON_MIME_TYPES, MediaStore } from './media.js';
import { OAuthEndpoints } from './oauth.js';
import { mostLimited, rateLimitHeaders, RateWindows, type FamilyState } from './rateLimits.js';
import { StatusStore, type AccountRef } from './statuses.js';
import { HandlingClock, type HandlingTime } from './timing.js';
import type {
  Answer, AppliedStatus, AppliedWrite, InjectedFailure, MastodonTestServerOptions, RateFamily, RecordedRequest,
  RemoteAccountSpec, ServerFlavor,
} from './types.js';
import { closeNow, listenOnLoopback } from '../helpers/loopbackServer.js';

export type {
  AppliedMedia, AppliedStatus, AppliedWrite, HookEvent, InjectedFailure, MastodonTestServerOptions, RateLimits, RateWindow,
  RecordedFile, RecordedRequest, RemoteAccountSpec, ServerFlavor,
} from './types.js';
export type { HandlingTime } from './timing.js';

interface AccountRecord {
  id: string;
  username: string;
  domain: string;
  acct: string;
  locked: boolean;
  displayName: string;
  fields: { name: string; value: string }[];
  note: string;
  known: boolean;
}

export class MastodonTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly applied: AppliedWrite[] = [];
  readonly token: string;
  readonly domain: string;
  port = 0;

  private server: Server | null = null;
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly byAcct = new Map<string, AccountRecord>();
  private readonly me: AccountRecord;
  readonly following = new Set<string>();
  readonly requested = new Set<string>();
  readonly blocking = new Set<string>();
  readonly muting = new Set<string>();
  readonly lists = new Map<string, { title: string; members: Set<string> }>();
  private readonly idempotent = new Map<string, { status: number; body: unknown }>();
  private readonly windows: RateWindows;
  private readonly clock = new HandlingClock();
  private readonly ids = new SnowflakeIds();
  readonly flavor: ServerFlavor;
  readonly media: MediaStore;
  readonly statuses: StatusStore;
  private readonly now: () => number;
  private readonly failureCounts = new Map<string, number>();
  private readonly oauth = new OAuthEndpoints();
  /** Tokens issued through OAuth, with the scopes granted. */
  readonly issuedTokens = this.oauth.issuedTokens;
  private nextId = 100;

  constructor(private readonly options: MastodonTestServerOptions) {
    this.domain = options.domain.toLowerCase();
    this.token = options.token ?? `tok-${randomBytes(12).toString('hex')}`;
    this.me = this.addAccount({ acct: `${options.me ?? 'me'}@${this.domain}` }, true);
    this.flavor = options.flavor ?? 'mastodon';
    this.now = options.now ?? Date.now;
    this.windows = new RateWindows(options.limits ?? {}, this.now);
    this.media = new MediaStore({
      flavor: this.flavor, ids: this.ids, now: this.now, publicUrl: () => this.publicUrl, meId: this.me.id,
      limits: {
        supportedMimeTypes: options.supportedMimeTypes ?? MASTODON_MIME_TYPES, imageMaxBytes: options.imageMaxBytes ?? 16 * 1024 * 1024,
        videoMaxBytes: options.videoMaxBytes ?? 99 * 1024 * 1024, processingPolls: options.mediaProcessingPolls ?? 2,
      },
    });
    this.statuses = new StatusStore({
      flavor: this.flavor, domain: this.domain, maxCharacters: options.maxCharacters ?? 500,
      charactersReservedPerUrl: options.charactersReservedPerUrl ?? 23, maxMedia: options.maxMedia ?? 4, ids: this.ids,
      media: this.media, now: this.now, publicUrl: () => this.publicUrl, me: this.me,
      statusesLeft: () => (this.windows.state('statuses')?.remaining ?? 1) > 0,
      accountById: (id) => this.accounts.get(id), accountByAcct: (acct) => this.byAcct.get(acct.toLowerCase()),
      accountJson: (id) => this.accountJson(this.accounts.get(id)!),
    });
    for (const spec of options.accounts ?? []) this.addAccount(spec, false);
    for (const acct of options.alreadyFollowing ?? []) {
      const a = this.byAcct.get(acct.toLowerCase());
      if (a) {
        a.known = true;
        this.following.add(a.id);
      }
    }
  }

  /** `http://domain` as the client sees it (with --connect-to domain:127.0.0.1:port). */
  get publicUrl(): string {
    return `http://${this.domain}`;
  }

  get directUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `--connect-to` values for the API domain and every remote host. */
  connectTo(): string[] {
    const hosts = new Set([this.domain, ...[...this.byAcct.values()].map((a) => a.domain)]);
    return [...hosts].map((h) => `${h}:127.0.0.1:${this.port}`);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.json(res, 500, { error: `test server bug: ${String(error)}` });
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

  idOf(acct: string): string {
    const a = this.byAcct.get(acct.toLowerCase());
    if (!a) throw new Error(`no account ${acct}`);
    return a.id;
  }

  acctOf(id: string): string {
    return this.accounts.get(id)?.acct ?? id;
  }

  /** The other side accepts a pending follow request. */
  approve(acct: string): void {
    const id = this.idOf(acct);
    if (this.requested.delete(id)) this.following.add(id);
  }

  decline(acct: string): void {
    this.requested.delete(this.idOf(acct));
  }

  followedAccts(): string[] {
    return [...this.following].map((id) => this.acctOf(id)).sort();
  }

  /** Server-side time spent answering since the start (or the last `resetHandlingTime`). */
  handlingTime(): HandlingTime {
    return this.clock.snapshot();
  }

  resetHandlingTime(): void {
    this.clock.reset();
  }

  /** Statuses created (kind 'status'), in the order the server made them. */
  appliedStatuses(): AppliedStatus[] {
    return this.applied.flatMap((w) => (w.kind === 'status' ? [w.status] : []));
  }

  /** A status by another account (e.g. to test replies to others); returns its id. */
  addStatusBy(acct: string, text: string): string {
    const a = this.byAcct.get(acct.toLowerCase());
    if (!a) throw new Error(`no account ${acct}`);
    return this.statuses.addStatusBy(a, text);
  }

  /** Write requests as they arrived (whether or not they changed anything). */
  writeRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !r.path.startsWith('/oauth') && r.path !== '/api/v1/apps');
  }

  private addAccount(spec: RemoteAccountSpec, known: boolean): AccountRecord {
    const [username, domain] = spec.acct.replace(/^@/, '').split('@') as [string, string];
    const record: AccountRecord = {
      id: String(this.nextId++),
      username,
      domain: domain.toLowerCase(),
      acct: `${username}@${domain.toLowerCase()}`,
      locked: spec.locked ?? false,
      displayName: spec.displayName ?? username,
      fields: spec.fields ?? [],
      note: spec.note ?? '',
      known,
    };
    this.accounts.set(record.id, record);
    this.byAcct.set(record.acct.toLowerCase(), record);
    return record;
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const finished = this.clock.start();
    res.on('close', finished);
    const url = new URL(req.url ?? '/', 'http://x');
    // An upload is streamed by its handler, never read whole here.
    const upload = req.method === 'POST' && /^\/api\/v[12]\/media$/u.test(url.pathname);
    const body = upload ? '' : await readBody(req);
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', host, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.answered = res.statusCode;
    });
    if ((await this.options.hook?.({ phase: 'received', request: recorded })) === 'drop') {
      req.socket.destroy();
      return;
    }
    try {
      if (host !== this.domain && host !== '127.0.0.1') return this.remoteHost(host, recorded, res);
      return await this.api(recorded, req, res);
    } finally {
      // An upload answered before its body was read (401, 429): read the rest so the connection stays usable.
      if (upload && !req.readableEnded) req.resume();
    }
  }

  /** WebFinger and actors for the remote accounts of `host`. */
  private remoteHost(host: string, r: RecordedRequest, res: ServerResponse): void {
    if (r.path === '/.well-known/webfinger') {
      const resource = (r.query.get('resource') ?? '').replace(/^acct:/, '').toLowerCase();
      const a = this.byAcct.get(resource);
      if (!a || a.domain !== host) return this.json(res, 404, { error: 'not found' });
      return this.json(res, 200, {
        subject: `acct:${a.acct}`,
        aliases: [`http://${host}/@${a.username}`, `http://${host}/users/${a.username}`],
        links: [
          { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `http://${host}/@${a.username}` },
          { rel: 'self', type: 'application/activity+json', href: `http://${host}/users/${a.username}` },
        ],
      }, 'application/jrd+json');
    }
    const m = /^\/users\/([^/]+)$/.exec(r.path);
    const a = m ? this.byAcct.get(`${decodeURIComponent(m[1]!)}@${host}`.toLowerCase()) : undefined;
    if (!a) return this.json(res, 404, { error: 'not found' });
    return this.json(res, 200, {
      '@context': ['https://www.w3.org/ns/activitystreams'],
      id: `http://${host}/users/${a.username}`,
      type: 'Person',
      preferredUsername: a.username,
      name: a.displayName,
      summary: a.note,
      url: `http://${host}/@${a.username}`,
      manuallyApprovesFollowers: a.locked,
      inbox: `http://${host}/users/${a.username}/inbox`,
      outbox: `http://${host}/users/${a.username}/outbox`,
      attachment: a.fields.map((f) => ({ type: 'PropertyValue', name: f.name, value: f.value })),
    }, 'application/activity+json');
  }

  private async api(r: RecordedRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = r.path;
    const form = parseForm(r.body, String(req.headers['content-type'] ?? ''));

    if (p === '/.well-known/webfinger') {
      const resource = (r.query.get('resource') ?? '').replace(/^acct:/, '').toLowerCase();
      if (resource !== this.me.acct) return this.json(res, 404, { error: 'not found' });
      return this.json(res, 200, {
        subject: `acct:${this.me.acct}`,
        links: [{ rel: 'self', type: 'application/activity+json', href: `${this.publicUrl}/users/${this.me.username}` }],
      }, 'application/jrd+json');
    }
    if (p === '/.well-known/nodeinfo') return this.json(res, 200, nodeinfoLinks(this.facts()));
    if (p === '/nodeinfo/2.0') return this.json(res, 200, nodeinfo(this.facts()));
    if (p === '/api/v2/instance') return this.flavor === 'snac' ? this.html(res, 404) : this.json(res, 200, instanceV2(this.facts()));
    if (p === '/api/v1/instance') return this.json(res, 200, instanceV1(this.facts()));
    if (p === '/api/v1/apps' && r.method === 'POST') return this.oauth.registerApp(form, res);
    if (p === '/oauth/authorize') return this.oauth.authorize(r, res);
    if (p === '/oauth/token' && r.method === 'POST') return this.oauth.issueToken(form, res);

    if (!p.startsWith('/api/')) return this.html(res, 404);
    const auth = String(r.headers.authorization ?? '');
    const token = auth.replace(/^Bearer\s+/i, '');
    if (!auth.startsWith('Bearer ') || (token !== this.token && !this.issuedTokens.has(token))) {
      return this.json(res, 401, { error: 'The access token is invalid' });
    }

    const post = r.method === 'POST';
    const families: RateFamily[] = ['requests'];
    if (post && /^\/api\/v[12]\/media$/u.test(p)) families.push('media');
    if (post && /^\/api\/v1\/accounts\/[^/]+\/follow$/u.test(p)) families.push('follows');
    const postsStatus = post && p === '/api/v1/statuses';
    for (const family of families) {
      const state = this.windows.state(family);
      if (state && state.remaining <= 0) return this.tooMany(res, state);
    }
    for (const family of families) this.windows.spend(family);

    // Mastodon honours Idempotency-Key on statuses only (see statuses.ts); this older catch-all is kept for
    // the other writes. snac ignores the header everywhere.
    const idemKey = post && !postsStatus && this.flavor !== 'snac' ? String(r.headers['idempotency-key'] ?? '') : '';
    let answer: Answer;
    const seen = idemKey ? this.idempotent.get(`${p}\n${idemKey}`) : undefined;
    if (seen) answer = seen;
    else {
      answer = await this.route(r, req);
      if (idemKey && answer.status < 300) this.idempotent.set(`${p}\n${idemKey}`, answer);
    }
    if (answer.counts) this.windows.spend(answer.counts);
    const states = [...families, ...(postsStatus ? ['statuses' as const] : [])]
      .map((f) => this.windows.state(f)).filter((s): s is FamilyState => s !== null);
    const shown = mostLimited(states);
    if (shown && this.flavor !== 'snac') {
      for (const [k, v] of Object.entries(rateLimitHeaders(shown, this.options.rateLimitReset ?? 'iso8601', this.now(), answer.status === 429))) res.setHeader(k, v);
    }
    if (answer.status === 404 && answer.body === null) return this.html(res, 404);
    for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
    return this.json(res, answer.status, answer.body);
  }

  private tooMany(res: ServerResponse, state: FamilyState): void {
    if (this.flavor !== 'snac') {
      for (const [k, v] of Object.entries(rateLimitHeaders(state, this.options.rateLimitReset ?? 'iso8601', this.now(), true))) res.setHeader(k, v);
    } else {
      res.setHeader('retry-after', String(Math.max(1, Math.ceil((state.resetAt - this.now()) / 1000))));
    }
    this.json(res, 429, { error: 'Too many requests' });
  }

  private facts(): InstanceFacts {
    const o = this.options;
    const defaults = { mastodon: ['mastodon', '4.3.0'], gotosocial: ['gotosocial', '0.18.0'], snac: ['snac', '2.75'] }[this.flavor];
    return {
      flavor: this.flavor, domain: this.domain, publicUrl: this.publicUrl, software: o.software ?? defaults[0]!,
      version: o.version ?? defaults[1]!, maxCharacters: o.maxCharacters ?? 500, charactersReservedPerUrl: o.charactersReservedPerUrl ?? 23,
      maxMedia: o.maxMedia ?? 4, supportedMimeTypes: o.supportedMimeTypes ?? MASTODON_MIME_TYPES,
      imageMaxBytes: o.imageMaxBytes ?? 16 * 1024 * 1024, videoMaxBytes: o.videoMaxBytes ?? 99 * 1024 * 1024,
      imageMatrixLimit: o.imageMatrixLimit ?? 33_177_600, userCount: 1, statusCount: this.statuses.count(this.me.id),
    };
  }

  private async route(r: RecordedRequest, req: IncomingMessage): Promise<Answer> {
    const p = r.path;
    const form = parseForm(r.body, String(req.headers['content-type'] ?? ''));
    const ok = (body: unknown) => ({ status: 200, body });
    if (p === '/api/v1/accounts/verify_credentials') return ok(this.accountJson(this.me));
    const posting = await this.routePosts(r, req);
    if (posting) return posting;
    if (p === '/api/v2/search') {
      const q = (r.query.get('q') ?? '').trim().replace(/^@/, '').toLowerCase();
      const a = this.byAcct.get(q);
      const resolve = r.query.get('resolve') === 'true';
      if (a && resolve) a.known = true;
      const accounts = a && a.known ? [this.accountJson(a)] : [];
      return ok({ accounts, statuses: [], hashtags: [] });
    }
    if (p === '/api/v1/accounts/lookup') {
      const a = this.byAcct.get((r.query.get('acct') ?? '').toLowerCase());
      return a && a.known ? ok(this.accountJson(a)) : { status: 404, body: { error: 'Record not found' } };
    }
    if (p === '/api/v1/accounts/relationships') {
      const ids = r.query.getAll('id[]');
      return ok(ids.filter((id) => this.accounts.has(id)).map((id) => this.relationship(id)));
    }
    let m = /^\/api\/v1\/accounts\/([^/]+)\/(follow|block|mute)$/.exec(p);
    if (m && r.method === 'POST') {
      const a = this.accounts.get(m[1]!);
      if (!a || !a.known) return { status: 404, body: { error: 'Record not found' } };
      const failure = this.failureFor(a.acct);
      if (failure) return failure;
      const kind = m[2] as 'follow' | 'block' | 'mute';
      if (kind === 'follow') {
        if (this.blocking.has(a.id)) return { status: 403, body: { error: 'This action is not allowed' } };
        if (!this.following.has(a.id) && !this.requested.has(a.id)) {
          (a.locked ? this.requested : this.following).add(a.id);
          await this.appliedWrite({ kind, target: a.acct }, r);
        }
      } else {
        const set = kind === 'block' ? this.blocking : this.muting;
        if (!set.has(a.id)) {
          set.add(a.id);
          if (kind === 'block') {
            this.following.delete(a.id);
            this.requested.delete(a.id);
          }
          await this.appliedWrite({ kind, target: a.acct }, r);
        }
      }
      return ok(this.relationship(a.id));
    }
    m = /^\/api\/v1\/accounts\/([^/]+)\/following$/.exec(p);
    if (m) return this.page([...this.following], r, p);
    if (p === '/api/v1/blocks') return this.page([...this.blocking], r, p);
    if (p === '/api/v1/mutes') return this.page([...this.muting], r, p);
    m = /^\/api\/v1\/accounts\/([^/]+)\/lists$/.exec(p);
    if (m) {
      const id = m[1]!;
      return ok([...this.lists].filter(([, l]) => l.members.has(id)).map(([lid, l]) => listJson(lid, l.title)));
    }
    if (p === '/api/v1/lists' && r.method === 'GET') return ok([...this.lists].map(([id, l]) => listJson(id, l.title)));
    if (p === '/api/v1/lists' && r.method === 'POST') {
      const title = form.get('title') ?? '';
      if (!title) return { status: 422, body: { error: "Validation failed: Title can't be blank" } };
      const id = String(this.nextId++);
      this.lists.set(id, { title, members: new Set() });
      await this.appliedWrite({ kind: 'list_create', target: title }, r);
      return ok(listJson(id, title));
    }
    m = /^\/api\/v1\/lists\/([^/]+)\/accounts$/.exec(p);
    if (m && r.method === 'GET') {
      const list = this.lists.get(m[1]!);
      return list ? this.page([...list.members], r, p) : { status: 404, body: { error: 'Record not found' } };
    }
    if (m && r.method === 'POST') {
      const list = this.lists.get(m[1]!);
      if (!list) return { status: 404, body: { error: 'Record not found' } };
      const ids = form.getAll('account_ids[]');
      for (const id of ids) {
        // Mastodon adds only accounts the user follows (app/models/list_account.rb).
        if (!this.following.has(id)) return { status: 404, body: { error: 'Record not found' } };
        if (list.members.has(id)) return { status: 422, body: { error: 'Validation failed: Account has already been taken' } };
      }
      for (const id of ids) {
        list.members.add(id);
        await this.appliedWrite({ kind: 'list_add', target: `${list.title}:${this.acctOf(id)}` }, r);
      }
      return ok({});
    }
    return { status: 404, body: null };
  }

  private page(ids: string[], r: RecordedRequest, path: string): { status: number; body: unknown; headers: Record<string, string> } {
    const size = Math.min(Number(r.query.get('limit') ?? 40) || 40, this.options.pageSize ?? 40);
    const sorted = ids.map(Number).sort((a, b) => b - a);
    const maxId = r.query.get('max_id');
    const rest = maxId ? sorted.filter((id) => id < Number(maxId)) : sorted;
    const page = rest.slice(0, size);
    const headers: Record<string, string> = {};
    if (rest.length > size) headers.link = `<${this.publicUrl}${path}?limit=${size}&max_id=${page[page.length - 1]}>; rel="next"`;
    return { status: 200, body: page.map((id) => this.accountJson(this.accounts.get(String(id))!)), headers };
  }

  private failureFor(acct: string): { status: number; body: unknown } | null {
    const f = this.options.failures?.[acct.toLowerCase()];
    if (!f) return null;
    const count = this.failureCounts.get(acct) ?? 0;
    if (f.times !== undefined && count >= f.times) return null;
    this.failureCounts.set(acct, count + 1);
    return { status: f.status, body: f.error === undefined ? null : { error: f.error } };
  }

  /** Statuses and media; null when the request is for another route. */
  private async routePosts(r: RecordedRequest, req: IncomingMessage): Promise<Answer | null> {
    const p = r.path;
    if (r.method === 'POST' && /^\/api\/v[12]\/media$/u.test(p)) {
      const { answer, media } = await this.media.upload(req, r);
      if (media) {
        const { accountId: _a, pollsLeft: _p, processed: _d, attachedTo: _t, ...applied } = media;
        await this.appliedWrite({ kind: 'media', target: media.id, media: applied }, r);
      }
      return answer;
    }
    let m = /^\/api\/v1\/media\/([^/]+)$/u.exec(p);
    if (m && r.method === 'GET') return this.media.poll(m[1]!);
    if (m && r.method === 'PUT') return this.media.update(m[1]!, parseBody(r.body, String(req.headers['content-type'] ?? '')) ?? {});
    if (p === '/api/v1/statuses' && r.method === 'POST') {
      const params = parseBody(r.body, String(req.headers['content-type'] ?? ''));
      if (!params) return { status: 400, body: { error: 'The request body could not be read as JSON' } };
      const { answer, write } = this.statuses.create(params, r);
      if (write) await this.appliedWrite(write, r);
      return answer;
    }
    m = /^\/api\/v1\/statuses\/([^/]+)$/u.exec(p);
    if (m && r.method === 'GET') return this.statuses.get(m[1]!);
    m = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/u.exec(p);
    if (m && r.method === 'GET') return this.statuses.list(m[1]!, r.query, p);
    return null;
  }

  private async appliedWrite(write: AppliedWrite, request: RecordedRequest): Promise<void> {
    this.applied.push(write);
    await this.options.hook?.({ phase: 'applied', write, request });
  }

  private relationship(id: string): Record<string, unknown> {
    return {
      id, following: this.following.has(id), showing_reblogs: this.following.has(id), notifying: false,
      languages: null, followed_by: false, blocking: this.blocking.has(id), blocked_by: false,
      muting: this.muting.has(id), muting_notifications: this.muting.has(id), requested: this.requested.has(id),
      requested_by: false, domain_blocking: false, endorsed: false, note: '',
    };
  }

  accountJson(a: AccountRecord): Record<string, unknown> {
    const local = a.domain === this.domain;
    const base = `http://${a.domain}`;
    return {
      id: a.id, username: a.username, acct: local ? a.username : a.acct, url: `${base}/@${a.username}`,
      uri: `${base}/users/${a.username}`, display_name: a.displayName, note: a.note,
      avatar: `${this.publicUrl}/avatars/original/missing.png`, avatar_static: `${this.publicUrl}/avatars/original/missing.png`,
      header: `${this.publicUrl}/headers/original/missing.png`, header_static: `${this.publicUrl}/headers/original/missing.png`,
      locked: a.locked, fields: a.fields.map((f) => ({ ...f, verified_at: null })), emojis: [], bot: false, group: false,
      discoverable: true, indexable: false, created_at: '2024-01-01T00:00:00.000Z', last_status_at: null,
      statuses_count: this.statuses.count(a.id), followers_count: 0, following_count: local ? this.following.size : 0,
    };
  }

  private json(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
    res.end(JSON.stringify(body));
  }

  private html(res: ServerResponse, status: number): void {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(`<html><body><h1>${status}</h1></body></html>`);
  }
}

function listJson(id: string, title: string): Record<string, unknown> {
  return { id, title, replies_policy: 'list', exclusive: false };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form bodies, or JSON bodies flattened to the same shape (Mastodon accepts both). */
function parseForm(body: string, contentType: string): URLSearchParams {
  if (contentType.includes('application/json')) {
    const out = new URLSearchParams();
    try {
      const v = JSON.parse(body) as Record<string, unknown>;
      for (const [k, val] of Object.entries(v)) {
        if (Array.isArray(val)) for (const x of val) out.append(k.endsWith('[]') ? k : k, String(x));
        else if (val !== null && val !== undefined) out.append(k, String(val));
      }
    } catch {
      /* an empty form: the handler answers 422 */
    }
    return out;
  }
  return new URLSearchParams(body);
}

export async function startMastodonTestServer(options: MastodonTestServerOptions): Promise<MastodonTestServer> {
  return new MastodonTestServer(options).start();
}
