/**
 * Pacing by the server's rate-limit headers, and what to do on a 429.
 *
 * Mastodon sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (an ISO 8601
 * time) on API answers; follow endpoints report their own family (400 follows per 24 h) instead of the
 * general one (300 requests per 5 min) (docs: content/en/api/rate-limits.md; app/lib/rate_limiter.rb).
 * GoToSocial sends the reset as a Unix timestamp (docs/api/ratelimiting.md). A 429 carries
 * `Retry-After` (RFC 9110 section 10.2.3: seconds or an HTTP date).
 *
 * The gate keeps one window per family, so that an exhausted follow budget does not hold up lookups.
 * A wait longer than the user's --max-wait throws RateLimitExceeded, which ends the run with exit 3.
 */
import type { Clock } from '../../clock.js';
import { rateLimitOf, retryAfterMs, type RateLimit } from '../../net/rateLimit.js';
import { RateLimitExceeded } from '../types.js';

export type RateFamily = 'follows' | 'statuses' | 'media' | 'requests';

/** The name of each family's documented window, used in messages and estimates. */
export const FAMILY_LABEL: Record<RateFamily, string> = {
  follows: 'follows/24h',
  statuses: 'statuses/3h',
  media: 'media/30min',
  requests: 'requests/5min',
};

/** `Retry-After` in ms from now (seconds or HTTP date), else the X-RateLimit-Reset time; null if neither. */
export function retryDelayMs(headers: Record<string, string>, now: number): number | null {
  const told = retryAfterMs({ headers }, now);
  if (told !== null) return told;
  const reset = rateLimitOf({ headers }, now).resetAt;
  return reset === null ? null : Math.max(0, reset.getTime() - now);
}

/** When no header says how long to wait after a 429, wait this long (then the next 429 doubles it). */
const DEFAULT_429_WAIT_MS = 60_000;

export class RateLimitGate {
  private readonly windows = new Map<RateFamily, RateLimit>();
  private readonly clock: Clock;
  private readonly maxWaitMs: number;
  /** Called before every sleep, so that the CLI can say "waiting until HH:MM". */
  private readonly onWait: ((until: Date, family: RateFamily) => void) | undefined;

  constructor(options: { clock: Clock; maxWaitMs: number; onWait?: (until: Date, family: RateFamily) => void }) {
    this.clock = options.clock;
    this.maxWaitMs = options.maxWaitMs;
    this.onWait = options.onWait;
  }

  /** Waits for the family's window to reopen when the last answer said nothing is left. */
  async beforeRequest(family: RateFamily, signal?: AbortSignal): Promise<void> {
    const w = this.windows.get(family);
    if (!w || w.remaining === null || w.remaining > 0 || w.resetAt === null) return;
    const wait = w.resetAt.getTime() - this.clock.now();
    if (wait <= 0) return;
    await this.sleepOrGiveUp(family, wait, signal);
    this.windows.delete(family);
  }

  afterResponse(family: RateFamily, headers: Record<string, string>): void {
    const state = rateLimitOf({ headers }, this.clock.now());
    if (state.remaining !== null) this.windows.set(family, state);
  }

  /** After a 429: sleeps for Retry-After (attempt 0, 1, ...) or throws RateLimitExceeded. */
  async after429(family: RateFamily, headers: Record<string, string>, attempt: number, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const told = retryDelayMs(headers, now);
    // A reset already past (a clock skew, a stale header) says nothing useful: retrying at once would
    // only spend the attempts on more 429s, so back off as if nothing was said.
    const wait = told !== null && told > 0 ? told : DEFAULT_429_WAIT_MS * 2 ** attempt;
    await this.sleepOrGiveUp(family, Math.max(wait, 1), signal);
  }

  private async sleepOrGiveUp(family: RateFamily, waitMs: number, signal?: AbortSignal): Promise<void> {
    const until = new Date(this.clock.now() + waitMs);
    if (waitMs > this.maxWaitMs) throw new RateLimitExceeded(until, FAMILY_LABEL[family]);
    this.onWait?.(until, family);
    await this.clock.sleep(waitMs, signal);
  }
}
