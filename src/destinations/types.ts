/**
 * The destination port: what the apply loop (src/apply) needs from an account on some server.
 * The Mastodon client API adapter (src/destinations/mastodon) implements it; tests pass fakes.
 *
 * Reads and writes answer with an outcome, never throw, for anything that concerns one action
 * (DESIGN.md section 2: "one bad action never stops the rest"). Only a rate limit that would need a
 * wait longer than the user's --max-wait throws (RateLimitExceeded), because it ends the whole run.
 */

export interface RemoteAccount {
  /** The server's own id for the account (Mastodon: a numeric string). */
  id: string;
  /** `user@host` (the server's own accounts may come back as bare `user`; see normalizeAcct). */
  acct: string;
  locked: boolean;
}

export interface RemoteRelationship {
  id: string;
  following: boolean;
  /** A follow request was sent and awaits approval. */
  requested: boolean;
  blocking: boolean;
  muting: boolean;
}

export interface RemoteList {
  id: string;
  title: string;
}

/** Why a call failed, in words a user can act on. */
export type FailureKind =
  | 'unauthorized' // 401: the token is missing, revoked or expired
  | 'forbidden' // 403: not permitted (blocked either way, missing scope)
  | 'not_found' // 404
  | 'invalid' // 422 / 400: the server refused the request's content
  | 'rate_limited' // 429 that we chose not to wait for (never reaches the apply loop: see RateLimitExceeded)
  | 'server' // 5xx
  | 'network' // a transport failure: DNS, connect, TLS, timeout
  | 'bad_response'; // 2xx whose body is not what the API documents

export interface CallFailure {
  kind: FailureKind;
  /** HTTP status when there was a response. */
  status: number | null;
  /** One short sentence, e.g. "the server refused the token (401)". Never contains a token. */
  reason: string;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

export interface WriteOptions {
  /** Sent as `Idempotency-Key` so that a retried request is not applied twice where the server honours it. */
  idempotencyKey: string;
}

/** What the server is, read from nodeinfo and the instance endpoints (falling back where missing). */
export interface ServerInfo {
  /** nodeinfo software name in lower case (`mastodon`, `gotosocial`, `snac`, ...), or `unknown`. */
  software: string;
  version: string | null;
  /** The most accounts one can follow, where the server says or we know (Mastodon: 7,500). */
  maxFollows: number | null;
  maxCharacters: number | null;
}

export interface Destination {
  /** The signed-in account (`verify_credentials`). */
  whoami(): Promise<CallResult<RemoteAccount>>;
  serverInfo(): Promise<ServerInfo>;
  /** Finds `user@host`, letting the server WebFinger it when it does not know it yet. `null`: no such account. */
  lookup(handle: string): Promise<CallResult<RemoteAccount | null>>;
  follow(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  block(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  mute(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  relationships(accountIds: string[]): Promise<CallResult<RemoteRelationship[]>>;
  lists(): Promise<CallResult<RemoteList[]>>;
  createList(title: string, options: WriteOptions): Promise<CallResult<RemoteList>>;
  addToList(listId: string, accountIds: string[], options: WriteOptions): Promise<CallResult<void>>;
  /** The members of a list (all pages). */
  listAccounts(listId: string): Promise<CallResult<RemoteAccount[]>>;
  /** The lists that hold an account (reconciles a `list_add` whose answer was lost). */
  listsOf(accountId: string): Promise<CallResult<RemoteList[]>>;
  /** Everyone the signed-in account follows (all pages). */
  following(): Promise<CallResult<RemoteAccount[]>>;
  blocked(): Promise<CallResult<RemoteAccount[]>>;
  muted(): Promise<CallResult<RemoteAccount[]>>;
}

/**
 * A rate limit asks for a longer wait than the user allowed (--max-wait). The run stops cleanly
 * and a re-run at `resumeAt` picks up where it stopped (exit 3, DESIGN.md section 2).
 */
export class RateLimitExceeded extends Error {
  readonly resumeAt: Date;
  /** Which limit: `follows/24h`, `requests/5min`, or the path family the server named. */
  readonly limit: string;

  constructor(resumeAt: Date, limit: string) {
    super(`the server's rate limit (${limit}) allows the next request at ${resumeAt.toISOString()}`);
    this.name = 'RateLimitExceeded';
    this.resumeAt = resumeAt;
    this.limit = limit;
  }
}

/** `user@host` in lower case, no leading `@`; a bare local `user` gets the server's own host. */
export function normalizeAcct(acct: string, localHost: string): string {
  const bare = acct.replace(/^@/, '').toLowerCase();
  return bare.includes('@') ? bare : `${bare}@${localHost.toLowerCase()}`;
}
