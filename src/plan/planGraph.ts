/**
 * The social-graph part of the planner: a pure function of model + matches + options + what the account
 * already has + journal state, giving the follow, block, mute and list actions of a migration (DESIGN.md
 * sections 1 and 6). No I/O.
 *
 * Rules (issue 5, item 2):
 * - follow each `found` match at or above `minConfidence` (or approved by the user) whose contact the user
 *   followed, befriended or subscribed to; contacts who only follow the user are not followed unless
 *   `followFollowers`; a contact the user blocked is never followed;
 * - block / mute blocked / muted contacts when asked;
 * - a `list_add` per source platform ("From Twitter") for each follow, sent only once the follow is done;
 * - nothing for what the account already has: those actions are `skipped` with a reason;
 * - the journal's state wins for actions already under way (`sent`, `pending`, `done`, `failed`), so a
 *   re-run continues instead of starting over; `skipped` is recomputed each run (the follow limit or the
 *   account may have changed);
 * - fresh follows beyond `followLimit` (7,500 minus the account's current follows, Mastodon's
 *   FollowLimitValidator, reference/destinations.md 2.3) are `skipped` "follow limit (7,500)", strongest
 *   confidence first, and `Plan.notes` says so.
 */
import type { Confidence, ContactRef, Match } from '../model/match.js';
import { CONFIDENCES, confidenceAtLeast } from '../model/match.js';
import type { Contact, Model, Platform, Relation } from '../model/types.js';
import { accountActionKey, followKeyFor, listAddKey, normalizeHandle } from './keys.js';
import { defaultListName } from './labels.js';
import { reason, type Reason, type ReasonCode } from './reasons.js';
import type {
  AccountAction, ActionState, ActionStatus, ExistingState, ListAddAction, PlanExclusion, PlanItem, PlanNote,
} from './types.js';

/** Mastodon's default MAX_FOLLOWS_THRESHOLD (reference/destinations.md 2.3). */
export const FOLLOW_CEILING = 7500;

export interface PlanOptions {
  minConfidence: Confidence;
  follows: boolean;
  /** Also follow contacts who only follow the user. */
  followFollowers: boolean;
  blocks: boolean;
  mutes: boolean;
  lists: boolean;
  /** The list title per source platform; default "From Twitter" etc. */
  listName?: (platform: Platform) => string;
  /** Lower-case handles the user approved although below `minConfidence`. */
  approved?: Set<string>;
  /** Lower-case handles the user unchecked although at or above `minConfidence`. */
  rejected?: Set<string>;
  /** How many more accounts may be followed: 7,500 minus the account's current follows. */
  followLimit: number;
  /** The server's cap on follows, for the note (7,500 on Mastodon). */
  followCeiling?: number;
}

export interface GraphPlanInput {
  model: Model;
  matches: Match[];
  options: PlanOptions;
  existing: ExistingState;
  /** Action key → state, from the journal. */
  journal: Map<string, ActionState>;
}

const FOLLOW_RELATIONS: readonly Relation[] = ['following', 'friend', 'subscription'];

interface Candidate {
  key: string;
  type: 'follow' | 'block' | 'mute';
  handle: string;
  /** The handle as found (case kept), sent to the server. */
  target: string;
  contact: ContactRef;
  confidence: Confidence | null;
  platform: Platform;
}

export interface GraphPlan {
  actions: PlanItem[];
  excluded: PlanExclusion[];
  notes: PlanNote[];
}

