/**
 * Stable action keys (src/plan/types.ts `Action.key`). The journal is keyed by them, so they must not
 * change between runs or releases: `follow:jack@example.social`, `list_add:From Twitter:jack@example.social`.
 * Handles are compared case-insensitively (WebFinger subjects differ in case: reference/destinations.md 1.3),
 * so keys use the lower-case handle.
 */
import type { ActionType } from './types.js';

import { normalizeHandle } from '../model/handle.js';

export { normalizeHandle };

export function accountActionKey(type: 'follow' | 'block' | 'mute', handle: string): string {
  return `${type}:${normalizeHandle(handle)}`;
}

export function listAddKey(list: string, handle: string): string {
  return `list_add:${list}:${normalizeHandle(handle)}`;
}

/** The follow a `list_add` waits for. */
export function followKeyFor(handle: string): string {
  return accountActionKey('follow', handle);
}

/** The action type a key starts with, or null when the key is not one of ours. */
export function actionTypeOfKey(key: string): ActionType | null {
  const type = key.slice(0, key.indexOf(':'));
  const known: readonly string[] = ['follow', 'block', 'mute', 'list_add', 'post', 'media', 'video'];
  return known.includes(type) ? (type as ActionType) : null;
}
