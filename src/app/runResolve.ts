/**
 * The `resolve` use case: parse the export, then find each contact's fediverse account (DESIGN.md
 * sections 2 and 4). Options and injected deps in (HTTP client, clock, verifier), matches out; the CLI
 * renders them. The token is only handed to the search finder and never appears in the result.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { checkCredentials } from '../auth/checkCredentials.js';
import { InputError, InterruptedError, UsageError } from '../errors.js';
import { confidenceAtLeast, type Confidence, type FinderName, type Match } from '../model/match.js';
import type { Model } from '../model/types.js';
import { rememberDeadHosts, type DeadHost } from '../net/deadHosts.js';
import { checkServerReachable, type UnreachableFailure } from '../net/reachable.js';
import type { HttpClient } from '../net/types.js';
import { withSignal } from '../net/withSignal.js';
import type { ParseWarning } from '../sources/types.js';
import { openFileCache, type ResolveCache } from '../resolve/cache.js';
import { readNodeinfo } from '../destinations/nodeinfo.js';
import { bridgeFinder } from '../resolve/finders/bridge.js';
import { channelSearchFinder, parseIndexUrl } from '../resolve/finders/channelSearch.js';
import { explicitFinder } from '../resolve/finders/explicit.js';
import { expandServerList, guessFinder } from '../resolve/finders/guess.js';
import { mapFinder, parseMapCsv, type MapEntry } from '../resolve/finders/map.js';
import { searchFinder } from '../resolve/finders/search.js';
import type { Finder } from '../resolve/finders/types.js';
import { websiteFinder } from '../resolve/finders/website.js';
import { formatHandle, type Handle } from '../resolve/handles.js';
import { accountOrUsageError } from '../auth/accountInput.js';
import { cachedVerify, resolveContacts, type MatchMemo, type ResolveProgress, type VerifyFn } from '../resolve/resolveContacts.js';
import { verifyCandidate } from '../resolve/verify.js';
import { parseExport } from './parseExport.js';

export const ALL_FINDERS: readonly FinderName[] = ['explicit', 'map', 'search', 'guess', 'website', 'bridge', 'channels', 'index'];
/**
 * Finders on unless switched off; `bridge` is opt-in (`--bridges`), and `index` runs only with an
 * `--index URL` (a third party the user chose).
 */
export const DEFAULT_FINDERS: readonly FinderName[] = ['explicit', 'map', 'search', 'guess', 'website', 'channels'];
/** Finders with a per-run budget of searches: their answers depend on the run, so no memo is shared. */
const BUDGETED_FINDERS: ReadonlySet<FinderName> = new Set(['search', 'channels', 'index']);

/** The HTTP limits `resolve` asks of the client: a few per host (DESIGN.md section 4), many hosts at once. */
export const RESOLVE_HTTP_LIMITS = { perHostConcurrency: 4, globalConcurrency: 128 } as const;

export interface RunResolveOptions {
  archives: string[];
  /** `--to`: the user's destination handle, for search and same-name guesses there. */
  to: string | null;
  maps: string[];
  /** Found or ambiguous matches below this are left out of the result (counted in `hidden`). */
  minConfidence: Confidence;
  refresh: boolean;
  finders: ReadonlySet<FinderName>;
  /** Servers for same-name guesses besides the destination; null = none. `large` names a few large ones. */
  servers: string[] | null;
  /** The user's token for the destination (LEAVE_PLATFORM_TOKEN); only the search finder sees it. */
  token: string | null;
  /** Where the token came from, for the advice when the server refuses it. Default `env`. */
  tokenSource?: 'env' | 'store';
  stateDir: string;
  allowHttp?: boolean;
  /**
   * `--index URL`: also search this global index of PeerTube channels (e.g. SepiaSearch) for YouTube
   * subscriptions. Opt-in: without it no request goes there. Checked with parseIndexUrl.
   */
  index?: string | null;
  /**
   * The destination's server as the caller read it when it signed in (nodeinfo), or absent when unknown
   * (`resolve`): the finders then need not ask it again, and the account search (Mastodon's API) is left
   * out on a PeerTube server, which has none (its channel search is used instead).
   */
  destinationServer?: DestinationServer | null;
}

/** The destination's server software (nodeinfo's `software.name`) and the origin its API answers on. */
export interface DestinationServer {
  software: string;
  origin: string;
}

