/**
 * Follow an account. A follow of a remote or locked account usually comes back `requested: true` and
 * becomes `following` later (reference/destinations.md 2.3), so it is `pending` until a recheck sees it
 * accepted (done) or gone (declined).
 */
import type { FollowsPort, RemoteRelationship } from '../../destinations/types.js';
import { done, outcome } from '../outcomes.js';
import type { Outcome } from '../types.js';
import { accountExecutor, relationshipOf } from './accountAction.js';

function followOutcome(rel: RemoteRelationship, id: string): Outcome {
  if (rel.following) return done(id);
  // `requested: true` (a remote or locked account), or an answer that confirms neither yet.
  return outcome('pending', 'follow_pending', null, id);
}

const base = accountExecutor('follow', {
  write: (d, id, options) => (d.accounts as FollowsPort).follow(id, options),
  applied: (rel, id) => (rel.following || rel.requested ? followOutcome(rel, id) : null),
  answered: followOutcome,
});

export const followExecutor: typeof base = {
  ...base,
  async recheck(action, ctx) {
    const id = await ctx.accountId(action.handle);
    if (!id.ok) return id.outcome;
    const rel = await relationshipOf(ctx, id.id);
    // An answer that fails or leaves the account out says nothing about the request: keep it pending.
    if (rel === 'unknown' || rel === null) return outcome('pending', 'follow_pending', 'could not re-check', id.id);
    if (rel.following) return done(id.id);
    if (rel.requested) return outcome('pending', 'follow_pending', null, id.id);
    // Not shown yet on a server that follows in the background (PeerTube): still on its way.
    if (ctx.destination.accounts?.settlesLater) return outcome('pending', 'follow_pending', null, id.id);
    // Neither following nor requested: the other side declined (or the request was withdrawn).
    return outcome('skipped', 'follow_declined', null, id.id);
  },
};
