/**
 * The apply loop (DESIGN.md sections 1 and 6): runs planned actions in order against a destination,
 * recording every step in the journal so that a run killed at any instant resumes with nothing done
 * twice.
 *
 * For each action, by its last journal state:
 * - done / skipped: nothing.
 * - planned (or unknown): look the account up, record `sent` (on disk) BEFORE the write, write, record
 *   the outcome.
 * - sent / failed: the answer may have been lost, so first reconcile with the server (relationships,
 *   or the account's lists) and only write when the server shows it was not applied.
 * - pending: re-check (a follow request accepted since becomes done; a declined one is skipped).
 * A `list_add` waits until the follow of the same account is done (accounts go into lists only once
 * followed). One bad action never stops the rest; only a rate limit longer than --max-wait (or the
 * signal) stops the loop, leaving the remaining actions for a re-run.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Action, ActionStatus } from '../plan/types.js';
import { RateLimitExceeded, type CallFailure, type Destination, type RemoteRelationship } from '../destinations/types.js';
import type { ApplyCounts, ApplyProgress, JournalPort, JournalRecord } from './types.js';

export interface ApplyDeps {
  destination: Destination;
  journal: JournalPort;
  clock: Clock;
  /** The destination account (`user@host`): part of each Idempotency-Key. */
  account: string;
  /** Handles (lower case `user@host`) the account already followed before this run. */
  alreadyFollowing?: ReadonlySet<string>;
  onProgress?: (progress: ApplyProgress) => void;
  signal?: AbortSignal;
}

export interface ApplyOutcome {
  states: Map<string, { status: ActionStatus; reason: string | null }>;
  counts: ApplyCounts;
  /** Set when the loop stopped before the end: the run is incomplete (exit 3). */
  stopped: null | { reason: 'rate_limit'; resumeAt: Date; limit: string } | { reason: 'interrupted' };
}

type Outcome = { status: ActionStatus; reason: string | null; remoteId?: string | null };

export async function applyPlan(actions: readonly Action[], deps: ApplyDeps): Promise<ApplyOutcome> {
  const run = new ApplyRun(deps, actions.length);
  let stopped: ApplyOutcome['stopped'] = null;
  for (const action of actions) {
    if (deps.signal?.aborted) {
      stopped = { reason: 'interrupted' };
      break;
    }
    try {
      await run.one(action);
    } catch (error) {
      if (error instanceof RateLimitExceeded) {
        await run.unsend(action, `rate limited (${error.limit}); not sent yet`);
        stopped = { reason: 'rate_limit', resumeAt: error.resumeAt, limit: error.limit };
        break;
      }
      if (deps.signal?.aborted) {
        await run.unsend(action, 'interrupted; not sent yet');
        stopped = { reason: 'interrupted' };
        break;
      }
      throw error;
    }
  }
  const states = new Map<string, { status: ActionStatus; reason: string | null }>();
  for (const a of actions) {
    const r = deps.journal.state().get(a.key);
    states.set(a.key, { status: r?.status ?? 'planned', reason: r?.reason ?? null });
  }
  return { states, counts: countStates(actions, deps.journal), stopped };
}

export function countStates(actions: readonly Action[], journal: JournalPort): ApplyCounts {
  const counts: ApplyCounts = { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 };
  for (const a of actions) {
    const s = journal.state().get(a.key)?.status ?? 'planned';
    if (s === 'done' || s === 'pending' || s === 'failed' || s === 'skipped') counts[s]++;
    else counts.left++;
  }
  return counts;
}

class ApplyRun {
  private readonly ids = new Map<string, string>();
  private readonly listIds = new Map<string, string>();
  private readonly actions: Action[] = [];
  /**
   * The key of the action whose write is in flight: set right after its `sent` is on disk, cleared once
   * the write answers. Only a throw out of that write (a rate-limit wait before it, or a 429, both of
   * which mean the server did not apply it) may put the action back to `planned`.
   */
  private writing: string | null = null;

  constructor(private readonly deps: ApplyDeps, private readonly total: number) {}

  private last(key: string): JournalRecord | undefined {
    return this.deps.journal.state().get(key);
  }

  async one(action: Action): Promise<void> {
    this.actions.push(action);
    this.progress(action.key, null);
    const last = this.last(action.key);
    if (last?.remoteId) this.ids.set(action.target.toLowerCase(), last.remoteId);
    const status = last?.status ?? 'planned';
    if (status === 'done' || status === 'skipped') return;
    if (action.type === 'post' || action.type === 'media') {
      await this.record(action, { status: 'skipped', reason: 'posts are not imported by this command yet' });
      return;
    }
    let outcome: Outcome;
    if (status === 'pending') outcome = await this.recheck(action);
    else if (status === 'sent' || status === 'failed') outcome = await this.reconcileThenSend(action);
    else outcome = await this.send(action);
    const now = this.last(action.key);
    // An unchanged pending state needs no new line in the journal.
    if (now?.status !== outcome.status || now.reason !== outcome.reason) await this.record(action, outcome);
    this.progress(null, null);
  }

