/**
 * One resolver for the whole batch: one cache (the state dir's resolve cache, opened once, flushed once)
 * and one lookup per contact at a time, so a contact several rows share is looked up once even when two
 * rows ask at the same moment (single flight: the second asker waits for the first's answer). Each row
 * still runs its own finders (its own --to, maps, servers); the verification and the cache are shared,
 * and so is each contact's whole resolution among rows whose finders agree (runResolve.ts scopes the
 * memo): a contact in ten rows' exports is resolved once, not ten times (issue 11's benchmark spent more
 * CPU on these repeats than on the lookups themselves).
 */
import { join } from 'node:path';
import type { Clock } from '../../clock.js';
import { rememberDeadHosts } from '../../net/deadHosts.js';
import type { HttpClient } from '../../net/types.js';
import { withSignal } from '../../net/withSignal.js';
import { openFileCache, type ResolveCache } from '../../resolve/cache.js';
import { cachedVerify, type MatchMemo, type MemoizedMatch, type VerifyFn } from '../../resolve/resolveContacts.js';
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
  /** Resolutions kept for other rows, the oldest dropped beyond this (default MEMO_LIMIT). */
  memoLimit?: number;
}

/** About 1 KB each: a bound on the memory the memo may take in a batch of very large exports. */
export const MEMO_LIMIT = 100_000;

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
  const memo = boundedMemos(deps.memoLimit ?? MEMO_LIMIT);
  return {
    resolve: (model, options, resolveDeps, earlier) => resolveModel(model, options, { ...resolveDeps, verify, cache, memo }, earlier),
    lookups: () => sent,
    flush: () => cache.flush(),
  };
}

/**
 * One memo per scope (rows whose finders agree), `limit` entries in all: beyond it the oldest scope's
 * oldest entries are forgotten (a Map iterates in insertion order).
 */
export function boundedMemos(limit: number): (scope: string) => MatchMemo {
  const scopes = new Map<string, Map<string, Promise<MemoizedMatch>>>();
  let size = 0;
  const evict = () => {
    for (const [scope, entries] of scopes) {
      for (const key of entries.keys()) {
        if (size <= limit) return;
        entries.delete(key);
        size--;
      }
      if (entries.size === 0) scopes.delete(scope);
    }
  };
  return (scope) => {
    const entries = scopes.get(scope) ?? new Map<string, Promise<MemoizedMatch>>();
    if (!scopes.has(scope)) scopes.set(scope, entries);
    return {
      get: (key) => entries.get(key),
      set: (key, entry) => {
        if (!entries.has(key)) size++;
        entries.set(key, entry);
        if (size > limit) evict();
        // Evicted while empty: the scope is known again, for the entries still to come.
        if (!scopes.has(scope)) scopes.set(scope, entries);
      },
      delete: (key) => {
        if (entries.delete(key)) size--;
      },
    };
  };
}
