/**
 * The video planner (issue 12, section 2): the user's own videos (posts of kind `video`) as `video` actions
 * for a destination that takes videos into a channel (profile `videos`, PeerTube). Pure: no I/O.
 *
 * - Selection as for posts (selectPosts: kinds, dates, private only when asked).
 * - Metadata: the title is the text up to the first blank line (the YouTube parser writes title, blank
 *   line, description), cut to PeerTube's 120 characters; tags are the post's hashtags that fit PeerTube's
 *   rules (2 to 30 characters, at most 5); privacy is YouTube's own (public, unlisted, private); the
 *   original date goes to `originallyPublishedAt`; a two-letter language code where the export gives one.
 * - A video whose file the export lacks is left out (`media_missing`); with no channel to upload into,
 *   every video is left out (`channel_not_found`).
 * - Quota: the sizes the archive declares, in order, against what the account has left (total and
 *   daily); a video that would not fit is planned as `skipped` with `video_over_quota`, so a dry run names
 *   it. The journal's state wins for videos already under way.
 */
import type { DestinationProfile } from '../../destinations/profile.js';
import type { Model, Post } from '../../model/types.js';
import { reason } from '../reasons.js';
import type { ActionState, Plan, PlanItem, PostExclusion, PostVisibilityOut, VideoAction } from '../types.js';
import { type SelectOptions, postSource, selectPosts } from './selectPosts.js';

/** PeerTube's limits (server/core/initializers/constants.ts CONSTRAINTS_FIELDS.VIDEOS). */
const NAME_MIN = 3;
const NAME_MAX = 120;
const DESCRIPTION_MAX = 10_000;
const TAG_MIN = 2;
const TAG_MAX = 30;
const TAGS_MAX = 5;

/**
 * The uplink speed the upload estimate assumes: 20 Mbit/s (2.5 MB/s), a common cable or fibre home
 * uplink. The estimate says "about"; the real time depends on the user's line.
 */
export const ASSUMED_UPLINK_BYTES_PER_SECOND = 2_500_000;

export interface PlanVideosInput {
  model: Pick<Model, 'account' | 'posts'>;
  options: SelectOptions;
  profile: DestinationProfile;
  mediaSize: (archive: string | null, path: string | null) => number | null;
  journal: ReadonlyMap<string, ActionState>;
}

export interface VideoPlan {
  items: PlanItem[];
  excluded: PostExclusion[];
}

export function videoKey(post: Pick<Post, 'platform' | 'id'>): string {
  return `video:${post.platform}:${post.id}`;
}

/** Whether the destination takes videos: then posts of kind `video` are planned here, not as posts. */
export function takesVideos(profile: DestinationProfile): boolean {
  return profile.videos !== undefined && profile.videos !== null;
}

export function planVideos(input: PlanVideosInput): VideoPlan {
  const videos = input.profile.videos;
  const model = { account: input.model.account, posts: input.model.posts.filter((p) => p.kind === 'video') };
  const { selected, excluded } = selectPosts(model, input.options);
  const items: PlanItem[] = [];
  if (!videos) return { items, excluded };
  let left = room(videos.quotaBytes, videos.quotaUsedBytes);
  let leftToday = room(videos.dailyQuotaBytes, videos.dailyUsedBytes);
  for (const post of selected) {
    const source = postSource(post, input.model.account);
    const file = post.media.find((m) => m.type === 'video') ?? null;
    if (videos.channel === null) {
      excluded.push({ source, kind: 'video', reason: reason('channel_not_found', videos.channelAsked) });
      continue;
    }
    if (file === null || file.path === null || file.archive === null) {
      excluded.push({ source, kind: 'video', reason: reason('media_missing', file?.path ?? null) });
      continue;
    }
    const size = input.mediaSize(file.archive, file.path);
    const { name, description } = titleAndDescription(post);
    const action: VideoAction = {
      key: videoKey(post), type: 'video', source, archive: file.archive, path: file.path, size, name, description,
      tags: tagsOf(post.hashtags), privacy: privacyOf(post.visibility), originallyPublishedAt: post.createdAt,
      language: languageOf(post.language), category: null, channel: videos.channel.name,
    };
    const known = input.journal.get(action.key);
    if (known && known.status !== 'planned' && known.status !== 'skipped') {
      items.push({ action, status: known.status, reason: known.reason, after: [] });
      continue;
    }
    const bytes = size ?? 0;
    if (bytes > left || bytes > leftToday) {
      const detail = `${bytes} bytes, ${Math.max(0, Math.min(left, leftToday))} left`;
      items.push({ action, status: 'skipped', reason: reason('video_over_quota', detail), after: [] });
      continue;
    }
    left -= bytes;
    leftToday -= bytes;
    items.push({ action, status: 'planned', reason: null, after: [] });
  }
  return { items, excluded };
}

/** The bytes still to upload and the time they take at the assumed uplink speed. */
export function videoUpload(plan: Pick<Plan, 'actions'>): { bytes: number; seconds: number } {
  let bytes = 0;
  for (const item of plan.actions) {
    if (item.action.type === 'video' && (item.status === 'planned' || item.status === 'sent')) bytes += item.action.size ?? 0;
  }
  return { bytes, seconds: Math.ceil(bytes / ASSUMED_UPLINK_BYTES_PER_SECOND) };
}

function room(quota: number | null, used: number): number {
  return quota === null ? Number.POSITIVE_INFINITY : Math.max(0, quota - used);
}

function titleAndDescription(post: Post): { name: string; description: string | null } {
  const text = post.text.trim();
  const cut = text.indexOf('\n\n');
  const first = (cut === -1 ? text : text.slice(0, cut)).replace(/\s+/g, ' ').trim();
  const rest = cut === -1 ? '' : text.slice(cut + 2).trim();
  let name = [...first].slice(0, NAME_MAX).join('');
  // PeerTube wants at least 3 characters: a shorter (or missing) title is completed with the video id.
  if ([...name].length < NAME_MIN) name = [...`${name} ${post.id}`.trim()].slice(0, NAME_MAX).join('');
  return { name, description: rest === '' ? null : [...rest].slice(0, DESCRIPTION_MAX).join('') };
}

function tagsOf(hashtags: readonly string[]): string[] {
  const ok = hashtags.filter((t) => [...t].length >= TAG_MIN && [...t].length <= TAG_MAX);
  return [...new Set(ok)].slice(0, TAGS_MAX);
}

function privacyOf(v: Post['visibility']): PostVisibilityOut {
  return v === 'public' ? 'public' : v === 'private' ? 'private' : 'unlisted';
}

/** PeerTube's languages are two-letter codes (ISO 639-1): `en-US` becomes `en`, anything else is left out. */
function languageOf(lang: string | null): string | null {
  const m = /^([a-z]{2})(?:[-_][A-Za-z0-9]+)*$/i.exec(lang?.trim() ?? '');
  return m ? m[1]!.toLowerCase() : null;
}
