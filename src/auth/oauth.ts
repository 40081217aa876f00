/**
 * OAuth with a Mastodon-API server (reference/destinations.md 2.1; docs content/en/spec/oauth.md):
 * register an app (`POST /api/v1/apps`), send the user to `/oauth/authorize` with PKCE (S256), exchange
 * the code at `/oauth/token`. Secrets and tokens travel only in request bodies, never in messages.
 */
import { RemoteError } from '../errors.js';
import { NetError, type HttpClient, type HttpResponse } from '../net/types.js';
import { readErrorMessage } from '../destinations/mastodon/entities.js';

export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
export const CLIENT_NAME = 'leave-platform';
export const CLIENT_WEBSITE = 'https://github.com/leave-platform/leave-platform';

export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
}

export interface IssuedToken {
  accessToken: string;
  /** The scopes granted (servers that do not say: the scopes asked for). */
  scope: string;
}

export async function registerApp(http: HttpClient, apiBase: string, options: { redirectUri: string; scopes: string[] }): Promise<RegisteredApp> {
  const body = new URLSearchParams({
    client_name: CLIENT_NAME,
    redirect_uris: options.redirectUri,
    scopes: options.scopes.join(' '),
    website: CLIENT_WEBSITE,
  });
  const r = await post(http, `${apiBase}/api/v1/apps`, body, 'register leave-platform as an app');
  const v = json(r) as Record<string, unknown> | null;
  if (!v || typeof v.client_id !== 'string' || typeof v.client_secret !== 'string') {
    throw new RemoteError(`${hostOf(apiBase)} answered the app registration without a client id.`, { host: hostOf(apiBase) });
  }
  return { clientId: v.client_id, clientSecret: v.client_secret };
}

export function authorizeUrl(apiBase: string, options: { clientId: string; redirectUri: string; scopes: string[]; state: string; challenge: string }): string {
  const url = new URL('/oauth/authorize', apiBase);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', options.scopes.join(' '));
  url.searchParams.set('state', options.state);
  url.searchParams.set('code_challenge', options.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

export async function exchangeCode(
  http: HttpClient,
  apiBase: string,
  options: { app: RegisteredApp; code: string; redirectUri: string; verifier: string; scopes: string[] },
): Promise<IssuedToken> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: options.code,
    client_id: options.app.clientId,
    client_secret: options.app.clientSecret,
    redirect_uri: options.redirectUri,
    code_verifier: options.verifier,
    scope: options.scopes.join(' '),
  });
  const r = await post(http, `${apiBase}/oauth/token`, body, 'exchange the sign-in code for a token');
  const v = json(r) as Record<string, unknown> | null;
  if (!v || typeof v.access_token !== 'string' || v.access_token === '') {
    throw new RemoteError(`${hostOf(apiBase)} gave no access token.`, { host: hostOf(apiBase) });
  }
  return { accessToken: v.access_token, scope: typeof v.scope === 'string' && v.scope ? v.scope : options.scopes.join(' ') };
}

async function post(http: HttpClient, url: string, body: URLSearchParams, what: string): Promise<HttpResponse> {
  const host = hostOf(url);
  let r: HttpResponse;
  try {
    r = await http.request({
      method: 'POST', url, body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
  } catch (error) {
    if (error instanceof NetError) throw new RemoteError(`Could not reach ${host} to ${what}: ${error.message}.`, { cause: error, host });
    throw error;
  }
  if (r.status < 200 || r.status >= 300) {
    let said: string | null = null;
    try {
      said = readErrorMessage(r.json());
    } catch {
      said = null;
    }
    throw new RemoteError(`${host} refused to ${what} (${r.status}${said ? `: ${said}` : ''}).`, {
      host,
      hint: r.status === 400 && said?.includes('scope') ? 'The server may not support the permissions leave-platform asks for.' : 'Try again; if it keeps failing, sign in from the server\'s web page instead.',
    });
  }
  return r;
}

function json(r: HttpResponse): unknown {
  try {
    return r.json();
  } catch {
    return null;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
