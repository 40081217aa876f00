/**
 * Slices of one file read from a stream that cannot seek (a deflated zip entry): the slices of a
 * resumable upload are read one after another from a single open stream, so a 1 GB file is decompressed
 * once, not once per chunk. A slice that does not start where the stream stands (a retried chunk, or a
 * resume from the server's offset) reopens the file and skips to its start.
 */
import type { Readable } from 'node:stream';

export class ChunkReader {
  private iterator: AsyncIterator<Uint8Array> | null = null;
  private stream: Readable | null = null;
  private position = 0;
  private leftover: Uint8Array = new Uint8Array(0);

  constructor(private readonly open: () => Promise<Readable>) {}

  /** Exactly `length` bytes from `start`; fails when the file ends before. */
  async *slice(start: number, length: number): AsyncGenerator<Uint8Array> {
    if (this.iterator === null || this.position !== start) await this.seek(start);
    let left = length;
    while (left > 0) {
      const chunk = this.leftover.length > 0 ? this.leftover : await this.next();
      this.leftover = new Uint8Array(0);
      const take = Math.min(left, chunk.length);
      if (take < chunk.length) this.leftover = chunk.subarray(take);
      this.position += take;
      left -= take;
      yield chunk.subarray(0, take);
    }
  }

  close(): void {
    this.stream?.destroy();
    this.stream = null;
    this.iterator = null;
  }

  private async seek(start: number): Promise<void> {
    this.close();
    this.stream = await this.open();
    this.iterator = this.stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    this.position = 0;
    this.leftover = new Uint8Array(0);
    while (this.position < start) {
      const chunk = await this.next();
      const skip = Math.min(start - this.position, chunk.length);
      this.position += skip;
      if (skip < chunk.length) this.leftover = chunk.subarray(skip);
    }
  }

  private async next(): Promise<Uint8Array> {
    const r = await (this.iterator as AsyncIterator<Uint8Array>).next();
    if (r.done) throw new Error(`the file ended at byte ${this.position}, before the size it declared`);
    return r.value;
  }
}
