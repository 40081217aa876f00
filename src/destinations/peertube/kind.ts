/** The PeerTube destination kind, for the registry (nodeinfo `software.name` is `peertube`). */
import type { DestinationKind } from '../registry.js';
import { PeerTubeClient } from './client.js';

export const peertubeKind: DestinationKind = {
  kind: 'peertube',
  serves: (software) => software === 'peertube',
  create: (s) => new PeerTubeClient({
    http: s.http, baseUrl: s.apiBase, token: s.token, clock: s.clock, maxWaitMs: s.maxWaitMs, channel: s.channel ?? null,
    ...(s.refresh ? { refresh: s.refresh } : {}),
    ...(s.signal ? { signal: s.signal } : {}),
  }),
};
