/**
 * The PeerTube channel search finders, for YouTube subscriptions: `GET /api/v1/search/video-channels
 * ?search=<title>` (PeerTube OpenAPI `searchChannels`; public, no token) on
 *   - `channels`: the user's own server when it runs PeerTube (nodeinfo says so), which knows the channels
 *     it federates with;
 *   - `index`: a global index with the same API (`--index URL`, e.g. SepiaSearch), only when asked for.
 * A hit with the same name is only `low`: anyone can call a channel anything. Verification at the
 * channel's home (verify.ts, peertubeChannel.ts) lifts it when the channel links the YouTube channel.
 */
import { UsageError } from '../../errors.js';
import type { FinderName } from '../../model/match.js';
import type { Contact } from '../../model/types.js';
import type { HttpClient } from '../../net/types.js';
import type { ResolveCache } from '../cache.js';
import { formatHandle, parseHandle } from '../handles.js';
import { isObject } from '../webfinger.js';
import { namesMatch, normalizeName } from './search.js';
import type { Candidate, Finder, NoteSink } from './types.js';

const RESULTS_PER_QUERY = 10;
/**
 * Searches per run and per server. PeerTube allows 50 API requests per 10 s per address by default
 * (config `rates_limit.api`); an index run by volunteers deserves no more. Answers are cached, so a
 * re-run searches the subscriptions this run left out.
 */
export const CHANNEL_SEARCHES_PER_RUN = 500;
/** A PeerTube rate-limit window is 10 s: waiting a minute for it is fine, longer means something is off. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** What of a hit's description and support text is kept to look for the channel id in. */
const MENTION_TEXT_CHARS = 4000;

export interface ChannelSearchOptions {
  /** `channels` (the destination) or `index` (`--index`): names the evidence and the notes. */
  finder: Extract<FinderName, 'channels' | 'index'>;
  http: HttpClient;
  /** `https://host` whose search API is asked. */
  origin: string;
  cache?: ResolveCache | null;
  note?: NoteSink;
  /** Network searches allowed in this run (default CHANNEL_SEARCHES_PER_RUN); cached answers are free. */
  maxQueries?: number;
}

/** One channel of a search answer, as much as the finder needs. */
export interface ChannelHit {
  /** The channel's actor name (its handle's user part). */
  name: string;
  /** The server the channel lives on. */
  host: string;
  displayName: string;
  /** The hit's description and support text, cut to MENTION_TEXT_CHARS. */
  text: string;
}

export function channelSearchFinder(options: ChannelSearchOptions): Finder {
  let disabled = false;
  let budgetNoted = false;
  const budget = { left: options.maxQueries ?? CHANNEL_SEARCHES_PER_RUN };
  const where = new URL(options.origin).host;
  return {
    name: options.finder,
    stage: 3,
    find: async (contact) => {
      if (disabled || contact.platform !== 'youtube') return [];
      const q = contact.displayName?.trim() ?? '';
      if (normalizeName(q).length < 3) return [];
      const hits = await searchChannels(q.slice(0, 100), options, budget);
      if (hits === 'over_budget') {
        if (!budgetNoted) {
          budgetNoted = true;
          options.note?.(options.finder, `stopped after ${options.maxQueries ?? CHANNEL_SEARCHES_PER_RUN} searches on ${where} in this run; run again to search the rest (answers so far are cached)`);
        }
        return [];
      }
      if (hits === 'no_api') {
        disabled = true;
        options.note?.(options.finder, `${where} has no PeerTube channel search (/api/v1/search/video-channels); it was skipped`);
        return [];
      }
      if (hits === 'error') return [];
      return candidatesFrom(contact, q, hits, options.finder, where);
    },
  };
}

/** The hits that name the contact's channel: the same title, or the channel id in their texts. */
export function candidatesFrom(
  contact: Contact, q: string, hits: readonly ChannelHit[], finder: FinderName, where: string,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const h = parseHandle(`${hit.name}@${hit.host}`);
    if (!h) continue;
    const handle = formatHandle(h);
    if (seen.has(handle.toLowerCase())) continue;
    const sameTitle = namesMatch(q, hit.displayName) || namesMatch(q, hit.name);
    const mentions = contact.id !== null && contact.id !== '' && hit.text.includes(contact.id);
    if (!sameTitle && !mentions) continue;
    seen.add(handle.toLowerCase());
    out.push({
      handle,
      finder,
      detail: sameTitle
        ? `channel search on ${where} for "${q}" found ${handle} named "${hit.displayName}"`
        : `channel search on ${where} for "${q}" found ${handle}, whose description names ${contact.id}`,
      base: 'low',
    });
  }
  return out;
}

async function searchChannels(
  q: string, o: ChannelSearchOptions, budget: { left: number },
): Promise<ChannelHit[] | 'no_api' | 'error' | 'over_budget'> {
  const key = `channels|${o.origin}|${q.toLowerCase()}`;
  const cached = o.cache?.get(key);
  if (Array.isArray(cached)) return cached as ChannelHit[];
  if (budget.left <= 0) return 'over_budget';
  budget.left--;
  const url = new URL('/api/v1/search/video-channels', o.origin);
  url.searchParams.set('search', q);
  url.searchParams.set('count', String(RESULTS_PER_QUERY));
  let body: unknown;
  try {
    const res = await o.http.request({
      url: url.href,
      headers: { accept: 'application/json' },
      maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS,
    });
    if (res.status === 404 || res.status === 405) return 'no_api';
    if (res.status !== 200) return 'error';
    body = res.json();
  } catch {
    return 'error';
  }
  const hits = parseChannelList(body);
  if (hits === null) return 'error';
  o.cache?.set(key, hits, hits.length > 0 ? 'found' : 'not_found');
  return hits;
}

/** Reads a VideoChannelList (`{ total, data: VideoChannel[] }`), skipping malformed members; null when it is not one. */
export function parseChannelList(body: unknown): ChannelHit[] | null {
  if (!isObject(body) || !Array.isArray(body.data)) return null;
  const out: ChannelHit[] = [];
  for (const c of body.data.slice(0, 100)) {
    if (!isObject(c)) continue;
    const { name, host, displayName, description, support } = c;
    if (typeof name !== 'string' || typeof host !== 'string') continue;
    const text = [description, support].filter((t): t is string => typeof t === 'string').join('\n');
    out.push({
      name,
      host,
      displayName: typeof displayName === 'string' ? displayName : '',
      text: text.slice(0, MENTION_TEXT_CHARS),
    });
  }
  return out;
}

/**
 * `--index URL`: the origin of a server with PeerTube's search API (a PeerTube server, or a search index
 * such as SepiaSearch, which serves the same API at its root). https only, unless --allow-http (testing).
 */
export function parseIndexUrl(raw: string, allowHttp = false): string {
  const hint = 'Give the address of a PeerTube search index, e.g. --index https://sepiasearch.org';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (cause) {
    throw new UsageError(`--index "${raw}" is not a URL.`, { cause, hint });
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new UsageError(`--index "${raw}" is not an https address.`, { hint });
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname.replace(/\/+$/, '') !== '') {
    throw new UsageError(`--index "${raw}" has more than a server's address (the search API lives at the server's root).`, { hint });
  }
  return url.origin;
}