export function planGraph(input: GraphPlanInput): GraphPlan {
  const { matches, options, existing, journal } = input;
  const listName = options.listName ?? defaultListName;
  const relationsOf = indexRelations(input.model.contacts);
  const excluded: PlanExclusion[] = [];
  const notes: PlanNote[] = [];
  const candidates = new Map<string, Candidate>();
  const listAdds = new Map<string, { list: string; follow: Candidate; contact: ContactRef; confidence: Confidence | null }>();
  let followersOnly = 0;
  let belowThreshold = 0;

  for (const match of matches) {
    const exclude = (code: ReasonCode, detail?: string | null): void => {
      excluded.push({ contact: match.contact, handle: match.handle, confidence: match.confidence, reason: reason(code, detail) });
    };
    if (match.status !== 'found' || match.handle === null) {
      const why = unmatchedReason(match);
      exclude(why.code, why.detail);
      continue;
    }
    const handle = normalizeHandle(match.handle);
    const target = match.handle.trim().replace(/^@/, '');
    const relations = relationsOf(match.contact);
    if (relations === null) {
      exclude('not_in_archive');
      continue;
    }
    const platform = match.contact.platform;
    const blocked = relations.includes('blocked');
    const muted = relations.includes('muted');
    const followed = relations.some((r) => FOLLOW_RELATIONS.includes(r));
    const follower = relations.includes('follower');
    const wanted: Array<'follow' | 'block' | 'mute'> = [];
    if (options.follows && !blocked && (followed || (options.followFollowers && follower))) wanted.push('follow');
    if (options.blocks && blocked) wanted.push('block');
    if (options.mutes && muted) wanted.push('mute');

    if (wanted.length === 0) {
      if (blocked) exclude('blocked_not_asked', platform);
      else if (followed && !options.follows) exclude('follows_off');
      else if (muted && !followed && !follower) exclude('muted_not_asked', platform);
      else if (follower) {
        followersOnly += 1;
        exclude('follower_not_asked', platform);
      } else exclude('no_relation', relations.join(', ') || null);
      continue;
    }
    if (options.rejected?.has(handle)) {
      exclude('unchecked_by_you');
      continue;
    }
    if (!confidenceAtLeast(match.confidence, options.minConfidence) && !options.approved?.has(handle)) {
      belowThreshold += 1;
      exclude('below_min_confidence', `${match.confidence ?? 'unknown'} < ${options.minConfidence}`);
      continue;
    }
    for (const type of wanted) {
      const key = accountActionKey(type, handle);
      const seen = candidates.get(key);
      if (seen === undefined) {
        candidates.set(key, { key, type, handle, target, contact: match.contact, confidence: match.confidence, platform: match.contact.platform });
      } else if (stronger(match.confidence, seen.confidence)) {
        // Two contacts on one handle (the same person on Twitter and Instagram): one action, the
        // strongest evidence's confidence.
        seen.confidence = match.confidence;
      }
    }
    if (options.lists && wanted.includes('follow')) {
      const list = listName(match.contact.platform);
      const key = listAddKey(list, handle);
      const follow = candidates.get(accountActionKey('follow', handle));
      if (follow !== undefined && !listAdds.has(key)) {
        listAdds.set(key, { list, follow, contact: match.contact, confidence: match.confidence });
      }
    }
  }

  const byType = (type: Candidate['type']) => [...candidates.values()].filter((c) => c.type === type);
  const follows = byType('follow').sort((a, b) => rank(a.confidence) - rank(b.confidence));
  const existingFor = { follow: existing.following, block: existing.blocked, mute: existing.muted } as const;
  const alreadyReason = { follow: 'already_following', block: 'already_blocked', mute: 'already_muted' } as const;

  const toItem = (c: Candidate): PlanItem => {
    const action: AccountAction = { key: c.key, type: c.type, handle: c.target, contact: c.contact, confidence: c.confidence };
    const has = existingFor[c.type].has(c.handle);
    return { action, ...resolveState(journal.get(c.key), has, alreadyReason[c.type]), after: [] };
  };

  const followItems = follows.map(toItem);
  let room = Math.max(0, Math.floor(options.followLimit));
  let overLimit = 0;
  for (const item of followItems) {
    if (item.status !== 'planned') continue;
    if (room > 0) {
      room -= 1;
    } else {
      item.status = 'skipped';
      item.reason = reason('follow_limit');
      overLimit += 1;
    }
  }
  if (overLimit > 0) {
    notes.push({ code: 'follow_limit', ceiling: options.followCeiling ?? FOLLOW_CEILING, room: Math.max(0, Math.floor(options.followLimit)), skipped: overLimit });
  }

  const followByKey = new Map(followItems.map((i) => [i.action.key, i]));
  const listItems: PlanItem[] = [...listAdds.entries()].map(([key, l]) => {
    const action: ListAddAction = { key, type: 'list_add', handle: l.follow.target, list: l.list, contact: l.contact, confidence: l.confidence };
    const followKey = followKeyFor(l.follow.handle);
    const inList = existing.lists.get(l.list)?.has(l.follow.handle) ?? false;
    const state = resolveState(journal.get(key), inList, 'already_in_list');
    const follow = followByKey.get(followKey);
    if (state.status === 'planned' && follow !== undefined) {
      if (follow.status === 'skipped' && follow.reason?.code === 'follow_limit') {
        return { action, status: 'skipped', reason: reason('follow_limit'), after: [followKey] };
      }
      // A failed follow is retried by this very run (it is reconciled first, then sent), so its list
      // addition stays planned behind it: the apply loop adds it if the follow now succeeds, and marks it
      // failed otherwise. Skipping it here would lose it once the follow succeeds.
    }
    return { action, ...state, after: [followKey] };
  });

  if (followersOnly > 0 && !options.followFollowers) notes.push({ code: 'followers_not_followed', count: followersOnly });
  if (belowThreshold > 0) notes.push({ code: 'below_min_confidence', count: belowThreshold, minConfidence: options.minConfidence });

  return {
    actions: [...followItems, ...byType('block').map(toItem), ...byType('mute').map(toItem), ...listItems],
    excluded,
    notes,
  };
}

