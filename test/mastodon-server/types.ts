/**
 * The test server's options and what it records. Split from server.ts so that the parts (statuses, media,
 * rate limits, instance) can share them without importing the server class.
 */

export interface RemoteAccountSpec {
  /** `user@host` */
  acct: string;
  locked?: boolean;
  displayName?: string;
  /** Profile fields (name, value), e.g. a back-link to the old platform profile. */
  fields?: { name: string; value: string }[];
  note?: string;
}

export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * Rate-limit families as Mastodon has them (config/initializers/rack_attack.rb and app/lib/rate_limiter.rb):
 * `requests` every authenticated API call (300 per 5 min per token), `media` every POST /api/v{1,2}/media
 * (30 per 30 min), `statuses` each status created (300 per 3 h; an idempotent replay or a refusal does not
 * count), `follows` every follow POST (400 per 24 h; here counted per request, as before). Unset → unlimited.
 */
export interface RateLimits {
  requests?: RateWindow;
  media?: RateWindow;
  statuses?: RateWindow;
  follows?: RateWindow;
}

export type RateFamily = keyof RateLimits;

export interface InjectedFailure {
  status: number;
  /** JSON `{error}` body; omitted → an HTML page like snac's. */
  error?: string;
  /** How many times to fail before succeeding (default: always). */
  times?: number;
}

/**
 * Which server the test server behaves like, where they differ for post import:
 * - `mastodon`: 202 + polling for video/gifv/audio, Idempotency-Key honoured, a past `scheduled_at` posts now.
 * - `gotosocial`: a past `scheduled_at` is a backdated import (docs/user_guide/importing_posts.md, GtS 0.18+)
 *   with its refusals; validation errors are 400 as GtS answers them (internal/processing/status/common.go).
 * - `snac`: media answer 200 at once and `GET /api/v1/media/:id` is 404; Idempotency-Key is ignored; no
 *   `/api/v2/instance`; no X-RateLimit headers (observed on snac 2.75, ../shared/reference/destinations.md).
 */
export type ServerFlavor = 'mastodon' | 'gotosocial' | 'snac';

export interface MastodonTestServerOptions {
  /** The server's domain (handles `user@domain`); the API is served for this Host. */
  domain: string;
  me?: string;
  token?: string;
  accounts?: RemoteAccountSpec[];
  /** Accounts the signed-in user already follows (acct). */
  alreadyFollowing?: string[];
  limits?: RateLimits;
  /** acct → failure for follow/block/mute of that account. */
  failures?: Record<string, InjectedFailure>;
  /** Page size of following/blocks/mutes (small, to exercise Link pagination). */
  pageSize?: number;
  /** Default 'mastodon'. */
  flavor?: ServerFlavor;
  /** nodeinfo `software.name` (default from the flavor: mastodon, gotosocial, snac). */
  software?: string;
  /** Software version in nodeinfo and the instance answers (default 4.3.0, 0.18.0 or 2.75 by flavor). */
  version?: string;
  /** `configuration.statuses.max_characters` and the length check (default 500). */
  maxCharacters?: number;
  /** What one URL counts for in the length check (default 23, StatusLengthValidator::URL_PLACEHOLDER_CHARS). */
  charactersReservedPerUrl?: number;
  /** Media per status (default 4, Status::MEDIA_ATTACHMENTS_LIMIT). */
  maxMedia?: number;
  /** MIME types accepted by POST /api/v2/media (default: Mastodon 4.3's list). */
  supportedMimeTypes?: string[];
  /** Largest image upload in bytes (default 16 MiB, MediaAttachment::IMAGE_LIMIT). */
  imageMaxBytes?: number;
  /** Largest video, gifv or audio upload in bytes (default 99 MiB, MediaAttachment::VIDEO_LIMIT). */
  videoMaxBytes?: number;
  /** Advertised `image_matrix_limit` in pixels (default 33,177,600 = 7680x4320). */
  imageMatrixLimit?: number;
  /** How many `GET /api/v1/media/:id` answer 206 before a 202 upload is processed (default 2). */
  mediaProcessingPolls?: number;
  /** Format of X-RateLimit-Reset: ISO 8601 with microseconds as Mastodon sends it (default), or unix seconds. */
  rateLimitReset?: 'iso8601' | 'unix';
  /** The server's clock in ms (idempotency expiry, created_at, rate windows). Default Date.now. */
  now?: () => number;
  /**
   * Called when a request arrives and after a write is applied; may delay the answer. Answering 'drop'
   * on arrival closes the connection without handling the request (it is never applied).
   */
  hook?: (event: HookEvent) => void | 'drop' | Promise<void | 'drop'>;
}

/** One file part of a multipart upload: never kept whole (a benchmark uploads 200 MB videos). */
export interface RecordedFile {
  field: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  /** The first bytes (up to 256 KiB): enough to read image dimensions. */
  head: Buffer;
}

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text; '' for a multipart upload (see `multipart`). */
  body: string;
  /** Set once a multipart body has been read: its text fields and file parts. */
  multipart?: { fields: Record<string, string>; files: RecordedFile[] };
  /** The status code answered (set when the answer is sent; absent for a dropped request). */
  answered?: number;
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

/** A status as it was created, for assertions (no duplicates, thread order, visibility). */
export interface AppliedStatus {
  id: string;
  /** The `status` parameter as sent ('' when only media). */
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: Visibility;
  language: string | null;
  inReplyToId: string | null;
  mediaIds: string[];
  /** Accounts (acct) the text mentions that the server knows: they would be notified. */
  mentions: string[];
  /** ISO 8601; for a backdated import, the `scheduled_at` sent. */
  createdAt: string;
  /** GoToSocial flavor: created from a past `scheduled_at` (not federated, no timelines, no notifications). */
  backdated: boolean;
  /** For kind 'scheduled_status': when it is to be published. */
  scheduledAt: string | null;
  idempotencyKey: string | null;
}

export type MediaType = 'image' | 'gifv' | 'video' | 'audio';

export interface AppliedMedia {
  id: string;
  type: MediaType;
  mime: string;
  fileName: string;
  size: number;
  sha256: string;
  description: string | null;
  focus: { x: number; y: number } | null;
  /** Pixel size read from the first bytes of an image; null when unreadable (or not an image). */
  width: number | null;
  height: number | null;
}

export type AppliedWrite =
  | { kind: 'follow' | 'block' | 'mute' | 'list_create' | 'list_add'; target: string }
  | { kind: 'status' | 'scheduled_status'; target: string; status: AppliedStatus }
  | { kind: 'media'; target: string; media: AppliedMedia };

export type HookEvent = { phase: 'received'; request: RecordedRequest } | { phase: 'applied'; write: AppliedWrite; request: RecordedRequest };

/** What a route answers; the server adds rate-limit headers and writes it. */
export interface Answer {
  status: number;
  /** JSON body; null with status 404 → an HTML 404 page. */
  body: unknown;
  headers?: Record<string, string>;
  /** The answer made something that this rate family counts (a status): the server spends one use. */
  counts?: RateFamily;
}
