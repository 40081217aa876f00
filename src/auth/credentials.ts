/**
 * Which token an `import` or `status` uses: `LEAVE_PLATFORM_TOKEN` together with `--to` (scripts), else
 * the token `login` stored for that account, else (without --to) the only stored account.
 */
import { UsageError } from '../errors.js';
import { normalizeHandle } from '../model/handle.js';
import type { HttpClient } from '../net/types.js';
import { discoverApiBase } from './discover.js';
import { listCredentials, loadCredential } from './tokenStore.js';

export interface Credentials {
  account: string;
  apiBase: string;
  token: string;
  source: 'env' | 'store';
  /** The scopes granted at `login` (space-separated); null for LEAVE_PLATFORM_TOKEN, whose scopes we cannot know. */
  scope: string | null;
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
    return stored ? { account: stored.account, apiBase: stored.apiBase, token: stored.accessToken, source: 'store', scope: stored.scope } : null;
  }
  const all = await listCredentials(deps.configDir);
  const only = all.length === 1 ? all[0] : undefined;
  return only ? { account: only.account, apiBase: only.apiBase, token: only.accessToken, source: 'store', scope: only.scope } : null;
}
