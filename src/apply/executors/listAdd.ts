/**
 * Add a followed account to a list, creating the list once (looked up by title first, so a resumed run
 * reuses it). Mastodon adds an account to a list only once the user follows it (reference/destinations.md
 * 2.6), so a list addition waits for its follow.
 */
import type { ListsPort } from '../../destinations/types.js';
import { followKeyFor } from '../../plan/keys.js';
import type { ListAddAction } from '../../plan/types.js';
import { done, failedWith, outcome } from '../outcomes.js';
import type { ExecContext, Executor, Outcome } from '../types.js';
import { relationshipOf } from './accountAction.js';

export const listAddExecutor: Executor<ListAddAction> = {
  type: 'list_add',
  supported: (ctx) => ctx.destination.lists !== undefined && ctx.destination.accounts !== undefined,
  async send(action, ctx) {
    const gate = await followGate(action, ctx);
    if (gate) return gate;
    const id = await ctx.accountId(action.handle);
    if (!id.ok) return id.outcome;
    const list = await listId(action, ctx);
    if (!list.ok) return list.outcome;
    const lists = ctx.destination.lists as ListsPort;
    const r = await ctx.write(id.id, () => lists.addToList(list.id, [id.id], { idempotencyKey: ctx.idempotencyKey() }));
    if (r.ok) return done(id.id);
    // Mastodon answers 422 "Account has already been taken" when the account is in the list already.
    if (r.failure.kind === 'invalid') {
      const of = await lists.listsOf(id.id);
      if (of.ok && of.value.some((l) => l.id === list.id)) return done(id.id);
    }
    return failedWith(r.failure, id.id);
  },
  async reconcile(action, ctx) {
    const gate = await followGate(action, ctx);
    if (gate) return gate;
    const id = await ctx.accountId(action.handle);
    if (!id.ok) return id.outcome;
    const of = await (ctx.destination.lists as ListsPort).listsOf(id.id);
    if (of.ok && of.value.some((l) => l.title === action.list)) return done(id.id);
    return 'absent';
  },
  async recheck(action, ctx, last) {
    const gate = await followGate(action, ctx);
    if (gate) return gate;
    const r = await listAddExecutor.reconcile(action, ctx, last);
    return r === 'absent' ? listAddExecutor.send(action, ctx) : r;
  },
};

/** Null when the account is followed; otherwise the state the list addition takes meanwhile. */
async function followGate(action: ListAddAction, ctx: ExecContext): Promise<Outcome | null> {
  const handle = action.handle.toLowerCase();
  if (ctx.alreadyFollowing.has(handle)) return null;
  const follow = ctx.last(followKeyFor(handle));
  if (follow?.status === 'done') return null;
  if (follow?.status === 'pending') return outcome('pending', 'list_waits_for_follow');
  if (follow && follow.status !== 'planned' && follow.status !== 'sent') {
    return outcome(follow.status === 'skipped' ? 'skipped' : 'failed', 'list_follow_failed', follow.reason?.code ?? follow.status);
  }
  // No follow in this plan or journal: ask the server whether the account is followed already.
  const id = await ctx.accountId(action.handle);
  if (!id.ok) return id.outcome;
  const rel = await relationshipOf(ctx, id.id);
  if (rel !== 'unknown' && rel?.following) return null;
  if (rel !== 'unknown' && rel?.requested) return outcome('pending', 'list_waits_for_follow');
  return outcome('skipped', 'list_not_followed');
}

async function listId(action: ListAddAction, ctx: ExecContext): Promise<{ ok: true; id: string } | { ok: false; outcome: Outcome }> {
  const title = action.list;
  if (!title) return { ok: false, outcome: outcome('failed', 'list_unnamed') };
  const lists = ctx.destination.lists as ListsPort;
  // One lookup (and at most one creation) per list title per run, shared by every addition to it.
  return ctx.memo(`list:${title}`, async () => {
    const all = await lists.lists();
    if (!all.ok) return { ok: false as const, outcome: failedWith(all.failure) };
    let list = all.value.find((l) => l.title === title);
    if (!list) {
      const created = await lists.createList(title, { idempotencyKey: ctx.idempotencyKey(`list:${title}`) });
      if (!created.ok) return { ok: false as const, outcome: failedWith(created.failure) };
      list = created.value;
    }
    return { ok: true as const, id: list.id };
  }, (r) => r.ok);
}
