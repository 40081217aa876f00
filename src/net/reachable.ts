/**
 * "Is the user's own server there at all?", asked once before any work that depends on it, so that an
 * offline machine gets one plain sentence instead of one failed lookup per contact, or a WebFinger
 * failure that blames the handle (issue 10, item 2).
 *
 * Only a failure to talk to the host at all counts as unreachable: the name does not resolve (DNS),
 * the connection is refused or dropped, or nothing answers in time. Any HTTP answer, whatever its
 * status, and even a failed TLS handshake (bytes came back), means the host is there.
 */
import { RemoteError } from '../errors.js';
import { NetError, type HttpClient, type NetFailure } from './types.js';

/** Transport failures that mean "nothing is there to talk to" (as opposed to a host that answered badly). */
export type UnreachableFailure = Extract<NetFailure, 'dns' | 'connect' | 'timeout'>;

const UNREACHABLE: ReadonlySet<NetFailure> = new Set<NetFailure>(['dns', 'connect', 'timeout']);

export function isUnreachable(error: unknown): error is NetError & { kind: UnreachableFailure } {
  return error instanceof NetError && UNREACHABLE.has(error.kind);
}

export interface ReachableOptions {
  /** --allow-http (testing): a server that refuses https connections is tried over plain http. */
  allowHttp?: boolean;
  signal?: AbortSignal;
  /** Default 15 s: long enough for a slow server, short enough not to look hung. */
  timeoutMs?: number;
}

/**
 * Resolves when `host` (`name` or `name:port`) answers anything over HTTP(S); throws the RemoteError of
 * `unreachableError` when it cannot be reached. Other transport failures (a blocked address, TLS) are
 * left to the request that follows, which reports them in its own words; an abort is rethrown as is.
 */
export async function checkServerReachable(http: HttpClient, host: string, options: ReachableOptions = {}): Promise<void> {
  // A small, always-present discovery document (RFC 5785 well-known URI; NodeInfo's entry point). Its
  // status does not matter: a 404 is an answer too.
  const path = '/.well-known/nodeinfo';
  const probe = (scheme: 'https' | 'http') => http.request({
    url: `${scheme}://${host}${path}`,
    headers: { accept: 'application/json' },
    maxBytes: 64 * 1024,
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    await probe('https');
    return;
  } catch (error) {
    if (!isUnreachable(error)) return throwUnlessHostAnswered(error);
    if (!(options.allowHttp && error.kind === 'connect')) throw unreachableError(host, error);
    try {
      await probe('http');
    } catch (second) {
      if (isUnreachable(second)) throw unreachableError(host, second);
      throwUnlessHostAnswered(second);
    }
  }
}

/** Other transport failures mean the host is there; an abort (Ctrl-C) and anything unexpected go on up. */
function throwUnlessHostAnswered(error: unknown): void {
  if (!(error instanceof NetError) || error.kind === 'aborted') throw error;
}

/** The one sentence for a server that cannot be reached, with what went wrong as the hint. */
export function unreachableError(host: string, cause: NetError & { kind: UnreachableFailure }): RemoteError {
  return new RemoteError(`Can't reach ${host}: are you online?`, {
    cause,
    host,
    hint: unreachableHint(host, cause.kind),
  });
}

function unreachableHint(host: string, kind: UnreachableFailure): string {
  switch (kind) {
    case 'dns':
      return `The name ${host} could not be looked up; check your connection and the server's name, then run the same command again.`;
    case 'connect':
      return `The connection to ${host} failed; check your connection, or try later if the server is down.`;
    case 'timeout':
      return `${host} did not answer in time; check your connection, or try later if the server is down.`;
  }
}
