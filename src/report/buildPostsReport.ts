/**
 * The posts part of the report (pure, issue 8 section 4): what is carried over by kind, what is left out
 * and why (posts and media files), a preview of the first statuses exactly as they will be sent, and how
 * long the posts take by the destination's rate limits.
 */
import { DEFAULT_PROFILE, type DestinationProfile } from '../destinations/profile.js';
import type { Model } from '../model/types.js';
import { estimatePlan } from '../plan/estimate.js';
import { postKey, selectionKind } from '../plan/posts/selectPosts.js';
import type { ActionState, MediaAction, Plan, PostAction } from '../plan/types.js';
import type { ReportEstimate, ReportMediaLeftOut, ReportPostPart, ReportPosts, ReportVideos } from './types.js';

/** How many statuses the preview shows at least; a split post is shown whole (up to PREVIEW_MAX). */
const PREVIEW = 20;
const PREVIEW_MAX = 40;

export function buildPostsReport(model: Model, plan: Plan, states: ActionState[], profile: DestinationProfile | null = null): ReportPosts {
  const byKey = new Map(states.map((s) => [s.action.key, s]));
  const ownIds = new Set(model.posts.map((p) => postKey(p.platform, p.id)));
  const kindOf = new Map(model.posts.map((p) => [postKey(p.platform, p.id), selectionKind(p, model.account, ownIds)]));
  const kind = (platform: string, id: string): string => kindOf.get(postKey(platform, id)) ?? 'post';

  const byKind: Record<string, number> = {};
  const sources = new Set<string>();
  let statuses = 0;
  let media = 0;
  const mediaByType: Record<string, number> = {};
  let backdated = 0;
  const mediaLeftOut: ReportMediaLeftOut[] = [];
  for (const s of states) {
    const a = s.action;
    if (a.type === 'media') {
      if ((s.status === 'skipped' || s.status === 'failed') && s.reason !== null) {
        mediaLeftOut.push({
          path: a.path, post: { platform: a.source.platform, id: a.source.postId }, type: a.mediaType, status: s.status,
          reason: s.reason.code, detail: s.reason.detail ?? null,
        });
      } else {
        media += 1;
        mediaByType[a.mediaType] = (mediaByType[a.mediaType] ?? 0) + 1;
      }
      continue;
    }
    if (a.type !== 'post') continue;
    statuses += 1;
    if (a.backdateTo !== null) backdated += 1;
    const source = postKey(a.source.platform, a.source.id);
    if (sources.has(source)) continue;
    sources.add(source);
    const k = kind(a.source.platform, a.source.id);
    byKind[k] = (byKind[k] ?? 0) + 1;
  }

  const excluded: Record<string, number> = {};
  for (const e of plan.postsExcluded) excluded[e.reason.code] = (excluded[e.reason.code] ?? 0) + 1;
  const excludedPosts = plan.postsExcluded.map((e) => ({ source: e.source, kind: e.kind, reason: e.reason.code, detail: e.reason.detail ?? null }));

  return {
    byKind, posts: sources.size, statuses, media, mediaByType, backdated, excluded, excludedPosts, mediaLeftOut,
    preview: preview(states, byKey, kind),
    estimate: postsEstimate(plan, profile),
    videos: videosOf(states, profile),
  };
}

/** The videos still to upload, with the quota they go against (PeerTube). */
function videosOf(states: ActionState[], profile: DestinationProfile | null): ReportVideos | null {
  let count = 0;
  let bytes = 0;
  let channel: string | null = null;
  for (const s of states) {
    if (s.action.type !== 'video' || (s.status !== 'planned' && s.status !== 'sent')) continue;
    count += 1;
    bytes += s.action.size ?? 0;
    channel = s.action.channel;
  }
  if (count === 0) return null;
  const v = profile?.videos ?? null;
  return { count, bytes, channel, quotaBytes: v?.quotaBytes ?? null, quotaUsedBytes: v?.quotaUsedBytes ?? null };
}

/** The first statuses in sending order; a post split into parts is never cut in the middle. */
function preview(states: ActionState[], byKey: Map<string, ActionState>, kind: (platform: string, id: string) => string): ReportPostPart[] {
  const out: ReportPostPart[] = [];
  for (const s of states) {
    if (s.action.type !== 'post') continue;
    const a: PostAction = s.action;
    if (out.length >= PREVIEW_MAX || (out.length >= PREVIEW && a.part === 1)) break;
    out.push({
      key: a.key, source: a.source, kind: kind(a.source.platform, a.source.id), part: a.part, parts: a.parts, text: a.text,
      spoilerText: a.spoilerText, sensitive: a.sensitive, visibility: a.visibility, language: a.language, replyTo: a.replyTo,
      backdateTo: a.backdateTo, status: s.status, reason: s.reason?.code ?? null, detail: s.reason?.detail ?? null,
      media: a.media.map((k) => {
        const m = byKey.get(k);
        const action = m?.action.type === 'media' ? (m.action as MediaAction) : undefined;
        return {
          path: action?.path ?? null, type: action?.mediaType ?? 'other', alt: action?.alt ?? null,
          status: m?.status ?? 'planned', reason: m?.reason?.code ?? null, detail: m?.reason?.detail ?? null,
        };
      }),
    });
  }
  return out;
}

/** The posts and uploads alone against every rate family of the destination; null when nothing is left to send. */
function postsEstimate(plan: Plan, profile: DestinationProfile | null): ReportEstimate | null {
  const actions = plan.actions.filter((i) => i.action.type === 'post' || i.action.type === 'media');
  if (!actions.some((i) => i.status === 'planned' || i.status === 'sent')) return null;
  const e = estimatePlan({ ...plan, actions }, profile ?? DEFAULT_PROFILE);
  return toReportEstimate(e);
}

/** An estimate as the report keeps it: the binding family's numbers without its action types. */
export function toReportEstimate(e: { seconds: number; limitedBy: string; limit?: { family: string; limit: number; windowSeconds: number } | null }): ReportEstimate {
  const l = e.limit ?? null;
  return { seconds: e.seconds, limitedBy: e.limitedBy, limit: l === null ? null : { family: l.family, limit: l.limit, windowSeconds: l.windowSeconds } };
}
