/**
 * The report (DESIGN.md section 3a, `version: 1`): the `resolve --json` matches plus the destination,
 * the actions with their states, summary counts and the time estimate. The Markdown and HTML renderers
 * show the same content for people. No token ever reaches a report: none is in its input.
 */
import type { Confidence, ContactRef, Match, MatchStatus } from '../model/match.js';
import type { Platform } from '../model/types.js';
import type { ActionStatus, ActionType, PostSource, PostVisibilityOut } from '../plan/types.js';

export const REPORT_VERSION = 1 as const;

export interface ReportAction {
  type: ActionType;
  /** A handle for account actions, `platform:id` for a post, the file's path for media. */
  target: string;
  status: ActionStatus;
  /** A reason code (src/plan/reasons.ts), or null; src/report/reasonWords.ts says it in words. */
  reason: string | null;
  /** A technical detail of the reason (the server's own message), or null. */
  detail: string | null;
  /** The list's name, for `list_add`; otherwise null. */
  list: string | null;
}

/** A picture, video or other file attached to a post part, for the posts preview. */
export interface ReportPostMedia {
  path: string | null;
  type: string;
  alt: string | null;
  status: ActionStatus;
  /** A reason code, or null. */
  reason: string | null;
  detail: string | null;
}

/** One status as it will be sent (or was), for the posts preview. */
export interface ReportPostPart {
  key: string;
  source: PostSource;
  /** What the source post is for `--kinds`: post, thread, reply, repost, quote, video, article. */
  kind: string;
  part: number;
  parts: number;
  /** The text exactly as it will be sent (mentions rewritten, footer added). */
  text: string;
  spoilerText: string | null;
  sensitive: boolean;
  visibility: PostVisibilityOut;
  language: string | null;
  /** The key of the status it answers, or null. */
  replyTo: string | null;
  /** The original date it keeps (a quiet backdated import), or null for a new post. */
  backdateTo: string | null;
  media: ReportPostMedia[];
  status: ActionStatus;
  /** A reason code, or null. */
  reason: string | null;
  detail: string | null;
}

/** A source post left out of the import, and why. */
export interface ReportPostExclusion {
  source: PostSource;
  kind: string;
  /** A reason code (src/plan/reasons.ts). */
  reason: string;
  detail: string | null;
}

/** A media file that does not go with its post (skipped when planning, or failed), and why. */
export interface ReportMediaLeftOut {
  path: string | null;
  /** The post it belongs to. */
  post: { platform: Platform; id: string };
  type: string;
  status: ActionStatus;
  /** A reason code. */
  reason: string;
  detail: string | null;
}

/** A time estimate and the rate-limit family that sets it. */
export interface ReportEstimate {
  seconds: number;
  /** The binding family as `statuses/3h`, or `none`. */
  limitedBy: string;
  /** That family's numbers ("300 posts per 3 hours"), when known. */
  limit: { family: string; limit: number; windowSeconds: number } | null;
}

export interface ReportPosts {
  /** Source posts carried over, by kind (post, thread, quote, ...). */
  byKind: Record<string, number>;
  /** Source posts carried over. */
  posts: number;
  /** Statuses to send (a long post counts once per part). */
  statuses: number;
  /** Media files to upload (the ones that cannot go are in `mediaLeftOut`). */
  media: number;
  /** The same, by type (image, video, gif, audio, other). */
  mediaByType: Record<string, number>;
  /** Statuses that keep their original date. */
  backdated: number;
  /** Source posts left out, by reason code. */
  excluded: Record<string, number>;
  /** The source posts left out, each with its reason. */
  excludedPosts: ReportPostExclusion[];
  /** Media files that do not go with their post. */
  mediaLeftOut: ReportMediaLeftOut[];
  /** The first parts, in the order they are sent. */
  preview: ReportPostPart[];
  /** How long the posts and uploads alone take, by the destination's rate limits. */
  estimate: ReportEstimate | null;
  /** Videos to upload (PeerTube) and the account's quota; null when no video is planned. */
  videos: ReportVideos | null;
}

export interface ReportVideos {
  /** Videos to upload and their bytes (as the archive declares them). */
  count: number;
  bytes: number;
  /** The channel they go into. */
  channel: string | null;
  /** The account's quota in bytes (null: unlimited) and what is used of it before the upload. */
  quotaBytes: number | null;
  quotaUsedBytes: number | null;
}

export interface ReportPlatformSummary {
  platform: Platform;
  contacts: number;
  found: number;
  notFound: number;
}

export interface ReportSummary {
  contacts: number;
  matches: Record<MatchStatus, number>;
  /** Found matches per confidence. */
  confidence: Record<Confidence, number>;
  platforms: ReportPlatformSummary[];
  actions: Record<ActionStatus, number>;
  actionsByType: Partial<Record<ActionType, Record<ActionStatus, number>>>;
}

export interface ReportExclusion {
  contact: ContactRef;
  handle: string | null;
  confidence: Confidence | null;
  /** A reason code (src/plan/reasons.ts). */
  reason: string;
  detail: string | null;
}

export interface Report {
  version: typeof REPORT_VERSION;
  generatedAt: string;
  /** The destination account (`user@host`), or null when there is none (CSV, resolve only). */
  destination: string | null;
  matches: Match[];
  actions: ReportAction[];
  /** Matches that led to no action, and why. */
  excluded: ReportExclusion[];
  /** Plain sentences about the plan. */
  notes: string[];
  summary: ReportSummary;
  estimate: ReportEstimate | null;
  /** The posts carried over, when posts were asked for; null otherwise. */
  posts: ReportPosts | null;
}
