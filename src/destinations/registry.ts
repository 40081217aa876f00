/**
 * The destination adapters, chosen by the server's software (nodeinfo). A new kind of destination is one
 * folder under src/destinations and one line here. Every server not claimed by another adapter is tried
 * with the Mastodon client API, which most of the fediverse implements.
 */
import type { Clock } from '../clock.js';
import type { HttpClient } from '../net/types.js';
import { MastodonClient } from './mastodon/client.js';
import { peertubeKind } from './peertube/kind.js';
import type { RateFamily } from './mastodon/rateLimit.js';
import type { Software } from './nodeinfo.js';
import type { Destination } from './types.js';

export interface DestinationSetup {
  http: HttpClient;
  /** `https://host` of the API. */
  apiBase: string;
  /** The signed-in account, `user@host`. */
  account: string;
  token: string;
  clock: Clock;
  maxWaitMs: number;
  onRateLimitWait?: (until: Date, family: string) => void;
  signal?: AbortSignal;
  /** A fresh access token from a stored refresh token, after a 401 (PeerTube). */
  refresh?: () => Promise<string | null>;
  /** `--channel`: the channel videos go into (PeerTube); null or absent for the account's first. */
  channel?: string | null;
  /** The server's software as nodeinfo said when the adapter was chosen (not read again). */
  software?: Software;
}

export interface DestinationKind {
  kind: string;
  /** Whether this adapter serves a server running `software` (nodeinfo name, lower case). */
  serves(software: string): boolean;
  create(setup: DestinationSetup): Destination;
}

const mastodonApi: DestinationKind = {
  kind: 'mastodon-api',
  serves: () => true,
  create: (s) => new MastodonClient({
    http: s.http, baseUrl: s.apiBase, token: s.token, clock: s.clock, maxWaitMs: s.maxWaitMs,
    localDomain: s.account.split('@')[1] ?? new URL(s.apiBase).host,
    ...(s.onRateLimitWait ? { onRateLimitWait: (until: Date, family: RateFamily) => s.onRateLimitWait?.(until, family) } : {}),
    ...(s.signal ? { signal: s.signal } : {}),
    ...(s.software ? { software: s.software } : {}),
  }),
};

/** Most specific first; the Mastodon client API last, as the fallback. */
export const DESTINATION_KINDS: readonly DestinationKind[] = [peertubeKind, mastodonApi];

export function destinationKindFor(software: string): DestinationKind {
  return DESTINATION_KINDS.find((k) => k.serves(software)) ?? mastodonApi;
}
