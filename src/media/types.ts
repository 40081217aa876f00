/**
 * The media port of post import: what a media file from an export is (MediaInput), what the destination
 * accepts (MediaLimits), and what comes out of preparing it: a file ready to stream to the server
 * (PreparedMedia) or the reason it cannot go (MediaProblem, a code the CLI and reports turn into words).
 */
import type { Readable } from 'node:stream';

export type DeclaredMediaType = 'image' | 'video' | 'gif' | 'audio' | 'other';

export interface MediaInput {
  /** Opens the file's bytes afresh (e.g. `() => archive.open(entry)`); may be called more than once. */
  open: () => Promise<Readable>;
  /** The size the archive declares (ArchiveEntry.size), or null when unknown. Not trusted for content. */
  declaredSize: number | null;
  /** The name to send, as in the export (only its last segment is sent). */
  fileName: string;
  /** What the export says it is; the bytes decide (see sniff.ts). */
  declaredType: DeclaredMediaType;
}

export interface MediaLimits {
  /** MIME types the server accepts (`configuration.media_attachments.supported_mime_types`); null = Mastodon's defaults. */
  mimeTypes: readonly string[] | null;
  /** `image_size_limit`, bytes. */
  imageMaxBytes: number;
  /** `video_size_limit`, bytes; Mastodon applies it to audio too. */
  videoMaxBytes: number;
  /**
   * An image must have fewer pixels (width x height) than this: the server's `image_matrix_limit` (Mastodon
   * refuses width x height >= it). Larger images are scaled down below it.
   */
  imageMaxPixels: number;
}

export type MediaTransform = null | 'scaled' | 'converted';

export interface PreparedMedia {
  /** The real MIME type of the bytes `open()` gives, as sent in the multipart part. */
  mime: string;
  fileName: string;
  /** Exact byte count of what `open()` gives (the Content-Length of the part). */
  size: number;
  /** The bytes to upload, from the start, each call (an upload retry opens them again). */
  open: () => Promise<Readable>;
  transformed: MediaTransform;
  /** Removes the temporary file of a transformed image; a no-op otherwise. Call it once the upload is done. */
  cleanup: () => Promise<void>;
}

export type MediaProblemCode =
  | 'media_missing' // the archive lacks the file
  | 'media_unreadable' // empty, corrupt, truncated, or the archive refused it (zip bomb, bad entry)
  | 'media_too_large' // over the server's byte limit and cannot be made smaller (video, audio)
  | 'media_unsupported' // a type the server does not accept and that cannot be converted
  | 'media_too_many_pixels'; // an image too large even to decode safely (a decompression bomb)

export interface MediaProblem {
  problem: MediaProblemCode;
  /** A short technical detail for --verbose and the JSON report; not a sentence for users. */
  detail: string;
}

export function isMediaProblem(value: PreparedMedia | MediaProblem): value is MediaProblem {
  return 'problem' in value;
}
