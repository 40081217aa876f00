/**
 * What a destination server can do and its limits, as data: the planner and the estimate take it as
 * input instead of Mastodon constants. Each adapter builds it once from what the server publishes
 * (Mastodon API: nodeinfo and `/api/v2/instance`, v1 fallback; reference/destinations.md 2.4, 2.5, 2.8),
 * filling in the documented defaults where the server is silent.
 */
import type { ActionType } from '../plan/types.js';

/** One rate-limit window: `limit` requests of the given action types per `windowSeconds`. */
export interface RateFamilyLimit {
  /** Names the family in messages and estimates: `follows`, `statuses`, `media`, `requests`. */
  family: string;
  limit: number;
  windowSeconds: number;
  /** The action types whose writes count toward it; `requests` counts every request. */
  counts: readonly ActionType[] | 'every_request';
}

export interface PostLimits {
  maxCharacters: number;
  /** Characters one URL counts for, whatever its length (Mastodon: 23). */
  urlLength: number;
  maxMedia: number;
  /** A quiet backdated import through a past `scheduled_at` (GoToSocial 0.18 and later). */
  canBackdate: boolean;
  /**
   * The server makes a reply public whatever visibility was asked (snac 2.75 addresses a reply to the
   * parent's author and Public: observed, see the snac end-to-end test), so a split post or a self-thread
   * is not as quiet as asked there. The plan says so.
   */
  repliesArePublic: boolean;
}

export interface MediaLimits {
  /** MIME types the server accepts; null when it does not say (the Mastodon defaults then apply). */
  mimeTypes: readonly string[] | null;
  imageMaxBytes: number | null;
  videoMaxBytes: number | null;
  /** Width × height (Mastodon's `image_matrix_limit`). */
  imageMaxPixels: number | null;
}

/** Video uploads into a channel (PeerTube: `/api/v1/users/me` and `/api/v1/users/me/video-quota-used`). */
export interface VideoLimits {
  /** The account's quota in bytes; null when unlimited (PeerTube's -1). */
  quotaBytes: number | null;
  quotaUsedBytes: number;
  /** The daily quota in bytes; null when unlimited. */
  dailyQuotaBytes: number | null;
  dailyUsedBytes: number;
  /** The channel videos go into (`--channel`, else the account's first); null when there is no such channel. */
  channel: { id: number; name: string } | null;
  /** The channel name asked for with `--channel`, or null for the default. */
  channelAsked: string | null;
}

export interface DestinationProfile {
  /** The adapter: `mastodon-api` for every server with the Mastodon client API. */
  kind: string;
  /** nodeinfo software name in lower case (`mastodon`, `gotosocial`, `snac`, ...), or `unknown`. */
  software: string;
  version: string | null;
  /** The most accounts one can follow, where the server says or we know (Mastodon: 7,500). */
  maxFollows: number | null;
  /** Null when the destination cannot post. */
  posts: PostLimits | null;
  media: MediaLimits | null;
  /** Absent or null when the destination cannot take videos into a channel. */
  videos?: VideoLimits | null;
  rateLimits: readonly RateFamilyLimit[];
}

/** Mastodon's documented limits (reference/destinations.md 2.3-2.5, 2.8). */
export const MASTODON_RATE_LIMITS: readonly RateFamilyLimit[] = [
  { family: 'follows', limit: 400, windowSeconds: 24 * 3600, counts: ['follow'] },
  { family: 'statuses', limit: 300, windowSeconds: 3 * 3600, counts: ['post'] },
  { family: 'media', limit: 30, windowSeconds: 30 * 60, counts: ['media'] },
  { family: 'requests', limit: 300, windowSeconds: 5 * 60, counts: 'every_request' },
];

export const MASTODON_POST_LIMITS: PostLimits = { maxCharacters: 500, urlLength: 23, maxMedia: 4, canBackdate: false, repliesArePublic: false };

/** Mastodon's defaults (app/models/media_attachment.rb): 16 MB images, 99 MB videos, images under 4096×4096 pixels (src/media/mediaTypes.ts). */
export const MASTODON_MEDIA_LIMITS: MediaLimits = {
  mimeTypes: null,
  imageMaxBytes: 16 * 1024 * 1024,
  videoMaxBytes: 99 * 1024 * 1024,
  imageMaxPixels: 16_777_216,
};

/** Mastodon's own cap (app/validators/follow_limit_validator.rb, MAX_FOLLOWS_THRESHOLD). */
export const MASTODON_MAX_FOLLOWS = 7500;

/** The profile assumed when no server is known (a dry run without an account): Mastodon's defaults. */
export const DEFAULT_PROFILE: DestinationProfile = {
  kind: 'mastodon-api',
  software: 'unknown',
  version: null,
  maxFollows: MASTODON_MAX_FOLLOWS,
  posts: MASTODON_POST_LIMITS,
  media: MASTODON_MEDIA_LIMITS,
  rateLimits: MASTODON_RATE_LIMITS,
};

/** How a rate family is shown: `300 posts per 3 hours`. */
export function familyWindowLabel(f: RateFamilyLimit): string {
  return `${f.family}/${windowWords(f.windowSeconds)}`;
}

function windowWords(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}min`;
  return `${seconds}s`;
}
