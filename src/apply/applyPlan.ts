/**
 * The apply loop (DESIGN.md sections 1 and 6): runs planned actions in order against a destination,
 * recording every step in the journal so that a run killed at any instant resumes with nothing done
 * twice. It holds only the journal's state machine; what each action type sends, and how it tells after a
 * crash whether an earlier send went through, is its executor's job (src/apply/executors).
 *
 * For each action, by its last journal state:
 * - done / skipped: nothing.
 * - planned (or unknown): the executor reads what it needs, records `sent` (on disk) BEFORE the write,
 *   writes, and the outcome is recorded.
 * - sent / failed: the answer may have been lost, so the executor first reconciles with the server and
 *   the action is only sent again when the server shows it was not applied.
 * - pending: the executor re-checks (a follow request accepted since becomes done).
 * One bad action never stops the rest; only a rate limit longer than --max-wait, or the soft stop signal
 * (the first Ctrl-C, checked between actions, never cutting a write short), stops the loop, leaving the
 * remaining actions for a re-run.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import { RateLimitExceeded, type Destination } from '../destinations/types.js';
import { actionTypeOfKey } from '../plan/keys.js';
import { reason, sameReason, type Reason } from '../plan/reasons.js';
import { actionTarget, type Action, type ActionStatus } from '../plan/types.js';
import { countBucket, countStatuses, emptyCounts } from './counts.js';
import { EXECUTORS } from './executors/index.js';
import { mediaLookAhead } from './mediaLookAhead.js';
import type { ApplyCounts, ApplyProgress, ExecContext, Executor, JournalPort, JournalRecord, MediaSource, Outcome } from './types.js';

export interface ApplyDeps {
  destination: Destination;
  journal: JournalPort;
  clock: Clock;
  /** The destination account (`user@host`): part of each Idempotency-Key. */
  account: string;
  /** Handles (lower case `user@host`) the account already followed before this run. */
  alreadyFollowing?: ReadonlySet<string>;
  /** Reads media files from the export; without it media actions are skipped. */
  media?: MediaSource | null;
  onProgress?: (progress: ApplyProgress) => void;
  /** The soft stop: checked between actions and aborting waits; a write in flight always finishes. */
  signal?: AbortSignal;
  /** The executors by action type (tests may pass their own). */
  executors?: Partial<typeof EXECUTORS>;
}

export type StopReason = null | { reason: 'rate_limit'; resumeAt: Date; limit: string } | { reason: 'interrupted' };

export interface ApplyOutcome {
  states: Map<string, { status: ActionStatus; reason: Reason | null }>;
  counts: ApplyCounts;
  /** Set when the loop stopped before the end: the run is incomplete (exit 3). */
  stopped: StopReason;
}

export async function applyPlan(actions: readonly Action[], deps: ApplyDeps): Promise<ApplyOutcome> {
  // Media files are made ready (local work only) while the actions before them are sent.
  const media = deps.media ? mediaLookAhead(deps.media, actions, {
    journal: deps.journal, limits: async () => (await deps.destination.profile()).media,
  }) : null;
  const run = new ApplyRun({ ...deps, media }, actions.length);
  let stopped: StopReason = null;
  try {
    for (const [index, action] of actions.entries()) {
      if (deps.signal?.aborted) {
        stopped = { reason: 'interrupted' };
        break;
      }
      media?.before(index);
      try {
        await run.one(action);
      } catch (error) {
        if (error instanceof RateLimitExceeded) {
          await run.unsend(action, reason('rate_limited', error.limit));
          stopped = { reason: 'rate_limit', resumeAt: error.resumeAt, limit: error.limit };
          break;
        }
        if (deps.signal?.aborted) {
          await run.unsend(action, reason('interrupted'));
          stopped = { reason: 'interrupted' };
          break;
        }
        throw error;
      }
    }
  } finally {
    await media?.close();
  }
  const states = new Map<string, { status: ActionStatus; reason: Reason | null }>();
  for (const a of actions) {
    const r = deps.journal.state().get(a.key);
    states.set(a.key, { status: r?.status ?? 'planned', reason: r?.reason ?? null });
  }
  return { states, counts: countStates(actions, deps.journal), stopped };
}

export function countStates(actions: readonly Action[], journal: JournalPort): ApplyCounts {
  return countStatuses(actions.map((a) => journal.state().get(a.key)?.status ?? 'planned'));
}

class ApplyRun {
  private readonly ids = new Map<string, string>();
  private readonly memos = new Map<string, Promise<unknown>>();
  private readonly seen: Action[] = [];
  /**
   * The progress counts of the actions seen, kept up to date one action at a time: recounting every seen
   * action at each step was quadratic (15 s of CPU for 12,000 actions, bench/posts.bench.mjs).
   */
  private readonly counts: ApplyCounts = emptyCounts();
  private readonly counted = new Map<string, keyof ApplyCounts>();
  private readonly executors: typeof EXECUTORS;
  /**
   * The key of the action whose write is in flight: set right after its `sent` is on disk, cleared once
   * the write answers. Only a throw out of that write (a rate-limit wait before it, or a 429, both of
   * which mean the server did not apply it) may put the action back to `planned`.
   */
  private writing: string | null = null;

  constructor(private readonly deps: ApplyDeps, private readonly total: number) {
    this.executors = { ...EXECUTORS, ...deps.executors };
  }

  private last(key: string): JournalRecord | undefined {
    return this.deps.journal.state().get(key);
  }

