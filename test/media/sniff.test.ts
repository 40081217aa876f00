import { Readable } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readHead, sniffMime, SNIFF_BYTES } from '../../src/media/sniff.js';
import { mp4Bytes } from './mediaBytes.js';

const still = () => sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 99, b: 0, alpha: 0.5 } } });

describe('sniffMime', () => {
  it('names images by their bytes', async () => {
    expect(await sniffMime(await still().jpeg().toBuffer())).toBe('image/jpeg');
    expect(await sniffMime(await still().png().toBuffer())).toBe('image/png');
    expect(await sniffMime(await still().gif().toBuffer())).toBe('image/gif');
    expect(await sniffMime(await still().webp().toBuffer())).toBe('image/webp');
    expect(await sniffMime(await still().avif().toBuffer())).toBe('image/avif');
  });

  it('names MP4, MOV, M4A and HEIC by their ftyp brand, WebM, MP3 and Ogg by their headers', async () => {
    expect(await sniffMime(mp4Bytes('isom', 100))).toBe('video/mp4');
    expect(await sniffMime(mp4Bytes('qt  ', 100))).toBe('video/quicktime');
    expect(await sniffMime(mp4Bytes('M4A ', 100))).toBe('audio/x-m4a');
    expect(await sniffMime(mp4Bytes('heic', 100))).toBe('image/heic');
    const webm = Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102', 'hex');
    expect(await sniffMime(webm)).toBe('video/webm');
    // An empty ID3v2.4 tag, then an MPEG-1 Layer III frame header (128 kbit/s, 44.1 kHz).
    const mp3 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from('fffb9064', 'hex'), Buffer.alloc(413)]);
    expect(await sniffMime(mp3)).toBe('audio/mpeg');
    const ogg = Buffer.concat([Buffer.from('OggS\0\x02', 'latin1'), Buffer.alloc(22), Buffer.from('\x01vorbis', 'latin1'), Buffer.alloc(30)]);
    expect(await sniffMime(ogg)).toBe('audio/ogg');
  });

  it('ignores the file name: a WebP named .jpg is a WebP; text and empty input are nothing', async () => {
    expect(await sniffMime(await still().webp().toBuffer())).toBe('image/webp');
    expect(await sniffMime(Buffer.from('<html>not an image</html>'))).toBeNull();
    expect(await sniffMime(new Uint8Array(0))).toBeNull();
  });
});

describe('readHead', () => {
  it('reads only the first bytes and closes the stream', async () => {
    let pulled = 0;
    const stream = Readable.from((function* () {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield Buffer.alloc(1024, i);
      }
    })());
    const head = await readHead(stream);
    expect(head.byteLength).toBe(SNIFF_BYTES);
    expect(pulled).toBeLessThan(20);
    expect(stream.destroyed).toBe(true);
    expect((await readHead(Readable.from([Buffer.from('ab')]))).toString()).toBe('ab');
  });
});
