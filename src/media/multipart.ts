/**
 * A multipart/form-data body (RFC 7578) as a stream: text fields, then one file part read from a stream
 * factory, with the exact total length when the file's size is known. The encoding is the well-kept
 * `form-data-encoder` (the WHATWG HTML algorithm: names and file names in UTF-8, with `"`, CR and LF
 * percent-encoded); it reads the file through a File-like object whose stream() opens the file afresh, so
 * each attempt of the request gets the whole body again (StreamedBody in src/net/types.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FormDataEncoder, type FileLike, type FormDataLike } from 'form-data-encoder';
import type { StreamedBody } from '../net/types.js';

export interface MultipartFile {
  /** The form field, e.g. `file` for POST /api/v2/media. */
  field: string;
  fileName: string;
  /** Sent as the part's Content-Type. */
  mime: string;
  /** Exact bytes the file stream gives, or null when unknown (the body is then sent chunked). */
  size: number | null;
  open: () => Promise<Readable> | Readable;
}

export interface MultipartBody {
  /** `multipart/form-data; boundary=...`, for the Content-Type header. */
  contentType: string;
  body: StreamedBody;
}

/** RFC 6838 section 4.2 type/subtype names: nothing that could break out of the part's header. */
const MIME_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*$/;

export function multipartBody(fields: ReadonlyArray<readonly [string, string]>, file: MultipartFile): MultipartBody {
  if (!MIME_TYPE.test(file.mime)) throw new TypeError(`not a MIME type: ${JSON.stringify(file.mime)}`);
  const part: FileLike = {
    name: file.fileName,
    type: file.mime,
    // NaN tells the encoder the length is unknown (it then gives no Content-Length).
    size: file.size ?? Number.NaN,
    lastModified: 0,
    stream: () => fileChunks(file),
    [Symbol.toStringTag]: 'File',
  };
  const form = new PartList([...fields.map(([n, v]): [string, string | FileLike] => [n, v]), [file.field, part]]);
  // RFC 2046 section 5.1.1: at most 70 characters, and must not occur in the content: 128 random bits.
  const encoder = new FormDataEncoder(form, `leave-platform-${randomBytes(16).toString('hex')}`);
  const length = encoder.contentLength === undefined ? null : Number(encoder.contentLength);
  return { contentType: encoder.contentType, body: { length, stream: () => encoder.encode() } };
}

/**
 * The file's bytes, counted against its size, in pieces of at most 64 KiB: form-data-encoder 4.1 splits
 * a larger chunk by slicing `chunk.buffer` from offset 0, which gives wrong bytes for a Buffer that is a
 * view into a larger ArrayBuffer (Node's pooled buffers, zlib output); pieces this small it passes as is.
 */
async function* fileChunks(file: MultipartFile): AsyncGenerator<Uint8Array> {
  const MAX_PIECE = 65_536;
  const stream = await file.open();
  let read = 0;
  for await (const chunk of stream) {
    const c = chunk as Uint8Array;
    read += c.byteLength;
    if (file.size !== null && read > file.size) throw new Error(`${file.fileName} is longer than its size, ${file.size} bytes`);
    for (let at = 0; at < c.byteLength; at += MAX_PIECE) yield c.subarray(at, Math.min(at + MAX_PIECE, c.byteLength));
  }
  if (file.size !== null && read !== file.size) throw new Error(`${file.fileName} ended after ${read} of its ${file.size} bytes`);
}

/** The least FormData the encoder reads (entries in order); Node's FormData only holds in-memory Blobs. */
class PartList implements FormDataLike {
  readonly [Symbol.toStringTag] = 'FormData';
  constructor(private readonly parts: Array<[string, string | FileLike]>) {}
  append(): void {
    throw new TypeError('PartList is built whole');
  }
  getAll(name: string): Array<string | FileLike> {
    return this.parts.filter(([n]) => n === name).map(([, v]) => v);
  }
  entries(): IterableIterator<[string, string | FileLike]> {
    return this.parts[Symbol.iterator]();
  }
  [Symbol.iterator](): IterableIterator<[string, string | FileLike]> {
    return this.entries();
  }
}