/** What resolving a model needs: everything but the archives. */
export type ResolveOptions = Omit<RunResolveOptions, 'archives'>;

export interface RunResolveDeps {
  http: HttpClient;
  clock?: Clock;
  verify?: VerifyFn;
  parse?: (paths: string[]) => Promise<{ model: Model; warnings: ParseWarning[] }>;
  onProgress?: (progress: ResolveProgress) => void;
  /** Told about warnings as they happen (the result lists them too). */
  onWarning?: (message: string) => void;
  concurrency?: number;
  /**
   * Ctrl-C: requests in flight are dropped (lookups only read), no new contact is started, the answers
   * so far stay cached, and runResolve throws InterruptedError.
   */
  signal?: AbortSignal;
  /** A cache shared by several resolves (`batch`); its owner flushes it. Default: the state dir's file cache. */
  cache?: ResolveCache;
  /**
   * Contacts other resolves of the run resolved (`batch`: rows whose exports share contacts), one memo
   * per scope: resolves share one only when their finders depend on the same things (finderScope). Not
   * used with search, which depends on the account searching and stops after a number of searches per run.
   */
  memo?: (scope: string) => MatchMemo;
}

/** Contacts whose lookups failed because their server could not be reached, one entry per server. */
export interface UnreachableServer {
  /** `host[:port]`. */
  host: string;
  failure: UnreachableFailure;
  /** The `error` matches that failed on this server (the same objects as in `matches`); may be empty. */
  matches: Match[];
}

/**
 * `complete`: no lookup failed. `some_failed`: some failed for reasons a re-run can fix (errors are never
 * cached) while others were answered. `all_failed`: lookups were tried and none was answered.
 */
export type LookupHealth = 'complete' | 'some_failed' | 'all_failed';

export interface RunResolveResult {
  matches: Match[];
  /** Found/ambiguous matches left out by `minConfidence`. */
  hidden: number;
  /** Finders that did not run or stopped, and why (e.g. search without a token). */
  notes: string[];
  warnings: string[];
  /** Servers that could not be reached in this run, with the contacts that failed on each. */
  unreachable: UnreachableServer[];
  health: LookupHealth;
}

/** Said when the user stops a resolve: lookups are only reads, and what was found is in the cache. */
export const STOPPED_MESSAGE = 'Stopped: nothing was sent; the answers found so far are cached.';

/** `resolve`: parse the export, then resolve its contacts (resolveModel). */
export async function runResolve(options: RunResolveOptions, deps: RunResolveDeps): Promise<RunResolveResult> {
  const { model, warnings } = await (deps.parse ?? parseExport)(options.archives);
  const said = warnings.map((w) => `${w.file ? `${w.file}: ` : ''}${w.message}`);
  for (const m of said) deps.onWarning?.(m);
  return resolveModel(model, options, deps, said);
}

/** Finds the fediverse accounts of a model's contacts (the import use case passes the model it parsed). */
export async function resolveModel(
  model: Model, options: ResolveOptions, deps: Omit<RunResolveDeps, 'parse'>, earlierWarnings: string[] = [],
): Promise<RunResolveResult> {
  const warnings: string[] = [...earlierWarnings];
  const warn = (m: string) => {
    warnings.push(m);
    deps.onWarning?.(m);
  };
  const notes: string[] = [];
  const note = (finder: FinderName, message: string) => {
    const text = `${finder}: ${message}`;
    if (!notes.includes(text)) notes.push(text);
  };
  const clock = deps.clock ?? systemClock;
  const signal = deps.signal;
  const allowHttp = options.allowHttp ?? false;
  // One memory of dead hosts for the whole run, below everything that asks the network.
  const memory = rememberDeadHosts(withSignal(deps.http, signal));
  const http = memory.http;
  const verify: VerifyFn = deps.verify ?? ((handle, identity) => verifyCandidate(handle, identity, { http, allowHttp }));

  const destination = options.to === null ? null : parseDestination(options.to);
  const mapEntries = await readMaps(options.maps, warn);

  try {
    stopIfAborted(signal);
    // The user's own server first: offline, that is one sentence, not one failed lookup per contact.
    if (destination) await checkServerReachable(http, destination.host, { allowHttp, ...(signal ? { signal } : {}) });
  } catch (error) {
    throw interruptedOr(error, signal);
  }

  const cache = deps.cache ?? await openCache(options, clock, warn);
  try {
    const hasYouTube = model.contacts.some((c) => c.platform === 'youtube');
    const finders = await buildFinders(options, { destination, mapEntries, cache, verify, http, note, signal, hasYouTube });
    // Counted after the cache: a cached answer is an answer.
    const tally = { answered: 0, failed: 0 };
    const memo = deps.memo && !finders.some((f) => BUDGETED_FINDERS.has(f.name)) ? deps.memo(finderScope(options, destination)) : null;
    const all = await resolveContacts(model.contacts, {
      finders, verify: cachedVerify(verify, cache), note,
      onVerified: (outcome) => {
        if (outcome.status === 'error') tally.failed++;
        else tally.answered++;
      },
      ...(memo ? { memo } : {}),
      onProgress: deps.onProgress,
      ...(signal ? { signal } : {}),
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
    });
    stopIfAborted(signal);
    const matches = all.filter((m) => !(m.status === 'found' || m.status === 'ambiguous') || confidenceAtLeast(m.confidence, options.minConfidence));
    const unreachable = groupUnreachable(matches, memory.dead());
    const failed = tally.failed > 0 || unreachable.length > 0 || matches.some((m) => m.status === 'error');
    const health: LookupHealth = !failed ? 'complete' : tally.answered === 0 ? 'all_failed' : 'some_failed';
    return { matches, hidden: all.length - matches.length, notes, warnings, unreachable, health };
  } catch (error) {
    throw interruptedOr(error, signal);
  } finally {
    if (!deps.cache) await cache.flush();
  }
}

