/**
 * Which token an `import` or `status` uses: `LEAVE_PLATFORM_TOKEN` together with `--to` (scripts), else
 * the token `login` stored for that account, else (without --to) the only stored account.
 */
import { UsageError } from '../errors.js';
import { normalizeHandle } from '../model/handle.js';
import type { HttpClient } from '../net/types.js';
import { discoverApiBase } from './discover.js';
import { refreshTokens } from './peertubeLogin.js';
import { listCredentials, loadCredential, saveCredential, type StoredCredential } from './tokenStore.js';

export interface Credentials {
  account: string;
  apiBase: string;
  token: string;
  source: 'env' | 'store';
  /** The scopes granted at `login` (space-separated); null for LEAVE_PLATFORM_TOKEN, whose scopes we cannot know. */
  scope: string | null;
  /**
   * A fresh access token from the stored refresh token, stored with its new refresh token (PeerTube, whose
   * access tokens expire); null when the server refuses it. Absent when nothing can be refreshed.
   */
  refresh?: () => Promise<string | null>;
}

export interface FindCredentialsDeps {
  http: HttpClient;
  allowHttp: boolean;
  env: NodeJS.ProcessEnv;
  configDir: string;
}

/** Null when there is no token for the account: the caller decides whether that is an error. */
export async function findCredentials(to: string | null, deps: FindCredentialsDeps): Promise<Credentials | null> {
  const envToken = deps.env.LEAVE_PLATFORM_TOKEN?.trim();
  if (envToken) {
    if (!to) {
      throw new UsageError('LEAVE_PLATFORM_TOKEN needs --to naming the account it belongs to.', {
        hint: 'For example: LEAVE_PLATFORM_TOKEN=... leave-platform import export.zip --to @you@your.server',
      });
    }
    const found = await discoverApiBase(to, deps);
    return { account: found.account ?? normalizeHandle(to), apiBase: found.apiBase, token: envToken, source: 'env', scope: null };
  }
  if (to) {
    const stored = await loadCredential(deps.configDir, normalizeHandle(to));
    return stored ? fromStore(stored, deps) : null;
  }
  const all = await listCredentials(deps.configDir);
  const only = all.length === 1 ? all[0] : undefined;
  return only ? fromStore(only, deps) : null;
}

function fromStore(stored: StoredCredential, deps: FindCredentialsDeps): Credentials {
  // PeerTube's tokens carry no scopes (the account's own rights): like LEAVE_PLATFORM_TOKEN, null.
  const found: Credentials = { account: stored.account, apiBase: stored.apiBase, token: stored.accessToken, source: 'store', scope: stored.kind === 'peertube' ? null : stored.scope };
  if (stored.refreshToken === undefined) return found;
  let current = stored;
  found.refresh = async () => {
    if (current.refreshToken === undefined) return null;
    const next = await refreshTokens(deps.http, current.apiBase, current, current.refreshToken);
    if (next === null) return null;
    // The server revoked the old pair with this refresh: the new one must be stored before it is used.
    current = { ...current, accessToken: next.accessToken, refreshToken: next.refreshToken };
    await saveCredential(deps.configDir, current);
    return next.accessToken;
  };
  return found;
}
