/**
 * Upload one media file from the archive (streamed, never whole in memory), with its alt text. The
 * server may answer before it has processed the file (Mastodon: 202, then 206 to polls until 200,
 * reference/destinations.md 2.5); the media id is journaled at once, so a run killed while the server
 * processes it polls the same upload next time instead of sending the file again. A server that answers
 * 404 to the poll (snac) has no processing step: the upload is ready.
 *
 * An upload whose answer was lost cannot be found again (unattached media is not listed by the API) and is
 * sent again: the orphan is never attached to a post, and Mastodon removes unattached media after a day.
 */
import type { MediaPort } from '../../destinations/types.js';
import type { MediaAction } from '../../plan/types.js';
import { done, failedWith, outcome } from '../outcomes.js';
import type { ExecContext, Executor, Outcome } from '../types.js';

/**
 * Polls of a processing upload: first after 250 ms, doubling to at most 30 s, for at most 15 minutes. A short
 * clip or a GIF is often ready within a second, and the posts behind it wait meanwhile; a long video costs
 * two more cheap GETs than starting at 1 s would (0.25, 0.5, 1, 2, 4... s).
 */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 30_000;
const MAX_PROCESSING_MS = 15 * 60_000;

export const mediaExecutor: Executor<MediaAction> = {
  type: 'media',
  supported: (ctx) => ctx.destination.media !== undefined && ctx.media !== null,
  async send(action, ctx) {
    if (ctx.media === null) return outcome('skipped', 'unsupported_by_destination');
    const profile = await ctx.destination.profile();
    const prepared = await ctx.media.prepare(action, profile.media);
    if (!prepared.ok) return { status: 'skipped', reason: prepared.reason };
    try {
      const port = ctx.destination.media as MediaPort;
      const r = await ctx.write(null, () => port.upload({
        open: prepared.open, size: prepared.size, mime: prepared.mime, fileName: prepared.fileName, description: action.alt,
      }, { idempotencyKey: ctx.idempotencyKey() }));
      if (!r.ok) {
        if (r.failure.kind === 'too_large' || (r.failure.kind === 'invalid' && r.failure.status === 413)) {
          return outcome('skipped', 'media_too_large', r.failure.reason);
        }
        return failedWith(r.failure);
      }
      if (r.value.ready) return done(r.value.id);
      await ctx.note({ status: 'sent', reason: null, remoteId: r.value.id });
      return await untilProcessed(r.value.id, ctx);
    } finally {
      await prepared.cleanup();
    }
  },
  async reconcile(_action, ctx, last) {
    if (!last.remoteId) return 'absent';
    const r = await (ctx.destination.media as MediaPort).status(last.remoteId);
    if (!r.ok) {
      if (r.failure.kind === 'not_found') return 'absent';
      return r.failure.kind === 'invalid' ? processingFailed(r.failure.reason, last.remoteId) : failedWith(r.failure, last.remoteId);
    }
    return r.value.ready ? done(r.value.id) : untilProcessed(last.remoteId, ctx);
  },
};

async function untilProcessed(id: string, ctx: ExecContext): Promise<Outcome> {
  const port = ctx.destination.media as MediaPort;
  const start = ctx.clock.now();
  let wait = FIRST_POLL_MS;
  for (;;) {
    await ctx.clock.sleep(wait, ctx.signal);
    const r = await port.status(id);
    if (!r.ok) {
      if (r.failure.kind === 'invalid') return processingFailed(r.failure.reason, id);
      return failedWith(r.failure, id);
    }
    if (r.value.ready) return done(id);
    if (ctx.clock.now() - start > MAX_PROCESSING_MS) {
      // Still processing: stays `sent` with its id, and the next run polls it again.
      return { status: 'sent', reason: null, remoteId: id };
    }
    wait = Math.min(wait * 2, MAX_POLL_MS);
  }
}

/** Mastodon answers a poll of an upload it could not process with 422 (reference/destinations.md 2.5). */
function processingFailed(detail: string, id: string): Outcome {
  return outcome('failed', 'media_processing_failed', detail, id);
}
