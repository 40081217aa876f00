/**
 * Reading Twitter's data files, which are JavaScript, not JSON: `window.YTD.tweets.part0 = [ ... ]`, sometimes
 * with a trailing `;`, sometimes an empty `= [ ]` (reference/formats.md section 1.3).
 *
 * tweets.js can be several hundred MB, so it is never held in memory whole: the entry is read as a stream,
 * a small string- and depth-aware scanner cuts the top-level array into its elements, and each element is
 * JSON.parse'd and handed to the caller at once. The scanner works on bytes: every byte that matters to
 * JSON structure is ASCII, and UTF-8 continuation bytes are all >= 0x80, so no character is ever split.
 */
import type { ArchiveEntry, ArchiveSet } from '../../archive/types.js';
import { InputError } from '../../errors.js';

/** What a streamed data file may decompress to in total; real part files stay near 100 MB each. */
export const MAX_DATA_FILE_BYTES = 8 * 1024 ** 3;
/** One element (one tweet, one follower) beyond this is not a Twitter record: stop instead of buffering. */
export const MAX_ELEMENT_BYTES = 32 * 1024 ** 2;
/** The `window.YTD.x.partN = ` assignment is short; a file without `[` this far in is not a data file. */
const MAX_PREFIX_BYTES = 4096;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const SEMICOLON = 0x3b;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

const enum State { Prefix, BetweenElements, InElement, Done }

/** Why the byte stream is not a YTD array; the caller turns it into an InputError naming the entry. */
export class YtdSyntaxError extends Error {}

/**
 * Push-based scanner: `push(chunk)` for every chunk, `end()` at the end. Calls `onElement` with the bytes of
 * each top-level array element (a view into the chunk when the element lies in one chunk, a copy otherwise).
 */
export class YtdArrayScanner {
  private state = State.Prefix;
  private prefixBytes = 0;
  private sawEquals = false;
  private sawIdentifier = false;
  // Element being scanned.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scalar = false;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;

  constructor(private readonly onElement: (bytes: Buffer) => void, private readonly maxElementBytes = MAX_ELEMENT_BYTES) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.Prefix:
          i = this.scanPrefix(chunk, i);
          break;
        case State.BetweenElements: {
          const b = chunk[i]!;
          if (isSpace(b) || b === COMMA) { i++; break; }
          if (b === CLOSE_BRACKET) { this.state = State.Done; i++; break; }
          this.startElement(b);
          i = this.scanElement(chunk, i, i);
          break;
        }
        case State.InElement:
          i = this.scanElement(chunk, i, i);
          break;
        case State.Done: {
          const b = chunk[i]!;
          if (!isSpace(b) && b !== SEMICOLON) {
            throw new YtdSyntaxError(`unexpected ${describe(b)} after the closing "]"`);
          }
          i++;
          break;
        }
      }
    }
  }

  end(): void {
    if (this.state === State.Prefix) {
      throw new YtdSyntaxError(this.prefixBytes === 0 ? 'the file is empty' : 'no "window.YTD... = [" array in the file');
    }
    if (this.state !== State.Done) throw new YtdSyntaxError('the file ends before its array is closed (truncated?)');
  }

  private scanPrefix(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i]!;
      this.prefixBytes++;
      if (this.prefixBytes > MAX_PREFIX_BYTES) throw new YtdSyntaxError('no "window.YTD... = [" array at the start of the file');
      if (b === OPEN_BRACKET && (this.sawEquals || !this.sawIdentifier)) {
        // `= [` as Twitter writes it, or a bare JSON array (a file re-saved as JSON by some tool).
        this.state = State.BetweenElements;
        return i + 1;
      }
      if (b === EQUALS) {
        if (this.sawEquals) throw new YtdSyntaxError('unexpected "=" in the assignment');
        this.sawEquals = true;
      } else if (this.prefixBytes <= 3 && (b === 0xef || b === 0xbb || b === 0xbf)) {
        // A UTF-8 byte order mark (EF BB BF): ignored.
      } else if (!isSpace(b)) {
        if (this.sawEquals) throw new YtdSyntaxError(`expected "[" after "=", found ${describe(b)}`);
        this.sawIdentifier = true;
      }
    }
    return chunk.length;
  }

  private startElement(first: number): void {
    this.state = State.InElement;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = first !== OPEN_BRACE && first !== OPEN_BRACKET && first !== QUOTE;
    this.pieces = [];
    this.pieceBytes = 0;
  }

  /** Scans from `i`; the element (or its continuation) began at `start` in this chunk. */
  private scanElement(chunk: Buffer, i: number, start: number): number {
    const n = chunk.length;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        const limit = q === -1 ? n : q;
        // Backslashes run up to the quote (or the chunk end): an odd run escapes what follows it.
        let k = limit;
        while (k > i && chunk[k - 1] === BACKSLASH) k--;
        const oddRun = (limit - k) % 2 === 1;
        if (q === -1) {
          this.escaped = oddRun;
          i = n;
          break;
        }
        i = q + 1;
        if (!oddRun) {
          this.inString = false;
          if (this.depth === 0) return this.finishElement(chunk, start, i);
        }
        continue;
      }
      const b = chunk[i]!;
      if (this.scalar) {
        if (isSpace(b) || b === COMMA || b === CLOSE_BRACKET) return this.finishElement(chunk, start, i);
        i++;
        continue;
      }
      i++;
      if (b === QUOTE) this.inString = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) this.depth++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) return this.finishElement(chunk, start, i);
        if (this.depth < 0) throw new YtdSyntaxError(`unbalanced ${describe(b)}`);
      }
    }
    // The element continues in the next chunk.
    this.keepPiece(chunk.subarray(start, n));
    return n;
  }

  private keepPiece(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieceBytes += piece.length;
    if (this.pieceBytes > this.maxElementBytes) {
      throw new YtdSyntaxError(`one array element is larger than ${Math.round(this.maxElementBytes / 1024 ** 2)} MB`);
    }
    // The chunk may be reused by the stream after push() returns: copy what we keep.
    this.pieces.push(Buffer.from(piece));
  }

  private finishElement(chunk: Buffer, start: number, end: number): number {
    this.state = State.BetweenElements;
    if (this.pieces.length === 0) {
      if (end - start > this.maxElementBytes) {
        throw new YtdSyntaxError(`one array element is larger than ${Math.round(this.maxElementBytes / 1024 ** 2)} MB`);
      }
      this.onElement(chunk.subarray(start, end));
    } else {
      this.keepPiece(chunk.subarray(start, end));
      const whole = Buffer.concat(this.pieces, this.pieceBytes);
      this.pieces = [];
      this.pieceBytes = 0;
      this.onElement(whole);
    }
    return end;
  }
}

