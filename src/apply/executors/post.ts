/**
 * Create one status: a source post or one part of it. It waits for the post it replies to and for its
 * media; media that could not go is left out (its own reason is in the report) and the post goes without
 * it. The Idempotency-Key is stable per part, so a server that honours it (Mastodon, for an hour:
 * reference/destinations.md 2.4) never makes the same status twice. A server that ignores it (snac) is
 * covered by the reconcile: a part that was sent but not confirmed is looked for among the account's own
 * latest statuses before it is sent again.
 */
import type { NewStatus, RemoteStatus, StatusesPort } from '../../destinations/types.js';
import type { PostAction } from '../../plan/types.js';
import { done, failedWith, outcome } from '../outcomes.js';
import type { ExecContext, Executor, JournalRecord, Outcome } from '../types.js';

/** How many of the account's latest statuses are read to find a part whose answer was lost. */
const RECENT = 40;
/**
 * A backdated status sorts by its original date, behind every newer post of the account (GoToSocial lists
 * statuses by id, and a backdated status's id is made from its date): the search reads back, page after
 * page, until it passes that date, however many newer posts there are (bounded only by this safety net).
 */
const RECENT_BACKDATED = 100_000;
/** Clocks differ: a status made up to this long before our `sent` record may still be ours. */
const CLOCK_SKEW_MS = 10 * 60_000;

export const postExecutor: Executor<PostAction> = {
  type: 'post',
  supported: (ctx) => ctx.destination.statuses !== undefined,
  async send(action, ctx) {
    const ready = readyToPost(action, ctx);
    if (!ready.ok) return ready.outcome;
    const statuses = ctx.destination.statuses as StatusesPort;
    const r = await ctx.write(null, () => statuses.create(ready.status, { idempotencyKey: ctx.idempotencyKey() }));
    if (r.ok) return done(r.value.id);
    if (r.failure.kind === 'invalid' && action.backdateTo !== null) return outcome('failed', 'backdate_refused', r.failure.reason);
    return failedWith(r.failure);
  },
  async reconcile(action, ctx, last) {
    const ready = readyToPost(action, ctx);
    if (!ready.ok) return ready.outcome;
    const recent = await (ctx.destination.statuses as StatusesPort).recentOwn(
      ready.status.backdateTo === null ? RECENT : RECENT_BACKDATED,
      ready.status.backdateTo ?? undefined,
    );
    if (!recent.ok) return outcome('failed', 'could_not_check', recent.failure.reason);
    // A status another post of this import became is never this one's, however alike (the same words,
    // or only media and no words).
    const others = ctx.remoteIdsOfOthers('post');
    const found = recent.value.find((s) => !others.has(s.id) && isOurs(s, ready.status, last));
    return found ? done(found.id) : 'absent';
  },
};

type Ready = { ok: true; status: NewStatus } | { ok: false; outcome: Outcome };

/** The status to send, once its parent and media are settled; or the state the post takes meanwhile. */
function readyToPost(action: PostAction, ctx: ExecContext): Ready {
  let inReplyToId: string | null = null;
  if (action.replyTo !== null) {
    const parent = ctx.last(action.replyTo);
    if (parent?.status === 'done' && parent.remoteId) inReplyToId = parent.remoteId;
    else if (parent?.status === 'skipped') inReplyToId = null; // nothing to reply to: a thread of its own
    else if (parent?.status === 'failed') return { ok: false, outcome: outcome('failed', 'parent_failed', parent.reason?.code ?? null) };
    else return { ok: false, outcome: outcome('planned', 'waits_for_parent') };
  }
  const mediaIds: string[] = [];
  for (const key of action.media) {
    const m = ctx.last(key);
    if (m?.status === 'done' && m.remoteId) mediaIds.push(m.remoteId);
    // Uploaded but still processing, or not uploaded yet (stopped): wait for a re-run rather than post without it.
    else if (m === undefined || m.status === 'planned' || m.status === 'sent') return { ok: false, outcome: outcome('planned', 'waits_for_media') };
    // skipped / failed media: the post goes without it (the media's reason is reported on its own).
  }
  if (action.text.trim() === '' && mediaIds.length === 0) return { ok: false, outcome: outcome('skipped', 'post_empty') };
  return {
    ok: true,
    status: {
      text: action.text, mediaIds, inReplyToId, visibility: action.visibility, spoilerText: action.spoilerText,
      sensitive: action.sensitive, language: action.language, backdateTo: action.backdateTo,
    },
  };
}

/**
 * Whether a status of the account is the one an earlier run sent: the same parent, the same letters in
 * its text (servers render text as HTML, shorten links and add markup, so only letters and digits are
 * compared), and made after that run recorded `sent` (or at the backdated date).
 */
function isOurs(s: RemoteStatus, wanted: NewStatus, last: JournalRecord): boolean {
  if ((s.inReplyToId ?? null) !== wanted.inReplyToId) return false;
  if (fingerprint(s.text) !== fingerprint(wanted.text)) return false;
  if (wanted.backdateTo !== null) return Date.parse(s.createdAt) === Date.parse(wanted.backdateTo);
  const sentAt = last.at ? Date.parse(last.at) : Number.NaN;
  return Number.isNaN(sentAt) || Date.parse(s.createdAt) >= sentAt - CLOCK_SKEW_MS;
}

function fingerprint(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '').slice(0, 300);
}
