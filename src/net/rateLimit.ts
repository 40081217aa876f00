/**
 * Reading a server's rate-limit signals. Mastodon sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (an ISO 8601 time; docs content/en/api/rate-limits.md); GoToSocial sends a unix
 * timestamp in Reset (docs/api/ratelimiting.md). `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3).
 */
import type { HttpResponse } from './types.js';

export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** When the window resets, if the server said. */
  resetAt: Date | null;
}

/** The X-RateLimit-* headers of a response; every field null when absent or unreadable. */
export function rateLimitOf(response: Pick<HttpResponse, 'headers'>, now: number = Date.now()): RateLimit {
  const h = response.headers;
  return {
    limit: nonNegativeInt(h['x-ratelimit-limit']),
    remaining: nonNegativeInt(h['x-ratelimit-remaining']),
    resetAt: parseReset(h['x-ratelimit-reset'], now),
  };
}

/** Milliseconds to wait according to `Retry-After` (never negative), or null when absent or unreadable. */
export function retryAfterMs(response: Pick<HttpResponse, 'headers'>, now: number = Date.now()): number | null {
  const value = response.headers['retry-after']?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function nonNegativeInt(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

function parseReset(value: string | undefined, now: number): Date | null {
  const text = value?.trim();
  if (text === undefined || text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    // A unix timestamp (GoToSocial, GitHub) is far larger than any plausible "seconds from now" delta.
    return new Date(n > 1e9 ? n * 1000 : now + n * 1000);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at);
}
