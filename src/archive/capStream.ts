/**
 * The one place bytes leave an archive: a pass-through that counts what it lets by and stops with an
 * error past a cap, whatever the archive's headers claim, and turns the source's low-level errors
 * (zlib, yauzl, tar-stream, fs) into InputErrors.
 */
import { Readable, Transform } from 'node:stream';
import { LeaveError } from '../errors.js';

export interface CapOptions {
  /** Bytes allowed through; one more and the stream fails with `overCap()`. */
  readonly cap: number;
  readonly overCap: () => Error;
  /** Maps an error of the source stream to the error the reader sees. */
  readonly wrapError: (error: unknown) => Error;
  /** Called once when the returned stream closes (ended, failed or destroyed by the reader). */
  readonly onClose?: () => void;
}

/** Source streams may be Node streams or streamx streams (tar-stream); both have pipe/unpipe/destroy. */
export interface SourceStream {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  pipe<T extends NodeJS.WritableStream>(destination: T): T;
  unpipe?(destination?: NodeJS.WritableStream): unknown;
  destroy(error?: Error): unknown;
  readonly destroyed?: boolean;
}

export function cappedStream(source: SourceStream, options: CapOptions): Readable {
  let seen = 0;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > options.cap) {
        callback(options.overCap());
        return;
      }
      callback(null, chunk);
    },
  });
  source.on('error', (error) => {
    if (!out.destroyed) out.destroy(error instanceof LeaveError ? error : options.wrapError(error));
  });
  out.once('close', () => {
    // yauzl asks that a stream be unpiped before it is destroyed (README, openReadStream).
    source.unpipe?.(out);
    if (source.destroyed !== true) source.destroy();
    options.onClose?.();
  });
  source.pipe(out);
  return out;
}

/** All of a (capped) stream's bytes. The cap has already bounded how much this can hold. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    length += buffer.length;
  }
  return Buffer.concat(chunks, length);
}
