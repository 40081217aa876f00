/**
 * Actions: what the planner decides and the journal records (DESIGN.md sections 3a and 6).
 */
import type { Confidence, ContactRef } from '../model/match.js';

export type ActionType = 'follow' | 'block' | 'mute' | 'list_add' | 'post' | 'media';

/** planned → sent → done | pending | failed(reason) | skipped(reason) */
export type ActionStatus = 'planned' | 'sent' | 'done' | 'pending' | 'failed' | 'skipped';

export interface Action {
  /**
   * Stable identity of the action across runs, e.g. `follow:jack@example.social`,
   * `list_add:From Twitter:jack@example.social`, `post:twitter:1100`. The journal is keyed by it.
   */
  key: string;
  type: ActionType;
  /** A handle `user@host` for account actions; the source post id for `post`; the media path for `media`. */
  target: string;
  /** The list's name, for `list_add`. */
  list: string | null;
  /** The contact this action is for (account actions). */
  contact: ContactRef | null;
  confidence: Confidence | null;
}

/** An action with its current state, as the report shows it. */
export interface ActionState {
  action: Action;
  status: ActionStatus;
  reason: string | null;
}

// ---------------------------------------------------------------------------------------------
// The plan (additive: planner inputs and outputs, src/plan/planActions.ts).

/** One planned action with its state; `after` names the action that must be `done` first. */
export interface PlanItem extends ActionState {
  /**
   * Key of the action that must reach `done` before this one is sent, or null. A `list_add` waits for
   * its `follow`: Mastodon adds an account to a list only once the user follows it
   * (reference/destinations.md 2.6).
   */
  after: string | null;
}

/** A match that produced no action, and why (the report shows these). */
export interface PlanExclusion {
  contact: ContactRef;
  /** The handle considered, when there was one. */
  handle: string | null;
  confidence: Confidence | null;
  reason: string;
}

export interface Plan {
  /** Follows first (strongest confidence first), then blocks, mutes, list additions. */
  actions: PlanItem[];
  excluded: PlanExclusion[];
  /** Plain sentences for the user: the follow ceiling bit, options that changed the plan. */
  notes: string[];
}

/** What the destination account already has. Handles are lower-case `user@host`, no leading `@`. */
export interface ExistingState {
  following: Set<string>;
  blocked: Set<string>;
  muted: Set<string>;
  /** List title → members. */
  lists: Map<string, Set<string>>;
}
