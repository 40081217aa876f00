/**
 * The destination port: what the apply layer (src/apply) needs from an account on some server, as
 * capabilities. An adapter (src/destinations/<kind>) implements the ones its server has; an action whose
 * capability is missing is skipped as `unsupported_by_destination`. Tests pass hand-written fakes.
 *
 * Calls answer with an outcome and never throw for anything that concerns one action (DESIGN.md section 2:
 * "one bad action never stops the rest"). Only a rate limit that would need a wait longer than the user's
 * --max-wait throws (RateLimitExceeded), because it ends the whole run.
 */
import type { Readable } from 'node:stream';
import type { DestinationProfile } from './profile.js';
import type { VideosPort } from './videosPort.js';

export type { DestinationProfile, MediaLimits, PostLimits, RateFamilyLimit } from './profile.js';

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

/** Why a call failed. The `reason` is a short technical detail (never a token), not a sentence for users. */
export type FailureKind =
  | 'unauthorized' // 401: the token is missing, revoked or expired
  | 'forbidden' // 403: not permitted (blocked either way, missing scope)
  | 'not_found' // 404
  | 'invalid' // 422 / 400: the server refused the request's content
  | 'too_large' // 413: the server refused the size
  | 'rate_limited' // 429 that we chose not to wait for (never reaches the apply loop: see RateLimitExceeded)
  | 'server' // 5xx
  | 'network' // a transport failure: DNS, connect, TLS, timeout
  | 'bad_response'; // 2xx whose body is not what the API documents

export interface CallFailure {
  kind: FailureKind;
  /** HTTP status when there was a response. */
  status: number | null;
  /** A short technical detail, e.g. "422: Validation failed: Text can't be blank". Never contains a token. */
  reason: string;
  /** The server's own error code where it gives one (PeerTube's `quota_reached`), for callers to act on. */
  code?: string | null;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

export interface WriteOptions {
  /** Sent as `Idempotency-Key` so that a retried request is not applied twice where the server honours it. */
  idempotencyKey: string;
}

/** Following accounts (PeerTube: subscribing to channels). */
export interface FollowsPort {
  /**
   * The server applies a follow later and shows no request state (PeerTube subscribes in a background
   * job): a follow it does not show yet is still pending, never declined.
   */
  readonly settlesLater?: boolean;
  /** Finds `user@host`, letting the server WebFinger it when it does not know it yet. `null`: no such account. */
  lookup(handle: string): Promise<CallResult<RemoteAccount | null>>;
  follow(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  relationships(accountIds: string[]): Promise<CallResult<RemoteRelationship[]>>;
  /** Everyone the signed-in account follows (all pages). */
  following(): Promise<CallResult<RemoteAccount[]>>;
}

/** Blocking and muting accounts: a server without them (PeerTube's user API) leaves these out. */
export interface ModerationPort {
  block(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  mute(accountId: string, options: WriteOptions): Promise<CallResult<RemoteRelationship>>;
  blocked(): Promise<CallResult<RemoteAccount[]>>;
  muted(): Promise<CallResult<RemoteAccount[]>>;
}

/** Following, blocking and muting accounts (the Mastodon API has all of them). */
export interface AccountsPort extends FollowsPort, ModerationPort {}

export interface ListsPort {
  lists(): Promise<CallResult<RemoteList[]>>;
  createList(title: string, options: WriteOptions): Promise<CallResult<RemoteList>>;
  addToList(listId: string, accountIds: string[], options: WriteOptions): Promise<CallResult<void>>;
  /** The members of a list (all pages). */
  listAccounts(listId: string): Promise<CallResult<RemoteAccount[]>>;
  /** The lists that hold an account (reconciles a `list_add` whose answer was lost). */
  listsOf(accountId: string): Promise<CallResult<RemoteList[]>>;
}

export interface NewStatus {
  text: string;
  mediaIds: string[];
  inReplyToId: string | null;
  visibility: 'public' | 'unlisted' | 'private';
  spoilerText: string | null;
  sensitive: boolean;
  language: string | null;
  /** A past date: a quiet backdated import where the server documents one (GoToSocial 0.18+). */
  backdateTo: string | null;
}

export interface RemoteStatus {
  id: string;
  createdAt: string;
  inReplyToId: string | null;
  /** The text as written: the status source (`text`) where the server gives it, else its HTML with tags removed and entities decoded. */
  text: string;
  mediaIds: string[];
  visibility: string | null;
}

export interface StatusesPort {
  create(status: NewStatus, options: WriteOptions): Promise<CallResult<RemoteStatus>>;
  /**
   * The signed-in account's own latest statuses, newest first: at most `limit`, and with `downTo` (an ISO
   * date) reading on, page after page, until a status made before that date shows up (a backdated status
   * sorts by its original date, behind any number of newer ones).
   */
  recentOwn(limit: number, downTo?: string): Promise<CallResult<RemoteStatus[]>>;
}

export interface MediaUpload {
  /** The file's bytes as a stream, opened on demand (may be called again for a retry). */
  open(): Promise<Readable>;
  size: number;
  mime: string;
  fileName: string;
  description: string | null;
}

export interface RemoteMedia {
  id: string;
  /** False while the server still processes it (Mastodon answers 202, then 206 to polls). */
  ready: boolean;
}

export interface MediaPort {
  upload(media: MediaUpload, options: WriteOptions): Promise<CallResult<RemoteMedia>>;
  /** Polls an upload that was not ready. A server without the endpoint (snac: 404) counts as ready. */
  status(mediaId: string): Promise<CallResult<RemoteMedia>>;
}

/** A destination account: who it is, what its server can do, and the capabilities it has. */
export interface Destination {
  /** The signed-in account (`verify_credentials`). */
  whoami(): Promise<CallResult<RemoteAccount>>;
  /** What the server is and can do, read once (nodeinfo, /api/v2/instance with the v1 fallback). */
  profile(): Promise<DestinationProfile>;
  /** Follows; blocks and mutes where the server has them (`moderation`). */
  readonly accounts?: FollowsPort;
  readonly moderation?: ModerationPort;
  readonly lists?: ListsPort;
  readonly statuses?: StatusesPort;
  readonly media?: MediaPort;
  /** Video uploads into a channel (PeerTube). */
  readonly videos?: VideosPort;
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
