/**
 * How long a plan will take against the destination's rate limits (its profile's families: Mastodon's
 * 400 follows / 24 h, 300 statuses / 3 h, 30 media / 30 min and 300 requests / 5 min, reference/
 * destinations.md 2.3-2.5, 2.8). Every family is counted and the one that binds is named. Pure.
 */
import { DEFAULT_PROFILE, familyWindowLabel, type DestinationProfile, type RateFamilyLimit } from '../destinations/profile.js';
import { videoUpload } from './posts/planVideos.js';
import type { ActionType, Plan } from './types.js';

export interface PlanEstimate {
  /** Seconds until the last action can be sent, rounded up. */
  seconds: number;
  /** The family that binds (`statuses/3h`), or `none` when the plan fits in every window. */
  limitedBy: string;
  /** That family's limit, for words like "300 posts per 3 hours". */
  limit: RateFamilyLimit | null;
  /** Remote requests the plan needs (lookups included). */
  requests: number;
}

export interface EstimateOptions {
  /** One round trip to the server (default half a second; the import measures it on its first read). */
  secondsPerRequest?: number;
}

/**
 * Requests per action still to send: an account action is a lookup (`/api/v2/search?resolve=true`) plus
 * the write; a list addition is one write (the account id is known from its follow); a post is one write;
 * a media upload is one write and, for video and audio that the server processes later, about two polls.
 */
function requestsFor(type: ActionType, mediaType: string | null): number {
  switch (type) {
    case 'follow':
    case 'block':
    case 'mute':
      return 2;
    case 'media':
      return mediaType === 'video' || mediaType === 'audio' || mediaType === 'gif' ? 3 : 1;
    default:
      return 1;
  }
}

export function estimatePlan(plan: Plan, profile: DestinationProfile = DEFAULT_PROFILE, options: EstimateOptions = {}): PlanEstimate {
  const perRequest = options.secondsPerRequest ?? 0.5;
  let requests = 0;
  const writes = new Map<ActionType, number>();
  const lists = new Set<string>();
  for (const item of plan.actions) {
    if (item.status === 'sent') {
      // Maybe performed: one check with the server before anything else.
      requests += 1;
      continue;
    }
    if (item.status !== 'planned') continue;
    const a = item.action;
    requests += requestsFor(a.type, a.type === 'media' ? a.mediaType : null);
    writes.set(a.type, (writes.get(a.type) ?? 0) + 1);
    if (a.type === 'list_add') lists.add(a.list);
  }
  requests += lists.size; // find or create each list once

  // Sent one after another, the plan takes at least `requests` round trips. A family of L per window W
  // that must be waited out k = ceil(n / L) - 1 times takes k full windows, plus the round trips of what
  // goes in the last window: the larger of the two is the estimate (adding them would count twice the
  // requests sent while a window is waited out).
  // Video uploads take the time of their bytes at an assumed uplink speed (planVideos.ts).
  const serial = requests * perRequest + videoUpload(plan).seconds;
  let limitedBy = 'none';
  let limit: RateFamilyLimit | null = null;
  let longest = serial;
  for (const family of profile.rateLimits) {
    const n = family.counts === 'every_request' ? requests : family.counts.reduce((sum, t) => sum + (writes.get(t) ?? 0), 0);
    const waits = windowWait(n, family.limit, family.windowSeconds);
    if (waits === 0) continue;
    const inLastWindow = n - (Math.ceil(n / family.limit) - 1) * family.limit;
    const time = waits + (requests * inLastWindow / n) * perRequest;
    if (time > longest) {
      longest = time;
      limitedBy = familyWindowLabel(family);
      limit = family;
    }
  }
  return { seconds: Math.ceil(longest), limitedBy, limit, requests };
}

/** With `perWindow` allowed per window, `n` items need `ceil(n / perWindow) - 1` full windows of waiting. */
function windowWait(n: number, perWindow: number, windowSeconds: number): number {
  if (n <= 0) return 0;
  if (!(perWindow > 0)) return Number.POSITIVE_INFINITY;
  return (Math.ceil(n / perWindow) - 1) * windowSeconds;
}
