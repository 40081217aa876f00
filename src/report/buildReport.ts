/** Builds the report document from the pipeline's results (pure). */
import type { Confidence, Match, MatchStatus } from '../model/match.js';
import { CONFIDENCES } from '../model/match.js';
import type { Model, Platform } from '../model/types.js';
import type { PlanEstimate } from '../plan/estimate.js';
import { actionTarget, type ActionState, type ActionStatus, type ActionType, type Plan } from '../plan/types.js';
import type { DestinationProfile } from '../destinations/profile.js';
import { buildPostsReport, toReportEstimate } from './buildPostsReport.js';
import { noteText } from './reasonWords.js';
import { REPORT_VERSION, type Report, type ReportPlatformSummary, type ReportSummary } from './types.js';

export interface BuildReportInput {
  model: Model;
  matches: Match[];
  plan: Plan | null;
  /** The actions' current states: the plan's for a dry run, the journal's after a run. */
  states: ActionState[];
  destination: string | null;
  /** The whole plan's estimate; `limit` (the binding family's numbers) lets the reports say "300 posts per 3 hours". */
  estimate: (Pick<PlanEstimate, 'seconds' | 'limitedBy'> & { limit?: PlanEstimate['limit'] }) | null;
  /** The destination's profile, when known (the posts' own estimate uses its rate limits). */
  profile?: DestinationProfile | null;
  /**
   * Whether posts were asked for (`--posts`): the report then has a posts part, even an empty one. When not
   * given, the report has one when the plan holds posts or media or left posts out.
   */
  postsAsked?: boolean;
  /** ISO 8601; from the injected clock. */
  generatedAt: string;
}

const MATCH_STATUSES: readonly MatchStatus[] = ['found', 'not_found', 'gone', 'ambiguous', 'error'];
const ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'sent', 'done', 'pending', 'failed', 'skipped'];

export function buildReport(input: BuildReportInput): Report {
  const destination = input.destination === null ? null : input.destination.trim().replace(/^@/, '');
  return {
    version: REPORT_VERSION,
    generatedAt: input.generatedAt,
    destination,
    matches: input.matches,
    actions: input.states.map((s) => ({
      type: s.action.type,
      target: actionTarget(s.action),
      status: s.status,
      reason: s.reason?.code ?? null,
      detail: s.reason?.detail ?? null,
      list: s.action.type === 'list_add' ? s.action.list : null,
    })),
    excluded: (input.plan?.excluded ?? []).map((e) => ({ ...e, reason: e.reason.code, detail: e.reason.detail ?? null })),
    notes: (input.plan?.notes ?? []).map(noteText),
    summary: summarize(input),
    estimate: input.estimate === null ? null : toReportEstimate(input.estimate),
    posts: input.plan !== null && hasPosts(input, input.plan) ? buildPostsReport(input.model, input.plan, input.states, input.profile ?? null) : null,
  };
}

function hasPosts(input: BuildReportInput, plan: Plan): boolean {
  if (input.postsAsked !== undefined) return input.postsAsked;
  return plan.postsExcluded.length > 0 || input.states.some((s) => s.action.type === 'post' || s.action.type === 'media' || s.action.type === 'video');
}

function summarize(input: BuildReportInput): ReportSummary {
  const matches = zeroes(MATCH_STATUSES);
  const confidence = zeroes(CONFIDENCES);
  const platforms = new Map<Platform, ReportPlatformSummary>();
  const platform = (p: Platform) => {
    let s = platforms.get(p);
    if (s === undefined) {
      s = { platform: p, contacts: 0, found: 0, notFound: 0 };
      platforms.set(p, s);
    }
    return s;
  };
  for (const c of input.model.contacts) platform(c.platform).contacts += 1;
  for (const m of input.matches) {
    matches[m.status] += 1;
    const p = platform(m.contact.platform);
    if (m.status === 'found') {
      p.found += 1;
      if (m.confidence !== null) confidence[m.confidence as Confidence] += 1;
    } else {
      p.notFound += 1;
    }
  }
  const actions = zeroes(ACTION_STATUSES);
  const actionsByType: Partial<Record<ActionType, Record<ActionStatus, number>>> = {};
  for (const s of input.states) {
    actions[s.status] += 1;
    const byType = (actionsByType[s.action.type] ??= zeroes(ACTION_STATUSES));
    byType[s.status] += 1;
  }
  return {
    contacts: input.model.contacts.length,
    matches,
    confidence,
    platforms: [...platforms.values()],
    actions,
    actionsByType,
  };
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}
