/**
 * A per-run memory of hosts that cannot be reached (issue 10, item 2). Without it, a host that accepts
 * connections and never answers costs a full timeout per contact on it (12 contacts: 34 s), and an
 * offline run waits for every host once per contact.
 *
 * Once a request to an origin fails because nothing is there (DNS, refused or dropped connection,
 * timeout: see reachable.ts), that origin is dead for the rest of the run: requests to it fail at once
 * with the same error, and requests to it already in flight or queued behind the per-host limit are
 * dropped with that error too (they were waiting on the same silent host).
 *
 * An origin that has answered once in this run is never declared dead: a timeout there is one slow
 * request (a search that resolves remote accounts can be slow), not a missing host.
 */
import { setMaxListeners } from 'node:events';
import { isUnreachable, type UnreachableFailure } from './reachable.js';
import { NetError, type HttpClient, type HttpRequest, type HttpResponse } from './types.js';

export interface DeadHost {
  /** `https://host[:port]`: http and https of one name are different endpoints. */
  origin: string;
  /** `host[:port]`, as people write a server. */
  host: string;
  failure: UnreachableFailure;
  /** The error's message; every request refused because of this host fails with this same message. */
  message: string;
}

export interface DeadHostMemory {
  http: HttpClient;
  /** The dead origins, in the order they died. */
  dead(): DeadHost[];
}

export function rememberDeadHosts(http: HttpClient): DeadHostMemory {
  const dead = new Map<string, { host: DeadHost; error: NetError }>();
  const answered = new Set<string>();
  // One controller per origin, aborted when the origin dies: every request to it in flight or queued is
  // dropped at once. (One per request cost an AbortController and a set entry for each of a batch's
  // ten thousand lookups.)
  const dying = new Map<string, AbortController>();

  const markDead = (origin: string, error: NetError & { kind: UnreachableFailure }) => {
    if (dead.has(origin) || answered.has(origin)) return;
    dead.set(origin, { host: { origin, host: hostOf(origin), failure: error.kind, message: error.message }, error });
    dying.get(origin)?.abort(error);
  };

  const refusal = (origin: string, url: string): NetError | null => {
    const known = dead.get(origin);
    return known ? new NetError(known.error.kind, url, known.error.message, { cause: known.error }) : null;
  };

  const request = async (req: HttpRequest): Promise<HttpResponse> => {
    const origin = originOf(req.url);
    if (origin === null) return http.request(req);
    const refused = refusal(origin, req.url);
    if (refused) throw refused;

    let controller = dying.get(origin);
    if (!controller) {
      dying.set(origin, (controller = new AbortController()));
      // Every request in flight to the origin listens to this one signal (128 at once in a batch): that
      // is its purpose, not a leak, so Node's warning past 10 listeners is turned off for it.
      setMaxListeners(0, controller.signal);
    }
    const signal = req.signal ? AbortSignal.any([req.signal, controller.signal]) : controller.signal;
    try {
      const response = await http.request({ ...req, signal });
      answered.add(origin);
      const final = originOf(response.url);
      if (final !== null) answered.add(final);
      return response;
    } catch (error) {
      // Dropped because its host died meanwhile (not because the caller gave up): say why.
      if (controller.signal.aborted && !req.signal?.aborted) throw refusal(origin, req.url) ?? error;
      if (isUnreachable(error)) markDead(originOf(error.url) ?? origin, error);
      throw error;
    }
  };

  return {
    http: { request },
    dead: () => [...dead.values()].map((d) => d.host),
  };
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function hostOf(origin: string): string {
  return new URL(origin).host;
}
