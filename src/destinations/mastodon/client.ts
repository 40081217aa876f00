/**
 * The Mastodon client API as a Destination (DESIGN.md section 5; reference/destinations.md section 2).
 * Works with the many servers that implement this API; where one lacks an endpoint the answer is a
 * CallFailure the caller can report, never a crash.
 */
import type { Clock } from '../../clock.js';
import { NetError, type HttpClient, type HttpMethod, type HttpResponse } from '../../net/types.js';
import {
  RateLimitExceeded,
  normalizeAcct,
  type CallFailure,
  type CallResult,
  type Destination,
  type RemoteAccount,
  type RemoteList,
  type RemoteRelationship,
  type ServerInfo,
  type WriteOptions,
} from '../types.js';
import { readAccount, readAccounts, readErrorMessage, readList, readLists, readRelationship, readRelationships } from './entities.js';
import { nextLink } from './linkHeader.js';
import { RateLimitGate, type RateFamily } from './rateLimit.js';
import { detectServer } from './serverInfo.js';

export interface MastodonClientOptions {
  http: HttpClient;
  /** `https://host` of the API (discovered, not assumed from the handle: see src/auth/discover.ts). */
  baseUrl: string;
  token: string;
  clock: Clock;
  /** The longest rate-limit sleep allowed before giving up with RateLimitExceeded (--max-wait). */
  maxWaitMs: number;
  /** The domain of the signed-in account's handle; bare local `acct`s get it. Default: the API host. */
  localDomain?: string;
  onRateLimitWait?: (until: Date, family: RateFamily) => void;
  signal?: AbortSignal;
}

/** Mastodon's own cap (app/validators/follow_limit_validator.rb, MAX_FOLLOWS_THRESHOLD). */
const MASTODON_MAX_FOLLOWS = 7500;
/** How many ids one relationships request carries (Mastodon accepts up to 40 per docs examples). */
const RELATIONSHIP_BATCH = 40;
const MAX_429_ATTEMPTS = 5;
/** Safety net against a server whose Link header loops. */
const MAX_PAGES = 500;

interface CallOptions {
  query?: [string, string][];
  form?: [string, string][];
  family?: RateFamily;
  idempotencyKey?: string;
  /** An absolute URL (a Link header's next page), already checked to be on the API origin. */
  url?: string;
}

interface RawAnswer {
  body: unknown;
  headers: Record<string, string>;
}

export class MastodonClient implements Destination {
  private readonly http: HttpClient;
  private readonly base: URL;
  private readonly token: string;
  private readonly gate: RateLimitGate;
  private readonly localDomain: string;
  private readonly signal: AbortSignal | undefined;
  private readonly clock: Clock;
  private me: RemoteAccount | null = null;
  private info: ServerInfo | null = null;

  constructor(options: MastodonClientOptions) {
    this.http = options.http;
    this.base = new URL(options.baseUrl);
    this.token = options.token;
    this.clock = options.clock;
    this.localDomain = (options.localDomain ?? this.base.host).toLowerCase();
    this.signal = options.signal;
    this.gate = new RateLimitGate({
      clock: options.clock,
      maxWaitMs: options.maxWaitMs,
      ...(options.onRateLimitWait ? { onWait: options.onRateLimitWait } : {}),
    });
  }

  get origin(): string {
    return this.base.origin;
  }

  async whoami(): Promise<CallResult<RemoteAccount>> {
    if (this.me) return { ok: true, value: this.me };
    const r = await this.call('GET', '/api/v1/accounts/verify_credentials');
    if (!r.ok) return r;
    const account = readAccount(r.value.body);
    if (!account) return badResponse('verify_credentials');
    this.me = account;
    return { ok: true, value: account };
  }

  async serverInfo(): Promise<ServerInfo> {
    this.info ??= await detectServer({ http: this.http, origin: this.base.origin, maxFollowsKnown: MASTODON_MAX_FOLLOWS, signal: this.signal });
    return this.info;
  }

