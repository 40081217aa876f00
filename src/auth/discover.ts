/**
 * Where the user's API lives. A handle's domain is not always the server's (Mastodon WEB_DOMAIN,
 * GoToSocial account-domain: reference/destinations.md 1.3), so for `user@domain` we WebFinger the
 * handle and take the host of its ActivityPub actor; for a bare server name the API is on that host.
 * Handles and profile links are read by the one parser, src/model/handle.ts (ports included).
 */
import { RemoteError, UsageError } from '../errors.js';
import { checkServerReachable } from '../net/reachable.js';
import type { HttpClient } from '../net/types.js';
import { normalizeServerHost, parseAccount, type AccountHandle } from '../model/handle.js';
import { lookupWebFinger } from '../resolve/webfinger.js';
import { HANDLE_SHAPE, accountOrUsageError } from './accountInput.js';

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
  const given = loginTarget(target);
  if (given.kind === 'account') {
    const { user, host } = given.handle;
    await checkServerReachable(deps.http, host, reachable);
    const wf = await lookupWebFinger(`${user}@${host}`, { http: deps.http, allowHttp: deps.allowHttp });
    if (wf.status !== 'found') {
      throw new RemoteError(`Could not find ${user}@${host} through WebFinger: ${wf.reason}.`, {
        host,
        // Only a server's "no such account" is the handle's fault; any other failure is the server's.
        hint: wf.status === 'not_found' || wf.status === 'gone'
          ? 'Check the handle, or give your server instead (leave-platform login your.server).'
          : 'Check the server, then run the same command again.',
      });
    }
    const actor = new URL(wf.actor);
    return { apiBase: actor.origin, account: wf.handle.toLowerCase() };
  }
  const url = given.url;
  if (url.protocol !== 'https:' && !(deps.allowHttp && url.protocol === 'http:')) {
    throw new UsageError(`"${target}" is not an https server.`);
  }
  await checkServerReachable(deps.http, url.host, reachable);
  return { apiBase: url.origin, account: null };
}

type LoginTarget = { kind: 'account'; handle: AccountHandle } | { kind: 'server'; url: URL };

/**
 * What `login` (or --to with LEAVE_PLATFORM_TOKEN) was given: an account (`@me@host`, `me@host:3000`, a
 * profile link), or a server (`host`, `host:3000`, `https://host/`). Anything else is a usage mistake,
 * told before any request: `@me` is a handle without its server, not a server named "me".
 */
export function loginTarget(target: string): LoginTarget {
  const text = target.trim();
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!isUrl && (text.startsWith('@') || text.includes('@') || text === '')) {
    return { kind: 'account', handle: accountOrUsageError(text, `"${target}"`) };
  }
  if (isUrl) {
    const account = parseAccount(text);
    if (account.ok) return { kind: 'account', handle: account.handle };
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
    if (url && url.pathname === '/' && !url.search && !url.hash && !url.username && normalizeServerHost(url.host) !== null) {
      return { kind: 'server', url };
    }
    throw new UsageError(`"${target}" is neither your profile link nor your server's address.`, { hint: HANDLE_SHAPE });
  }
  const host = normalizeServerHost(text);
  if (host === null) {
    throw new UsageError(`"${target}" is neither a handle nor a server name.`, { hint: `${HANDLE_SHAPE} A server name looks like example.social.` });
  }
  return { kind: 'server', url: new URL(`https://${host}`) };
}
