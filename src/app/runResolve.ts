/**
 * The `resolve` use case: parse the export, then find each contact's fediverse account (DESIGN.md
 * sections 2 and 4). Options and injected deps in (HTTP client, clock, verifier), matches out; the CLI
 * renders them. The token is only handed to the search finder and never appears in the result.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { InputError, UsageError } from '../errors.js';
import { confidenceAtLeast, type Confidence, type FinderName, type Match } from '../model/match.js';
import type { Model } from '../model/types.js';
import type { HttpClient } from '../net/types.js';
import type { ParseWarning } from '../sources/types.js';
import { openFileCache, type ResolveCache } from '../resolve/cache.js';
import { bridgeFinder } from '../resolve/finders/bridge.js';
import { explicitFinder } from '../resolve/finders/explicit.js';
import { expandServerList, guessFinder } from '../resolve/finders/guess.js';
import { mapFinder, parseMapCsv, type MapEntry } from '../resolve/finders/map.js';
import { searchFinder } from '../resolve/finders/search.js';
import type { Finder } from '../resolve/finders/types.js';
import { websiteFinder } from '../resolve/finders/website.js';
import { formatHandle, parseHandleOrProfileUrl, type Handle } from '../resolve/handles.js';
import { cachedVerify, resolveContacts, type ResolveProgress, type VerifyFn } from '../resolve/resolveContacts.js';
import { verifyCandidate } from '../resolve/verify.js';
import { parseExport } from './parseExport.js';

export const ALL_FINDERS: readonly FinderName[] = ['explicit', 'map', 'search', 'guess', 'website', 'bridge'];
/** Finders on unless switched off; `bridge` is opt-in (`--bridges`). */
export const DEFAULT_FINDERS: readonly FinderName[] = ['explicit', 'map', 'search', 'guess', 'website'];

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
  stateDir: string;
  allowHttp?: boolean;
}

export interface RunResolveDeps {
  http: HttpClient;
  clock?: Clock;
  verify?: VerifyFn;
  parse?: (paths: string[]) => Promise<{ model: Model; warnings: ParseWarning[] }>;
  onProgress?: (progress: ResolveProgress) => void;
  /** Told about warnings as they happen (the result lists them too). */
  onWarning?: (message: string) => void;
  concurrency?: number;
}

export interface RunResolveResult {
  matches: Match[];
  /** Found/ambiguous matches left out by `minConfidence`. */
  hidden: number;
  /** Finders that did not run or stopped, and why (e.g. search without a token). */
  notes: string[];
  warnings: string[];
}

export async function runResolve(options: RunResolveOptions, deps: RunResolveDeps): Promise<RunResolveResult> {
  const warnings: string[] = [];
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
  const verify: VerifyFn = deps.verify ?? ((handle, identity) => verifyCandidate(handle, identity, { http: deps.http, allowHttp: options.allowHttp ?? false }));

  const destination = options.to === null ? null : parseDestination(options.to);
  const mapEntries = await readMaps(options.maps, warn);
  const { model, warnings: parseWarnings } = await (deps.parse ?? parseExport)(options.archives);
  for (const w of parseWarnings) warn(`${w.file ? `${w.file}: ` : ''}${w.message}`);

  const cache = await openCache(options, clock, warn);
  try {
    const finders = await buildFinders(options, { destination, mapEntries, cache, verify, http: deps.http, note });
    const all = await resolveContacts(model.contacts, {
      finders, verify, cache, note,
      onProgress: deps.onProgress,
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
    });
    const matches = all.filter((m) => !(m.status === 'found' || m.status === 'ambiguous') || confidenceAtLeast(m.confidence, options.minConfidence));
    return { matches, hidden: all.length - matches.length, notes, warnings };
  } finally {
    await cache.flush();
  }
}

function parseDestination(to: string): Handle {
  const h = parseHandleOrProfileUrl(to);
  if (!h) {
    throw new UsageError(`--to "${to}" is not a fediverse handle.`, { hint: 'Write your new account as user@host, e.g. --to @me@example.social.' });
  }
  return h;
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

async function openCache(options: RunResolveOptions, clock: Clock, warn: (m: string) => void): Promise<ResolveCache> {
  return openFileCache(join(options.stateDir, 'cache', 'resolve.jsonl'), { clock, refresh: options.refresh, warn });
}

interface FinderDeps {
  destination: Handle | null;
  mapEntries: MapEntry[];
  cache: ResolveCache;
  verify: VerifyFn;
  http: HttpClient;
  note: (finder: FinderName, message: string) => void;
}

async function buildFinders(options: RunResolveOptions, d: FinderDeps): Promise<Finder[]> {
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
  if (on.has('guess')) {
    finders.push(guessFinder({ destinationDomain: d.destination?.host ?? null, servers: expandServerList(options.servers ?? []) }));
  }
  return finders;
}

async function buildSearch(options: RunResolveOptions, d: FinderDeps): Promise<Finder | null> {
  if (d.destination === null) {
    d.note('search', 'skipped: no destination (give --to @you@your.server and LEAVE_PLATFORM_TOKEN)');
    return null;
  }
  if (!options.token) {
    d.note('search', 'skipped: no token (set LEAVE_PLATFORM_TOKEN to a token of your new account with read:search)');
    return null;
  }
  // The API lives where the account's actor lives, which is not always the handle's domain
  // (reference/destinations.md section 1.3).
  const own = await cachedVerify(d.verify, d.cache)(formatHandle(d.destination), { platform: 'mastodon', id: null, username: null, profileUrl: null });
  if (own.status !== 'found') {
    d.note('search', `skipped: your account ${formatHandle(d.destination)} could not be found (${own.reason})`);
    return null;
  }
  return searchFinder({
    http: d.http, apiBase: new URL(own.actor).origin, localDomain: d.destination.host, token: options.token,
    cache: d.cache, note: d.note,
  });
}
