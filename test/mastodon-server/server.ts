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
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteAccountSpec {
  /** `user@host` */
  acct: string;
  locked?: boolean;
  displayName?: string;
  /** Profile fields (name, value), e.g. a back-link to the old platform profile. */
  fields?: { name: string; value: string }[];
  note?: string;
}

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface InjectedFailure {
  status: number;
  /** JSON `{error}` body; omitted → an HTML page like snac's. */
  error?: string;
  /** How many times to fail before succeeding (default: always). */
  times?: number;
}

export interface MastodonTestServerOptions {
  /** The server's domain (handles `user@domain`); the API is served for this Host. */
  domain: string;
  me?: string;
  token?: string;
  accounts?: RemoteAccountSpec[];
  /** Accounts the signed-in user already follows (acct). */
  alreadyFollowing?: string[];
  limits?: { follows?: RateWindow; requests?: RateWindow };
  /** acct → failure for follow/block/mute of that account. */
  failures?: Record<string, InjectedFailure>;
  /** Page size of following/blocks/mutes (small, to exercise Link pagination). */
  pageSize?: number;
  software?: string;
  /**
   * Called when a request arrives and after a write is applied; may delay the answer. Answering 'drop'
   * on arrival closes the connection without handling the request (it is never applied).
   */
  hook?: (event: HookEvent) => void | 'drop' | Promise<void | 'drop'>;
}

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface AppliedWrite {
  kind: 'follow' | 'block' | 'mute' | 'list_create' | 'list_add';
  target: string;
}

