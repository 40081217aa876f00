/**
 * Checks a token before any work that uses it (issue 10, item 2): a wrong token is refused up front
 * with one piece of advice that fits where the token came from, instead of after a whole resolve.
 *
 * `GET /api/v1/accounts/verify_credentials` (Mastodon docs, methods/accounts.md): 200 with the
 * Account of the token's user; 401 when the token is invalid, revoked or expired; 403 when the token is
 * valid but lacks `read:accounts`/`profile` (a token made only for search is still a good token).
 */
import { RemoteError } from '../errors.js';
import { isUnreachable, unreachableError } from '../net/reachable.js';
import { NetError, type HttpClient } from '../net/types.js';
import type { Credentials } from './credentials.js';

export interface CredentialsCheck {
  /** The status verify_credentials answered (200, 403, or another answer that is not a refusal). */
  status: number;
  /** The signed-in account's `acct` when the answer was an Account; null otherwise. */
  acct: string | null;
}

/**
 * Throws a RemoteError (exit 1) when the server refuses the token (401) or cannot be reached; any
 * other answer is returned for the caller to judge (import needs the acct, resolve only needs the
 * token not to be refused).
 */
export async function checkCredentials(
  http: HttpClient,
  credentials: Pick<Credentials, 'account' | 'apiBase' | 'token' | 'source'>,
  options: { signal?: AbortSignal } = {},
): Promise<CredentialsCheck> {
  const url = new URL('/api/v1/accounts/verify_credentials', credentials.apiBase);
  const host = url.host;
  let status: number;
  let body: unknown = null;
  try {
    const response = await http.request({
      url: url.href,
      headers: { accept: 'application/json', authorization: `Bearer ${credentials.token}` },
      maxBytes: 256 * 1024,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    status = response.status;
    if (status === 200) {
      try {
        body = response.json();
      } catch {
        body = null;
      }
    }
  } catch (error) {
    if (isUnreachable(error)) throw unreachableError(host, error);
    if (error instanceof NetError && error.kind !== 'aborted') {
      throw new RemoteError(`Could not check the sign-in for ${credentials.account}: ${error.message}.`, { cause: error, host });
    }
    throw error;
  }
  if (status === 401) {
    // The reason says what happened; the hint alone says what to do, once.
    throw new RemoteError(`${host} refused the token for ${credentials.account} (401).`, { host, hint: refusedHint(credentials) });
  }
  const acct = status === 200 && typeof body === 'object' && body !== null && typeof (body as { acct?: unknown }).acct === 'string'
    ? (body as { acct: string }).acct
    : null;
  return { status, acct };
}

/** What to do about a refused token depends on where it came from. */
export function refusedHint(credentials: Pick<Credentials, 'account' | 'source'>): string {
  return credentials.source === 'env'
    ? `Check LEAVE_PLATFORM_TOKEN: it must be a valid token of ${credentials.account}.`
    : `Run \`leave-platform login ${credentials.account}\` again.`;
}
