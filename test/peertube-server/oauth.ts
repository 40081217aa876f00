/**
 * PeerTube's sign-in (server/core/lib/auth/oauth.ts, controllers/api/oauth-clients.ts and users/token.ts):
 * - `GET /api/v1/oauth-clients/local` gives the instance's one client, and refuses (403) when the Host header is
 *   not the configured webserver host (with its port unless 80/443).
 * - `POST /api/v1/users/token` (x-www-form-urlencoded only) with grant_type=password or refresh_token. Errors
 *   are oauth2-server's, named in `code`: 400 invalid_request, invalid_client, unsupported_grant_type,
 *   invalid_grant; two-factor: 401 missing_two_factor (with `x-peertube-otp: required; app`), 400 invalid_two_factor.
 * - A refresh revokes the old pair (access and refresh token), as `revokeToken` deletes the token row.
 * - Bearer tokens: 401 `invalid_token` when unknown, revoked or expired (by time, by `accessTokenUses`, or by
 *   `expireAll`), 401 `unauthorized_request` when absent.
 */
import { randomBytes } from 'node:crypto';
import { problem } from './problem.js';
import type { Answer } from './types.js';

interface TokenRecord {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  usesLeft: number;
  revoked: boolean;
}

export interface OAuthSettings {
  domain: string;
  username: string;
  password: string;
  otp: string | undefined;
  accessTokenLifetimeSeconds: number;
  accessTokenUses: number;
  now: () => number;
}

const REFRESH_LIFETIME_SECONDS = 1_209_600;

export class OAuthStore {
  readonly clientId = randomBytes(16).toString('hex');
  readonly clientSecret = randomBytes(16).toString('hex');
  private readonly tokens: TokenRecord[] = [];

  constructor(private readonly s: OAuthSettings) {}

  /** `Host` as sent, compared as PeerTube compares it (`req.get('host') !== WEBSERVER.HOST`). */
  localClient(rawHost: string): Answer {
    if (rawHost !== this.s.domain) {
      return problem(403, `Getting client tokens for host ${rawHost} is forbidden`);
    }
    return { status: 200, body: { client_id: this.clientId, client_secret: this.clientSecret } };
  }

  /** Issues a pair directly (for tests that start signed in). */
  issue(): TokenRecord {
    const t: TokenRecord = {
      accessToken: randomBytes(20).toString('hex'), refreshToken: randomBytes(20).toString('hex'),
      accessExpiresAt: this.s.now() + this.s.accessTokenLifetimeSeconds * 1000, usesLeft: this.s.accessTokenUses, revoked: false,
    };
    this.tokens.push(t);
    return t;
  }

  grant(form: URLSearchParams, contentType: string, otpHeader: string | undefined): Answer {
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return problem(400, 'Invalid request: content must be application/x-www-form-urlencoded', { code: 'invalid_request' });
    }
    const clientId = form.get('client_id');
    const clientSecret = form.get('client_secret');
    if (!clientId || !clientSecret) return problem(400, 'Invalid client: cannot retrieve client credentials', { code: 'invalid_client' });
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
      return problem(400, 'Invalid client: client is invalid', { code: 'invalid_client' });
    }
    const grantType = form.get('grant_type');
    if (!grantType) return problem(400, 'Missing parameter: `grant_type`', { code: 'invalid_request' });
    if (grantType === 'password') return this.passwordGrant(form, otpHeader);
    if (grantType === 'refresh_token') return this.refreshGrant(form);
    return problem(400, 'Unsupported grant type: `grant_type` is invalid', { code: 'unsupported_grant_type' });
  }

  private passwordGrant(form: URLSearchParams, otpHeader: string | undefined): Answer {
    const username = form.get('username');
    if (!username) return problem(400, 'Missing parameter: `username`', { code: 'invalid_request' });
    if (!form.get('password')) return problem(400, 'Missing parameter: `password`', { code: 'invalid_request' });
    // PeerTube's getUser accepts the username or the e-mail, case-insensitively for the username.
    if (username.toLowerCase() !== this.s.username.toLowerCase() || form.get('password') !== this.s.password) {
      return problem(400, 'Invalid grant: user credentials are invalid', { code: 'invalid_grant' });
    }
    if (this.s.otp !== undefined) {
      if (!otpHeader) {
        return problem(401, 'Missing two factor header', { code: 'missing_two_factor', headers: { 'x-peertube-otp': 'required; app' } });
      }
      if (otpHeader !== this.s.otp) return problem(400, 'Invalid two factor header', { code: 'invalid_two_factor' });
    }
    return this.tokenAnswer(this.issue());
  }

  private refreshGrant(form: URLSearchParams): Answer {
    const refresh = form.get('refresh_token');
    if (!refresh) return problem(400, 'Missing parameter: `refresh_token`', { code: 'invalid_request' });
    const old = this.tokens.find((t) => t.refreshToken === refresh && !t.revoked);
    if (!old) return problem(400, 'Invalid grant: refresh token is invalid', { code: 'invalid_grant' });
    old.revoked = true;
    return this.tokenAnswer(this.issue());
  }

  private tokenAnswer(t: TokenRecord): Answer {
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: {
        token_type: 'Bearer', access_token: t.accessToken, refresh_token: t.refreshToken,
        expires_in: this.s.accessTokenLifetimeSeconds, refresh_token_expires_in: REFRESH_LIFETIME_SECONDS,
      },
    };
  }

  /** null when the Authorization header carries a live access token (one use is spent), else the 401. */
  authenticate(authorization: string | undefined): Answer | null {
    const m = /^Bearer\s+(\S+)$/iu.exec(authorization ?? '');
    if (!m) return problem(401, 'Token is invalid', { code: 'unauthorized_request' });
    const t = this.tokens.find((x) => x.accessToken === m[1]);
    if (!t || t.revoked) return problem(401, 'Token is invalid', { code: 'invalid_token' });
    if (this.s.now() >= t.accessExpiresAt || t.usesLeft <= 0) return problem(401, 'Token is invalid', { code: 'invalid_token' });
    t.usesLeft--;
    return null;
  }

  /** Every access token issued so far expires now (their refresh tokens stay valid). */
  expireAll(): void {
    for (const t of this.tokens) t.accessExpiresAt = Number.NEGATIVE_INFINITY;
  }
}
