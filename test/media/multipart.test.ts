import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Response } from 'undici';
import { describe, expect, it } from 'vitest';
import { multipartBody, type MultipartFile } from '../../src/media/multipart.js';

async function bytesOf(stream: AsyncIterable<Uint8Array> | Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** Parsed back by undici's multipart parser, as a server would. */
async function parse(contentType: string, raw: Buffer): Promise<FormData> {
  return (await new Response(raw, { headers: { 'content-type': contentType } }).formData()) as unknown as FormData;
}

function fileOf(content: Buffer, over: Partial<MultipartFile> = {}): MultipartFile {
  // One chunk that is a view into a larger buffer, at an offset, and over 64 KiB: how zlib and Node's
  // buffer pool hand bytes over (form-data-encoder 4.1 mis-slices such chunks when given them whole).
  const backing = Buffer.concat([Buffer.from('JUNK-BEFORE'), content, Buffer.from('JUNK-AFTER')]);
  const view = backing.subarray(11, 11 + content.byteLength);
  return { field: 'file', fileName: 'photo.jpg', mime: 'image/jpeg', size: content.byteLength, open: () => Readable.from([view]), ...over };
}

describe('multipartBody', () => {
  it('streams text fields and a file that a multipart parser reads back byte for byte, with the exact length', async () => {
    const content = randomBytes(300_000);
    const { contentType, body } = multipartBody(
      [['description', 'Ünïcödé "alt" — 日本語 🐈'], ['focus', '0.1,-0.2']],
      fileOf(content, { fileName: 'café 日本.jpg' }),
    );
    expect(contentType).toMatch(/^multipart\/form-data; boundary=leave-platform-[0-9a-f]{32}$/);
    const raw = await bytesOf(body.stream());
    expect(body.length).toBe(raw.byteLength);
    const form = await parse(contentType, raw);
    expect(form.get('description')).toBe('Ünïcödé "alt" — 日本語 🐈');
    expect(form.get('focus')).toBe('0.1,-0.2');
    const file = form.get('file') as File;
    expect(file.name).toBe('café 日本.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(Buffer.from(await file.arrayBuffer()).equals(content)).toBe(true);
  });

  it('quotes names as the HTML standard does: UTF-8 as is; ", CR and LF percent-encoded', async () => {
    const { contentType, body } = multipartBody([['a"b\r\nc', 'x']], fileOf(Buffer.from('abc'), { fileName: 'say "hi"\n.png', mime: 'image/png' }));
    const raw = (await bytesOf(body.stream())).toString('utf8');
    const boundary = contentType.split('boundary=')[1];
    expect(raw).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="a%22b%0D%0Ac"\r\n\r\nx\r\n`
      + `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="say %22hi%22%0A.png"\r\nContent-Type: image/png\r\n\r\nabc\r\n`
      + `--${boundary}--\r\n\r\n`,
    );
    const form = await parse(contentType, Buffer.from(raw));
    // A parser that follows the same standard reads the names back as they were.
    expect((form.get('file') as File).name).toBe('say "hi"\n.png');
    expect(form.get('a"b\r\nc')).toBe('x');
  });

  it('turns lone LFs in a text field into CRLF (the HTML standard; browsers send alt text the same way)', async () => {
    const { contentType, body } = multipartBody([['description', 'line 1\nline 2']], fileOf(Buffer.from('z')));
    const form = await parse(contentType, await bytesOf(body.stream()));
    expect(form.get('description')).toBe('line 1\r\nline 2');
  });

  it('opens the file afresh on each call of stream(), for a retry', async () => {
    let opened = 0;
    const content = randomBytes(1000);
    const { body } = multipartBody([], fileOf(content, { open: () => (opened++, Readable.from([content])) }));
    const first = await bytesOf(body.stream());
    const second = await bytesOf(body.stream());
    expect(opened).toBe(2);
    expect(second.equals(first)).toBe(true);
  });

  it('gives no length for a file of unknown size, and the body still parses', async () => {
    const content = randomBytes(70_000);
    const { contentType, body } = multipartBody([], fileOf(content, { size: null }));
    expect(body.length).toBeNull();
    const form = await parse(contentType, await bytesOf(body.stream()));
    expect(Buffer.from(await (form.get('file') as File).arrayBuffer()).equals(content)).toBe(true);
  });

  it('fails when the file gives more or fewer bytes than its size', async () => {
    const long = multipartBody([], fileOf(Buffer.from('abcdef'), { size: 3 }));
    await expect(bytesOf(long.body.stream())).rejects.toThrow(/longer than its size, 3 bytes/);
    const short = multipartBody([], fileOf(Buffer.from('ab'), { size: 3 }));
    await expect(bytesOf(short.body.stream())).rejects.toThrow(/ended after 2 of its 3 bytes/);
  });

  it('refuses a Content-Type that is not a MIME type (no header injection), and uses a new boundary each time', () => {
    expect(() => multipartBody([], fileOf(Buffer.from('a'), { mime: 'image/png\r\nX-Evil: 1' }))).toThrow(TypeError);
    expect(() => multipartBody([], fileOf(Buffer.from('a'), { mime: '' }))).toThrow(TypeError);
    const a = multipartBody([], fileOf(Buffer.from('a'))).contentType;
    const b = multipartBody([], fileOf(Buffer.from('a'))).contentType;
    expect(a).not.toBe(b);
    expect(a.split('boundary=')[1]!.length).toBeLessThanOrEqual(70);
  });
});