  async lookup(handle: string): Promise<CallResult<RemoteAccount | null>> {
    const wanted = normalizeAcct(handle, this.localDomain);
    const r = await this.call('GET', '/api/v2/search', {
      query: [['q', `@${wanted}`], ['type', 'accounts'], ['resolve', 'true'], ['limit', '5']],
    });
    if (!r.ok) {
      // Servers without v2 search (or that refuse it) may still have the v1 lookup.
      if (r.failure.kind !== 'not_found') return r;
      return this.lookupV1(wanted);
    }
    const body = r.value.body;
    const accounts = readAccounts(typeof body === 'object' && body !== null ? (body as { accounts?: unknown }).accounts : null);
    if (!accounts) return badResponse('search');
    return { ok: true, value: accounts.find((a) => normalizeAcct(a.acct, this.localDomain) === wanted) ?? null };
  }

  private async lookupV1(wanted: string): Promise<CallResult<RemoteAccount | null>> {
    const r = await this.call('GET', '/api/v1/accounts/lookup', { query: [['acct', wanted]] });
    if (!r.ok) return r.failure.kind === 'not_found' ? { ok: true, value: null } : r;
    const account = readAccount(r.value.body);
    if (!account) return badResponse('accounts/lookup');
    return { ok: true, value: normalizeAcct(account.acct, this.localDomain) === wanted ? account : null };
  }

  follow(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/follow`, options, 'follows');
  }

  block(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/block`, options, 'requests');
  }

  mute(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>> {
    return this.relationshipWrite(`/api/v1/accounts/${encodeURIComponent(accountId)}/mute`, options, 'requests');
  }

  private async relationshipWrite(path: string, options: WriteOptions, family: RateFamily): Promise<CallResult<RemoteRelationship>> {
    const r = await this.call('POST', path, { family, idempotencyKey: options.idempotencyKey });
    if (!r.ok) return r;
    const rel = readRelationship(r.value.body);
    return rel ? { ok: true, value: rel } : badResponse(path);
  }

  async relationships(accountIds: string[]): Promise<CallResult<RemoteRelationship[]>> {
    const out = new Map<string, RemoteRelationship>();
    for (let i = 0; i < accountIds.length; i += RELATIONSHIP_BATCH) {
      const batch = accountIds.slice(i, i + RELATIONSHIP_BATCH);
      const r = await this.relationshipBatch(batch);
      if (!r.ok) return r;
      for (const rel of r.value) out.set(rel.id, rel);
      // Some servers (snac) answer for the first id only: ask for the rest one at a time.
      for (const id of batch) {
        if (out.has(id) || batch.length === 1) continue;
        const single = await this.relationshipBatch([id]);
        if (!single.ok) return single;
        for (const rel of single.value) out.set(rel.id, rel);
      }
    }
    return { ok: true, value: accountIds.map((id) => out.get(id)).filter((r): r is RemoteRelationship => r !== undefined) };
  }

  private async relationshipBatch(ids: string[]): Promise<CallResult<RemoteRelationship[]>> {
    const r = await this.call('GET', '/api/v1/accounts/relationships', { query: ids.map((id) => ['id[]', id]) });
    if (!r.ok) return r;
    const rels = readRelationships(r.value.body);
    return rels ? { ok: true, value: rels } : badResponse('relationships');
  }

  async lists(): Promise<CallResult<RemoteList[]>> {
    const r = await this.call('GET', '/api/v1/lists');
    if (!r.ok) return r;
    const lists = readLists(r.value.body);
    return lists ? { ok: true, value: lists } : badResponse('lists');
  }

  async createList(title: string, options: WriteOptions): Promise<CallResult<RemoteList>> {
    const r = await this.call('POST', '/api/v1/lists', { form: [['title', title]], idempotencyKey: options.idempotencyKey });
    if (!r.ok) return r;
    const list = readList(r.value.body);
    return list ? { ok: true, value: list } : badResponse('lists');
  }

  async addToList(listId: string, accountIds: string[], options: WriteOptions): Promise<CallResult<void>> {
    const r = await this.call('POST', `/api/v1/lists/${encodeURIComponent(listId)}/accounts`, {
      form: accountIds.map((id) => ['account_ids[]', id]),
      idempotencyKey: options.idempotencyKey,
    });
    return r.ok ? { ok: true, value: undefined } : r;
  }

  listAccounts(listId: string): Promise<CallResult<RemoteAccount[]>> {
    return this.allPages(`/api/v1/lists/${encodeURIComponent(listId)}/accounts`);
  }

  async listsOf(accountId: string): Promise<CallResult<RemoteList[]>> {
    const r = await this.call('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/lists`);
    if (!r.ok) return r;
    const lists = readLists(r.value.body);
    return lists ? { ok: true, value: lists } : badResponse('accounts/lists');
  }

  async following(): Promise<CallResult<RemoteAccount[]>> {
    const me = await this.whoami();
    if (!me.ok) return me;
    return this.allPages(`/api/v1/accounts/${encodeURIComponent(me.value.id)}/following`);
  }

  blocked(): Promise<CallResult<RemoteAccount[]>> {
    return this.allPages('/api/v1/blocks');
  }

  muted(): Promise<CallResult<RemoteAccount[]>> {
    return this.allPages('/api/v1/mutes');
  }

  private async allPages(path: string): Promise<CallResult<RemoteAccount[]>> {
    const out: RemoteAccount[] = [];
    let url: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.call('GET', path, url ? { url } : { query: [['limit', '80']] });
      if (!r.ok) return r;
      const accounts = readAccounts(r.value.body);
      if (!accounts) return badResponse(path);
      out.push(...accounts);
      const next = nextLink(r.value.headers.link);
      // Follow a next link only on the API's own origin: the token must not travel anywhere else.
      if (!next || accounts.length === 0) break;
      const nextUrl = safeUrl(next, this.base);
      if (!nextUrl || nextUrl.origin !== this.base.origin) break;
      url = nextUrl.href;
    }
    return { ok: true, value: out };
  }

  /** One API call with pacing, 429 waits, and the status mapped to a CallFailure. */
  private async call(method: HttpMethod, path: string, options: CallOptions = {}): Promise<CallResult<RawAnswer>> {
    const family = options.family ?? 'requests';
    const url = options.url ? new URL(options.url) : new URL(path, this.base);
    for (const [k, v] of options.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = '';
    }
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    for (let attempt = 0; ; attempt++) {
      await this.gate.beforeRequest(family, this.signal);
      let response: HttpResponse;
      try {
        response = await this.http.request({
          method, url: url.href, headers,
          ...(body !== undefined ? { body } : {}),
          ...(this.signal ? { signal: this.signal } : {}),
        });
      } catch (error) {
        if (error instanceof NetError) return fail('network', null, `could not reach ${url.host}: ${error.message}`);
        throw error;
      }
      this.gate.afterResponse(family, response.headers);
      if (response.status === 429) {
        if (attempt + 1 >= MAX_429_ATTEMPTS) {
          throw new RateLimitExceeded(new Date(this.clock.now() + 5 * 60_000), `${family} (repeated 429 answers)`);
        }
        await this.gate.after429(family, response.headers, attempt, this.signal);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        let parsed: unknown = null;
        if (response.body.length > 0) {
          try {
            parsed = response.json();
          } catch {
            return fail('bad_response', response.status, `${url.host} answered ${path} with something that is not JSON`);
          }
        }
        return { ok: true, value: { body: parsed, headers: response.headers } };
      }
      return { ok: false, failure: failureOf(response, path) };
    }
  }
}

