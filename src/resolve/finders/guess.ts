/**
 * The same-name guess: the contact's old username on the destination server and on a list of large
 * servers. A guess alone is only `low`: anyone can hold a name (the decoy problem); only a back-link
 * on the account itself lifts it (DESIGN.md section 4).
 */
import type { Contact } from '../../model/types.js';
import { formatHandle, normalizeHost, parseHandle } from '../handles.js';
import type { Candidate, Finder } from './types.js';

/**
 * Large general-purpose servers, guessed on only when the user asks (`--servers large`): a guess costs one
 * WebFinger request per contact per server to a third party that rate-limits by address (300 requests per
 * 5 minutes on Mastodon), and yields only `low` unless the account links back. By default only the
 * user's own destination server is guessed on.
 */
export const LARGE_SERVERS: readonly string[] = [
  'mastodon.social', 'mastodon.online', 'mstdn.social', 'mas.to', 'mastodon.world',
];

/** `--servers` values: a comma-separated list of hosts, where the word `large` stands for LARGE_SERVERS. */
export function expandServerList(list: readonly string[]): string[] {
  return list.flatMap((s) => (s.toLowerCase() === 'large' ? [...LARGE_SERVERS] : [s]));
}

export interface GuessOptions {
  /** The domain of the user's own handle (`--to`), tried first. */
  destinationDomain: string | null;
  servers: readonly string[];
}

export function guessFinder(options: GuessOptions): Finder {
  const hosts: string[] = [];
  for (const raw of [options.destinationDomain, ...options.servers]) {
    const host = raw ? normalizeHost(raw) : null;
    if (host && !hosts.includes(host)) hosts.push(host);
  }
  return { name: 'guess', stage: 4, find: async (contact) => guessCandidates(contact, hosts) };
}

export function guessCandidates(contact: Contact, hosts: readonly string[]): Candidate[] {
  const user = guessableUsername(contact);
  if (!user) return [];
  const out: Candidate[] = [];
  for (const host of hosts) {
    const h = parseHandle(`${user}@${host}`);
    if (h) out.push({ handle: formatHandle(h), finder: 'guess', detail: `same username ${user} on ${host}`, base: 'low' });
  }
  return out;
}

function guessableUsername(contact: Contact): string | null {
  let u = contact.username?.replace(/^@/, '') ?? '';
  if (contact.platform === 'bluesky') {
    // `alice.bsky.social` is alice; a custom-domain handle names no username to guess.
    const m = /^([a-z0-9-]+)\.bsky\.social$/i.exec(u);
    u = m?.[1] ?? '';
  }
  if (contact.platform === 'mastodon') return null; // already a full handle: the explicit finder has it
  return u && /^[A-Za-z0-9_.-]+$/.test(u) ? u : null;
}
