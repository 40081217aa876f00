/**
 * One resolver for the whole batch: one cache (the state dir's resolve cache, opened once, flushed once)
 * and one lookup per contact at a time, so a contact several rows share is looked up once even when two
 * rows ask at the same moment (single flight: the second asker waits for the first's answer). Each row
 * still runs its own finders (its own --to, maps, servers); only the verification and the cache are shared.
 */
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import { rememberDeadHosts } from '../../net/deadHosts.js';
import type { HttpClient } from '../../net/types.js';
import { withSignal } from '../../net/withSignal.js';
import { openFileCache, type ResolveCache } from '../../resolve/cache.js';
import { cachedVerify, type VerifyFn } from '../../resolve/resolveContacts.js';
import { verifyCandidate } from '../../resolve/verify.js';
import { resolveModel } from '../runResolve.js';

export interface SharedResolver {
  resolve: typeof resolveModel;
  /** Verifications that went to the network (not answered by the cache or by a lookup in flight). */
  lookups(): number;
  flush(): Promise<void>;
}

export interface SharedResolverDeps {
  http: HttpClient;
  clock: Clock;
  stateDir: string;
  allowHttp: boolean;
  signal?: AbortSignal;
  /** Tests and the benchmark: the verifier to share (default: WebFinger + actor + back-link). */
  verify?: VerifyFn;
  cache?: ResolveCache;
  onWarning?: (message: string) => void;
}

export async function openSharedResolver(deps: SharedResolverDeps): Promise<SharedResolver> {
  const cache = deps.cache ?? await openFileCache(join(deps.stateDir, 'cache', 'resolve.jsonl'), {
    clock: deps.clock, ...(deps.onWarning ? { warn: deps.onWarning } : {}),
  });
  const http = rememberDeadHosts(withSignal(deps.http, deps.signal)).http;
  let sent = 0;
  const network: VerifyFn = (handle, identity) => {
    sent++;
    return deps.verify ? deps.verify(handle, identity) : verifyCandidate(handle, identity, { http, allowHttp: deps.allowHttp });
  };
  const cached = cachedVerify(network, cache);
  const inFlight = new Map<string, ReturnType<VerifyFn>>();
  const verify: VerifyFn = (handle, identity) => {
    const key = `${handle.toLowerCase()}|${identity.platform}|${identity.id ?? ''}|${identity.username ?? ''}|${identity.profileUrl ?? ''}`;
    const running = inFlight.get(key);
    if (running) return running;
    const asked = cached(handle, identity).finally(() => inFlight.delete(key));
    inFlight.set(key, asked);
    return asked;
  };
  return {
    resolve: (model, options, resolveDeps, earlier) => resolveModel(model, options, { ...resolveDeps, verify, cache }, earlier),
    lookups: () => sent,
    flush: () => cache.flush(),
  };
}
