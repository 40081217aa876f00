/**
 * Actions: what the planner decides and the journal records (DESIGN.md sections 3a and 6).
 *
 * An action is a discriminated union on `type`; each type has its executor in src/apply/executors and
 * its planner in src/plan. `ACTION_TYPES` is the one list of types: the journal, the reports and the
 * registry of executors are all checked against it.
 */
import type { Confidence, ContactRef } from '../model/match.js';
import type { MediaType, Platform } from '../model/types.js';
import type { Reason } from './reasons.js';

export const ACTION_TYPES = ['follow', 'block', 'mute', 'list_add', 'media', 'post', 'video'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** planned → sent → done | pending | failed(reason) | skipped(reason) */
export type ActionStatus = 'planned' | 'sent' | 'done' | 'pending' | 'failed' | 'skipped';
export const ACTION_STATUSES: readonly ActionStatus[] = ['planned', 'sent', 'done', 'pending', 'failed', 'skipped'];

interface ActionBase {
  /**
   * Stable identity of the action across runs, e.g. `follow:jack@example.social`,
   * `list_add:From Twitter:jack@example.social`, `post:twitter:1100:1`. The journal is keyed by it.
   */
  key: string;
}

/** Follow, block or mute one account. */
export interface AccountAction extends ActionBase {
  type: 'follow' | 'block' | 'mute';
  /** `user@host` as found (case kept), no leading `@`. */
  handle: string;
  /** The contact this action is for. */
  contact: ContactRef | null;
  confidence: Confidence | null;
}

/** Add a followed account to a list (created on first use). */
export interface ListAddAction extends ActionBase {
  type: 'list_add';
  list: string;
  handle: string;
  contact: ContactRef | null;
  confidence: Confidence | null;
}

/** Where a post or a media file came from. */
export interface PostSource {
  platform: Platform;
  /** The post's id on the old platform. */
  id: string;
  createdAt: string | null;
  /** The post's address on the old platform, when known. */
  url: string | null;
}

export type PostVisibilityOut = 'public' | 'unlisted' | 'private';

/** One status to create: a source post, or one part of it when it is split into a self-thread. */
export interface PostAction extends ActionBase {
  type: 'post';
  source: PostSource;
  /** 1-based part of the source post; `parts` is how many statuses the post became. */
  part: number;
  parts: number;
  /** The text exactly as it will be sent (mentions rewritten, footer added, within the server's limit). */
  text: string;
  /** Content warning (Mastodon `spoiler_text`), or null. */
  spoilerText: string | null;
  sensitive: boolean;
  visibility: PostVisibilityOut;
  language: string | null;
  /** Key of the post action this one replies to (the previous part, or the parent post's last part). */
  replyTo: string | null;
  /** Keys of the media actions attached to this part, in order. */
  media: string[];
  /** The original date to backdate to (GoToSocial's past `scheduled_at`), or null for a new post. */
  backdateTo: string | null;
}

/** One media file to upload from the archive, attached to a post part later. */
export interface MediaAction extends ActionBase {
  type: 'media';
  source: { platform: Platform; postId: string };
  /** The archive part and the path inside it; null when the export references a file it lacks. */
  archive: string | null;
  path: string | null;
  mediaType: MediaType;
  alt: string | null;
  /** The uncompressed size the archive declares, when known (untrusted; planning only). */
  size: number | null;
}

/**
 * One video of the user's own to upload into a channel (PeerTube), streamed from the archive in chunks
 * of a resumable upload (src/apply/executors/video.ts). Key: `video:<platform>:<id>`.
 */
export interface VideoAction extends ActionBase {
  type: 'video';
  source: PostSource;
  /** The archive part and the path of the video file inside it. */
  archive: string;
  path: string;
  /** The uncompressed size the archive declares, when known (planning only; the upload uses the real size). */
  size: number | null;
  /** The title, 3 to 120 characters (PeerTube's limits). */
  name: string;
  description: string | null;
  /** At most 5, each 2 to 30 characters (PeerTube's limits). */
  tags: string[];
  privacy: PostVisibilityOut;
  originallyPublishedAt: string | null;
  language: string | null;
  /** PeerTube category id, where known. */
  category: number | null;
  /** The channel's name (`--channel`, or the account's first channel). */
  channel: string;
}

export type Action = AccountAction | ListAddAction | PostAction | MediaAction | VideoAction;
export type ActionOf<T extends ActionType> = Action & { type: T };

/** A short, human-free summary of what an action is about: a handle, a post id or a media path. */
export function actionTarget(action: Action): string {
  switch (action.type) {
    case 'follow':
    case 'block':
    case 'mute':
    case 'list_add':
      return action.handle;
    case 'post':
    case 'video':
      return `${action.source.platform}:${action.source.id}`;
    case 'media':
      return action.path ?? `${action.source.platform}:${action.source.postId}`;
  }
}

/** The contact an action is about, for account actions. */
export function actionContact(action: Action): ContactRef | null {
  return action.type === 'post' || action.type === 'media' || action.type === 'video' ? null : action.contact;
}

/** An action with its current state, as the report shows it. */
export interface ActionState {
  action: Action;
  status: ActionStatus;
  reason: Reason | null;
}

// ---------------------------------------------------------------------------------------------
// The plan (planner inputs and outputs, src/plan/planActions.ts).

/** One planned action with its state; `after` names the actions that must be settled first. */
export interface PlanItem extends ActionState {
  /**
   * Keys of the actions this one waits for: a `list_add` waits for its `follow` (Mastodon adds an account
   * to a list only once the user follows it, reference/destinations.md 2.6); a post part waits for its
   * media and for the post it replies to.
   */
  after: string[];
}

/** A match or a post that produced no action, and why (the report shows these). */
export interface PlanExclusion {
  contact: ContactRef;
  /** The handle considered, when there was one. */
  handle: string | null;
  confidence: Confidence | null;
  reason: Reason;
}

/** A source post left out of the import, and why. */
export interface PostExclusion {
  source: PostSource;
  kind: string;
  reason: Reason;
}

export interface Plan {
  /** Follows first (strongest confidence first), then blocks, mutes, list additions, then media and posts. */
  actions: PlanItem[];
  excluded: PlanExclusion[];
  /** Posts left out (only when posts were asked for). */
  postsExcluded: PostExclusion[];
  /** Facts for the user (codes with numbers), turned into sentences by the CLI and reports. */
  notes: PlanNote[];
}

export type PlanNote =
  | { code: 'follow_limit'; ceiling: number; room: number; skipped: number }
  | { code: 'followers_not_followed'; count: number }
  | { code: 'below_min_confidence'; count: number; minConfidence: Confidence }
  | { code: 'posts_split'; posts: number; parts: number }
  | { code: 'posts_backdated'; count: number; software: string }
  | { code: 'posts_not_backdated'; software: string }
  | { code: 'media_over_limit'; posts: number; maxMedia: number }
  | { code: 'replies_public'; count: number; software: string };

/** What the destination account already has. Handles are lower-case `user@host`, no leading `@`. */
export interface ExistingState {
  following: Set<string>;
  blocked: Set<string>;
  muted: Set<string>;
  /** List title → members. */
  lists: Map<string, Set<string>>;
}
