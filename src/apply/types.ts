/**
 * What the apply loop needs from the journal (src/journal implements it; tests pass an in-memory one).
 * Events are the journal's own (DESIGN.md section 6): `{ v: 1, at, key, type, target, status, reason?, remoteId? }`.
 */
import type { JournalEvent } from '../journal/events.js';
import type { ActionStatus } from '../plan/types.js';

/** The journal's event line, as the loop appends it (one type: the loop writes what the journal stores). */
export type { JournalEvent };

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
