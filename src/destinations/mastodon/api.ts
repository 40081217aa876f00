/**
 * One call to a Mastodon-API server: the bearer token, pacing by the rate-limit family's headers, 429
 * waits, and the answer's status mapped to a CallFailure. The capability adapters beside this file
 * (accounts, lists, statuses, media) are written on it.
 *
 * The soft stop signal (the first Ctrl-C) aborts reads and rate-limit waits, never a write in flight:
 * a write that reached the server must get its answer recorded (issue 9: "Ctrl-C must let the request in
 * flight finish and record its answer").
 */
import type { Clock } from '../../clock.js';
import { NetError, type HttpClient, type HttpMethod, type HttpResponse, type StreamedBody } from '../../net/types.js';
import { RateLimitExceeded, type CallFailure, type CallResult } from '../types.js';
import { readErrorMessage } from './entities.js';
import { nextLink } from './linkHeader.js';
import { RateLimitGate, type RateFamily } from './rateLimit.js';

export interface MastodonApiOptions {
  http: HttpClient;
  /** `https://host` of the API (discovered, not assumed from the handle: see src/auth/discover.ts). */
  baseUrl: string;
  token: string;
  clock: Clock;
  /** The longest rate-limit sleep allowed before giving up with RateLimitExceeded (--max-wait). */
  maxWaitMs: number;
  onRateLimitWait?: (until: Date, family: RateFamily) => void;
  signal?: AbortSignal;
}

export interface CallOptions {
  query?: [string, string][];
  form?: [string, string][];
  /** A streamed multipart body with its content type (media uploads). */
  multipart?: { contentType: string; body: StreamedBody };
  family?: RateFamily;
  idempotencyKey?: string;
  /** An absolute URL (a Link header's next page), already checked to be on the API origin. */
  url?: string;
  /** Whole-request timeout (uploads need more than the default). */
  timeoutMs?: number;
}

export interface RawAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const MAX_429_ATTEMPTS = 5;
/** Safety net against a server whose Link header loops. */
const MAX_PAGES = 500;

export class MastodonApi {
  readonly http: HttpClient;
  readonly base: URL;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  private readonly token: string;
  private readonly gate: RateLimitGate;

  constructor(options: MastodonApiOptions) {
    this.http = options.http;
    this.base = new URL(options.baseUrl);
    this.token = options.token;
    this.clock = options.clock;
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

  /** One API call with pacing, 429 waits, and the status mapped to a CallFailure. */
  async call(method: HttpMethod, path: string, options: CallOptions = {}): Promise<CallResult<RawAnswer>> {
    const family = options.family ?? 'requests';
    const url = options.url ? new URL(options.url) : new URL(path, this.base);
    for (const [k, v] of options.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    let body: string | StreamedBody | undefined;
    if (options.multipart) {
      headers['content-type'] = options.multipart.contentType;
      body = options.multipart.body;
    } else if (options.form || method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form ?? []).toString();
    }
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const isWrite = method !== 'GET' && method !== 'HEAD';

    for (let attempt = 0; ; attempt++) {
      // Waits end on the soft stop: nothing was sent yet.
      await this.gate.beforeRequest(family, this.signal);
      let response: HttpResponse;
      try {
        response = await this.http.request({
          method, url: url.href, headers,
          ...(body !== undefined ? { body } : {}),
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          ...(this.signal && !isWrite ? { signal: this.signal } : {}),
        });
      } catch (error) {
        if (error instanceof NetError && error.kind === 'aborted' && this.signal?.aborted) throw error;
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
        return { ok: true, value: { status: response.status, body: parsed, headers: response.headers } };
      }
      return { ok: false, failure: failureOf(response, path) };
    }
  }

  /** Every page of a paginated list (Link: rel="next"), read with `read`. */
  async allPages<T>(path: string, read: (body: unknown) => T[] | null): Promise<CallResult<T[]>> {
    const out: T[] = [];
    let url: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.call('GET', path, url ? { url } : { query: [['limit', '80']] });
      if (!r.ok) return r;
      const items = read(r.value.body);
      if (!items) return badResponse(path);
      out.push(...items);
      const next = nextLink(r.value.headers.link);
      // Follow a next link only on the API's own origin: the token must not travel anywhere else.
      if (!next || items.length === 0) break;
      const nextUrl = safeUrl(next, this.base);
      if (!nextUrl || nextUrl.origin !== this.base.origin) break;
      url = nextUrl.href;
    }
    return { ok: true, value: out };
  }
}

function safeUrl(href: string, base: URL): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

export function fail(kind: CallFailure['kind'], status: number | null, reason: string): { ok: false; failure: CallFailure } {
  return { ok: false, failure: { kind, status, reason } };
}

export function badResponse(what: string): { ok: false; failure: CallFailure } {
  return fail('bad_response', null, `the answer to ${what} is not what the Mastodon API documents`);
}

/** Maps an error status to a failure with a short technical detail (docs: entities/Error.md; the status decides). */
export function failureOf(response: HttpResponse, path: string): CallFailure {
  let said: string | null = null;
  try {
    said = readErrorMessage(response.json());
  } catch {
    said = null; // HTML error pages (snac) carry nothing we should repeat
  }
  const s = response.status;
  const detail = said ? `${s}: ${said}` : `${s} for ${path.split('?')[0]}`;
  if (s === 401) return { kind: 'unauthorized', status: s, reason: detail };
  if (s === 403) return { kind: 'forbidden', status: s, reason: detail };
  if (s === 404) return { kind: 'not_found', status: s, reason: detail };
  if (s === 413) return { kind: 'too_large', status: s, reason: detail };
  if (s === 400 || s === 422) return { kind: 'invalid', status: s, reason: detail };
  if (s >= 500) return { kind: 'server', status: s, reason: detail };
  return { kind: 'invalid', status: s, reason: detail };
}
