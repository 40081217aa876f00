/**
 * The real type of a media file from its first bytes, with the well-kept `file-type` package (magic numbers
 * and container brands: JPEG, PNG, GIF, WebP, HEIC/HEIF/AVIF by their ftyp brand, MP4/MOV/M4A, WebM, MP3,
 * Ogg, WAV, FLAC...). An export's file names and extensions are not trusted: Instagram names WebP files
 * .jpg, and a renamed file is still what its bytes say.
 */
import type { Readable } from 'node:stream';

/** file-type's own "reasonable detection size": enough bytes for every format it knows from a buffer. */
export const SNIFF_BYTES = 4100;

/** The MIME type of the bytes, or null when the format is not recognised. */
export async function sniffMime(head: Uint8Array): Promise<string | null> {
  if (head.byteLength === 0) return null;
  // Loaded on the first file sniffed, not when the CLI starts (most runs carry no media).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  return found?.mime ?? null;
}

/** Up to `max` first bytes of a stream, then closes it (the rest is never read). */
export async function readHead(stream: Readable, max: number = SNIFF_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const c = chunk as Buffer;
      chunks.push(c);
      size += c.byteLength;
      if (size >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size).subarray(0, max);
}
