/**
 * The HTTP port. Everything that talks to the network takes an HttpClient as a parameter, so tests pass
 * a client aimed at local servers (or a hand-written fake) instead of patching globals.
 */
import type { Readable } from 'node:stream';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A request body sent as a stream (a media upload), never held whole in memory.
 *
 * `stream` is a factory, not a stream: the client calls it once per attempt, so every time the same
 * request is sent again (a 429 waited out with maxRateLimitWaitMs, a 307/308 redirect that is followed,
 * a retry of an idempotent method) it gets the body from its first byte. Each call must return a new
 * stream of the same bytes. An error thrown by the factory or by the stream fails the request with
 * NetError('body_source'), the original error as its `cause`.
 */
export interface StreamedBody {
  stream: () => AsyncIterable<Uint8Array> | Readable;
  /**
   * Exact byte count: sent as Content-Length, and the request fails if the stream yields more or fewer
   * bytes. null: unknown, sent with chunked transfer coding (RFC 9112 section 7.1).
   */
  length: number | null;
}

export function isStreamedBody(body: unknown): body is StreamedBody {
  return typeof body === 'object' && body !== null && typeof (body as { stream?: unknown }).stream === 'function'
    && 'length' in body && !(body instanceof Uint8Array);
}

export interface HttpRequest {
  method?: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes, a FormData, or a StreamedBody (large uploads: see StreamedBody). */
  body?: string | Uint8Array | FormData | StreamedBody;
  /** Response body cap in bytes (default 1 MB, DESIGN.md section 4). */
  maxBytes?: number;
  /**
   * Whole-request timeout in ms, body upload included (the client has a default). An upload sets a
   * longer one for its size; above the client's default it also lifts undici's headers/body timeouts.
   */
  timeoutMs?: number;
  /** Follow redirects (https to https only, capped). Default: true for GET/HEAD, false otherwise. */
  followRedirects?: boolean;
  /**
   * Retry on 429 by sleeping for Retry-After when it is at most this long (ms). Default 0: a 429 is
   * returned to the caller, which decides (the apply layer compares it with --max-wait).
   */
  maxRateLimitWaitMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
  text(): string;
  /** Parses the body as JSON; throws NetError('bad_body') when it is not JSON. */
  json(): unknown;
}

export type NetFailure =
  | 'blocked_address' // a loopback/private/link-local target without --allow-private-network
  | 'insecure_url' // http:// without --allow-http, or an https→http redirect
  | 'dns'
  | 'connect'
  | 'tls'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_body'
  | 'aborted'
  | 'body_source'; // a StreamedBody's own stream failed (e.g. a corrupt archive entry); see `cause`

/** A transport failure. HTTP error statuses are not errors here: they come back as responses. */
export class NetError extends Error {
  readonly kind: NetFailure;
  readonly url: string;

  constructor(kind: NetFailure, url: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetError';
    this.kind = kind;
    this.url = url;
  }

  get host(): string {
    try {
      return new URL(this.url).host;
    } catch {
      return this.url;
    }
  }
}

export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