/** What the finders other than search depend on besides the contact: resolves that agree share a memo. */
function finderScope(options: ResolveOptions, destination: Handle | null): string {
  const on = options.finders;
  return JSON.stringify([
    [...on].sort(),
    on.has('guess') ? [destination?.host ?? null, options.servers ?? []] : null,
    on.has('map') ? options.maps : null,
  ]);
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(STOPPED_MESSAGE, { cause: signal.reason });
}

/** Whatever a Ctrl-C made fail (an aborted request, a half-done step) is reported as the stop it is. */
function interruptedOr(error: unknown, signal: AbortSignal | undefined): unknown {
  if (error instanceof InterruptedError || !signal?.aborted) return error;
  return new InterruptedError(STOPPED_MESSAGE, { cause: error });
}

/**
 * The `error` matches whose failure is a dead host's (the dead-host memory fails every request to it
 * with the very message of the first failure), grouped by server; servers where only guesses failed
 * are listed with no matches.
 */
export function groupUnreachable(matches: readonly Match[], dead: readonly DeadHost[]): UnreachableServer[] {
  const byHost = new Map<string, UnreachableServer & { messages: string[] }>();
  for (const d of dead) {
    const group = byHost.get(d.host);
    if (group) group.messages.push(d.message);
    else byHost.set(d.host, { host: d.host, failure: d.failure, matches: [], messages: [d.message] });
  }
  const groups = [...byHost.values()];
  for (const m of matches) {
    if (m.status !== 'error' || !m.error) continue;
    const error = m.error;
    groups.find((g) => g.messages.some((message) => error.includes(message)))?.matches.push(m);
  }
  return groups
    .map(({ host, failure, matches: failedHere }) => ({ host, failure, matches: failedHere }))
    .sort((a, b) => b.matches.length - a.matches.length || a.host.localeCompare(b.host));
}

/** The one handle parser (src/model/handle.ts): profile links and `host:port` servers too. */
function parseDestination(to: string): Handle {
  return accountOrUsageError(to, `--to "${to}"`);
}

async function readMaps(files: string[], warn: (m: string) => void): Promise<MapEntry[]> {
  const entries: MapEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw new InputError(`Cannot read the map file ${file}: ${(cause as Error).message}.`, { cause, file, hint: 'Check the path given to --map.' });
    }
    const parsed = parseMapCsv(text, file);
    parsed.warnings.forEach(warn);
    entries.push(...parsed.entries);
  }
  return entries;
}

async function openCache(options: ResolveOptions, clock: Clock, warn: (m: string) => void): Promise<ResolveCache> {
  return openFileCache(join(options.stateDir, 'cache', 'resolve.jsonl'), { clock, refresh: options.refresh, warn });
}

