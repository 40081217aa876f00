import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MASTODON_DEFAULT_MEDIA_LIMITS } from '../../src/media/mediaTypes.js';
import { mediaMissing, prepareMedia } from '../../src/media/prepareMedia.js';
import { isMediaProblem, type MediaInput, type MediaLimits, type MediaProblem, type PreparedMedia } from '../../src/media/types.js';
import { mp4Bytes } from './mediaBytes.js';

const limits: MediaLimits = MASTODON_DEFAULT_MEDIA_LIMITS;
const noWebp: MediaLimits = { ...limits, mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'video/mp4'] };

function input(bytes: Buffer, over: Partial<MediaInput> = {}): MediaInput {
  return { open: async () => Readable.from([bytes]), declaredSize: bytes.byteLength, fileName: 'media/photo.bin', declaredType: 'image', ...over };
}

async function bytesOf(p: PreparedMedia): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await p.open()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function prepared(r: PreparedMedia | MediaProblem): PreparedMedia {
  if (isMediaProblem(r)) throw new Error(`expected prepared media, got ${r.problem}: ${r.detail}`);
  return r;
}

const noise = (w: number, h: number, channels: 3 | 4) =>
  sharp(Buffer.from(Array.from({ length: w * h * channels }, (_, i) => (i * 7919 + (i >> 5) * 104729) % 251)), { raw: { width: w, height: h, channels } });

