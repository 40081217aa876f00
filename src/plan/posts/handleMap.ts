/**
 * Which old-platform usernames have a fediverse account trusted enough to link to from an imported post
 * (`--mentions handle`): matches found with `high` or `verified` confidence only, so a post never points
 * readers at a weak guess.
 */
import type { Match } from '../../model/match.js';
import { confidenceAtLeast } from '../../model/match.js';

/** `${platform}:${username lower-case}` → `user@host`. */
export type HandleMap = ReadonlyMap<string, string>;

export function handleMapKey(platform: string, username: string): string {
  return `${platform}:${username.replace(/^@/, '').toLowerCase()}`;
}

export function buildHandleMap(matches: readonly Match[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of matches) {
    if (m.status !== 'found' || m.handle === null || m.contact.username === null) continue;
    if (!confidenceAtLeast(m.confidence, 'high')) continue;
    const key = handleMapKey(m.contact.platform, m.contact.username);
    // The first (the resolver's order) wins; a second match for the same username is a duplicate contact.
    if (!map.has(key)) map.set(key, m.handle.trim().replace(/^@/, ''));
  }
  return map;
}
