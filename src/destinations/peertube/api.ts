/**
 * One call to a PeerTube server's REST API (docs.joinpeertube.org/api-rest-reference.html): the bearer
 * token, one refresh of an expired access token (401, `grant_type=refresh_token`), 429 waits up to
 * --max-wait, and an error answer (RFC 7807 `application/problem+json`: `status`, `detail`, `code`)
 * mapped to a CallFailure whose `reason` starts with PeerTube's `code` when it gives one
 * (`quota_reached`, `max_file_size_reached`), so that callers can tell them apart.
 *
 * The soft stop signal aborts reads, never a write in flight.
 */
import type { Clock } from '../../clock.js';
import { NetError, type HttpClient, type HttpMethod, type HttpResponse, type StreamedBody } from '../../net/types.js';
import { RateLimitExceeded, type CallFailure, type CallResult, type FailureKind } from '../types.js';

/** A fresh access token from the stored refresh token, or null when that is not possible. */
export type RefreshAccess = () => Promise<string | null>;

export interface PeerTubeApiOptions {
  http: HttpClient;
  /** `https://host` of the server. */
  baseUrl: string;
  token: string;
  /** Called once when the server answers 401 to a token (it expires after a day by default). */
  refresh?: RefreshAccess;
  clock: Clock;
  maxWaitMs: number;
  signal?: AbortSignal;
}

export interface PeerTubeRequest {
  method?: HttpMethod;
  /** A path on the server, or an absolute URL on the same origin (an upload session). */
  path: string;
  query?: [string, string][];
  json?: unknown;
  headers?: Record<string, string>;
  body?: StreamedBody;
  timeoutMs?: number;
}

/** Safety net against a server that never ends a list. */
const MAX_PAGES = 1000;
const PAGE = 100;

export class PeerTubeApi {
  readonly base: URL;
  private token: string;

  constructor(private readonly options: PeerTubeApiOptions) {
    this.base = new URL(options.baseUrl);
    this.token = options.token;
  }

  get host(): string {
    return this.base.host;
  }

  /** Any HTTP answer; a transport failure as `network`. A 401 is retried once with a refreshed token. */
  async raw(req: PeerTubeRequest): Promise<CallResult<HttpResponse>> {
    const first = await this.once(req);
    if (!first.ok || first.value.status !== 401 || !this.options.refresh) return first;
    const token = await this.options.refresh();
    if (token === null) return first;
    this.token = token;
    return this.once(req);
  }

  /** A 2xx answer's JSON body, or the failure. */
  async json(req: PeerTubeRequest): Promise<CallResult<unknown>> {
    const r = await this.raw(req);
    if (!r.ok) return r;
    if (r.value.status < 200 || r.value.status >= 300) return { ok: false, failure: failureOf(r.value) };
    if (r.value.body.length === 0) return { ok: true, value: null };
    try {
      return { ok: true, value: r.value.json() };
    } catch {
      return { ok: false, failure: { kind: 'bad_response', status: r.value.status, reason: `${r.value.status}: not JSON` } };
    }
  }

  /** Every item of a `{ total, data }` list, page by page (`start`/`count`, at most 100 a page). */
  async all(path: string, query: [string, string][] = []): Promise<CallResult<unknown[]>> {
    const out: unknown[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.json({ path, query: [...query, ['start', String(out.length)], ['count', String(PAGE)]] });
      if (!r.ok) return r;
      const body = r.value as { total?: unknown; data?: unknown } | null;
      if (!body || !Array.isArray(body.data)) return { ok: false, failure: { kind: 'bad_response', status: 200, reason: `${path}: not a list` } };
      out.push(...body.data);
      const total = typeof body.total === 'number' ? body.total : out.length;
      if (body.data.length === 0 || out.length >= total) return { ok: true, value: out };
    }
    return { ok: true, value: out };
  }

  private async once(req: PeerTubeRequest): Promise<CallResult<HttpResponse>> {
    const url = new URL(req.path, this.base);
    if (url.origin !== this.base.origin) {
      return { ok: false, failure: { kind: 'bad_response', status: null, reason: `an address off the server: ${url.origin}` } };
    }
    for (const [k, v] of req.query ?? []) url.searchParams.append(k, v);
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.token}`, ...req.headers };
    let body: string | StreamedBody | undefined = req.body;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    const isRead = method === 'GET' || method === 'HEAD';
    try {
      const r = await this.options.http.request({
        method, url: url.href, headers, ...(body !== undefined ? { body } : {}),
        maxRateLimitWaitMs: this.options.maxWaitMs,
        ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
        ...(isRead && this.options.signal ? { signal: this.options.signal } : {}),
      });
      if (r.status === 429) {
        // Still limited after the waits --max-wait allows: the run stops and resumes later (exit 3).
        const after = Number(r.headers['retry-after'] ?? '60');
        throw new RateLimitExceeded(new Date(this.options.clock.now() + (Number.isFinite(after) ? after : 60) * 1000), 'requests');
      }
      return { ok: true, value: r };
    } catch (error) {
      if (error instanceof RateLimitExceeded) throw error;
      if (error instanceof NetError && error.kind === 'aborted' && this.options.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, failure: { kind: 'network', status: null, reason } };
    }
  }
}

/** An error answer as a CallFailure: `<status> <code>: <detail>` from the problem document. */
export function failureOf(r: HttpResponse): CallFailure {
  const problem = problemOf(r);
  const words = [problem.code, problem.detail].filter(Boolean).join(': ');
  return { kind: kindOf(r.status), status: r.status, reason: `${r.status}${words ? ` ${words}` : ''}`, code: problem.code };
}

export function problemOf(r: HttpResponse): { code: string | null; detail: string | null } {
  try {
    const b = r.json() as Record<string, unknown> | null;
    if (b && typeof b === 'object') {
      const detail = typeof b.detail === 'string' ? b.detail : typeof b.error === 'string' ? b.error : null;
      return { code: typeof b.code === 'string' ? b.code : null, detail: detail?.slice(0, 300) ?? null };
    }
  } catch {
    // not JSON: the status alone
  }
  return { code: null, detail: null };
}

function kindOf(status: number): FailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid';
  return 'bad_response';
}
