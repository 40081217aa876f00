/**
 * The `login` use case: find the user's server, register leave-platform as an app with only the scopes
 * it needs, run the authorization-code flow with PKCE (a loopback redirect where a browser can be
 * opened, the out-of-band code otherwise), confirm the token with verify_credentials, store it (0600).
 */
import type { Clock } from '../clock.js';
import { discoverApiBase } from '../auth/discover.js';
import { startLoopbackReceiver, type LoopbackReceiver } from '../auth/loopback.js';
import { OOB_REDIRECT, authorizeUrl, exchangeCode, registerApp } from '../auth/oauth.js';
import { createPkce, createState } from '../auth/pkce.js';
import { scopesFor } from '../auth/scopes.js';
import { saveCredential } from '../auth/tokenStore.js';
import { localClient, signInWithPassword } from '../auth/peertubeLogin.js';
import { readNodeinfo } from '../destinations/nodeinfo.js';
import { PeerTubeClient } from '../destinations/peertube/client.js';
import { MastodonClient } from '../destinations/mastodon/client.js';
import { normalizeAcct } from '../destinations/types.js';
import { RemoteError, UsageError } from '../errors.js';
import type { HttpClient } from '../net/types.js';

export interface LoginOptions {
  /** `@you@your.server`, `you@your.server` or `your.server`. */
  target: string;
  /** Also ask for write:statuses and write:media (post import). */
  posts: boolean;
  /** Force the out-of-band code even where a browser could be opened. */
  noBrowser?: boolean;
}

