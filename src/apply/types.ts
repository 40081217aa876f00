/**
 * What the apply loop needs from the journal (src/journal implements it; tests pass an in-memory one).
 * Events are the journal's own (DESIGN.md section 6): `{ v: 1, at, key, type, target, status, reason?, remoteId? }`.
 */
import type { Action, ActionStatus, ActionType } from '../plan/types.js';

export interface JournalEvent {
  v: 1;
  /** ISO 8601 UTC. */
  at: string;
  key: string;
  type: ActionType;
  target: string;
  status: ActionStatus;
  reason?: string | null;
  /** The destination's id for the target account, once known (saves a lookup on resume). */
  remoteId?: string | null;
  /** The whole action, on its first event, so that `status` and reports can show the contact. */
  action?: Action;
}

/** The latest state of one action, folded from its events. */
export interface JournalRecord {
  status: ActionStatus;
  reason: string | null;
  remoteId: string | null;
}

export interface JournalPort {
  state(): ReadonlyMap<string, JournalRecord>;
  /** Resolves only once the event is on disk (fsync): the next remote write may depend on it. */
  append(event: JournalEvent): Promise<void>;
}

export interface ApplyCounts {
  done: number;
  pending: number;
  failed: number;
  skipped: number;
  /** Not sent yet (left by a rate limit or an interruption). */
  left: number;
}

export interface ApplyProgress {
  counts: ApplyCounts;
  total: number;
  /** The action being worked on, if any. */
  current: string | null;
  /** Set while sleeping for a rate limit. */
  waitingUntil: Date | null;
}
