/**
 * What a Mastodon-API server is and can do, read once from its public documents (no token is sent):
 * nodeinfo (src/destinations/nodeinfo.ts), then `/api/v2/instance` (`configuration.statuses` and `.media_attachments`,
 * docs: entities/Instance.md), falling back to `/api/v1/instance` (snac has no v2) and to Mastodon's
 * documented defaults where a server is silent (reference/destinations.md 2.4, 2.5, 2.8, 2.9).
 */
import type { HttpClient } from '../../net/types.js';
import { getJson, readNodeinfo, type Software } from '../nodeinfo.js';
import {
  MASTODON_MAX_FOLLOWS, MASTODON_MEDIA_LIMITS, MASTODON_POST_LIMITS, MASTODON_RATE_LIMITS,
  type DestinationProfile, type RateFamilyLimit,
} from '../profile.js';
import { isObject } from './entities.js';


/** GoToSocial's general limit (docs/api/ratelimiting.md): 300 requests per 5 minutes, no per-kind families. */
const GOTOSOCIAL_RATE_LIMITS: readonly RateFamilyLimit[] = [
  { family: 'requests', limit: 300, windowSeconds: 5 * 60, counts: 'every_request' },
];

export async function readMastodonProfile(options: {
  http: HttpClient;
  origin: string;
  signal?: AbortSignal | undefined;
  /** nodeinfo's answer when the caller read it already (choosing the adapter); else it is read here. */
  software?: Software;
}): Promise<DestinationProfile> {
  const software = options.software ?? (await readNodeinfo(options.http, options.origin, options.signal));
  const get = (url: string) => getJson(options.http, url, options.signal);
  const instance = (await get(`${options.origin}/api/v2/instance`)) ?? (await get(`${options.origin}/api/v1/instance`));
  const config = isObject(instance) && isObject(instance.configuration) ? instance.configuration : {};
  const statuses = isObject(config.statuses) ? config.statuses : {};
  const media = isObject(config.media_attachments) ? config.media_attachments : {};
  const legacyChars = isObject(instance) ? instance.max_toot_chars : undefined;

  return {
    kind: 'mastodon-api',
    software: software.name,
    version: software.version,
    maxFollows: software.name === 'mastodon' || software.name === 'hometown' ? MASTODON_MAX_FOLLOWS : null,
    posts: {
      maxCharacters: positive(statuses.max_characters) ?? positive(legacyChars) ?? MASTODON_POST_LIMITS.maxCharacters,
      urlLength: positive(statuses.characters_reserved_per_url) ?? MASTODON_POST_LIMITS.urlLength,
      maxMedia: positive(statuses.max_media_attachments) ?? MASTODON_POST_LIMITS.maxMedia,
      canBackdate: canBackdate(software.name, software.version),
      repliesArePublic: software.name === 'snac',
    },
    media: {
      mimeTypes: Array.isArray(media.supported_mime_types) && media.supported_mime_types.every((m) => typeof m === 'string')
        ? (media.supported_mime_types as string[]) : null,
      imageMaxBytes: positive(media.image_size_limit) ?? MASTODON_MEDIA_LIMITS.imageMaxBytes,
      videoMaxBytes: positive(media.video_size_limit) ?? MASTODON_MEDIA_LIMITS.videoMaxBytes,
      imageMaxPixels: positive(media.image_matrix_limit) ?? MASTODON_MEDIA_LIMITS.imageMaxPixels,
    },
    rateLimits: rateLimitsOf(software.name),
  };
}

/** GoToSocial 0.18.0 and later take a past `scheduled_at` as a quiet backdated import (PR #3685). */
export function canBackdate(software: string, version: string | null): boolean {
  if (software !== 'gotosocial' || version === null) return false;
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 0 || minor >= 18;
}

function rateLimitsOf(software: string): readonly RateFamilyLimit[] {
  if (software === 'gotosocial') return GOTOSOCIAL_RATE_LIMITS;
  // Mastodon's families; other servers of this API publish none, and its limits are a safe guess for pacing.
  return MASTODON_RATE_LIMITS;
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}
