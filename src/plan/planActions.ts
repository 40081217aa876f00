/**
 * The planner (DESIGN.md sections 1 and 6): a pure function of model + matches + options + what the
 * account already has + the destination's profile + journal state, giving every action of a migration.
 * No I/O: the import use case reads the account and the journal, then calls this, and `--dry-run` stops
 * right after it. Each kind of work has its own planner (the social graph, posts); this puts them in the
 * order they are sent: follows first, then blocks, mutes, list additions, then media and posts.
 */
import type { DestinationProfile } from '../destinations/profile.js';
import type { Match } from '../model/match.js';
import type { Model } from '../model/types.js';
import { planGraph, type PlanOptions } from './planGraph.js';
import { planPosts, type PostPlanOptions } from './posts/planPosts.js';
import { planVideos, takesVideos } from './posts/planVideos.js';
import type { ActionState, ExistingState, Plan } from './types.js';

export interface PlanInput {
  model: Model;
  matches: Match[];
  options: PlanOptions;
  /** Posts to carry over; null when `--posts` was not asked for. */
  posts: PostPlanOptions | null;
  existing: ExistingState;
  profile: DestinationProfile;
  /** The size the archive declares for a media file, when known. */
  mediaSize: (archive: string | null, path: string | null) => number | null;
  /** Action key → state, from the journal. */
  journal: Map<string, ActionState>;
}

export function planActions(input: PlanInput): Plan {
  const graph = planGraph({
    model: input.model, matches: input.matches, options: input.options, existing: input.existing, journal: input.journal,
  });
  if (input.posts === null) return { actions: graph.actions, excluded: graph.excluded, postsExcluded: [], notes: graph.notes };
  // A destination that takes videos into a channel (PeerTube) gets the videos as videos, not as posts.
  const videos = takesVideos(input.profile)
    ? planVideos({ model: input.model, options: input.posts, profile: input.profile, mediaSize: input.mediaSize, journal: input.journal })
    : null;
  const postModel = videos ? { ...input.model, posts: input.model.posts.filter((p) => p.kind !== 'video') } : input.model;
  const posts = planPosts({
    model: postModel, matches: input.matches, options: input.posts, profile: input.profile,
    mediaSize: input.mediaSize, journal: input.journal,
  });
  if (videos) {
    posts.items.push(...videos.items);
    posts.excluded.push(...videos.excluded);
  }
  const notes = [...graph.notes, ...posts.notes];
  const widened = posts.items.filter((i) => i.action.type === 'post' && i.action.replyTo !== null && i.action.visibility !== 'public');
  if (input.profile.posts?.repliesArePublic && widened.length > 0) {
    notes.push({ code: 'replies_public', count: widened.length, software: input.profile.software });
  }
  return { actions: [...graph.actions, ...posts.items], excluded: graph.excluded, postsExcluded: posts.excluded, notes };
}

export type { PlanOptions };