  /**
   * Puts a `sent` action back to planned after its write was stopped before the server applied it (a
   * rate-limit wait longer than --max-wait, a 429). A `sent` left by an earlier run, or one whose write
   * may have reached the server, stays `sent`: the next run reconciles it before sending anything.
   */
  async unsend(action: Action, reason: string): Promise<void> {
    const ours = this.writing === action.key;
    this.writing = null;
    if (ours && this.last(action.key)?.status === 'sent') await this.record(action, { status: 'planned', reason });
  }

  /** Runs the one remote write of an action whose `sent` is on disk (see `writing`). */
  private async write<T>(action: Action, call: () => Promise<T>): Promise<T> {
    this.writing = action.key;
    const r = await call();
    this.writing = null;
    return r;
  }

  private async send(action: Action): Promise<Outcome> {
    if (action.type === 'list_add') {
      const gate = await this.followGate(action);
      if (gate) return gate;
    }
    const id = await this.accountId(action.target);
    if (!id.ok) return id.outcome;
    let listId: string | null = null;
    if (action.type === 'list_add') {
      const l = await this.listId(action);
      if (!l.ok) return l.outcome;
      listId = l.id;
    }
    await this.record(action, { status: 'sent', reason: null, remoteId: id.id });
    const options = { idempotencyKey: this.idempotencyKey(action) };
    const d = this.deps.destination;
    switch (action.type) {
      case 'follow': {
        const r = await this.write(action, () => d.follow(id.id, options));
        return r.ok ? followOutcome(r.value, id.id) : failed(r.failure, id.id);
      }
      case 'block': {
        const r = await this.write(action, () => d.block(id.id, options));
        return r.ok ? { status: 'done', reason: null, remoteId: id.id } : failed(r.failure, id.id);
      }
      case 'mute': {
        const r = await this.write(action, () => d.mute(id.id, options));
        return r.ok ? { status: 'done', reason: null, remoteId: id.id } : failed(r.failure, id.id);
      }
      case 'list_add': {
        const r = await this.write(action, () => d.addToList(listId as string, [id.id], options));
        if (r.ok) return { status: 'done', reason: null, remoteId: id.id };
        // Mastodon answers 422 "Account has already been taken" when the account is in the list already.
        if (r.failure.kind === 'invalid') {
          const lists = await d.listsOf(id.id);
          if (lists.ok && lists.value.some((l) => l.id === listId)) return { status: 'done', reason: null, remoteId: id.id };
        }
        return failed(r.failure, id.id);
      }
      default:
        return { status: 'skipped', reason: `${action.type} is not supported by this destination` };
    }
  }

  /** Whether the server already shows the action applied; if not (or it cannot tell), send it. */
  private async reconcileThenSend(action: Action): Promise<Outcome> {
    const id = await this.accountId(action.target);
    if (!id.ok) return id.outcome;
    const d = this.deps.destination;
    if (action.type === 'list_add') {
      const gate = await this.followGate(action);
      if (gate) return gate;
      const lists = await d.listsOf(id.id);
      if (lists.ok && lists.value.some((l) => l.title === action.list)) return { status: 'done', reason: null, remoteId: id.id };
      return this.send(action);
    }
    const rels = await d.relationships([id.id]);
    if (!rels.ok && TRANSIENT.has(rels.failure.kind)) {
      // The server could not say whether the earlier write went through: sending now might do it twice.
      return { status: 'failed', reason: `could not check whether the earlier ${action.type} went through (${rels.failure.reason}); a re-run checks again`, remoteId: id.id };
    }
    // A server without the endpoint (404, 403, 422) can never tell: the write is sent again (follow,
    // block and mute are idempotent on the Mastodon API).
    const rel = rels.ok ? rels.value.find((r) => r.id === id.id) : undefined;
    if (rel) {
      if (action.type === 'follow' && (rel.following || rel.requested)) return followOutcome(rel, id.id);
      if (action.type === 'block' && rel.blocking) return { status: 'done', reason: null, remoteId: id.id };
      if (action.type === 'mute' && rel.muting) return { status: 'done', reason: null, remoteId: id.id };
    }
    return this.send(action);
  }

  private async recheck(action: Action): Promise<Outcome> {
    if (action.type === 'list_add') {
      const gate = await this.followGate(action);
      return gate ?? this.reconcileThenSend(action);
    }
    if (action.type !== 'follow') return this.reconcileThenSend(action);
    const id = await this.accountId(action.target);
    if (!id.ok) return id.outcome;
    const rels = await this.deps.destination.relationships([id.id]);
    if (!rels.ok) return { status: 'pending', reason: `could not re-check the follow request: ${rels.failure.reason}`, remoteId: id.id };
    const rel = rels.value.find((r) => r.id === id.id);
    // An answer that leaves the account out says nothing about the request: keep it pending.
    if (!rel) return { status: 'pending', reason: 'could not re-check the follow request: the server did not answer for this account', remoteId: id.id };
    if (rel.following) return { status: 'done', reason: null, remoteId: id.id };
    if (rel.requested) return { status: 'pending', reason: PENDING_REASON, remoteId: id.id };
    // Neither following nor requested: the other side declined (or the request was withdrawn).
    return { status: 'skipped', reason: 'the follow request was declined or withdrawn', remoteId: id.id };
  }