export type HookEvent = { phase: 'received'; request: RecordedRequest } | { phase: 'applied'; write: AppliedWrite; request: RecordedRequest };

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
  private readonly windows = new Map<string, { used: number; resetAt: number }>();
  private readonly failureCounts = new Map<string, number>();
  private readonly apps = new Map<string, { secret: string; redirectUris: string[]; scopes: string }>();
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; challenge: string | null; scope: string }>();
  /** Tokens issued through OAuth, with the scopes granted. */
  readonly issuedTokens = new Map<string, string>();
  private nextId = 100;

  constructor(private readonly options: MastodonTestServerOptions) {
    this.domain = options.domain.toLowerCase();
    this.token = options.token ?? `tok-${randomBytes(12).toString('hex')}`;
    this.me = this.addAccount({ acct: `${options.me ?? 'me'}@${this.domain}` }, true);
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
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
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
    const body = await readBody(req);
    const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', 'http://x');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', host, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(recorded);
    if ((await this.options.hook?.({ phase: 'received', request: recorded })) === 'drop') {
      req.socket.destroy();
      return;
    }
    if (host !== this.domain && host !== '127.0.0.1') return this.remoteHost(host, recorded, res);
    return this.api(recorded, req, res);
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
    if (p === '/.well-known/nodeinfo') {
      return this.json(res, 200, { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${this.publicUrl}/nodeinfo/2.0` }] });
    }
    if (p === '/nodeinfo/2.0') {
      return this.json(res, 200, { version: '2.0', software: { name: this.options.software ?? 'mastodon', version: '4.3.0' }, protocols: ['activitypub'], openRegistrations: false, usage: { users: {} } });
    }
    if (p === '/api/v2/instance') {
      return this.json(res, 200, { domain: this.domain, title: 'Test', version: '4.3.0', configuration: { statuses: { max_characters: 500 } } });
    }
    if (p === '/api/v1/apps' && r.method === 'POST') return this.registerApp(form, res);
    if (p === '/oauth/authorize') return this.authorize(r, res);
    if (p === '/oauth/token' && r.method === 'POST') return this.issueToken(form, res);

    if (!p.startsWith('/api/')) return this.html(res, 404);
    const auth = String(r.headers.authorization ?? '');
    const token = auth.replace(/^Bearer\s+/i, '');
    if (!auth.startsWith('Bearer ') || (token !== this.token && !this.issuedTokens.has(token))) {
      return this.json(res, 401, { error: 'The access token is invalid' });
    }

    const family = /^\/api\/v1\/accounts\/[^/]+\/follow$/.test(p) && r.method === 'POST' ? 'follows' : 'requests';
    const limited = this.rateLimit(family, res);
    if (limited) return;

    const idemKey = r.method === 'POST' ? String(r.headers['idempotency-key'] ?? '') : '';
    if (idemKey) {
      const seen = this.idempotent.get(`${p}\n${idemKey}`);
      if (seen) return this.json(res, seen.status, seen.body);
    }
    const answer = await this.route(r, form);
    if (idemKey && answer.status < 300) this.idempotent.set(`${p}\n${idemKey}`, answer);
    if (answer.status === 404 && answer.body === null) return this.html(res, 404);
    for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
    return this.json(res, answer.status, answer.body);
  }

  private async route(r: RecordedRequest, form: URLSearchParams): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const p = r.path;
    const ok = (body: unknown) => ({ status: 200, body });
    if (p === '/api/v1/accounts/verify_credentials') return ok(this.accountJson(this.me));
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

  private async appliedWrite(write: AppliedWrite, request: RecordedRequest): Promise<void> {
    this.applied.push(write);
    await this.options.hook?.({ phase: 'applied', write, request });
  }

  /** Sets X-RateLimit-* headers; answers 429 (and returns true) when the family's window is spent. */
  private rateLimit(family: 'follows' | 'requests', res: ServerResponse): boolean {
    const limit = this.options.limits?.[family];
    if (!limit) return false;
    const now = Date.now();
    let w = this.windows.get(family);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: now + limit.windowMs };
      this.windows.set(family, w);
    }
    const remaining = limit.limit - w.used;
    res.setHeader('x-ratelimit-limit', String(limit.limit));
    res.setHeader('x-ratelimit-reset', new Date(w.resetAt).toISOString());
    if (remaining <= 0) {
      res.setHeader('x-ratelimit-remaining', '0');
      res.setHeader('retry-after', String(Math.max(1, Math.ceil((w.resetAt - now) / 1000))));
      this.json(res, 429, { error: 'Too many requests' });
      return true;
    }
    w.used++;
    res.setHeader('x-ratelimit-remaining', String(remaining - 1));
    return false;
  }

  private registerApp(form: URLSearchParams, res: ServerResponse): void {
    const name = form.get('client_name');
    const redirect = form.getAll('redirect_uris').flatMap((s) => s.split(/\s+/)).filter(Boolean);
    if (!name || redirect.length === 0) return this.json(res, 422, { error: "Validation failed: Name can't be blank, Redirect URI can't be blank" });
    const clientId = randomBytes(8).toString('hex');
    const secret = randomBytes(16).toString('hex');
    const scopes = form.get('scopes') ?? 'read';
    this.apps.set(clientId, { secret, redirectUris: redirect, scopes });
    this.json(res, 200, {
      id: String(this.nextId++), name, website: form.get('website'), scopes: scopes.split(' '),
      redirect_uri: redirect.join('\n'), redirect_uris: redirect, client_id: clientId, client_secret: secret,
      client_secret_expires_at: 0, vapid_key: 'test',
    });
  }

  /** Signs "me" in at once (no form): redirects to the loopback URI, or shows the code for OOB. */
  private authorize(r: RecordedRequest, res: ServerResponse): void {
    const q = r.query;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app || !app.redirectUris.includes(redirectUri) || q.get('response_type') !== 'code') {
      return this.json(res, 400, { error: 'invalid_request' });
    }
    const scope = q.get('scope') ?? 'read';
    if (!scope.split(/[ +]/).every((s) => app.scopes.split(' ').includes(s))) return this.json(res, 400, { error: 'invalid_scope' });
    const method = q.get('code_challenge_method');
    if (q.get('code_challenge') && method !== 'S256') return this.json(res, 400, { error: 'invalid_request', error_description: 'S256 only' });
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { clientId: q.get('client_id')!, redirectUri, challenge: q.get('code_challenge'), scope });
    if (redirectUri === 'urn:ietf:wg:oauth:2.0:oob') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><p>Copy this code:</p><code class="oob-code">${code}</code></body></html>`);
      return;
    }
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    const state = q.get('state');
    if (state) to.searchParams.set('state', state);
    res.writeHead(302, { location: to.href });
    res.end();
  }

  private issueToken(form: URLSearchParams, res: ServerResponse): void {
    const app = this.apps.get(form.get('client_id') ?? '');
    if (!app || app.secret !== form.get('client_secret')) return this.json(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return this.json(res, 400, { error: 'unsupported_grant_type' });
    const code = this.codes.get(form.get('code') ?? '');
    if (!code || code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) {
      return this.json(res, 400, { error: 'invalid_grant' });
    }
    if (code.challenge) {
      const verifier = form.get('code_verifier') ?? '';
      const hashed = createHash('sha256').update(verifier).digest('base64url');
      if (hashed !== code.challenge) return this.json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    this.codes.delete(form.get('code')!);
    const token = `tok-${randomBytes(16).toString('hex')}`;
    this.issuedTokens.set(token, code.scope);
    this.json(res, 200, { access_token: token, token_type: 'Bearer', scope: code.scope, created_at: Math.floor(Date.now() / 1000) });
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
      statuses_count: 0, followers_count: 0, following_count: local ? this.following.size : 0,
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
