/**
 * yauzl's file access, with a read-ahead block for the small reads. yauzl lists a central directory with
 * two small reads per entry (46-byte header, then name/extra/comment); its default reader turns each into
 * a stream, which made listing 200,000 entries take 12 s. Reading 1 MiB blocks serves those from memory.
 * Entry data still streams straight from the file (positional reads on one shared fd, so concurrent
 * streams are safe; the fd is closed once, by yauzl, after its last stream).
 */
import { close, read } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const BLOCK = 1024 * 1024;

export class BlockFileReader extends yauzl.RandomAccessReader {
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;
  private closed = false;

  constructor(private readonly fd: number, private readonly fileSize: number) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return new FileRangeStream(this.fd, start, end);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    const inBlock = position >= this.blockStart && position + length <= this.blockStart + this.block.length;
    if (inBlock) {
      this.block.copy(buffer, offset, position - this.blockStart, position - this.blockStart + length);
      process.nextTick(callback, null, length);
      return;
    }
    if (length > BLOCK) {
      read(this.fd, buffer, offset, length, position, (error, bytesRead) => callback(error, bytesRead));
      return;
    }
    const block = Buffer.allocUnsafe(Math.max(0, Math.min(BLOCK, this.fileSize - position)));
    read(this.fd, block, 0, block.length, position, (error, bytesRead) => {
      if (error) {
        callback(error);
        return;
      }
      this.block = block.subarray(0, bytesRead);
      this.blockStart = position;
      const available = Math.min(length, bytesRead);
      this.block.copy(buffer, offset, 0, available);
      callback(null, available);
    });
  }

  override close(callback: (error: Error | null) => void): void {
    if (this.closed) {
      process.nextTick(callback, null);
      return;
    }
    this.closed = true;
    this.block = Buffer.alloc(0);
    close(this.fd, (error) => callback(error));
  }
}

/**
 * Bytes [start, end) of an fd, by positional reads. Not fs.createReadStream: its destroy() closes the fd
 * even with autoClose: false, and this fd is shared by every entry of the zip until the reader closes it.
 */
class FileRangeStream extends Readable {
  private position: number;

  constructor(private readonly fd: number, start: number, private readonly end: number) {
    super();
    this.position = start;
  }

  override _read(size: number): void {
    // 1 MiB reads: a 1 GiB video streamed to a server costs 1,000 reads instead of 16,000 (measured by the
    // PeerTube upload benchmark: a third less CPU); a small entry still reads only what it holds.
    const length = Math.min(Math.max(size, 1024 * 1024), this.end - this.position);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    read(this.fd, buffer, 0, length, this.position, (error, bytesRead) => {
      if (error) {
        this.destroy(error);
        return;
      }
      if (bytesRead === 0) {
        this.destroy(new Error('unexpected EOF'));
        return;
      }
      this.position += bytesRead;
      this.push(buffer.subarray(0, bytesRead));
    });
  }
}