/**
 * The state of one action: the journal's, unless the account already has the thing. A journal `sent`
 * or `pending` that the account now shows is `done`; `skipped` is recomputed, except a declined follow request.
 */
export function resolveState(
  journaled: ActionState | undefined,
  alreadyThere: boolean,
  alreadyReason: ReasonCode,
): { status: ActionStatus; reason: Reason | null } {
  // A declined follow request is the other side's answer, not something a new run should ask again.
  const j = journaled?.status === 'skipped' && journaled.reason?.code !== 'follow_declined' ? undefined : journaled;
  if (alreadyThere) {
    if (j === undefined || j.status === 'planned' || j.status === 'failed') return { status: 'skipped', reason: reason(alreadyReason) };
    return { status: 'done', reason: j.status === 'done' ? j.reason : null };
  }
  if (j !== undefined) return { status: j.status, reason: j.reason };
  return { status: 'planned', reason: null };
}

function unmatchedReason(match: Match): Reason {
  switch (match.status) {
    case 'not_found':
      return reason('no_account_found');
    case 'gone':
      return reason('account_gone', match.error);
    case 'ambiguous':
      return reason('ambiguous', match.candidates && match.candidates.length > 0 ? match.candidates.join(', ') : match.error);
    case 'error':
      return reason('lookup_error', match.error);
    case 'found':
      return reason('no_account_found');
  }
}

/**
 * Relations per contact reference. A match names its contact by platform + id, username or display name
 * (Facebook gives names only); every model contact with that identity contributes its relations.
 */
function indexRelations(contacts: Contact[]): (ref: ContactRef) => Relation[] | null {
  const index = new Map<string, Set<Relation>>();
  const add = (key: string, relations: Relation[]) => {
    const set = index.get(key) ?? new Set<Relation>();
    for (const r of relations) set.add(r);
    index.set(key, set);
  };
  for (const c of contacts) {
    if (c.id !== null) add(`id\u0000${c.platform}\u0000${c.id}`, c.relations);
    if (c.username !== null) add(`user\u0000${c.platform}\u0000${c.username.toLowerCase()}`, c.relations);
    if (c.displayName !== null) add(`name\u0000${c.platform}\u0000${c.displayName}`, c.relations);
  }
  return (ref) => {
    const keys = [
      ref.id !== null ? `id\u0000${ref.platform}\u0000${ref.id}` : null,
      ref.username !== null ? `user\u0000${ref.platform}\u0000${ref.username.toLowerCase()}` : null,
      ref.displayName !== null ? `name\u0000${ref.platform}\u0000${ref.displayName}` : null,
    ];
    for (const key of keys) {
      const found = key === null ? undefined : index.get(key);
      if (found !== undefined) return [...found];
    }
    return null;
  };
}

function rank(c: Confidence | null): number {
  return c === null ? CONFIDENCES.length : CONFIDENCES.indexOf(c);
}

function stronger(a: Confidence | null, b: Confidence | null): boolean {
  return rank(a) < rank(b);
}
