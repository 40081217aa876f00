/**
 * Why an action was skipped, failed or waits, and why a match or a post produced no action: codes, with
 * an optional technical detail (a server's own message, a list of candidates). Only the CLI and the
 * reports turn them into words (src/report/reasonWords.ts), so the planner, the apply layer and the
 * journal never hold sentences.
 */
export const REASON_CODES = [
  // Account actions: what the account already has, or a limit.
  'already_following', 'already_blocked', 'already_muted', 'already_in_list', 'follow_limit',
  // Follow requests and list additions that wait or cannot happen.
  'follow_pending', 'follow_declined', 'list_waits_for_follow', 'list_follow_failed', 'list_not_followed',
  'list_unnamed',
  // Not sent by this run (a re-run sends them).
  'rate_limited', 'interrupted',
  // The server's answers.
  'lookup_failed', 'account_not_found', 'refused', 'forbidden', 'unauthorized', 'not_found', 'server_error',
  'network_error', 'bad_response', 'could_not_check', 'unsupported_by_destination', 'quota_reached',
  // Posts and media.
  'parent_failed', 'waits_for_parent', 'waits_for_media', 'media_missing', 'media_unreadable', 'media_too_large', 'media_too_many_pixels',
  'media_unsupported', 'media_processing_failed', 'media_over_post_limit', 'media_failed',
  'post_empty', 'post_too_long', 'backdate_refused',
  // Videos (PeerTube).
  'video_over_quota', 'channel_not_found', 'upload_session_lost',
  // Matches that produced no action.
  'no_account_found', 'account_gone', 'ambiguous', 'lookup_error', 'not_in_archive', 'blocked_not_asked',
  'follows_off', 'muted_not_asked', 'follower_not_asked', 'no_relation', 'unchecked_by_you',
  'below_min_confidence',
  // Posts left out of an import.
  'reply_to_others', 'repost_not_asked', 'kind_not_asked', 'not_public', 'before_since', 'after_until',
  'not_own_post', 'empty_post', 'before_epoch',
  // A journal written by an older version, whose reason was a sentence.
  'other',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** A technical detail: the server's message, a status code, candidates, a platform name. */
  detail?: string | null;
}

export function reason(code: ReasonCode, detail?: string | null): Reason {
  return detail === undefined || detail === null || detail === '' ? { code } : { code, detail };
}

export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && (REASON_CODES as readonly string[]).includes(value);
}

/**
 * A reason as the journal stores it (`reason` code plus optional `detail`). Journals written before reasons
 * became codes hold a sentence in `reason`: it is kept as the detail of `other`.
 */
export function reasonFromJournal(code: unknown, detail: unknown): Reason | null {
  if (code === null || code === undefined) return null;
  const d = typeof detail === 'string' && detail !== '' ? detail : null;
  if (isReasonCode(code)) return reason(code, d);
  if (typeof code === 'string') return { code: 'other', detail: code };
  return null;
}

export function sameReason(a: Reason | null, b: Reason | null): boolean {
  if (a === null || b === null) return a === b;
  return a.code === b.code && (a.detail ?? null) === (b.detail ?? null);
}
