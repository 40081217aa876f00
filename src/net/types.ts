/**
 * The HTTP port. Everything that talks to the network takes an HttpClient as a parameter, so tests pass
 * a client aimed at local servers (or a hand-written fake) instead of patching globals.
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method?: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes, or a FormData for multipart uploads (media). */
  body?: string | Uint8Array | FormData;
  /** Response body cap in bytes (default 1 MB, DESIGN.md section 4). */
  maxBytes?: number;
  /** Whole-request timeout in ms (the client has a default). */
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
  | 'aborted';

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
