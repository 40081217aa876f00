/**
 * The report (DESIGN.md section 3a, `version: 1`): the `resolve --json` matches plus the destination,
 * the actions with their states, summary counts and the time estimate. The Markdown and HTML renderers
 * show the same content for people. No token ever reaches a report: none is in its input.
 */
import type { Confidence, ContactRef, Match, MatchStatus } from '../model/match.js';
import type { Platform } from '../model/types.js';
import type { ActionStatus, ActionType } from '../plan/types.js';
import type { PlanEstimate } from '../plan/estimate.js';

export const REPORT_VERSION = 1 as const;

export interface ReportAction {
  type: ActionType;
  target: string;
  status: ActionStatus;
  reason: string | null;
  /** The list's name, for `list_add`; otherwise null. */
  list: string | null;
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
  reason: string;
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
  notes: string[];
  summary: ReportSummary;
  estimate: Pick<PlanEstimate, 'seconds' | 'limitedBy'> | null;
}
