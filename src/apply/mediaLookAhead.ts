/**
 * Media files made ready a little ahead of their turn. Preparing one (reading it out of the archive, its
 * type from its bytes, an image decoded whole to check it, converted when it must be: src/media) takes a
 * few milliseconds of a worker thread per picture; done in turn, it waits between two requests, 12 s of a
 * 10,000-post import's 45 (bench/posts.bench.mjs). Started while the actions before it are sent, it is
 * ready by then.
 *
 * Only local work runs ahead: nothing is sent, and nothing is journaled, until the action's own turn, so
 * the order of writes and the journal's exactly-once rules are those of the loop without it. Only actions
 * the loop will send are prepared ahead (planned ones), at most `depth` at a time; what was prepared and
 * never used (the run stopped first) is cleaned up at the end (temporary files of converted images).
 */
import type { MediaLimits } from '../destinations/profile.js';
import type { Action, MediaAction } from '../plan/types.js';
import type { JournalPort, MediaSource, PreparedMediaResult } from './types.js';

/** Two files ahead: a picture takes about two posts' time to prepare, and only a few are held at once. */
export const MEDIA_LOOK_AHEAD = 2;

export interface MediaLookAhead extends MediaSource {
  /** Called before the action at `index` runs: starts preparing the next media actions due after it. */
  before(index: number): void;
  /** Cleans up what was prepared ahead and never asked for. */
  close(): Promise<void>;
}

export interface MediaLookAheadOptions {
  /** The server's media limits, as the media executor passes them (the destination's profile). */
  limits: () => Promise<MediaLimits | null>;
  journal: JournalPort;
  depth?: number;
}

export function mediaLookAhead(source: MediaSource, actions: readonly Action[], options: MediaLookAheadOptions): MediaLookAhead {
  const depth = options.depth ?? MEDIA_LOOK_AHEAD;
  const media = actions.flatMap((a, index) => (a.type === 'media' ? [{ index, action: a }] : []));
  /** Prepared ahead and not asked for yet, by action key, with the action's place in the run. */
  const started = new Map<string, { index: number; prepared: Promise<PreparedMediaResult> }>();
  /** Cleanups of files prepared for an action the loop went past without asking (not sent after all). */
  const dropped: Promise<void>[] = [];
  /** media[scan..] are still to be looked at; those before were started, or are not the loop's to send. */
  let scan = 0;

  const start = (index: number, action: MediaAction) => {
    const prepared = options.limits().then((limits) => source.prepare(action, limits));
    // Its error, if any, is the action's own, met when its turn comes: not an unhandled rejection now.
    prepared.catch(() => undefined);
    started.set(action.key, { index, prepared });
  };
  const discard = (prepared: Promise<PreparedMediaResult>) => prepared.then((r) => (r.ok ? r.cleanup() : undefined), () => undefined);

  const lookAhead: MediaLookAhead = {
    prepare(action, limits) {
      const ahead = started.get(action.key);
      if (!ahead) return source.prepare(action, limits);
      started.delete(action.key);
      // A failure ahead of time (the limits not read yet, say) is not the action's: it is tried again in turn.
      return ahead.prepared.catch(() => source.prepare(action, limits));
    },
    before(index) {
      for (const [key, ahead] of started) {
        if (ahead.index >= index) continue;
        started.delete(key);
        dropped.push(discard(ahead.prepared));
      }
      while (started.size < depth && scan < media.length) {
        const { index: at, action } = media[scan]!;
        scan++;
        // A media action whose journal says anything but planned is reconciled, or left, in its turn.
        if (at > index && (options.journal.state().get(action.key)?.status ?? 'planned') === 'planned') start(at, action);
      }
    },
    async close() {
      const left = [...started.values()].map((a) => discard(a.prepared));
      started.clear();
      await Promise.all([...dropped, ...left]);
    },
  };
  if (source.video) lookAhead.video = (action) => source.video!(action);
  return lookAhead;
}