function describe(b: number): string {
  return b >= 0x20 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

// C0 controls other than tab/LF/CR, DEL and C1 controls: invalid raw inside JSON strings. Some real archives
// carry them (community-archive strips them before JSON.parse); we drop them and warn.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export interface YtdReadOptions {
  /** Called once per element; `index` counts from 0 across the whole file. */
  onElement(value: unknown, index: number): void;
  /** Called when an element needed repair (control characters dropped) before it parsed. */
  onRepair?(index: number): void;
  maxBytes?: number;
}

/**
 * Streams one YTD entry and calls `onElement` with each parsed element. Returns how many there were.
 * Throws an InputError naming the archive and entry when the file is not a YTD array or an element is not JSON.
 */
export async function readYtdEntry(archive: ArchiveSet, entry: ArchiveEntry, options: YtdReadOptions): Promise<number> {
  let index = 0;
  const scanner = new YtdArrayScanner((bytes) => {
    const i = index++;
    options.onElement(parseElement(bytes, entry, i, options.onRepair), i);
  });
  const stream = await archive.open(entry, { maxBytes: options.maxBytes ?? MAX_DATA_FILE_BYTES });
  try {
    for await (const chunk of stream) scanner.push(chunk as Buffer);
    scanner.end();
  } catch (error) {
    stream.destroy();
    if (error instanceof YtdSyntaxError) throw damaged(entry, error.message, error);
    throw error;
  }
  return index;
}

/** Every element of a (small) YTD entry, parsed. */
export async function readYtdArray(archive: ArchiveSet, entry: ArchiveEntry, onRepair?: (index: number) => void): Promise<unknown[]> {
  const out: unknown[] = [];
  await readYtdEntry(archive, entry, { onElement: (v) => out.push(v), ...(onRepair ? { onRepair } : {}) });
  return out;
}

function parseElement(bytes: Buffer, entry: ArchiveEntry, index: number, onRepair?: (index: number) => void): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const cleaned = text.replace(CONTROL_CHARS, '');
    if (cleaned !== text) {
      try {
        const value: unknown = JSON.parse(cleaned);
        onRepair?.(index);
        return value;
      } catch {
        // fall through to the original error
      }
    }
    throw damaged(entry, `element ${index + 1} of its array is not valid JSON (${(error as Error).message})`, error);
  }
}

export function damaged(entry: ArchiveEntry, reason: string, cause?: unknown): InputError {
  return new InputError(`${entry.archive}: ${entry.path} is damaged: ${reason}.`, {
    file: `${entry.archive}:${entry.path}`,
    cause,
    hint: 'Download the archive again from Twitter/X (Settings, Your account, Download an archive of your data) and retry.',
  });
}

/**
 * The object assigned in `manifest.js` (`window.__THAR_CONFIG = {...}`), or in any single-object JS file.
 * Small files only: read whole.
 */
export function parseAssignedObject(text: string): unknown {
  const eq = text.indexOf('=');
  const brace = text.indexOf('{');
  if (brace === -1) throw new YtdSyntaxError('no object in the file');
  const body = (eq !== -1 && eq < brace ? text.slice(eq + 1) : text).trim().replace(/;\s*$/, '');
  return JSON.parse(body);
}
