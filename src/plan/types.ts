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