interface FinderDeps {
  destination: Handle | null;
  mapEntries: MapEntry[];
  cache: ResolveCache;
  verify: VerifyFn;
  http: HttpClient;
  note: (finder: FinderName, message: string) => void;
  signal: AbortSignal | undefined;
  /** The export has YouTube subscriptions: only they are searched for as PeerTube channels. */
  hasYouTube: boolean;
}

async function buildFinders(options: ResolveOptions, d: FinderDeps): Promise<Finder[]> {
  const on = options.finders;
  const finders: Finder[] = [];
  if (on.has('explicit')) finders.push(explicitFinder());
  if (on.has('map') && d.mapEntries.length > 0) finders.push(mapFinder(d.mapEntries));
  if (on.has('bridge')) finders.push(bridgeFinder());
  if (on.has('website')) finders.push(websiteFinder({ http: d.http, cache: d.cache }));
  if (on.has('search')) {
    const search = await buildSearch(options, d);
    if (search) finders.push(search);
  }
  if (on.has('channels') && d.hasYouTube) {
    const channels = await buildChannelSearch(options, d);
    if (channels) finders.push(channels);
  }
  if (options.index) {
    const origin = parseIndexUrl(options.index, options.allowHttp ?? false);
    if (d.hasYouTube) finders.push(channelSearchFinder({ finder: 'index', http: d.http, origin, cache: d.cache, note: d.note }));
  } else if (on.has('index')) {
    d.note('index', 'skipped: no index given (--index URL, e.g. https://sepiasearch.org)');
  }
  if (on.has('guess')) {
    finders.push(guessFinder({ destinationDomain: d.destination?.host ?? null, servers: expandServerList(options.servers ?? []) }));
  }
  return finders;
}

/**
 * The destination's PeerTube channel search, when the destination runs PeerTube (nodeinfo; public, no
 * token). Another server finds channels through its account search (`search`), since channels are
 * ActivityPub actors a Mastodon account can follow.
 */
async function buildChannelSearch(options: ResolveOptions, d: FinderDeps): Promise<Finder | null> {
  if (d.destination === null) return null;
  const server = options.destinationServer ?? await readDestinationServer(d.destination.host, options.allowHttp ?? false, d);
  if (server.software !== 'peertube') return null;
  return channelSearchFinder({ finder: 'channels', http: d.http, origin: server.origin, cache: d.cache, note: d.note });
}

/** The destination's software from its nodeinfo, when no sign-in read it before (`resolve`). */
async function readDestinationServer(host: string, allowHttp: boolean, d: FinderDeps): Promise<DestinationServer> {
  let origin = `https://${host}`;
  let software = await readNodeinfo(d.http, origin, d.signal);
  if (software.name === 'unknown' && allowHttp) {
    // --allow-http: a plain-http server (a local one, the test server) answers only on http.
    origin = `http://${host}`;
    software = await readNodeinfo(d.http, origin, d.signal);
  }
  return { software: software.name, origin };
}

async function buildSearch(options: ResolveOptions, d: FinderDeps): Promise<Finder | null> {
  if (d.destination === null) {
    d.note('search', 'skipped: no destination (give --to @you@your.server and LEAVE_PLATFORM_TOKEN)');
    return null;
  }
  if (!options.token) {
    d.note('search', 'skipped: no token (set LEAVE_PLATFORM_TOKEN to a token of your new account with read:search)');
    return null;
  }
  if (options.destinationServer?.software === 'peertube') {
    d.note('search', 'skipped: PeerTube has no account search; its channel search is used instead');
    return null;
  }
  // The API lives where the account's actor lives, which is not always the handle's domain
  // (reference/destinations.md section 1.3).
  const own = await cachedVerify(d.verify, d.cache)(formatHandle(d.destination), { platform: 'mastodon', id: null, username: null, profileUrl: null });
  if (own.status !== 'found') {
    d.note('search', `skipped: your account ${formatHandle(d.destination)} could not be found (${own.reason})`);
    return null;
  }
  const apiBase = new URL(own.actor).origin;
  // A refused token stops the run here, before any lookup, rather than being noticed after all of them.
  await checkCredentials(d.http, {
    account: formatHandle(d.destination), apiBase, token: options.token, source: options.tokenSource ?? 'env',
  }, d.signal ? { signal: d.signal } : {});
  return searchFinder({
    http: d.http, apiBase, localDomain: d.destination.host, token: options.token,
    cache: d.cache, note: d.note,
  });
}