  async one(action: Action): Promise<void> {
    this.seen.push(action);
    this.progress(action.key);
    const last = this.last(action.key);
    if (last?.remoteId && (action.type === 'follow' || action.type === 'block' || action.type === 'mute' || action.type === 'list_add')) {
      this.ids.set(action.handle.toLowerCase(), last.remoteId);
    }
    const status = last?.status ?? 'planned';
    if (status === 'done' || status === 'skipped') return;
    const executor = this.executors[action.type] as Executor;
    const ctx = this.contextFor(action);
    let outcome: Outcome;
    if (!executor.supported(ctx)) outcome = { status: 'skipped', reason: reason('unsupported_by_destination') };
    else if (status === 'pending' && executor.recheck && last) outcome = await executor.recheck(action, ctx, last);
    else if ((status === 'sent' || status === 'failed' || status === 'pending') && last) {
      const r = await executor.reconcile(action, ctx, last);
      outcome = r === 'absent' ? await executor.send(action, ctx) : r;
    } else outcome = await executor.send(action, ctx);
    const now = this.last(action.key);
    // An unchanged state needs no new line in the journal.
    if (now?.status !== outcome.status || !sameReason(now.reason, outcome.reason) || (outcome.remoteId && outcome.remoteId !== now.remoteId)) {
      await this.record(action, outcome);
    }
    this.progress(null);
  }

  /**
   * Puts a `sent` action back to planned after its write was stopped before the server applied it (a
   * rate-limit wait longer than --max-wait, a 429). A `sent` left by an earlier run, or one whose write
   * may have reached the server, stays `sent`: the next run reconciles it before sending anything.
   */
  async unsend(action: Action, why: Reason): Promise<void> {
    const ours = this.writing === action.key;
    this.writing = null;
    if (ours && this.last(action.key)?.status === 'sent') await this.record(action, { status: 'planned', reason: why });
  }

  private contextFor(action: Action): ExecContext {
    const d = this.deps;
    return {
      destination: d.destination,
      clock: d.clock,
      signal: d.signal,
      media: d.media ?? null,
      alreadyFollowing: d.alreadyFollowing ?? new Set(),
      last: (key) => this.last(key),
      idempotencyKey: (what) => this.hash(what ?? action.key),
      write: async (remoteId, call) => {
        await this.record(action, { status: 'sent', reason: null, remoteId });
        this.writing = action.key;
        const r = await call();
        this.writing = null;
        return r;
      },
      note: (outcome) => this.record(action, outcome),
      accountId: (handle) => this.accountId(handle),
      remoteIdsOfOthers: (type) => {
        const ids = new Set<string>();
        for (const [key, r] of this.deps.journal.state()) {
          if (r.remoteId && key !== action.key && actionTypeOfKey(key) === type) ids.add(r.remoteId);
        }
        return ids;
      },
      memo: (key, make, keep) => this.memo(key, make, keep),
    };
  }

  private async memo<T>(key: string, make: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const known = this.memos.get(key) as Promise<T> | undefined;
    if (known) return known;
    const made = make();
    this.memos.set(key, made);
    const value = await made;
    if (!keep(value)) this.memos.delete(key);
    return value;
  }

  private async accountId(handle: string): Promise<{ ok: true; id: string } | { ok: false; outcome: Outcome }> {
    const key = handle.toLowerCase();
    const known = this.ids.get(key);
    if (known) return { ok: true, id: known };
    const accounts = this.deps.destination.accounts;
    if (!accounts) return { ok: false, outcome: { status: 'skipped', reason: reason('unsupported_by_destination') } };
    const r = await accounts.lookup(handle);
    if (!r.ok) return { ok: false, outcome: { status: 'failed', reason: reason('lookup_failed', r.failure.reason) } };
    if (!r.value) return { ok: false, outcome: { status: 'failed', reason: reason('account_not_found', handle) } };
    this.ids.set(key, r.value.id);
    return { ok: true, id: r.value.id };
  }

  private hash(what: string): string {
    return createHash('sha256').update(`${this.deps.account}\n${what}`).digest('hex').slice(0, 40);
  }

  /**
   * A `sent` (and a processing upload's id) is on disk before the request that may apply it. An outcome
   * after the answer need not wait for its own fsync: lost with the machine, it leaves the action `sent`,
   * which the next run checks with the server first; the next `sent` syncs it along.
   */
  private async record(action: Action, outcome: Outcome, durable = outcome.status === 'sent'): Promise<void> {
    const first = this.last(action.key) === undefined;
    await this.deps.journal.append({
      v: 1,
      at: new Date(this.deps.clock.now()).toISOString(),
      key: action.key,
      type: action.type,
      target: actionTarget(action),
      status: outcome.status,
      reason: outcome.reason?.code ?? null,
      ...(outcome.reason?.detail ? { detail: outcome.reason.detail } : {}),
      ...(outcome.remoteId ? { remoteId: outcome.remoteId } : {}),
      ...(first ? { action } : {}),
    }, { durable });
  }

  private progress(current: string | null): void {
    if (!this.deps.onProgress) return;
    // Only the action being run changes state between two calls: recount it alone.
    const key = this.seen[this.seen.length - 1]?.key;
    if (key !== undefined) {
      const bucket = countBucket(this.last(key)?.status ?? 'planned');
      const before = this.counted.get(key);
      if (before !== undefined) this.counts[before]--;
      this.counts[bucket]++;
      this.counted.set(key, bucket);
    }
    this.deps.onProgress({ counts: { ...this.counts }, total: this.total, current, waitingUntil: null });
  }
}