export interface LoginDeps {
  http: HttpClient;
  clock: Clock;
  configDir: string;
  allowHttp: boolean;
  canOpenBrowser: () => boolean;
  openBrowser: (url: string) => Promise<boolean>;
  /** Asks the user for the code shown by the server (out-of-band). */
  readCode: (prompt: string) => Promise<string>;
  /**
   * Asks for a password with hidden input (PeerTube's password grant); absent when there is no terminal,
   * and then a PeerTube sign-in is refused (scripts use LEAVE_PLATFORM_TOKEN).
   */
  askPassword?: (prompt: string) => Promise<string>;
  /** Tells the user something (stderr). */
  tell: (message: string) => void;
  startLoopback?: typeof startLoopbackReceiver;
  /** How long to wait for the browser to come back (default 10 minutes). */
  loopbackTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface LoginResult {
  account: string;
  apiBase: string;
  scopes: string[];
  /** Where the token was stored (never the token itself). */
  file: string;
  method: 'loopback' | 'oob' | 'password';
}

export async function runLogin(options: LoginOptions, deps: LoginDeps): Promise<LoginResult> {
  const server = await discoverApiBase(options.target, deps);
  const software = await readNodeinfo(deps.http, new URL(server.apiBase).origin, deps.signal);
  if (software.name === 'peertube') return peertubeLogin(server, deps);
  const scopes = scopesFor({ posts: options.posts });
  const pkce = createPkce();
  const state = createState();

  const useBrowser = !options.noBrowser && deps.canOpenBrowser();
  let loopback: LoopbackReceiver | null = null;
  try {
    if (useBrowser) loopback = await (deps.startLoopback ?? startLoopbackReceiver)(state, deps.signal);
    const redirectUri = loopback?.redirectUri ?? OOB_REDIRECT;
    const app = await registerApp(deps.http, server.apiBase, { redirectUri, scopes });
    const url = authorizeUrl(server.apiBase, { clientId: app.clientId, redirectUri, scopes, state, challenge: pkce.challenge });

    let code: string;
    let method: LoginResult['method'];
    if (loopback && (await deps.openBrowser(url))) {
      deps.tell(`Opened your browser to sign in at ${new URL(server.apiBase).host}. If it did not open, visit:\n${url}`);
      code = await withTimeout(loopback.code, deps.loopbackTimeoutMs ?? 10 * 60_000, deps.clock);
      method = 'loopback';
    } else {
      if (loopback) {
        // The browser did not open after all: the app was registered for the loopback URI, so stay on it
        // and let the user open the link themselves.
        deps.tell(`Open this link in a browser on this computer to sign in:\n${url}`);
        code = await withTimeout(loopback.code, deps.loopbackTimeoutMs ?? 10 * 60_000, deps.clock);
        method = 'loopback';
      } else {
        deps.tell(`Open this link in any browser, sign in, and paste the code it shows:\n${url}`);
        code = (await deps.readCode('Code: ')).trim();
        method = 'oob';
      }
    }
    if (!code) throw new UsageError('No sign-in code was given.', { hint: 'Run `leave-platform login` again and paste the code the server shows.' });

    const token = await exchangeCode(deps.http, server.apiBase, { app, code, redirectUri, verifier: pkce.verifier, scopes });
    const localDomain = server.account?.split('@')[1] ?? new URL(server.apiBase).host;
    const client = new MastodonClient({ http: deps.http, baseUrl: server.apiBase, token: token.accessToken, clock: deps.clock, maxWaitMs: 60_000, localDomain });
    const me = await client.whoami();
    if (!me.ok) {
      throw new RemoteError(`The new sign-in does not work: ${me.failure.reason}.`, { host: new URL(server.apiBase).host });
    }
    const account = server.account ?? normalizeAcct(me.value.acct, localDomain);
    const file = await saveCredential(deps.configDir, {
      version: 1,
      account,
      apiBase: server.apiBase,
      accessToken: token.accessToken,
      scope: token.scope,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      createdAt: new Date(deps.clock.now()).toISOString(),
    });
    return { account, apiBase: server.apiBase, scopes: token.scope.split(/\s+/).filter(Boolean), file, method };
  } finally {
    await loopback?.close();
  }
}

/**
 * PeerTube: the instance's own OAuth client and the password grant (src/auth/peertubeLogin.ts); the password
 * is asked on the terminal and never stored; the access and refresh tokens are (0600).
 */
async function peertubeLogin(server: { apiBase: string; account: string | null }, deps: LoginDeps): Promise<LoginResult> {
  const host = new URL(server.apiBase).host;
  const askPassword = deps.askPassword;
  if (!askPassword) {
    throw new UsageError(`${host} runs PeerTube, whose sign-in asks for your password, and there is no terminal to ask it on.`, {
      hint: 'Run `leave-platform login` in a terminal, or give a token to scripts in LEAVE_PLATFORM_TOKEN with --to.',
    });
  }
  const username = server.account?.split('@')[0] ?? (await deps.readCode(`User name on ${host}: `)).trim();
  if (!username) throw new UsageError('No user name was given.', { hint: 'Run `leave-platform login @you@your.server`.' });
  const client = await localClient(deps.http, server.apiBase);
  const tokens = await signInWithPassword(deps.http, server.apiBase, client, username, { askPassword, askCode: deps.readCode });
  const destination = new PeerTubeClient({ http: deps.http, baseUrl: server.apiBase, token: tokens.accessToken, clock: deps.clock, maxWaitMs: 60_000, channel: null });
  const me = await destination.whoami();
  if (!me.ok) throw new RemoteError(`The new sign-in does not work: ${me.failure.reason}.`, { host });
  const account = server.account ?? me.value.acct;
  const file = await saveCredential(deps.configDir, {
    version: 1, kind: 'peertube', account, apiBase: server.apiBase, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
    // PeerTube's tokens carry no scopes: the account's own rights.
    scope: '', clientId: client.clientId, clientSecret: client.clientSecret, createdAt: new Date(deps.clock.now()).toISOString(),
  });
  return { account, apiBase: server.apiBase, scopes: [], file, method: 'password' };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock): Promise<T> {
  const abort = new AbortController();
  const timer = clock.sleep(ms, abort.signal).then(
    () => {
      throw new UsageError('Timed out waiting for the browser sign-in.', { hint: 'Run `leave-platform login` again.' });
    },
    () => undefined as never,
  );
  try {
    return await Promise.race([promise.catch((e: unknown) => {
      throw new RemoteError(`Sign-in failed: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
    }), timer]);
  } finally {
    abort.abort();
  }
}