function safeUrl(href: string, base: URL): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

function fail(kind: CallFailure['kind'], status: number | null, reason: string): { ok: false; failure: CallFailure } {
  return { ok: false, failure: { kind, status, reason } };
}

function badResponse(what: string): { ok: false; failure: CallFailure } {
  return fail('bad_response', null, `the server's answer to ${what} is not what the Mastodon API documents`);
}

/** Maps an error status to a per-action reason (docs: entities/Error.md; the status is the primary signal). */
export function failureOf(response: HttpResponse, path: string): CallFailure {
  let said: string | null = null;
  try {
    said = readErrorMessage(response.json());
  } catch {
    said = null; // HTML error pages (snac) carry nothing we should repeat
  }
  const detail = said ? `: ${said}` : '';
  const s = response.status;
  if (s === 401) return { kind: 'unauthorized', status: s, reason: `the server refused the sign-in (401${detail}); run \`leave-platform login\` again` };
  if (s === 403) return { kind: 'forbidden', status: s, reason: `not permitted (403${detail})` };
  if (s === 404) return { kind: 'not_found', status: s, reason: `not found on the server (404 for ${path.split('?')[0]})` };
  if (s === 400 || s === 422) return { kind: 'invalid', status: s, reason: `refused by the server (${s}${detail})` };
  if (s >= 500) return { kind: 'server', status: s, reason: `server error (${s}${detail}); a re-run will retry` };
  return { kind: 'invalid', status: s, reason: `unexpected answer (${s}${detail})` };
}
