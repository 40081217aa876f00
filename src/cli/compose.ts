/**
 * The composition root: the one place that turns the command line into the real dependencies of a use
 * case (the HTTP client, the credentials, the destination adapter chosen by the server's software, the
 * export's media). Use cases take these as parameters; tests pass their own instead.
 */
import type { DestinationServer } from '../app/runResolve.js';
import { findCredentials, type Credentials } from '../auth/credentials.js';
import type { Clock } from '../clock.js';
import { destinationKindFor } from '../destinations/registry.js';
import { readNodeinfo } from '../destinations/nodeinfo.js';
import type { Destination } from '../destinations/types.js';
import { checkServerReachable } from '../net/reachable.js';
import type { HttpClient } from '../net/types.js';

export interface ConnectOptions {
  http: HttpClient;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  configDir: string;
  allowHttp: boolean;
  /** --max-wait: the longest rate-limit sleep before stopping with exit 3. */
  maxWaitMs: number;
  onRateLimitWait?: (until: Date, family: string) => void;
  /** The soft stop: waits and reads end on it, writes never. */
  signal?: AbortSignal;
  /** `--channel`: the channel videos go into (PeerTube); null for the account's first. */
  channel?: string | null;
}

export interface Connection {
  account: string;
  destination: Destination;
  token: string;
  credentials: Credentials;
  /** What nodeinfo said of the server, read once here: the resolver needs it too (DestinationServer). */
  server: DestinationServer;
}

/** The signed-in destination for `to`, or null when there is no sign-in for it. */
export async function connectDestination(to: string | null, options: ConnectOptions): Promise<Connection | null> {
  const credentials = await findCredentials(to, { http: options.http, allowHttp: options.allowHttp, env: options.env, configDir: options.configDir });
  if (!credentials) return null;
  const origin = new URL(credentials.apiBase).origin;
  // Offline, say so in one sentence before anything else (issue 10: not "check the handle").
  await checkServerReachable(options.http, new URL(credentials.apiBase).host, {
    allowHttp: options.allowHttp, ...(options.signal ? { signal: options.signal } : {}),
  });
  const software = await readNodeinfo(options.http, origin, options.signal);
  const destination = destinationKindFor(software.name).create({
    http: options.http, apiBase: credentials.apiBase, account: credentials.account, token: credentials.token,
    clock: options.clock, maxWaitMs: options.maxWaitMs, software,
    ...(options.channel ? { channel: options.channel } : {}),
    ...(credentials.refresh ? { refresh: credentials.refresh } : {}),
    ...(options.onRateLimitWait ? { onRateLimitWait: options.onRateLimitWait } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { account: credentials.account, destination, token: credentials.token, credentials, server: { software: software.name, origin } };
}
