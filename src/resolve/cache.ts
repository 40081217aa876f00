/**
 * The resolver's cache in the state dir (DESIGN.md section 4): verification, search and website results
 * with a time to live, so a re-run a month later only asks again about what may have changed.
 * Found answers live 7 days, "not found" 12 hours; errors are never cached (a re-run retries them).
 *
 * Format: JSON lines, a header line `{"leavePlatformCache":1}` then `{"k","at","kind","v"}` per entry.
 * The whole live set is rewritten atomically (temp file + rename) on flush. A damaged file or line is
 * skipped with a warning: the cache is an optimisation and must never stop a run.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../clock.js';

export type CacheKind = 'found' | 'not_found';

const HOUR = 3_600_000;
export const CACHE_TTL_MS: Readonly<Record<CacheKind, number>> = { found: 7 * 24 * HOUR, not_found: 12 * HOUR };
const CACHE_FORMAT = 1;
/** Bigger than any honest cache (tens of thousands of small entries); refuse to read more. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

export interface ResolveCache {
  /** The stored value, or null on a miss, an expired entry, or with `refresh`. */
  get(key: string): unknown;
  set(key: string, value: unknown, kind: CacheKind): void;
  /** Writes the live entries to disk (no-op for a memory cache). */
  flush(): Promise<void>;
}

interface Entry {
  at: number;
  kind: CacheKind;
  v: unknown;
}

export interface CacheOptions {
  clock: Clock;
  /** `--refresh`: ignore what is stored (new answers are still stored). */
  refresh?: boolean;
  warn?: (message: string) => void;
}

/** A cache in memory only (tests, or when the state dir cannot be written). */
export function memoryCache(options: CacheOptions): ResolveCache & { readonly size: number } {
  return new EntryCache(new Map(), options, null);
}

export async function openFileCache(file: string, options: CacheOptions): Promise<ResolveCache> {
  const entries = await loadEntries(file, options);
  return new EntryCache(entries, options, file);
}

class EntryCache implements ResolveCache {
  constructor(
    private readonly entries: Map<string, Entry>,
    private readonly options: CacheOptions,
    private readonly file: string | null,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): unknown {
    if (this.options.refresh) return null;
    const e = this.entries.get(key);
    if (!e) return null;
    if (!isLive(e, this.options.clock.now())) {
      this.entries.delete(key);
      return null;
    }
    return e.v;
  }

  set(key: string, value: unknown, kind: CacheKind): void {
    if (value === undefined) return;
    this.entries.set(key, { at: this.options.clock.now(), kind, v: value });
  }

  async flush(): Promise<void> {
    if (this.file === null) return;
    const now = this.options.clock.now();
    const lines = [JSON.stringify({ leavePlatformCache: CACHE_FORMAT })];
    for (const [k, e] of this.entries) {
      if (isLive(e, now)) lines.push(JSON.stringify({ k, at: e.at, kind: e.kind, v: e.v }));
    }
    try {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, lines.join('\n') + '\n', { mode: 0o600 });
      await rename(tmp, this.file);
    } catch (error) {
      this.options.warn?.(`could not write the resolve cache ${this.file} (${(error as Error).message}); results were not cached.`);
    }
  }
}

function isLive(e: Entry, now: number): boolean {
  // An entry from the future (a clock set back) is not trusted for more than its own TTL either.
  return now - e.at < CACHE_TTL_MS[e.kind] && e.at - now < CACHE_TTL_MS[e.kind];
}

async function loadEntries(file: string, options: CacheOptions): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  const warn = options.warn ?? (() => {});
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_CACHE_BYTES) {
      warn(`the resolve cache ${file} is larger than ${MAX_CACHE_BYTES} bytes; it was ignored and will be rewritten.`);
      return entries;
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      warn(`could not read the resolve cache ${file} (${(error as Error).message}); it was ignored.`);
    }
    return entries;
  }
  const lines = text.split('\n');
  const header = parseJson(lines[0] ?? '');
  if (!isRecord(header) || header.leavePlatformCache !== CACHE_FORMAT) {
    warn(`the resolve cache ${file} is damaged or from another version; it was ignored and will be rewritten.`);
    return entries;
  }
  let bad = 0;
  const now = options.clock.now();
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const row = parseJson(line);
    if (
      !isRecord(row) || typeof row.k !== 'string' || typeof row.at !== 'number' ||
      (row.kind !== 'found' && row.kind !== 'not_found') || !('v' in row)
    ) {
      bad++;
      continue;
    }
    const e: Entry = { at: row.at, kind: row.kind, v: row.v };
    if (isLive(e, now)) entries.set(row.k, e);
  }
  if (bad > 0) warn(`the resolve cache ${file} had ${bad} damaged line(s); they were ignored.`);
  return entries;
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
