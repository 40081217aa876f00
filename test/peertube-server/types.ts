/**
 * The PeerTube test server's options and what it records. Split from server.ts so that its parts (oauth,
 * subscriptions, uploads, the world of channels) share them without importing the server class.
 */

/** A video already on a channel (for the "same name and original date" check). */
export interface VideoSpec {
  name: string;
  /** ISO 8601, or null/absent for none. */
  originallyPublishedAt?: string | null;
  /** 1 public, 2 unlisted, 3 private, 4 internal, 5 password protected (default 1). */
  privacy?: number;
}

/** A channel somewhere in the test fediverse, served on its own host (WebFinger, actors, public API). */
export interface ChannelSpec {
  /** `name@host`. A channel whose host is the server's domain is local to it. */
  handle: string;
  displayName?: string;
  /** The channel's description; may name the YouTube channel (`youtube.com/channel/UC...`). */
  description?: string | null;
  /** The channel's support text. */
  support?: string | null;
  /** The account that owns the channel (a `Person` on the same host); default `<channel name>_owner`. */
  owner?: { name?: string; displayName?: string; description?: string | null };
  videos?: VideoSpec[];
  followersCount?: number;
}

/** The one user who signs in on the server's domain. */
export interface UserSpec {
  username?: string;
  password?: string;
  /** Two-factor: the code the `x-peertube-otp` header must carry (no header → 401, another → 400). */
  otp?: string;
  displayName?: string;
  /** Bytes; -1 = unlimited (default 10 GiB). */
  videoQuota?: number;
  /** Bytes per day; -1 = unlimited (default -1). */
  videoQuotaDaily?: number;
  /** Bytes already used before the server starts (default 0). */
  videoQuotaUsed?: number;
  /** Bytes already used today before the server starts (default 0). */
  videoQuotaUsedDaily?: number;
  /** The user's channels (names, on the domain); default `[<username>_channel]`. */
  channels?: { name: string; displayName?: string; description?: string | null; videos?: VideoSpec[] }[];
}

export interface PeerTubeTestServerOptions {
  /** The configured webserver host (`CONFIG.WEBSERVER.HOSTNAME`, port 80): the API is served for this Host. */
  domain: string;
  user?: UserSpec;
  /** Channels on any host (the domain's own, and remote ones served for their Host). */
  channels?: ChannelSpec[];
  /** Hosts that serve `/api/v1/search/video-channels` over every channel of the world (a global index). */
  indexHosts?: string[];
  /** Channel handles the user is already subscribed to. */
  alreadySubscribed?: string[];
  /**
   * Subscriptions are applied by a job, after the 204 (PeerTube's `activitypub-follow` job): a new one shows in
   * the list after this many further requests to the domain (default 2; 0 = as soon as the POST is answered).
   */
  subscriptionDelayRequests?: number;
  /**
   * A well-formed `name@host` that names no channel: PeerTube 6 answers 204 and its job fails, so the
   * subscription never shows (default 204); 400 answers a problem document at once instead.
   */
  unresolvableSubscription?: 204 | 400;
  /** `expires_in` of access tokens in seconds (default 86400, PeerTube's default of 1 day). */
  accessTokenLifetimeSeconds?: number;
  /** Each access token answers this many authenticated requests, then 401 `invalid_token` (default: no limit). */
  accessTokenUses?: number;
  /** Largest video file in bytes (413 `max_file_size_reached` at the upload's start); default no limit. */
  maxFileSize?: number;
  /** X-Upload-Content-Type values accepted (415 otherwise); default common video types. */
  videoMimeTypes?: string[];
  /** nodeinfo `software.name` (default 'peertube'). */
  software?: string;
  /** nodeinfo `software.version` (default '6.3.0', the API description's version). */
  version?: string;
  /** The server's clock in ms (token expiry, dates). Default Date.now. */
  now?: () => number;
  /**
   * Called when a request arrives (`received`), after a write took effect (`applied`) and after each chunk of an
   * upload was stored (`chunk`); may delay the answer. 'drop' closes the connection without answering: on
   * `received` the request is never handled; on `applied` and `chunk` the write stays done but its answer is lost.
   */
  hook?: (event: HookEvent) => void | 'drop' | Promise<void | 'drop'>;
}

export interface RecordedRequest {
  method: string;
  /** Host header, lower case, without the port. */
  host: string;
  /** Host header as sent (with its port, if any). */
  rawHost: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text; '' for an upload chunk (see `bodyBytes`). */
  body: string;
  /** Upload chunks: bytes received (the bytes themselves are never kept). */
  bodyBytes?: number;
  /** The status code answered (absent for a dropped request). */
  answered?: number;
}

/** What the client said of a video when it opened its resumable upload, as checked by the server. */
export interface UploadMetadata {
  name: string;
  channelId: number;
  privacy: number;
  originallyPublishedAt: string | null;
  description: string | null;
  tags: string[];
  language: string | null;
  category: number | null;
  licence: number | null;
  filename: string;
}

/** A video as it was created by a completed resumable upload: its metadata, and what the server made of it. */
export interface AppliedVideo extends UploadMetadata {
  id: number;
  uuid: string;
  shortUUID: string;
  uploadId: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export type AppliedWrite =
  | { kind: 'subscription'; target: string }
  | { kind: 'video'; target: string; video: AppliedVideo };

export type HookEvent =
  | { phase: 'received'; request: RecordedRequest }
  | { phase: 'applied'; write: AppliedWrite; request: RecordedRequest }
  | { phase: 'chunk'; uploadId: string; offset: number; total: number; request: RecordedRequest };

/** What a route answers; the server writes it (JSON, problem+json or an empty body). */
export interface Answer {
  status: number;
  /** JSON body; undefined → no body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Content type of the JSON body (default application/json). */
  type?: string;
}