  /** For a list_add: null when the account is followed; otherwise the state the list_add takes meanwhile. */
  private async followGate(action: Action): Promise<Outcome | null> {
    const handle = action.target.toLowerCase();
    if (this.deps.alreadyFollowing?.has(handle)) return null;
    const follow = this.last(`follow:${handle}`) ?? this.last(`follow:${action.target}`);
    if (follow?.status === 'done') return null;
    if (follow?.status === 'pending') return { status: 'pending', reason: 'waits until the follow request is accepted' };
    if (follow && follow.status !== 'planned' && follow.status !== 'sent') {
      return { status: follow.status === 'skipped' ? 'skipped' : 'failed', reason: `the follow did not happen (${follow.reason ?? follow.status})` };
    }
    // No follow in this plan or journal: ask the server whether the account is followed already.
    const id = await this.accountId(action.target);
    if (!id.ok) return id.outcome;
    const rels = await this.deps.destination.relationships([id.id]);
    const rel = rels.ok ? rels.value.find((r) => r.id === id.id) : undefined;
    if (rel?.following) return null;
    if (rel?.requested) return { status: 'pending', reason: 'waits until the follow request is accepted' };
    return { status: 'skipped', reason: 'the account is not followed, so it is not added to the list' };
  }

  private async accountId(handle: string): Promise<{ ok: true; id: string } | { ok: false; outcome: Outcome }> {
    const key = handle.toLowerCase();
    const known = this.ids.get(key);
    if (known) return { ok: true, id: known };
    const r = await this.deps.destination.lookup(handle);
    if (!r.ok) return { ok: false, outcome: { status: 'failed', reason: `lookup of ${handle} failed: ${r.failure.reason}` } };
    if (!r.value) return { ok: false, outcome: { status: 'failed', reason: `the server found no account ${handle}` } };
    this.ids.set(key, r.value.id);
    return { ok: true, id: r.value.id };
  }

  /** The list's id by title, creating the list once (looked up by title first, so a resumed run reuses it). */
  private async listId(action: Action): Promise<{ ok: true; id: string } | { ok: false; outcome: Outcome }> {
    const title = action.list ?? '';
    if (!title) return { ok: false, outcome: { status: 'failed', reason: 'the list has no name' } };
    const cached = this.listIds.get(title);
    if (cached) return { ok: true, id: cached };
    const d = this.deps.destination;
    const lists = await d.lists();
    if (!lists.ok) return { ok: false, outcome: failed(lists.failure) };
    let list = lists.value.find((l) => l.title === title);
    if (!list) {
      const created = await d.createList(title, { idempotencyKey: this.hash(`list:${title}`) });
      if (!created.ok) return { ok: false, outcome: failed(created.failure) };
      list = created.value;
    }
    this.listIds.set(title, list.id);
    return { ok: true, id: list.id };
  }

  private idempotencyKey(action: Action): string {
    return this.hash(action.key);
  }

  private hash(what: string): string {
    return createHash('sha256').update(`${this.deps.account}\n${what}`).digest('hex').slice(0, 40);
  }

  private async record(action: Action, outcome: Outcome): Promise<void> {
    const first = this.last(action.key) === undefined;
    await this.deps.journal.append({
      v: 1,
      at: new Date(this.deps.clock.now()).toISOString(),
      key: action.key,
      type: action.type,
      target: action.target,
      status: outcome.status,
      reason: outcome.reason,
      ...(outcome.remoteId ? { remoteId: outcome.remoteId } : {}),
      ...(first ? { action } : {}),
    });
  }

  private progress(current: string | null, waitingUntil: Date | null): void {
    if (!this.deps.onProgress) return;
    this.deps.onProgress({ counts: countStates(this.actions, this.deps.journal), total: this.total, current, waitingUntil });
  }
}

/** Failures that say nothing about the server's state and may pass: the check is repeated on a re-run. */
const TRANSIENT: ReadonlySet<CallFailure['kind']> = new Set(['network', 'server', 'bad_response', 'rate_limited']);

const PENDING_REASON = 'follow request sent; waits for the other side to accept';

function followOutcome(rel: RemoteRelationship, remoteId: string): Outcome {
  if (rel.following) return { status: 'done', reason: null, remoteId };
  // `requested: true` (a remote or locked account), or an answer that confirms neither yet.
  return { status: 'pending', reason: PENDING_REASON, remoteId };
}

function failed(failure: CallFailure, remoteId?: string): Outcome {
  return { status: 'failed', reason: failure.reason, ...(remoteId ? { remoteId } : {}) };
}
