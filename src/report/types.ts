/**
 * The report (DESIGN.md section 3a, `version: 1`): the `resolve --json` matches plus the destination,
 * the actions with their states, summary counts and the time estimate. The Markdown and HTML renderers
 * show the same content for people. No token ever reaches a report: none is in its input.
 */
import type { Confidence, ContactRef, Match, MatchStatus } from '../model/match.js';
import type { Platform } from '../model/types.js';
import type { ActionStatus, ActionType, PostVisibilityOut } from '../plan/types.js';
import type { PlanEstimate } from '../plan/estimate.js';

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

/** One status as it will be sent (or was), for the posts preview. */
export interface ReportPostPart {
  key: string;
  source: { platform: Platform; id: string; createdAt: string | null; url: string | null };
  part: number;
  parts: number;
  text: string;
  spoilerText: string | null;
  visibility: PostVisibilityOut;
  /** The key of the status it answers, or null. */
  replyTo: string | null;
  backdateTo: string | null;
  media: { path: string | null; type: string; alt: string | null; status: ActionStatus; reason: string | null }[];
  status: ActionStatus;
  reason: string | null;
}

export interface ReportPosts {
  /** Source posts selected, by kind (post, reply, quote, ...). */
  byKind: Record<string, number>;
  /** Statuses to send (a long post counts once per part). */
  statuses: number;
  media: number;
  /** Source posts left out, by reason code. */
  excluded: Record<string, number>;
  /** The first parts, in the order they are sent. */
  preview: ReportPostPart[];
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
  estimate: Pick<PlanEstimate, 'seconds' | 'limitedBy'> | null;
  /** The posts carried over, when posts were asked for; null otherwise. */
  posts: ReportPosts | null;
}
