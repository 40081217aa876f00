/**
 * Reading a media stream with a bound on what it may cost: whole into memory only up to a cap, to a
 * temporary file otherwise, or just counted. Every function closes the stream it is given.
 */
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The stream's bytes, or null (and the stream closed) as soon as there are more than `max`. */
export async function readAtMost(stream: Readable, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).byteLength;
      if (size > max) return null;
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size);
}

/** The stream's length in bytes, or null as soon as it is over `max` (the rest is not read). */
export async function countAtMost(stream: Readable, max: number): Promise<number | null> {
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).byteLength;
      if (size > max) return null;
    }
  } finally {
    stream.destroy();
  }
  return size;
}

export class OverCapError extends Error {}

/** Writes the stream to `path`; fails with OverCapError past `max` bytes. Returns the bytes written. */
export async function spoolToFile(stream: Readable, path: string, max: number): Promise<number> {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.byteLength;
      done(size > max ? new OverCapError(`more than ${max} bytes`) : null, chunk);
    },
  });
  await pipeline(stream, counter, createWriteStream(path, { flags: 'wx' }));
  return size;
}