describe('prepareMedia', () => {
  let temp = '';
  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'prepare-media-test-'));
  });
  afterAll(async () => rm(temp, { recursive: true, force: true }));

  it('keeps an accepted image as it is, by its bytes and not its name', async () => {
    const jpeg = await noise(64, 48, 3).jpeg().toBuffer();
    const r = prepared(await prepareMedia(input(jpeg, { fileName: 'a/b/IMG_1.png' }), limits, { tempDir: temp }));
    expect(r).toMatchObject({ mime: 'image/jpeg', fileName: 'IMG_1.png', size: jpeg.byteLength, transformed: null });
    expect((await bytesOf(r)).equals(jpeg)).toBe(true);
  });

  it('keeps an accepted GIF a GIF', async () => {
    const gif = await noise(32, 32, 3).gif().toBuffer();
    expect(prepared(await prepareMedia(input(gif, { declaredType: 'gif' }), limits))).toMatchObject({ mime: 'image/gif', transformed: null });
  });

  it('scales a 9000x9000 PNG of unknown size below the pixel limit, through a temporary file it cleans up', async () => {
    const png = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#336699' } }).png().toBuffer();
    const r = prepared(await prepareMedia(input(png, { declaredSize: null, fileName: 'big.png' }), limits, { tempDir: temp }));
    expect(r).toMatchObject({ mime: 'image/png', fileName: 'big.png', transformed: 'scaled' });
    const out = await bytesOf(r);
    expect(out.byteLength).toBe(r.size);
    const meta = await sharp(out).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width! * meta.height!).toBeLessThan(limits.imageMaxPixels);
    expect(meta.width! * meta.height!).toBeGreaterThan(limits.imageMaxPixels * 0.99);
    expect(await readdir(temp)).toHaveLength(1);
    await r.cleanup();
    expect(await readdir(temp)).toHaveLength(0);
  });

  it('converts a WebP the server does not take: to PNG when it has transparency, else to JPEG', async () => {
    const withAlpha = await noise(40, 30, 4).webp({ lossless: true }).toBuffer();
    const a = prepared(await prepareMedia(input(withAlpha, { fileName: 'x.jpg' }), noWebp, { tempDir: temp }));
    expect(a).toMatchObject({ mime: 'image/png', fileName: 'x.png', transformed: 'converted' });
    const am = await sharp(await bytesOf(a)).metadata();
    expect([am.format, am.hasAlpha, am.width, am.height]).toEqual(['png', true, 40, 30]);
    await a.cleanup();
    const opaque = await noise(40, 30, 3).webp().toBuffer();
    const o = prepared(await prepareMedia(input(opaque), noWebp, { tempDir: temp }));
    expect(o).toMatchObject({ mime: 'image/jpeg', fileName: 'photo.jpg', transformed: 'converted' });
    expect((await sharp(await bytesOf(o)).metadata()).format).toBe('jpeg');
    await o.cleanup();
    // Where WebP is taken, it goes as it is.
    expect(prepared(await prepareMedia(input(opaque), limits)).transformed).toBeNull();
  });

  it('converts an AVIF (HEIF with AV1) the server does not take', async () => {
    const avif = await noise(32, 32, 3).avif().toBuffer();
    const r = prepared(await prepareMedia(input(avif), noWebp, { tempDir: temp }));
    expect(r).toMatchObject({ mime: 'image/jpeg', transformed: 'converted' });
    await r.cleanup();
  });

  // HEIC with HEVC: sharp's prebuilt libvips can neither encode one (so none can be made here) nor decode
  // one, and no sample exists in shared/samples; decodeProblem maps libheif's "unsupported codec" error to
  // media_unsupported. Sniffing a HEIC is tested in sniff.test.ts.

  it('scales an image over the byte limit until it fits', async () => {
    const jpeg = await noise(1200, 1200, 3).jpeg({ quality: 100 }).toBuffer();
    const small: MediaLimits = { ...limits, imageMaxBytes: Math.floor(jpeg.byteLength / 3) };
    const r = prepared(await prepareMedia(input(jpeg), small, { tempDir: temp }));
    expect(r).toMatchObject({ mime: 'image/jpeg', transformed: 'scaled' });
    expect(r.size).toBeLessThanOrEqual(small.imageMaxBytes);
    await r.cleanup();
  });

  it('calls a truncated JPEG unreadable, and a zero-byte file unreadable', async () => {
    const jpeg = await noise(300, 200, 3).jpeg().toBuffer();
    const cut = jpeg.subarray(0, Math.floor(jpeg.byteLength / 2));
    expect(await prepareMedia(input(cut), limits)).toMatchObject({ problem: 'media_unreadable' });
    expect(await prepareMedia(input(Buffer.alloc(0)), limits)).toEqual({ problem: 'media_unreadable', detail: 'empty file' });
    expect(await prepareMedia(input(Buffer.alloc(0), { declaredSize: null }), limits)).toEqual({ problem: 'media_unreadable', detail: 'empty file' });
  });

  it('refuses a decompression bomb (a PNG that claims 100,000 x 100,000 pixels) before decoding it', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer();
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(100_000, 16); // IHDR width
    bomb.writeUInt32BE(100_000, 20); // IHDR height
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    expect(await prepareMedia(input(bomb), limits)).toMatchObject({ problem: 'media_too_many_pixels' });
  });

  it('sends a video under the limit as it is, and leaves out one over it (declared or counted)', async () => {
    const video = mp4Bytes('isom', 2 * 1024 * 1024);
    const small: MediaLimits = { ...limits, videoMaxBytes: 1024 * 1024 };
    expect(await prepareMedia(input(video, { declaredType: 'video' }), small)).toMatchObject({ problem: 'media_too_large' });
    expect(await prepareMedia(input(video, { declaredType: 'video', declaredSize: null }), small)).toMatchObject({ problem: 'media_too_large' });
    const ok = prepared(await prepareMedia(input(video, { declaredType: 'video', declaredSize: null }), limits));
    expect(ok).toMatchObject({ mime: 'video/mp4', size: video.byteLength, transformed: null });
    const mov = mp4Bytes('qt  ', 1000);
    expect(await prepareMedia(input(mov, { declaredType: 'video' }), noWebp)).toMatchObject({ problem: 'media_unsupported' });
  });

  it('names a missing file, a file the archive refuses, and a file that is no media', async () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(await prepareMedia(input(Buffer.alloc(1), { open: () => Promise.reject(enoent) }), limits)).toMatchObject({ problem: 'media_missing' });
    expect(mediaMissing('photos/1.jpg')).toEqual({ problem: 'media_missing', detail: 'photos/1.jpg' });
    const bomb = new InputError('export.zip: photos/1.jpg expands to more than 16 MB: stopped reading (corrupt archive or zip bomb).');
    const failing = (): Readable => new Readable({ read() { this.destroy(bomb); } });
    expect(await prepareMedia(input(Buffer.alloc(1), { open: async () => failing() }), limits)).toEqual({ problem: 'media_unreadable', detail: bomb.message });
    expect(await prepareMedia(input(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')), limits)).toMatchObject({ problem: 'media_unsupported' });
    expect(await prepareMedia(input(Buffer.from('just some text')), limits)).toMatchObject({ problem: 'media_unsupported' });
  });

  it('leaves no temporary file behind when it gives up', async () => {
    const jpeg = await noise(300, 200, 3).jpeg().toBuffer();
    const cut = jpeg.subarray(0, 2000);
    expect(await prepareMedia(input(cut, { declaredSize: null }), limits, { tempDir: temp })).toMatchObject({ problem: 'media_unreadable' });
    expect(existsSync(temp) && (await readdir(temp)).length).toBe(0);
  });
});
