/** Actions, a fake media source and a one-line apply run for the apply and executor tests. */
import { Readable } from 'node:stream';
import { applyPlan, type ApplyDeps, type ApplyOutcome } from '../../src/apply/applyPlan.js';
import type { MediaSource, PreparedMediaResult } from '../../src/apply/types.js';
import type { Clock } from '../../src/clock.js';
import type { Reason } from '../../src/plan/reasons.js';
import type { AccountAction, Action, ListAddAction, MediaAction, PostAction } from '../../src/plan/types.js';
import type { FakeDestination } from './fakeDestination.js';
import type { MemoryJournal } from './memoryJournal.js';

export function accountAction(type: AccountAction['type'], handle: string): AccountAction {
  return { key: `${type}:${handle.toLowerCase()}`, type, handle, contact: null, confidence: 'verified' };
}

export function listAdd(handle: string, list = 'From Twitter'): ListAddAction {
  return { key: `list_add:${list}:${handle.toLowerCase()}`, type: 'list_add', handle, list, contact: null, confidence: 'verified' };
}

export function mediaAction(postId: string, n = 1, extra: Partial<MediaAction> = {}): MediaAction {
  return {
    key: `media:twitter:${postId}:${n}`, type: 'media', source: { platform: 'twitter', postId }, archive: 'export.zip',
    path: `data/tweets_media/${postId}-${n}.jpg`, mediaType: 'image', alt: `picture ${n} of ${postId}`, size: 1000, ...extra,
  };
}

export function postAction(id: string, extra: Partial<PostAction> = {}): PostAction {
  return {
    key: `post:twitter:${id}:1`, type: 'post', source: { platform: 'twitter', id, createdAt: '2020-01-02T03:04:05.000Z', url: null },
    part: 1, parts: 1, text: `post ${id}`, spoilerText: null, sensitive: false, visibility: 'unlisted', language: 'en',
    replyTo: null, media: [], backdateTo: null, ...extra,
  };
}

/** A media source over bytes in memory; `problems` by path are what prepareMedia would say. */
export class FakeMediaSource implements MediaSource {
  readonly prepared: string[] = [];
  readonly cleanedUp: string[] = [];
  readonly problems = new Map<string, Reason>();

  async prepare(action: MediaAction): Promise<PreparedMediaResult> {
    const path = action.path;
    if (path === null) return { ok: false, reason: { code: 'media_missing' } };
    const problem = this.problems.get(path);
    if (problem) return { ok: false, reason: problem };
    this.prepared.push(path);
    const bytes = Buffer.alloc(action.size ?? 100, 1);
    return {
      ok: true, mime: 'image/jpeg', fileName: path.split('/').pop() ?? path, size: bytes.length,
      open: async () => Readable.from([bytes]),
      cleanup: async () => {
        this.cleanedUp.push(path);
      },
    };
  }
}

export interface RunOptions extends Partial<ApplyDeps> {
  clock: Clock;
}

/** One run of applyPlan against the fake destination. */
export function run(actions: readonly Action[], destination: FakeDestination, journal: MemoryJournal, options: RunOptions): Promise<ApplyOutcome> {
  return applyPlan(actions, { destination, journal, account: 'me@home.test', media: new FakeMediaSource(), ...options });
}

/** `key → status` of an outcome, for compact assertions. */
export function statuses(outcome: ApplyOutcome): Record<string, string> {
  return Object.fromEntries([...outcome.states].map(([k, v]) => [k, v.status]));
}
