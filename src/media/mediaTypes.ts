/**
 * Mastodon's defaults for media (app/models/media_attachment.rb, Mastodon 4.2 and later), used when the
 * server does not say (`GET /api/v2/instance` → configuration.media_attachments), and the kind of a MIME type.
 */
import type { MediaLimits } from './types.js';

const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif'];
const VIDEO_MIME_TYPES = ['video/webm', 'video/mp4', 'video/quicktime', 'video/ogg'];
const AUDIO_MIME_TYPES = [
  'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/x-pn-wave', 'audio/vnd.wave', 'audio/ogg', 'audio/vorbis',
  'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/m4a', 'audio/x-m4a', 'audio/mp4',
  'audio/3gpp', 'video/x-ms-asf',
];

export const MASTODON_DEFAULT_MIME_TYPES: readonly string[] = [...IMAGE_MIME_TYPES, ...VIDEO_MIME_TYPES, ...AUDIO_MIME_TYPES];

export const MASTODON_DEFAULT_MEDIA_LIMITS: MediaLimits = {
  mimeTypes: null,
  imageMaxBytes: 16 * 1024 * 1024, // IMAGE_LIMIT = 16.megabytes
  videoMaxBytes: 99 * 1024 * 1024, // VIDEO_LIMIT = 99.megabytes
  // Mastodon refuses an image of image_matrix_limit pixels or more: 16,777,216 (4096x4096) before 4.2,
  // 33,177,600 (7680x4320) since (what mastodon.social reports). The smaller one works on every version;
  // the server keeps at most 8,294,400 pixels (3840x2160) of any image anyway.
  imageMaxPixels: 16_777_216,
};

export type MediaKind = 'image' | 'video' | 'audio';

/** Image, video or audio by the MIME type of the bytes; null for anything else (a PDF, a zip...). */
export function mediaKindOf(mime: string): MediaKind | null {
  if (mime === 'video/x-ms-asf') return 'audio'; // Mastodon lists ASF (wma) among its audio types
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return null;
}

/**
 * The spelling of `mime` that the server lists, or null when it takes none: servers list one format under
 * several names (audio/mp4, audio/m4a, audio/x-m4a), and the part's Content-Type should be one it knows.
 */
export function acceptedMime(mime: string, accepted: readonly string[]): string | null {
  if (accepted.includes(mime)) return mime;
  return (MIME_ALIASES[mime] ?? []).find((alias) => accepted.includes(alias)) ?? null;
}

const MIME_ALIASES: Record<string, readonly string[]> = {
  'audio/x-m4a': ['audio/m4a', 'audio/mp4'],
  'audio/mp4': ['audio/m4a', 'audio/x-m4a'],
  'audio/wav': ['audio/wave', 'audio/x-wav', 'audio/vnd.wave'],
  'audio/x-wav': ['audio/wav', 'audio/wave', 'audio/vnd.wave'],
  'audio/mpeg': ['audio/mp3'],
  'audio/opus': ['audio/ogg'],
  'audio/ogg': ['audio/vorbis'],
};
