/**
 * For tests of code that talks to a Mastodon server: the local test server for `home.test`, an HTTP client
 * wired to it (plain http and the private network allowed, no pacing, no retries) and a MastodonClient
 * signed in on it. Whatever a test started is closed after it.
 */
import { afterEach } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { MastodonClient } from '../../src/destinations/mastodon/client.js';
import { createHttpClient, type UndiciHttpClient } from '../../src/net/client.js';
import { startMastodonTestServer, type MastodonTestServer, type MastodonTestServerOptions } from './server.js';

export interface MastodonClientOptions {
  /** --max-wait for rate limits (default 60 s). */
  maxWaitMs?: number;
  /** Another token than the server's (default: the server's own). */
  token?: string;
}

/**
 * Call once at the top of a test file, with the remote accounts every test's server knows. Returns the
 * per-test setup: start a server (`options` added to those accounts) and a client on it.
 */
export function mastodonClientSetup(accounts: MastodonTestServerOptions['accounts']) {
  let server: MastodonTestServer | null = null;
  let http: UndiciHttpClient | null = null;

  afterEach(async () => {
    await http?.close();
    await server?.close();
    server = null;
    http = null;
  });

  return async (options: Partial<MastodonTestServerOptions> = {}, clientOptions: MastodonClientOptions = {}) => {
    server = await startMastodonTestServer({ domain: 'home.test', accounts, ...options });
    http = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: server.connectTo(), maxPacingWaitMs: 0, retries: 0 });
    const client = new MastodonClient({
      http, baseUrl: server.publicUrl, token: clientOptions.token ?? server.token, clock: systemClock,
      maxWaitMs: clientOptions.maxWaitMs ?? 60_000, localDomain: 'home.test',
    });
    return { server, http, client };
  };
}
