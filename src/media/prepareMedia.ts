/**
 * One media file of a post, made ready to upload (post import, issue 8): its real type from its
 * bytes, checked against what the server accepts; images scaled or converted when they must be
 * (prepareImage.ts); videos and audio sent as they are or not at all. Never holds a large file in memory.
 * A file that cannot go comes back as a MediaProblem code, and the post goes without it.
 */
import { InputError } from '../errors.js';
import { MASTODON_DEFAULT_MIME_TYPES, acceptedMime, mediaKindOf } from './mediaTypes.js';
import { prepareImage } from './prepareImage.js';
import { readHead, sniffMime } from './sniff.js';
import { countAtMost } from './streamBytes.js';
import type { MediaInput, MediaLimits, MediaProblem, PreparedMedia } from './types.js';

export interface PrepareOptions {
  /** Where temporary files of converted images go (a folder of the run's state); default the OS's. */
  tempDir?: string;
}

export async function prepareMedia(input: MediaInput, limits: MediaLimits, options: PrepareOptions = {}): Promise<PreparedMedia | MediaProblem> {
  if (input.declaredSize === 0) return { problem: 'media_unreadable', detail: 'empty file' };
  const fileName = lastSegment(input.fileName);
  try {
    const head = await readHead(await input.open());
    if (head.byteLength === 0) return { problem: 'media_unreadable', detail: 'empty file' };
    const mime = await sniffMime(head);
    if (mime === null) return { problem: 'media_unsupported', detail: `unrecognised format (declared ${input.declaredType})` };
    const kind = mediaKindOf(mime);
    if (kind === null) return { problem: 'media_unsupported', detail: `${mime} is not an image, video or audio` };
    const accepted = limits.mimeTypes ?? MASTODON_DEFAULT_MIME_TYPES;
    if (kind === 'image') return await prepareImage(input, fileName, mime, accepted, limits, options.tempDir);

    // Video and audio are never transcoded: that needs ffmpeg, and the server transcodes anyway.
    const sendAs = acceptedMime(mime, accepted);
    if (sendAs === null) return { problem: 'media_unsupported', detail: `${mime} is not accepted by the server` };
    const size = input.declaredSize ?? (await countAtMost(await input.open(), limits.videoMaxBytes));
    if (size === null || size > limits.videoMaxBytes) {
      return { problem: 'media_too_large', detail: `${size ?? 'over'} bytes, limit ${limits.videoMaxBytes}` };
    }
    return { mime: sendAs, fileName, size, open: input.open, transformed: null, cleanup: async () => undefined };
  } catch (error) {
    return readProblem(error);
  }
}

/** The problem for a media file the caller cannot find in the archive (it never calls prepareMedia then). */
export function mediaMissing(path: string): MediaProblem {
  return { problem: 'media_missing', detail: path };
}

/** A failure to read the file: missing (ENOENT from a folder export), or refused by the archive (corrupt, zip bomb). */
function readProblem(error: unknown): MediaProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return { problem: 'media_missing', detail: message };
  if (error instanceof InputError || typeof code === 'string') return { problem: 'media_unreadable', detail: message };
  throw error;
}

function lastSegment(path: string): string {
  const name = path.split(/[/\\]/).pop() ?? '';
  return name === '' ? 'media' : name;
}
