/**
 * An image made to fit the server: kept as it is when the server accepts its type, bytes and pixels;
 * otherwise scaled below the pixel and byte limits and/or converted to a type the server accepts, into a
 * temporary file. The image is read into memory only when it is small; a larger one is spooled to a file.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { decodeProblem, inspectImage, writeImage, type ImageFormat, type ImageInfo, type ImageSource } from './imageOps.js';
import { acceptedMime } from './mediaTypes.js';
import { OverCapError, readAtMost, spoolToFile } from './streamBytes.js';
import { makeTempDir, type TempDir } from './tempDir.js';
import type { MediaInput, MediaLimits, MediaProblem, PreparedMedia } from './types.js';

/** Images up to this size are read into memory to be inspected; larger ones go through a temporary file. */
export const IN_MEMORY_IMAGE_BYTES = 16 * 1024 * 1024;
/** No export holds a genuine image file this large. */
export const MAX_IMAGE_FILE_BYTES = 512 * 1024 * 1024;
const MAX_SHRINK_ATTEMPTS = 5;

const FORMATS: Record<ImageFormat, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  gif: { mime: 'image/gif', ext: 'gif' },
};

export async function prepareImage(
  input: MediaInput, fileName: string, mime: string, accepted: readonly string[], limits: MediaLimits, tempParent?: string,
): Promise<PreparedMedia | MediaProblem> {
  let temp: TempDir | null = null;
  try {
    let source: ImageSource | null = null;
    let size = 0;
    if (input.declaredSize !== null && input.declaredSize <= IN_MEMORY_IMAGE_BYTES) {
      source = await readAtMost(await input.open(), IN_MEMORY_IMAGE_BYTES);
      size = source?.byteLength ?? 0;
    }
    if (source === null) {
      temp = await makeTempDir(tempParent);
      source = join(temp.path, 'original');
      size = await spoolToFile(await input.open(), source, MAX_IMAGE_FILE_BYTES);
    }
    if (size === 0) return { problem: 'media_unreadable', detail: 'empty file' };

    let info: ImageInfo;
    try {
      info = await inspectImage(source);
    } catch (error) {
      return decodeProblem(error, mime);
    }
    const sendAs = acceptedMime(mime, accepted);
    const tooManyPixels = info.width * info.height >= limits.imageMaxPixels;
    if (sendAs !== null && !tooManyPixels && size <= limits.imageMaxBytes) {
      await temp?.cleanup();
      return { mime: sendAs, fileName, size, open: input.open, transformed: null, cleanup: async () => undefined };
    }

    const format = outputFormat(mime, accepted, info);
    if (format === null) return { problem: 'media_unsupported', detail: `${mime}: the server takes no image type to convert it to` };
    temp ??= await makeTempDir(tempParent);
    const outPath = join(temp.path, `prepared.${FORMATS[format].ext}`);
    // Fewer pixels than the limit (Mastodon refuses width x height >= image_matrix_limit).
    let scale = Math.min(1, Math.sqrt((limits.imageMaxPixels - 1) / (info.width * info.height)));
    let quality = 85;
    for (let attempt = 0; attempt < MAX_SHRINK_ATTEMPTS; attempt++) {
      const width = Math.max(1, Math.floor(info.width * scale));
      const height = Math.max(1, Math.floor(info.height * scale));
      let written: number;
      try {
        written = await writeImage(source, info, { format, width, height, quality }, outPath);
      } catch (error) {
        return decodeProblem(error, mime);
      }
      if (written <= limits.imageMaxBytes) {
        const cleanup = temp.cleanup;
        temp = null; // the caller owns it now
        return {
          mime: FORMATS[format].mime,
          fileName: withExtension(fileName, FORMATS[format].ext),
          size: written,
          open: async () => createReadStream(outPath),
          transformed: sendAs === null || FORMATS[format].mime !== sendAs ? 'converted' : 'scaled',
          cleanup,
        };
      }
      // Still over the byte limit: half the pixels, a little lower quality, and try again.
      scale *= Math.SQRT1_2;
      quality = Math.max(60, quality - 10);
    }
    return { problem: 'media_too_large', detail: `still over ${limits.imageMaxBytes} bytes after scaling down` };
  } catch (error) {
    if (error instanceof OverCapError) return { problem: 'media_too_large', detail: `image file over ${MAX_IMAGE_FILE_BYTES} bytes` };
    throw error;
  } finally {
    await temp?.cleanup();
  }
}

/** Its own format when the server takes it; else PNG where transparency must survive, JPEG otherwise. */
function outputFormat(mime: string, accepted: readonly string[], info: ImageInfo): ImageFormat | null {
  const own = (Object.keys(FORMATS) as ImageFormat[]).find((f) => FORMATS[f].mime === mime);
  const order: ImageFormat[] = info.animated ? ['gif', 'webp'] : info.hasAlpha ? ['png', 'webp', 'jpeg'] : ['jpeg', 'png', 'webp'];
  if (own !== undefined) order.unshift(own);
  return order.find((f) => acceptedMime(FORMATS[f].mime, accepted) !== null) ?? null;
}

function withExtension(fileName: string, ext: string): string {
  const dot = fileName.lastIndexOf('.');
  return `${dot > 0 ? fileName.slice(0, dot) : fileName}.${ext}`;
}
