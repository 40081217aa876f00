/**
 * The one HTTP client of leave-platform, on undici, with the network policy of DESIGN.md section 4:
 * https only (unless --allow-http), connect and whole-request timeouts, a streamed body cap, capped
 * https-only redirects with every hop re-checked, retries with backoff for network errors and 5xx on
 * GET/HEAD, Retry-After and X-RateLimit-* honoured, per-host and global concurrency limits, a descriptive
 * User-Agent, and the address guard (src/net/addressGuard.ts) applied in the connector after DNS.
 *
 * It owns its undici Agent (never the global dispatcher), so several clients with different policies can
 * live in one process (tests start one per local fediverse).
 */
import { Agent, type Dispatcher } from 'undici';
import { systemClock, type Clock } from '../clock.js';
import { VERSION } from '../version.js';
import { createGuardedConnector, systemLookup, type AddressPolicy, type HostLookup } from './connector.js';
import { KeyedSemaphore, Semaphore } from './limiter.js';
import { parseConnectToList, type ConnectToRule } from './options.js';
import { rateLimitOf, retryAfterMs } from './rateLimit.js';
import {
  NetError, isStreamedBody, type HttpClient, type HttpMethod, type HttpRequest, type HttpResponse, type StreamedBody,
} from './types.js';

export const DEFAULT_USER_AGENT = `leave-platform/${VERSION} (+https://github.com/leave-platform/leave-platform)`;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface HttpWaitEvent {
  host: string;
  ms: number;
  reason: 'rate_limit' | 'retry';
}

export interface HttpClientOptions {
  userAgent?: string;
  /** --allow-http: accept plain-http URLs and redirects. */
  allowHttp: boolean;
  /** --allow-private-network: lift the address guard. */
  allowPrivateNetwork: boolean;
  /** --connect-to entries, as strings (`HOST:ADDR:PORT`, parsed here, UsageError when bad) or parsed rules. */
  connectTo: readonly (string | ConnectToRule)[];
  /** Extra trusted CA certificate(s) in PEM, added to Node's own roots (tests). */
  ca?: string | Buffer;
  /** Requests in flight per host (host:port). Default 4. */
  perHostConcurrency?: number;
  /** Requests in flight overall. Default 16. */
  globalConcurrency?: number;
  /** Default 10 s. */
  connectTimeoutMs?: number;
  /** One exchange (a single hop or retry), headers and body. Default 30 s; a request can lower it. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Retries after a network error or a 5xx, GET/HEAD only. Default 2. */
  retries?: number;
  /** First backoff delay; doubled per retry. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest wait before a request to a host whose X-RateLimit-Remaining hit 0. Default 60 s. */
  maxPacingWaitMs?: number;
  clock?: Clock;
  /**
   * Replaces the address guard's rule (tests only: e.g. let one host on 127.0.0.1 pass as "public" to
   * check that a redirect from it to a private address is still refused). Ignored with allowPrivateNetwork.
   */
  addressPolicy?: AddressPolicy;
  /** DNS resolution; tests inject one to simulate answers (e.g. a name that resolves to 10.0.0.1). */
  lookup?: HostLookup;
  /** Told whenever the client sleeps (rate limits, backoff), so progress can name the host waited on. */
  onWait?: (event: HttpWaitEvent) => void;
}

