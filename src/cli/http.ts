/**
 * The one HTTP client a command makes from the global options (--allow-http, --allow-private-network,
 * --connect-to and their environment switches), so that every command honours them the same way.
 */
import { createHttpClient, type HttpClientOptions, type UndiciHttpClient } from '../net/client.js';
import type { GlobalOptions } from './io.js';

/** What a command may tune on top of the global options: limits, pacing, the wait callback. */
export type CommandHttpOptions = Omit<HttpClientOptions, 'allowHttp' | 'allowPrivateNetwork' | 'connectTo'>;

export function httpClientFor(global: Pick<GlobalOptions, 'allowHttp' | 'allowPrivateNetwork' | 'connectTo'>, options: CommandHttpOptions = {}): UndiciHttpClient {
  return createHttpClient({
    ...options,
    allowHttp: global.allowHttp,
    allowPrivateNetwork: global.allowPrivateNetwork,
    connectTo: global.connectTo,
  });
}
