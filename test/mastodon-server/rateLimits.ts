/**
 * Rate-limit windows per family, and the X-RateLimit-* headers as Mastodon sends them.
 *
 * Mastodon: rack-attack throttles (`requests`, `media`) run before the controller and count every request;
 * their headers are those of the most limited matching throttle (app/controllers/concerns/rate_limit_headers.rb,
 * `api_throttle_data` min_by remaining). Controllers then override them with a model family (`statuses` on
 * POST /api/v1/statuses, `follows` on follow) unless the headers already show fewer remaining
 * (`override_rate_limit_headers`). Reset is `iso8601(6)`. A window here starts at its first request (not at an
 * epoch-aligned bucket as in Mastodon) so that scaled-down windows in tests are deterministic.
 */
import type { RateFamily, RateLimits } from './types.js';

interface Window {
  used: number;
  resetAt: number;
}

export interface FamilyState {
  family: RateFamily;
  limit: number;
  remaining: number;
  resetAt: number;
}

export class RateWindows {
  private readonly windows = new Map<RateFamily, Window>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  configured(family: RateFamily): boolean {
    return this.limits[family] !== undefined;
  }

  /** The family's state now; null when it is not limited. */
  state(family: RateFamily): FamilyState | null {
    const limit = this.limits[family];
    if (!limit) return null;
    const now = this.now();
    let w = this.windows.get(family);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: now + limit.windowMs };
      this.windows.set(family, w);
    }
    return { family, limit: limit.limit, remaining: Math.max(0, limit.limit - w.used), resetAt: w.resetAt };
  }

  /** Counts one use; call only after `state` said something remains. */
  spend(family: RateFamily): void {
    if (!this.limits[family]) return;
    this.state(family);
    this.windows.get(family)!.used++;
  }
}

/** Mastodon's header choice: the state with the fewest remaining (the override family wins a tie). */
export function mostLimited(states: FamilyState[]): FamilyState | null {
  let best: FamilyState | null = null;
  for (const s of states) if (!best || s.remaining <= best.remaining) best = s;
  return best;
}

export function rateLimitHeaders(s: FamilyState, format: 'iso8601' | 'unix', now: number, refused: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': format === 'unix' ? String(Math.ceil(s.resetAt / 1000)) : iso8601Micro(s.resetAt),
  };
  // Mastodon itself sends no Retry-After; many servers do (RFC 9110 section 10.2.3), and clients should obey it.
  if (refused) headers['retry-after'] = String(Math.max(1, Math.ceil((s.resetAt - now) / 1000)));
  return headers;
}

/** Ruby's `Time#iso8601(6)`: six fractional digits. */
function iso8601Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
