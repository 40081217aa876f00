/**
 * How action states are counted everywhere a person sees counts (import, status, the progress line):
 * `planned` and `sent` are both "left" (not settled yet: a re-run sends or checks them).
 */
import type { ActionStatus } from '../plan/types.js';
import type { ApplyCounts } from './types.js';

export function emptyCounts(): ApplyCounts {
  return { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 };
}

export function countBucket(status: ActionStatus): keyof ApplyCounts {
  return status === 'planned' || status === 'sent' ? 'left' : status;
}

export function countStatuses(statuses: Iterable<ActionStatus>): ApplyCounts {
  const counts = emptyCounts();
  for (const s of statuses) counts[countBucket(s)]++;
  return counts;
}
