/**
 * What a PeerTube server and account can do, read once: the account's quota and channels
 * (`GET /api/v1/users/me`: `videoQuota`, `videoQuotaDaily`, -1 for unlimited, `videoChannels`), the quota
 * used (`GET /api/v1/users/me/video-quota-used`), and PeerTube's default API rate limit (config/default.yaml
 * `rates_limit.api`: 50 requests per 10 seconds). PeerTube has no statuses, media attachments or lists.
 */
import type { DestinationProfile, VideoLimits } from '../profile.js';
import type { CallResult } from '../types.js';
import type { RemoteChannel } from '../videosPort.js';
import type { PeerTubeApi } from './api.js';

export const PEERTUBE_RATE_LIMITS = [
  { family: 'requests', limit: 50, windowSeconds: 10, counts: 'every_request' as const },
];

export interface PeerTubeMe {
  accountId: string;
  username: string;
  quotaBytes: number | null;
  dailyQuotaBytes: number | null;
  channels: RemoteChannel[];
}

export async function readMe(api: PeerTubeApi): Promise<CallResult<PeerTubeMe>> {
  const r = await api.json({ path: '/api/v1/users/me' });
  if (!r.ok) return r;
  const me = r.value as Record<string, unknown> | null;
  if (!me || typeof me.username !== 'string') return { ok: false, failure: { kind: 'bad_response', status: 200, reason: 'users/me: no username' } };
  const account = (me.account ?? {}) as Record<string, unknown>;
  const channels = (Array.isArray(me.videoChannels) ? me.videoChannels : [])
    .map((c) => c as Record<string, unknown>)
    .filter((c) => typeof c.id === 'number' && typeof c.name === 'string')
    .map((c) => ({ id: c.id as number, name: c.name as string, displayName: typeof c.displayName === 'string' ? c.displayName : (c.name as string) }));
  return {
    ok: true,
    value: {
      accountId: String(account.id ?? me.id ?? me.username),
      username: me.username,
      quotaBytes: quota(me.videoQuota),
      dailyQuotaBytes: quota(me.videoQuotaDaily),
      channels,
    },
  };
}

export async function readProfile(api: PeerTubeApi, software: { name: string; version: string | null }, channelAsked: string | null): Promise<DestinationProfile> {
  const me = await readMe(api);
  let videos: VideoLimits | null = null;
  if (me.ok) {
    const used = await api.json({ path: '/api/v1/users/me/video-quota-used' });
    const u = (used.ok ? used.value : null) as { videoQuotaUsed?: unknown; videoQuotaUsedDaily?: unknown } | null;
    const channels = me.value.channels;
    const channel = channelAsked === null ? channels[0] : channels.find((c) => c.name.toLowerCase() === channelAsked.toLowerCase());
    videos = {
      quotaBytes: me.value.quotaBytes,
      quotaUsedBytes: typeof u?.videoQuotaUsed === 'number' ? u.videoQuotaUsed : 0,
      dailyQuotaBytes: me.value.dailyQuotaBytes,
      dailyUsedBytes: typeof u?.videoQuotaUsedDaily === 'number' ? u.videoQuotaUsedDaily : 0,
      channel: channel ? { id: channel.id, name: channel.name } : null,
      channelAsked,
    };
  }
  return {
    kind: 'peertube',
    software: software.name,
    version: software.version,
    maxFollows: null,
    posts: null,
    media: null,
    videos,
    rateLimits: PEERTUBE_RATE_LIMITS,
  };
}

/** PeerTube writes an unlimited quota as -1. */
function quota(v: unknown): number | null {
  return typeof v === 'number' && v >= 0 ? v : null;
}