/** An HttpClient that owns connections; close it when done. */
export interface UndiciHttpClient extends HttpClient {
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function createHttpClient(options: HttpClientOptions): UndiciHttpClient {
  const clock = options.clock ?? systemClock;
  const connectTo = parseConnectToList(
    options.connectTo.filter((e): e is string => typeof e === 'string'),
  ).concat(options.connectTo.filter((e): e is ConnectToRule => typeof e !== 'string'));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const retries = options.retries ?? 2;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
  const maxPacingWaitMs = options.maxPacingWaitMs ?? 60_000;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const perHostLimit = options.perHostConcurrency ?? 4;
  const perHost = new KeyedSemaphore(perHostLimit);
  const global = new Semaphore(options.globalConcurrency ?? 16);
  /** host → epoch ms before which we should not send (X-RateLimit-Remaining: 0, or a 429). */
  const pacedUntil = new Map<string, number>();

  const agent = new Agent({
    connect: createGuardedConnector({
      allowPrivateNetwork: options.allowPrivateNetwork,
      addressPolicy: options.addressPolicy,
      connectTo,
      lookup: options.lookup ?? systemLookup,
      ca: options.ca,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    // Kept-alive connections per origin, at most one per request slot. Without a cap undici opens an
    // extra connection (a TLS handshake) when a request arrives in the moment between a response's end
    // and the socket's return to the pool; with it, that request waits for the socket instead.
    connections: perHostLimit,
  });

  function checkScheme(url: URL, from: URL | null): void {
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:') {
      if (options.allowHttp) return;
      const why = from ? `redirect from ${from.href} to plain http` : 'plain http';
      throw new NetError('insecure_url', url.href, `refusing ${why} (${url.href}); only https is used`);
    }
    throw new NetError('insecure_url', url.href, `unsupported URL scheme ${url.protocol}`);
  }

  async function waitForPacing(host: string, signal: AbortSignal | undefined): Promise<void> {
    const until = pacedUntil.get(host);
    if (until === undefined) return;
    const ms = Math.min(until - clock.now(), maxPacingWaitMs);
    if (ms <= 0) {
      pacedUntil.delete(host);
      return;
    }
    options.onWait?.({ host, ms, reason: 'rate_limit' });
    await clock.sleep(ms, signal);
  }

  function notePacing(host: string, response: HttpResponse): void {
    const now = clock.now();
    const rl = rateLimitOf(response, now);
    if (response.status === 429) {
      const wait = retryAfterMs(response, now);
      const until = wait !== null ? now + wait : rl.resetAt?.getTime();
      if (until !== undefined && until > now) pacedUntil.set(host, until);
      return;
    }
    if (rl.remaining === 0 && rl.resetAt !== null && rl.resetAt.getTime() > now) {
      pacedUntil.set(host, rl.resetAt.getTime());
    } else if (rl.remaining !== null && rl.remaining > 0) {
      pacedUntil.delete(host);
    }
  }

  async function exchange(
    url: URL,
    method: HttpMethod,
    req: HttpRequest,
    requestHeaders: Record<string, string>,
    body: HttpRequest['body'],
  ): Promise<HttpResponse> {
    const host = url.host;
    const releaseHost = await perHost.acquire(host, req.signal);
    let releaseGlobal: (() => void) | null = null;
    try {
      releaseGlobal = await global.acquire(req.signal);
      const headers: Record<string, string> = { 'user-agent': userAgent };
      for (const k of Object.keys(requestHeaders)) headers[k.toLowerCase()] = requestHeaders[k] as string;
      return await dispatchOnce(url, method, headers, body, req);
    } finally {
      releaseGlobal?.();
      releaseHost();
    }
  }

  /**
   * One request/response on the agent, through undici's dispatch API rather than `request()`: the body
   * arrives as chunks to this handler, with no Readable stream, async iterator or AbortController per
   * request (measurable CPU at thousands of requests). The promise settles only once undici is done with
   * the request (answered, failed or aborted), so the caller's concurrency slot covers its whole life.
   */
  function dispatchOnce(
    url: URL,
    method: HttpMethod,
    requestHeaders: Record<string, string>,
    requestBody: HttpRequest['body'],
    req: HttpRequest,
  ): Promise<HttpResponse> {
    const href = url.href;
    const host = url.host;
    const limit = req.timeoutMs ?? timeoutMs;
    /** The error of a StreamedBody's own stream, if it failed: the caller is told that, not a network error. */
    let sourceError: { error: unknown } | null = null;
    let headers = requestHeaders;
    let body: unknown = requestBody;
    let source: AsyncGenerator<Uint8Array> | null = null;
    if (isStreamedBody(requestBody)) {
      // A fresh stream per attempt (see StreamedBody). undici writes an async iterable chunk by chunk,
      // waiting for the socket to drain, so at most a socket buffer of it is in memory at a time.
      body = source = readStreamedBody(requestBody, (error) => (sourceError = { error }));
      headers = withoutHeaders(headers, CONTENT_LENGTH);
      if (requestBody.length !== null) headers['content-length'] = String(requestBody.length);
    }
    const sourceFailure = (): NetError | null => sourceError === null ? null
      : new NetError('body_source', href, `the body of the request to ${host} could not be read: ${messageOf(sourceError.error)}`, { cause: sourceError.error });
    const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
    const signal = req.signal;
    return new Promise<HttpResponse>((resolve, reject) => {
      let controller: Dispatcher.DispatchController | null = null;
      /** Why we stopped the request (timeout, caller abort, size cap): what the caller is told. */
      let stopReason: NetError | null = null;
      let done = false;
      let status = 0;
      let responseHeaders: Record<string, string> = {};
      const chunks: Uint8Array[] = [];
      let size = 0;

      const stop = (reason: NetError) => {
        if (done || stopReason !== null) return;
        stopReason = reason;
        // Before undici hands the request to a connection there is nothing to abort yet; it is aborted
        // in onRequestStart, before anything is written.
        if (controller !== null && !controller.aborted) controller.abort(reason);
      };
      const finish = (error: NetError | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        // undici leaves closing an async-iterable body to its owner ("up to the user"): a request that
        // failed while waiting for the socket to drain would otherwise keep the source (a file, an
        // archive entry) open.
        if (error !== null) source?.return(undefined).catch(() => undefined);
        if (error !== null) reject(error);
        else resolve(makeResponse(href, status, responseHeaders, concat(chunks, size)));
      };
      const timer = setTimeout(() => stop(new NetError('timeout', href, `${host} did not answer within ${limit} ms`)), limit);
      const onAbort = () => stop(new NetError('aborted', href, `request to ${host} was aborted`, { cause: signal?.reason }));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (stopReason !== null) c.abort(stopReason);
        },
        onResponseStart(c, statusCode, rawHeaders) {
          status = statusCode;
          responseHeaders = flattenHeaders(rawHeaders);
          const declared = Number(responseHeaders['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            stop(new NetError('too_large', href, `response from ${host} is ${declared} bytes, over the ${maxBytes}-byte cap`));
          }
        },
        onResponseData(c, chunk) {
          if (stopReason !== null) return;
          size += chunk.byteLength;
          if (size > maxBytes) {
            stop(new NetError('too_large', href, `response from ${host} is over the ${maxBytes}-byte cap`));
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          finish(stopReason);
        },
        onResponseError(c, error) {
          finish(stopReason ?? sourceFailure() ?? toNetError(error, href, false, limit));
        },
      };
      try {
        agent.dispatch(
          {
            origin: url.origin, path: `${url.pathname}${url.search}`, method, headers,
            ...(body !== undefined ? { body: body as string } : {}),
            // The agent's own timeouts are the client default; a request that allows longer (an upload)
            // must lift them too, or undici would stop it first.
            ...(limit > timeoutMs ? { headersTimeout: limit, bodyTimeout: limit } : {}),
          },
          handler,
        );
      } catch (error) {
        finish(sourceFailure() ?? toNetError(error, href, false, limit));
      }
    });
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    let method: HttpMethod = req.method ?? 'GET';
    let body = req.body;
    let headers: Record<string, string> = { ...req.headers };
    const follow = req.followRedirects ?? (method === 'GET' || method === 'HEAD');
    let url: URL;
    try {
      url = new URL(req.url);
    } catch (cause) {
      throw new NetError('insecure_url', req.url, `not a valid URL: ${req.url}`, { cause });
    }
    checkScheme(url, null);
    let hops = 0;
    let attempt = 0;
    let waitedForRateLimit = false;
    for (;;) {
      const idempotent = method === 'GET' || method === 'HEAD';
      // A write that carries an Idempotency-Key may be sent again when its connection failed, as Go's
      // net/http Transport does: servers that close a kept-alive connection after every answer without
      // saying so (snac) make the next write fail on a dead socket before the server ever read it.
      const retryableConnect = idempotent || hasHeader(req.headers, 'idempotency-key');
      await waitForPacing(url.host, req.signal);
      let response: HttpResponse;
      try {
        response = await exchange(url, method, req, headers, body);
      } catch (error) {
        if (error instanceof NetError && error.kind === 'connect' && retryableConnect && attempt < retries) {
          await backoff(url.host, attempt++, req.signal);
          continue;
        }
        throw error;
      }
      notePacing(url.host, response);
      if (response.status >= 500 && idempotent && attempt < retries) {
        await backoff(url.host, attempt++, req.signal);
        continue;
      }
      if (response.status === 429 && !waitedForRateLimit && (req.maxRateLimitWaitMs ?? 0) > 0) {
        const now = clock.now();
        const wait = retryAfterMs(response, now) ?? resetWait(response, now);
        if (wait !== null && wait <= (req.maxRateLimitWaitMs ?? 0)) {
          waitedForRateLimit = true;
          pacedUntil.delete(url.host);
          options.onWait?.({ host: url.host, ms: wait, reason: 'rate_limit' });
          await clock.sleep(wait, req.signal);
          continue;
        }
      }
      const location = response.headers['location'];
      if (follow && REDIRECT_STATUSES.has(response.status) && location !== undefined) {
        if (++hops > maxRedirects) {
          throw new NetError('too_many_redirects', url.href, `more than ${maxRedirects} redirects from ${req.url}`);
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch (cause) {
          throw new NetError('bad_body', url.href, `invalid redirect location from ${url.host}`, { cause });
        }
        checkScheme(next, url);
        // RFC 9110 §15.4: 303 turns any method into GET; 301/302 do for POST in practice.
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers = withoutHeaders(headers, BODY_HEADERS);
        }
        // The caller's credentials are for the origin it asked, not for wherever that origin sends it
        // (Fetch standard, HTTP-redirect fetch step 13; curl and undici do the same): a redirect to
        // another scheme, host or port must not carry the user's token along.
        if (next.origin !== url.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
        url = next;
        attempt = 0;
        continue;
      }
      return response;
    }
  }

  async function backoff(host: string, attempt: number, signal: AbortSignal | undefined): Promise<void> {
    // Exponential backoff with jitter (50-100% of the step), so retries from many workers spread out.
    const step = retryBaseDelayMs * 2 ** attempt;
    const ms = Math.round(step / 2 + Math.random() * (step / 2));
    options.onWait?.({ host, ms, reason: 'retry' });
    await clock.sleep(ms, signal);
  }

  function resetWait(response: HttpResponse, now: number): number | null {
    const reset = rateLimitOf(response, now).resetAt;
    return reset === null ? null : Math.max(0, reset.getTime() - now);
  }

  return {
    request,
    close: () => agent.close(),
  };
}

/** Request headers that carry credentials: dropped on a redirect to another origin. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** Set from a StreamedBody's length, never from the caller's headers. */
const CONTENT_LENGTH = new Set(['content-length', 'transfer-encoding']);

/**
 * The bytes of one attempt of a StreamedBody, counted: a stream that yields more or fewer bytes than its
 * declared length fails here, with a clear error, before undici would send a wrong body. `onError` sees
 * every failure of the source (factory, stream, length) so the request can report it as 'body_source'.
 */
async function* readStreamedBody(body: StreamedBody, onError: (error: unknown) => void): AsyncGenerator<Uint8Array> {
  let sent = 0;
  try {
    for await (const chunk of body.stream()) {
      sent += (chunk as Uint8Array).byteLength;
      if (body.length !== null && sent > body.length) {
        throw new Error(`the body stream yields more than its declared ${body.length} bytes`);
      }
      yield chunk as Uint8Array;
    }
    if (body.length !== null && sent !== body.length) {
      throw new Error(`the body stream ended after ${sent} of its declared ${body.length} bytes`);
    }
  } catch (error) {
    onError(error);
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Request headers that describe a body: dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

function withoutHeaders(headers: Record<string, string>, names: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (!names.has(k.toLowerCase())) out[k] = v;
  return out;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  // Most answers arrive in one chunk: no copy then.
  if (chunks.length === 1 && chunks[0]!.byteLength === size) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Builds an HttpResponse; exported for hand-written fakes in other engineers' tests. */
const utf8 = new TextDecoder('utf-8');

export function makeResponse(url: string, status: number, headers: Record<string, string>, body: Uint8Array): HttpResponse {
  let text: string | null = null;
  const decode = () => (text ??= utf8.decode(body));
  return {
    url,
    status,
    headers,
    body,
    text: decode,
    json: () => {
      const raw = decode();
      const t = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      try {
        return JSON.parse(t) as unknown;
      } catch (cause) {
        throw new NetError('bad_body', url, `response from ${hostOf(url)} is not JSON`, { cause });
      }
    },
  };
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return Object.keys(headers ?? {}).some((k) => k.toLowerCase() === name);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

function toNetError(error: unknown, url: string, timedOut: boolean, limitMs: number): NetError {
  if (error instanceof NetError) return error;
  const host = hostOf(url);
  if (timedOut) return new NetError('timeout', url, `${host} did not answer within ${limitMs} ms`, { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new NetError('aborted', url, `request to ${host} was aborted`, { cause: error });
  }
  if (typeof code === 'string') {
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return new NetError('timeout', url, `connecting to ${host} timed out`, { cause: error });
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new NetError('timeout', url, `${host} did not answer in time`, { cause: error });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new NetError('dns', url, `cannot resolve ${host}`, { cause: error });
    if (CONNECT_CODES.has(code)) return new NetError('connect', url, `connection to ${host} failed (${code})`, { cause: error });
    if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code === 'EPROTO' || /CERT|SIGNATURE|SELF_SIGNED/.test(code)) {
      return new NetError('tls', url, `TLS with ${host} failed: ${message}`, { cause: error });
    }
  }
  return new NetError('connect', url, `request to ${host} failed: ${message}`, { cause: error });
}
