/**
 * The bridge finder (opt-in): a Bluesky account bridged into the fediverse by Bridgy Fed answers as
 * `handle@bsky.brid.gy` (Bridgy Fed docs: "your fediverse handle will be @you.bsky.social@bsky.brid.gy").
 * Offline; the account only exists when its owner opted into bridging, which WebFinger then confirms.
 */
import type { Contact } from '../../model/types.js';
import { formatHandle, parseHandle } from '../handles.js';
import type { Candidate, Finder } from './types.js';

export const BRIDGY_FED_BLUESKY_HOST = 'bsky.brid.gy';

export function bridgeFinder(host: string = BRIDGY_FED_BLUESKY_HOST): Finder {
  return { name: 'bridge', stage: 1, find: async (contact) => bridgeCandidates(contact, host) };
}

export function bridgeCandidates(contact: Contact, host: string = BRIDGY_FED_BLUESKY_HOST): Candidate[] {
  if (contact.platform !== 'bluesky' || !contact.username) return [];
  const bskyHandle = contact.username.replace(/^@/, '').toLowerCase();
  // A Bluesky handle is a domain name (did:plc ids are not handles); the bridged user part is that domain.
  if (bskyHandle.startsWith('did:') || !/^[a-z0-9.-]+\.[a-z]+$/.test(bskyHandle)) return [];
  const h = parseHandle(`${bskyHandle}@${host}`);
  if (!h) return [];
  return [{ handle: formatHandle(h), finder: 'bridge', detail: `Bridgy Fed bridge of ${bskyHandle}`, base: 'high' }];
}
