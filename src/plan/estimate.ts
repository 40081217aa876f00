/**
 * How long a plan will take against Mastodon's documented ceilings (reference/destinations.md 2.3-2.5,
 * 2.8): 400 follows / 24 h and 300 statuses / 3 h per account (app/lib/rate_limiter.rb), 300 requests /
 * 5 min per token and 30 media uploads / 30 min (config/initializers/rack_attack.rb). Pure; the apply layer
 * may pass the numbers a server announced instead.
 */
import type { ActionType, Plan } from './types.js';

export type LimitName = 'follows/24h' | 'requests/5min' | 'statuses/3h' | 'media/30min';

export interface RateLimits {
  followsPer24h: number;
  requestsPer5min: number;
  statusesPer3h: number;
  mediaPer30min: number;
  /** A round trip, for plans that no ceiling slows down. */
  secondsPerRequest: number;
}

export const MASTODON_LIMITS: Readonly<RateLimits> = {
  followsPer24h: 400,
  requestsPer5min: 300,
  statusesPer3h: 300,
  mediaPer30min: 30,
  secondsPerRequest: 0.5,
};

export interface PlanEstimate {
  /** Seconds until the last action can be sent, rounded up. */
  seconds: number;
  /** The ceiling that dominates, or `none` when the plan fits in every window. */
  limitedBy: LimitName | 'none';
  /** Remote requests the plan needs (lookups included). */
  requests: number;
}

/**
 * Requests per action still to send: an account action is a lookup (`/api/v2/search?resolve=true`) plus
 * the write; a list addition is one write (the account id is known from its follow); a post or a media
 * upload is one write.
 */
const REQUESTS_PER_ACTION: Record<ActionType, number> = {
  follow: 2, block: 2, mute: 2, list_add: 1, post: 1, media: 1,
};

export function estimatePlan(plan: Plan, limits: Partial<RateLimits> = {}): PlanEstimate {
  const l: RateLimits = { ...MASTODON_LIMITS, ...limits };
  let requests = 0;
  let follows = 0;
  let statuses = 0;
  let media = 0;
  const lists = new Set<string>();
  for (const item of plan.actions) {
    if (item.status === 'sent') {
      // Maybe performed: one relationship check before anything else (src/journal/journal.ts).
      requests += 1;
      continue;
    }
    if (item.status !== 'planned') continue;
    const type = item.action.type;
    requests += REQUESTS_PER_ACTION[type];
    if (type === 'follow') follows += 1;
    if (type === 'post') statuses += 1;
    if (type === 'media') media += 1;
    if (type === 'list_add' && item.action.list !== null) lists.add(item.action.list);
  }
  requests += lists.size; // find or create each list once

  const waits: Array<[LimitName, number]> = [
    ['follows/24h', windowWait(follows, l.followsPer24h, 24 * 3600)],
    ['requests/5min', windowWait(requests, l.requestsPer5min, 5 * 60)],
    ['statuses/3h', windowWait(statuses, l.statusesPer3h, 3 * 3600)],
    ['media/30min', windowWait(media, l.mediaPer30min, 30 * 60)],
  ];
  let limitedBy: PlanEstimate['limitedBy'] = 'none';
  let longest = 0;
  for (const [name, wait] of waits) {
    if (wait > longest) {
      longest = wait;
      limitedBy = name;
    }
  }
  return { seconds: Math.ceil(longest + requests * l.secondsPerRequest), limitedBy, requests };
}

/** With `perWindow` allowed per window, `n` items need `ceil(n / perWindow) - 1` full windows of waiting. */
function windowWait(n: number, perWindow: number, windowSeconds: number): number {
  if (n <= 0) return 0;
  if (!(perWindow > 0)) return Number.POSITIVE_INFINITY;
  return (Math.ceil(n / perWindow) - 1) * windowSeconds;
}
