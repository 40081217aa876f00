/**
 * The search finder: the destination server's account search, `GET /api/v2/search?q=..&type=accounts
 * &resolve=true` with the user's token (Mastodon docs, methods/search.md: `resolve` needs a user token
 * and `read:search`). A large server knows accounts across the whole fediverse. A hit earns `medium`
 * only when its display name matches the contact's closely; a hit that merely shares the username is
 * a decoy candidate like any guess, so `low`.
 */
import type { Contact } from '../../model/types.js';
import type { HttpClient } from '../../net/types.js';
import type { ResolveCache } from '../cache.js';
import { formatHandle, parseHandle } from '../handles.js';
import type { Candidate, Finder, NoteSink } from './types.js';

const RESULTS_PER_QUERY = 5;
/**
 * Searches sent to the destination per run. Its API allows 300 requests per 5 minutes for everything the
 * account does (Mastodon rack_attack), follows included: thousands of searches would stall a run for hours
 * and starve the follows. Answers are cached, so a re-run searches the contacts this run left out.
 */
export const SEARCHES_PER_RUN = 250;
/** The destination's own API allows 300 requests per 5 minutes (Mastodon rack_attack): wait that out. */
const MAX_RATE_LIMIT_WAIT_MS = 5 * 60_000;

export interface SearchOptions {
  http: HttpClient;
  /** `https://host` of the destination's API (the host of the user's actor; not always the handle's). */
  apiBase: string;
  /** The domain of the destination's handles, for local accounts whose `acct` has no `@host`. */
  localDomain: string;
  token: string;
  cache?: ResolveCache | null;
  note?: NoteSink;
  /** Network searches allowed in this run (default SEARCHES_PER_RUN); cached answers are free. */
  maxQueries?: number;
}

interface SearchAccount {
  acct: string;
  username: string;
  displayName: string;
}

export function searchFinder(options: SearchOptions): Finder {
  let disabled = false;
  const budget = { left: options.maxQueries ?? SEARCHES_PER_RUN };
  return {
    name: 'search',
    stage: 3,
    find: async (contact) => {
      if (disabled) return [];
      const out: Candidate[] = [];
      const seen = new Set<string>();
      for (const q of queriesFor(contact)) {
        const result = await searchAccounts(q, options, budget);
        if (result === 'over_budget') {
          options.note?.('search', `the limit of ${options.maxQueries ?? SEARCHES_PER_RUN} searches per run was reached; the other contacts were not searched this time (run again later to search them: answers so far are cached)`);
          return out;
        }
        if (result === 'unauthorized') {
          disabled = true;
          options.note?.('search', `the destination refused the token (check LEAVE_PLATFORM_TOKEN and its read:search scope); search was stopped`);
          return out;
        }
        if (result === 'error') continue;
        for (const a of result) {
          const h = parseHandle(a.acct.includes('@') ? a.acct : `${a.acct}@${options.localDomain}`);
          if (!h) continue;
          const handle = formatHandle(h);
          if (seen.has(handle.toLowerCase())) continue;
          const closeName = contact.displayName !== null && namesMatch(contact.displayName, a.displayName);
          const sameUser = contact.username !== null && sameUsername(contact.username, a.username);
          if (!closeName && !sameUser) continue;
          seen.add(handle.toLowerCase());
          out.push({
            handle,
            finder: 'search',
            detail: closeName
              ? `search for "${q}" found ${handle} named "${a.displayName}"`
              : `search for "${q}" found ${handle} with the same username`,
            // A YouTube channel's title is no name of a person: the same title only is `low` (issue 12).
            base: closeName && contact.platform !== 'youtube' ? 'medium' : 'low',
          });
        }
        if (out.some((c) => c.base === 'medium')) break;
      }
      return out;
    },
  };
}

function queriesFor(contact: Contact): string[] {
  const qs: string[] = [];
  const u = contact.username?.replace(/^@/, '').trim();
  if (u && contact.platform !== 'mastodon') qs.push(u);
  const d = contact.displayName?.trim();
  if (d && d.length >= 3 && !qs.some((q) => q.toLowerCase() === d.toLowerCase())) qs.push(d.slice(0, 100));
  return qs;
}

async function searchAccounts(
  q: string, o: SearchOptions, budget: { left: number },
): Promise<SearchAccount[] | 'unauthorized' | 'error' | 'over_budget'> {
  const key = `search|${o.apiBase}|${q.toLowerCase()}`;
  const cached = o.cache?.get(key);
  if (Array.isArray(cached)) return cached as SearchAccount[];
  if (budget.left <= 0) return 'over_budget';
  budget.left--;
  const url = new URL('/api/v2/search', o.apiBase);
  url.searchParams.set('q', q);
  url.searchParams.set('type', 'accounts');
  url.searchParams.set('resolve', 'true');
  url.searchParams.set('limit', String(RESULTS_PER_QUERY));
  let body: unknown;
  try {
    const res = await o.http.request({
      url: url.href,
      headers: { accept: 'application/json', authorization: `Bearer ${o.token}` },
      maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS,
    });
    if (res.status === 401 || res.status === 403) return 'unauthorized';
    if (res.status !== 200) return 'error';
    body = res.json();
  } catch {
    return 'error';
  }
  const accounts = parseAccounts(body);
  if (accounts === null) return 'error';
  o.cache?.set(key, accounts, accounts.length > 0 ? 'found' : 'not_found');
  return accounts;
}

/** Reads `accounts` of a Mastodon Search entity, skipping malformed members. Null when it is not one. */
export function parseAccounts(body: unknown): SearchAccount[] | null {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { accounts?: unknown }).accounts)) return null;
  const out: SearchAccount[] = [];
  for (const a of (body as { accounts: unknown[] }).accounts.slice(0, 40)) {
    if (typeof a !== 'object' || a === null) continue;
    const { acct, username, display_name: displayName } = a as Record<string, unknown>;
    if (typeof acct !== 'string' || typeof username !== 'string') continue;
    out.push({ acct, username, displayName: typeof displayName === 'string' ? displayName : '' });
  }
  return out;
}

function sameUsername(a: string, b: string): boolean {
  return a.replace(/^@/, '').toLowerCase() === b.toLowerCase();
}

/**
 * Close display names: equal once case, accents, emoji, punctuation and any handle written in them are
 * set aside ("Jane Doe 🐘 @jane@x.y" is "jane doe"), or nearly so (Dice coefficient of letter pairs >= 0.8).
 */
export function namesMatch(a: string, b: string): boolean {
  const na = normalizeName(a);
  const nb = normalizeName(b);
  if (na.length < 3 || nb.length < 3) return false;
  if (na === nb) return true;
  return dice(na, nb) >= 0.8;
}

export function normalizeName(s: string): string {
  return s
    .replace(/@?[\w.-]+@[\w.-]+\.\w+/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function dice(a: string, b: string): number {
  const pairs = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let common = 0;
  for (const [k, n] of pa) common += Math.min(n, pb.get(k) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}
