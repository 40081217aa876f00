/**
 * The apply layer's ports and the executor contract. The journal port is what the state machine in
 * applyPlan.ts needs from src/journal (tests pass an in-memory one); an Executor knows how to send one
 * action type and how to tell, after a crash, whether an earlier send reached the server.
 * Events are the journal's own (DESIGN.md section 6).
 */
import type { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import type { Destination, MediaLimits } from '../destinations/types.js';
import type { JournalEvent } from '../journal/events.js';
import type { Reason } from '../plan/reasons.js';
import type { Action, ActionStatus, ActionType } from '../plan/types.js';

export type { JournalEvent };

/** The latest state of one action, folded from its events. */
export interface JournalRecord {
  status: ActionStatus;
  reason: Reason | null;
  remoteId: string | null;
  /** Time of the last event (ISO), or null. */
  at: string | null;
}

export interface JournalPort {
  state(): ReadonlyMap<string, JournalRecord>;
  /**
   * Resolves only once the event is on disk (fsync): the next remote write may depend on it. With
   * `durable: false` (an outcome whose loss leaves the action `sent`, checked with the server next run)
   * the fsync may wait for the next durable event.
   */
  append(event: JournalEvent, options?: { durable?: boolean }): Promise<void>;
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

/** What an executor decides for an action. `remoteId`: the server's id of what was made or acted on. */
export interface Outcome {
  status: ActionStatus;
  reason: Reason | null;
  remoteId?: string | null;
}

/** A media file read from the archive and made fit for the server (src/media), or why it cannot go. */
export type PreparedMediaResult =
  | {
    ok: true;
    mime: string;
    fileName: string;
    size: number;
    open: () => Promise<Readable>;
    /** Removes temporary files made for a converted image. */
    cleanup: () => Promise<void>;
  }
  | { ok: false; reason: Reason };

/** A video file of the export, streamed as it is (never converted, never extracted to disk). */
export type VideoFileResult =
  | { ok: true; mime: string; fileName: string; size: number; open: () => Promise<Readable> }
  | { ok: false; reason: Reason };

/** Reads media files from the export (the composition root opens the archive; tests pass a fake). */
export interface MediaSource {
  prepare(action: Extract<Action, { type: 'media' }>, limits: MediaLimits | null): Promise<PreparedMediaResult>;
  /** Opens a video action's file by its archive and path (video uploads); absent where there is none. */
  video?(action: Extract<Action, { type: 'video' }>): Promise<VideoFileResult>;
}

/** What one executor may use while it handles one action. */
export interface ExecContext {
  readonly destination: Destination;
  readonly clock: Clock;
  /** Soft stop (the first Ctrl-C): aborts waits and reads, never a write in flight. */
  readonly signal: AbortSignal | undefined;
  readonly media: MediaSource | null;
  /** Handles (lower case `user@host`) the account already followed before this run. */
  readonly alreadyFollowing: ReadonlySet<string>;
  /** The latest journal state of any action. */
  last(key: string): JournalRecord | undefined;
  /** A stable Idempotency-Key for this action (or for `what`, a sub-request of it). */
  idempotencyKey(what?: string): string;
  /**
   * Records `sent` (with `remoteId`, on disk) and then runs the action's one remote write. Only a throw
   * out of the write before the server could apply it (a rate-limit wait, a 429) puts it back to planned.
   */
  write<T>(remoteId: string | null, call: () => Promise<T>): Promise<T>;
  /** Records an intermediate state (a media id while the server processes it) without ending the action. */
  note(outcome: Outcome): Promise<void>;
  /** The server's id of `user@host`, looked up once per run. */
  accountId(handle: string): Promise<{ ok: true; id: string } | { ok: false; outcome: Outcome }>;
  /**
   * The remote ids the journal holds for the other actions of `type` (the statuses other posts became):
   * a reconcile must never take one of them for this action's lost answer.
   */
  remoteIdsOfOthers(type: ActionType): ReadonlySet<string>;
  /** Shared per-run memory of an executor (list ids by title, ...): a value `keep` accepts is made once per run. */
  memo<T>(key: string, make: () => Promise<T>, keep: (value: T) => boolean): Promise<T>;
}

/**
 * One action type: how to send it, and how to tell after a crash whether an earlier send went through.
 * A new action type is one file implementing this and one line in src/apply/executors/index.ts.
 */
export interface Executor<A extends Action = Action> {
  readonly type: A['type'];
  /** Whether the destination (and the run) has what this type needs; if not, it is skipped. */
  supported(ctx: ExecContext): boolean;
  /** A first-time send. */
  send(action: A, ctx: ExecContext): Promise<Outcome>;
  /**
   * The last state is `sent` or `failed`: the answer may have been lost. An outcome when the server shows
   * the action applied (or cannot tell: then `failed`, rechecked next run), `absent` when it shows it was not.
   */
  reconcile(action: A, ctx: ExecContext, last: JournalRecord): Promise<Outcome | 'absent'>;
  /** The last state is `pending` (a follow request): see whether it was settled. */
  recheck?(action: A, ctx: ExecContext, last: JournalRecord): Promise<Outcome>;
}
