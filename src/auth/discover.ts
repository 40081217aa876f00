/**
 * Where the user's API lives. A handle's domain is not always the server's (Mastodon WEB_DOMAIN,
 * GoToSocial account-domain: reference/destinations.md 1.3), so for `user@domain` we WebFinger the
 * handle and take the host of its ActivityPub actor; for a bare server name the API is on that host.
 */
import { RemoteError, UsageError } from '../errors.js';
import { checkServerReachable } from '../net/reachable.js';
import type { HttpClient } from '../net/types.js';
import { lookupWebFinger, parseHandle } from '../resolve/webfinger.js';

export interface DiscoveredServer {
  /** The API origin, `https://host` (`http://` only with --allow-http). */
  apiBase: string;
  /** The canonical handle (`user@domain`, from the WebFinger subject), or null for a bare server. */
  account: string | null;
}

/**
 * The server is asked whether it is there at all first: offline, "Can't reach host" is the truth, and a
 * failed WebFinger lookup would blame the handle instead (issue 10, item 2).
 */
export async function discoverApiBase(target: string, deps: { http: HttpClient; allowHttp: boolean; signal?: AbortSignal }): Promise<DiscoveredServer> {
  const reachable = { allowHttp: deps.allowHttp, ...(deps.signal ? { signal: deps.signal } : {}) };
  const text = target.trim();
  if (text.replace(/^@/, '').includes('@')) {
    const handle = parseHandle(text);
    if (!handle) throw new UsageError(`"${target}" is not a handle like @you@your.server.`);
    await checkServerReachable(deps.http, handle.host, reachable);
    const wf = await lookupWebFinger(`${handle.user}@${handle.host}`, { http: deps.http, allowHttp: deps.allowHttp });
    if (wf.status !== 'found') {
      throw new RemoteError(`Could not find ${handle.user}@${handle.host} through WebFinger: ${wf.reason}.`, {
        host: handle.host,
        // Only a server's "no such account" is the handle's fault; any other failure is the server's.
        hint: wf.status === 'not_found' || wf.status === 'gone'
          ? 'Check the handle, or give your server instead (leave-platform login your.server).'
          : 'Check the server, then run the same command again.',
      });
    }
    const actor = new URL(wf.actor);
    return { apiBase: actor.origin, account: wf.handle.toLowerCase() };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch (error) {
    throw new UsageError(`"${target}" is neither a handle (@you@your.server) nor a server name.`, { cause: error });
  }
  if (url.protocol !== 'https:' && !(deps.allowHttp && url.protocol === 'http:')) {
    throw new UsageError(`"${target}" is not an https server.`);
  }
  await checkServerReachable(deps.http, url.host, reachable);
  return { apiBase: url.origin, account: null };
}
