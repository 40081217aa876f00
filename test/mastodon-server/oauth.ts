/**
 * OAuth for the test server (RFC 6749 authorization code, RFC 7636 PKCE with S256 only): `POST /api/v1/apps`,
 * `GET /oauth/authorize` (signs "me" in at once, no form) and `POST /oauth/token`. Split from server.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './types.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export class OAuthEndpoints {
  private readonly apps = new Map<string, { secret: string; redirectUris: string[]; scopes: string }>();
  private readonly codes = new Map<string, { clientId: string; redirectUri: string; challenge: string | null; scope: string }>();
  /** Tokens issued through OAuth, with the scopes granted. */
  readonly issuedTokens = new Map<string, string>();
  private nextAppId = 1;

  registerApp(form: URLSearchParams, res: ServerResponse): void {
    const name = form.get('client_name');
    const redirect = form.getAll('redirect_uris').flatMap((s) => s.split(/\s+/)).filter(Boolean);
    if (!name || redirect.length === 0) return sendJson(res, 422, { error: "Validation failed: Name can't be blank, Redirect URI can't be blank" });
    const clientId = randomBytes(8).toString('hex');
    const secret = randomBytes(16).toString('hex');
    const scopes = form.get('scopes') ?? 'read';
    this.apps.set(clientId, { secret, redirectUris: redirect, scopes });
    sendJson(res, 200, {
      id: String(this.nextAppId++), name, website: form.get('website'), scopes: scopes.split(' '),
      redirect_uri: redirect.join('\n'), redirect_uris: redirect, client_id: clientId, client_secret: secret,
      client_secret_expires_at: 0, vapid_key: 'test',
    });
  }

  /** Signs "me" in at once (no form): redirects to the loopback URI, or shows the code for OOB. */
  authorize(r: RecordedRequest, res: ServerResponse): void {
    const q = r.query;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app || !app.redirectUris.includes(redirectUri) || q.get('response_type') !== 'code') {
      return sendJson(res, 400, { error: 'invalid_request' });
    }
    const scope = q.get('scope') ?? 'read';
    if (!scope.split(/[ +]/).every((s) => app.scopes.split(' ').includes(s))) return sendJson(res, 400, { error: 'invalid_scope' });
    const method = q.get('code_challenge_method');
    if (q.get('code_challenge') && method !== 'S256') return sendJson(res, 400, { error: 'invalid_request', error_description: 'S256 only' });
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { clientId: q.get('client_id')!, redirectUri, challenge: q.get('code_challenge'), scope });
    if (redirectUri === 'urn:ietf:wg:oauth:2.0:oob') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body><p>Copy this code:</p><code class="oob-code">${code}</code></body></html>`);
      return;
    }
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    const state = q.get('state');
    if (state) to.searchParams.set('state', state);
    res.writeHead(302, { location: to.href });
    res.end();
  }

  issueToken(form: URLSearchParams, res: ServerResponse): void {
    const app = this.apps.get(form.get('client_id') ?? '');
    if (!app || app.secret !== form.get('client_secret')) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const code = this.codes.get(form.get('code') ?? '');
    if (!code || code.clientId !== form.get('client_id') || code.redirectUri !== form.get('redirect_uri')) {
      return sendJson(res, 400, { error: 'invalid_grant' });
    }
    if (code.challenge) {
      const verifier = form.get('code_verifier') ?? '';
      const hashed = createHash('sha256').update(verifier).digest('base64url');
      if (hashed !== code.challenge) return sendJson(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    this.codes.delete(form.get('code')!);
    const token = `tok-${randomBytes(16).toString('hex')}`;
    this.issuedTokens.set(token, code.scope);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', scope: code.scope, created_at: Math.floor(Date.now() / 1000) });
  }
}
