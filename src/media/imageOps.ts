/**
 * The image work of media preparation, on sharp (libvips): reading an image's size, checking that it
 * decodes to the end, and writing a scaled or converted copy to a file. libvips reads a file sequentially
 * and shrinks JPEGs while decoding them, so memory stays far below the image's decoded size.
 * `limitInputPixels` refuses a decompression bomb (a small file that claims a gigantic image) before any
 * pixel is decoded.
 */
import type { Sharp, SharpOptions } from 'sharp';
import type { MediaProblem } from './types.js';

/** sharp's own default (0x3FFF squared, 268 MP): above any camera's photo (200 MP phones), below a bomb. */
export const DECODE_PIXEL_LIMIT = 0x3fff * 0x3fff;

/** The bytes of an image, or the path of a file that holds them. */
export type ImageSource = Buffer | string;

export interface ImageInfo {
  width: number;
  /** Of one frame, for an animation. */
  height: number;
  hasAlpha: boolean;
  animated: boolean;
}

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export interface ImageOutput {
  format: ImageFormat;
  width: number;
  height: number;
  /** JPEG and WebP quality, 1-100. */
  quality: number;
}

async function open(source: ImageSource, animated: boolean): Promise<Sharp> {
  // Loaded with the first image, not when the CLI starts: libvips is the heaviest thing the CLI loads, and
  // most runs (follows, videos) never touch an image.
  const { default: sharp } = await import('sharp');
  // failOn 'truncated': a cut-off file is an error, not an image with a grey bottom half.
  const options: SharpOptions = { limitInputPixels: DECODE_PIXEL_LIMIT, failOn: 'truncated', animated };
  return sharp(source, options);
}

/** The image's size, after checking that it decodes whole (a cheap decode to a thumbnail). Throws sharp's error. */
export async function inspectImage(source: ImageSource): Promise<ImageInfo> {
  const meta = await (await open(source, false)).metadata();
  if (meta.width === undefined || meta.height === undefined) throw new Error('image has no dimensions');
  // Decoding to a 64-pixel thumbnail reads every byte of the image (JPEG shrink-on-load skips the IDCT,
  // not the data), so a truncated or corrupt file fails here rather than on the server.
  await (await open(source, false)).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  return { width: meta.width, height: meta.pageHeight ?? meta.height, hasAlpha: meta.hasAlpha === true, animated: (meta.pages ?? 1) > 1 };
}

/** Writes the image, scaled to fit `output`'s box and encoded as its format, to `path`; returns its size in bytes. */
export async function writeImage(source: ImageSource, info: ImageInfo, output: ImageOutput, path: string): Promise<number> {
  const animated = info.animated && (output.format === 'gif' || output.format === 'webp');
  let image = await open(source, animated);
  // Output drops EXIF (and with it any location), so the orientation it carried is applied to the pixels.
  if (!animated) image = image.rotate();
  image = image.resize({ width: output.width, height: output.height, fit: 'inside', withoutEnlargement: true });
  if (output.format === 'jpeg') image = image.flatten({ background: '#ffffff' }).jpeg({ quality: output.quality });
  else if (output.format === 'png') image = image.png({ compressionLevel: 9 });
  else if (output.format === 'webp') image = image.webp({ quality: output.quality });
  else image = image.gif();
  const written = await image.toFile(path);
  return written.size;
}

/** The problem code for an image sharp could not read. */
export function decodeProblem(error: unknown, mime: string): MediaProblem {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (/exceeds pixel limit/i.test(message)) {
    return { problem: 'media_too_many_pixels', detail: `over the ${DECODE_PIXEL_LIMIT}-pixel decode limit` };
  }
  // sharp's prebuilt libvips decodes HEIF with AV1 (AVIF) but has no HEVC decoder for patent reasons:
  // most iPhone HEIC photos cannot be converted here.
  if ((mime === 'image/heic' || mime === 'image/heif') && /unsupported|no decod|plugin|codec/i.test(message)) {
    return { problem: 'media_unsupported', detail: `${mime}: no HEVC decoder to convert it (${message})` };
  }
  if (/unsupported image format/i.test(message)) return { problem: 'media_unsupported', detail: `${mime}: ${message}` };
  return { problem: 'media_unreadable', detail: `${mime}: ${message}` };
}
