/**
 * Follow, block and mute share their shape: look the account up, record `sent`, write, read the
 * relationship. After a crash the relationship says whether the write went through. On the Mastodon API
 * all three writes are idempotent (a second follow of a followed account answers 200).
 */
import type { CallResult, Destination, FollowsPort, RemoteRelationship, WriteOptions } from '../../destinations/types.js';
import type { AccountAction } from '../../plan/types.js';
import { failedWith, outcome, TRANSIENT } from '../outcomes.js';
import type { ExecContext, Executor, Outcome } from '../types.js';

type AccountType = AccountAction['type'];

export interface AccountWrite {
  /** Whether the destination has this write (blocks and mutes need its `moderation` port). */
  has?(destination: Destination): boolean;
  write(destination: Destination, id: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  /** The outcome when the relationship shows the write applied, else null. */
  applied(rel: RemoteRelationship, id: string): Outcome | null;
  /** The outcome of a successful write's answer. */
  answered(rel: RemoteRelationship, id: string): Outcome;
}

export function accountExecutor<T extends AccountType>(type: T, how: AccountWrite): Executor<AccountAction & { type: T }> {
  return {
    type,
    supported: (ctx) => ctx.destination.accounts !== undefined && (how.has?.(ctx.destination) ?? true),
    async send(action, ctx) {
      const id = await ctx.accountId(action.handle);
      if (!id.ok) return id.outcome;
      const r = await ctx.write(id.id, () => how.write(ctx.destination, id.id, { idempotencyKey: ctx.idempotencyKey() }));
      return r.ok ? how.answered(r.value, id.id) : failedWith(r.failure, id.id);
    },
    async reconcile(action, ctx) {
      const id = await ctx.accountId(action.handle);
      if (!id.ok) return id.outcome;
      const rel = await relationshipOf(ctx, id.id);
      if (rel === 'unknown') {
        // The server could not say whether the earlier write went through: sending now might do it twice.
        return outcome('failed', 'could_not_check', null, id.id);
      }
      // A server without the endpoint (404, 403, 422) can never tell: the write is sent again.
      return (rel && how.applied(rel, id.id)) ?? 'absent';
    },
  };
}

/** The relationship with one account; `unknown` when the server could not answer for a passing reason. */
export async function relationshipOf(ctx: ExecContext, id: string): Promise<RemoteRelationship | null | 'unknown'> {
  const accounts = ctx.destination.accounts as FollowsPort;
  const rels = await accounts.relationships([id]);
  if (!rels.ok) return TRANSIENT.has(rels.failure.kind) ? 'unknown' : null;
  return rels.value.find((r) => r.id === id) ?? null;
}
