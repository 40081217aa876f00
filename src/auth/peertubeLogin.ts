/**
 * Signing in to PeerTube (docs.joinpeertube.org/api-rest-getting-started): PeerTube has no app registration
 * and no authorization-code flow for third-party tools; a client asks the instance for its own OAuth client
 * (`GET /api/v1/oauth-clients/local`, answered only when the Host is the instance's configured host), then
 * sends the OAuth 2.0 password grant (RFC 6749 section 4.3) to `POST /api/v1/users/token`. With two-factor
 * on, the server answers 401 `missing_two_factor` and wants the code in the `x-peertube-otp` header. Access
 * tokens expire (a day by default); the refresh grant (RFC 6749 section 6) gives a new pair and revokes the old.
 *
 * The password is asked through `askPassword` (hidden input on a terminal), used for this one request, and
 * never stored or logged.
 */
import { RemoteError, UsageError } from '../errors.js';
import type { HttpClient, HttpResponse } from '../net/types.js';

export interface PeerTubeClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface PeerTubeTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives, when the server says. */
  expiresIn: number | null;
}

export interface PeerTubeSignInPrompts {
  /** Hidden input on the terminal. */
  askPassword: (prompt: string) => Promise<string>;
  /** The two-factor code (from the authenticator app). */
  askCode: (prompt: string) => Promise<string>;
}

export async function localClient(http: HttpClient, apiBase: string): Promise<PeerTubeClientCredentials> {
  const r = await http.request({ url: `${apiBase}/api/v1/oauth-clients/local`, headers: { accept: 'application/json' } });
  const body = jsonOf(r) as { client_id?: unknown; client_secret?: unknown } | null;
  if (r.status !== 200 || typeof body?.client_id !== 'string' || typeof body.client_secret !== 'string') {
    throw new RemoteError(`The server did not give its sign-in client (${describe(r)}).`, { host: new URL(apiBase).host });
  }
  return { clientId: body.client_id, clientSecret: body.client_secret };
}

/** The password grant, with the two-factor code asked for when the server wants one. */
export async function signInWithPassword(
  http: HttpClient, apiBase: string, client: PeerTubeClientCredentials, username: string, prompts: PeerTubeSignInPrompts,
): Promise<PeerTubeTokens> {
  const host = new URL(apiBase).host;
  const password = await prompts.askPassword(`Password for ${username}@${host}: `);
  if (password === '') throw new UsageError('No password was given.', { hint: 'Run `leave-platform login` again.' });
  const form = { grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret, username, password };
  let r = await tokenRequest(http, apiBase, form);
  if (r.status === 401 && codeOf(r) === 'missing_two_factor') {
    const code = (await prompts.askCode('Two-factor code: ')).trim();
    if (code === '') throw new UsageError('No two-factor code was given.', { hint: 'Run `leave-platform login` again.' });
    r = await tokenRequest(http, apiBase, form, { 'x-peertube-otp': code });
    if (codeOf(r) === 'invalid_two_factor') {
      throw new UsageError('The two-factor code was not accepted.', { hint: 'Run `leave-platform login` again with the code your app shows now.' });
    }
  }
  if (codeOf(r) === 'invalid_grant') {
    throw new UsageError(`The server did not accept the user name or password for ${username}@${host}.`, {
      hint: 'Check them on the server\'s web page, then run `leave-platform login` again.',
    });
  }
  return tokensOf(r, host);
}

/** A new pair from a refresh token; null when the server no longer takes it (sign in again). */
export async function refreshTokens(
  http: HttpClient, apiBase: string, client: PeerTubeClientCredentials, refreshToken: string,
): Promise<PeerTubeTokens | null> {
  const r = await tokenRequest(http, apiBase, {
    grant_type: 'refresh_token', client_id: client.clientId, client_secret: client.clientSecret, refresh_token: refreshToken,
  });
  if (r.status === 400 || r.status === 401) return null;
  return tokensOf(r, new URL(apiBase).host);
}

function tokenRequest(http: HttpClient, apiBase: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return http.request({
    method: 'POST', url: `${apiBase}/api/v1/users/token`,
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

function tokensOf(r: HttpResponse, host: string): PeerTubeTokens {
  const b = jsonOf(r) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
  if (r.status !== 200 || typeof b?.access_token !== 'string' || typeof b.refresh_token !== 'string') {
    throw new RemoteError(`Sign-in failed (${describe(r)}).`, { host });
  }
  return { accessToken: b.access_token, refreshToken: b.refresh_token, expiresIn: typeof b.expires_in === 'number' ? b.expires_in : null };
}

/** PeerTube's error `code` (RFC 7807 body), or null. */
function codeOf(r: HttpResponse): string | null {
  const b = jsonOf(r) as { code?: unknown } | null;
  return typeof b?.code === 'string' ? b.code : null;
}

function jsonOf(r: HttpResponse): unknown {
  try {
    return r.json();
  } catch {
    return null;
  }
}

/** Status and the server's own words, never the request (it carries the password). */
function describe(r: HttpResponse): string {
  const b = jsonOf(r) as { detail?: unknown; error?: unknown } | null;
  const words = typeof b?.detail === 'string' ? b.detail : typeof b?.error === 'string' ? b.error : '';
  return `${r.status}${words ? `: ${words.slice(0, 200)}` : ''}`;
}
