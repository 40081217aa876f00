/**
 * The append-only journal of one migration (DESIGN.md section 6): the source of truth for what was done.
 *
 * Each action moves `planned → sent → done | pending | failed(reason) | skipped(reason)`. `append` writes
 * one line and fsyncs it before it resolves; the apply layer awaits it before its next remote write. So:
 * - an action whose last event is `planned` (or that has none) was never sent;
 * - an action whose last event is `sent` was MAYBE performed (the process may have died before or after
 *   the server acted). The apply layer must reconcile it before sending again: for a follow, block or mute
 *   check `/api/v1/accounts/relationships`; for a list, read the list's accounts; for a post, search the
 *   account's recent statuses (Idempotency-Key only lives one hour and snac ignores it). Nothing is ever
 *   sent twice on the strength of the journal alone;
 * - `pending` (a follow request awaiting approval) is re-checked on `status` and on re-runs;
 * - `done`, `failed`, `skipped` are final for this run (the planner recomputes `skipped`).
 *
 * The file is never rewritten. A line cut off by a kill -9 can only be the last one: on the next writable
 * open it is followed by a repair marker line (see events.ts) and ignored, with a warning; any other bad
 * line is an InputError naming the file and line, so a damaged journal never silently loses history.
 */
import { mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import { InputError } from '../errors.js';
import { normalizeHandle } from '../model/handle.js';
import type { Action, ActionState } from '../plan/types.js';
import {
  JOURNAL_FORMAT, JOURNAL_VERSION, eventProblem, parseHeader, parseLine,
  type JournalEvent, type JournalEventInput, type JournalHeader,
} from './events.js';
import { actionOfEvent, stateOfEvent } from './actions.js';
import { acquireLock, type LockHandle } from './lock.js';

export const JOURNAL_FILE = 'journal.jsonl';
export const LOCK_FILE = 'journal.lock';

/** The file operations `append` depends on; tests wrap them to watch the write/fsync order. */
export interface AppendFile {
  append(data: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenJournalOptions {
  clock: Clock;
  /** Read the state without taking the lock or creating anything (`status`, `--dry-run`). */
  readOnly?: boolean;
  /** Written into a new journal's header. */
  destination?: string | null;
  fingerprint?: string | null;
  onWarning?: (message: string) => void;
  openAppend?: (path: string) => Promise<AppendFile>;
  isProcessAlive?: (pid: number) => boolean;
}

export interface AppendOptions {
  /**
   * Default true: the event is on disk (fsync) before the promise resolves. False for an event whose loss
   * a crash may cause safely: an outcome after a write (`done`, `failed`) lost with the machine leaves
   * the action `sent`, which the next run checks with the server before anything is sent again. The
   * next durable event (the next `sent`, written before its write) syncs it along; close() syncs too.
   * This halves the fsyncs of a run (each costs milliseconds on a real disk).
   */
  durable?: boolean;
}

/** Everything the journal knows about one action. */
export interface JournalRecord {
  state: ActionState;
  remoteId: string | null;
  /** Time of the last event. */
  at: string;
}

export interface Journal {
  readonly path: string;
  readonly header: JournalHeader | null;
  readonly warnings: readonly string[];
  /** Action key → its latest state. A fresh map; changing it changes nothing. */
  state(): Map<string, ActionState>;
  records(): Map<string, JournalRecord>;
  /**
   * Write one event and fsync it; resolves only once it is on disk. Events are written in call order.
   * With `durable: false` the fsync is left to the next durable event (or to close): see AppendOptions.
   */
  append(event: JournalEventInput, options?: AppendOptions): Promise<void>;
  /** Write several events with one write and one fsync (a whole plan recorded before the first action). */
  appendAll(events: readonly JournalEventInput[], options?: AppendOptions): Promise<void>;
  close(): Promise<void>;
}

export async function openJournal(dir: string, options: OpenJournalOptions): Promise<Journal> {
  const path = join(dir, JOURNAL_FILE);
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };

  if (options.readOnly) {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new InputError(`Cannot read the journal ${path}.`, { cause: error, file: path });
    });
    const replay = text === null ? emptyReplay() : replayText(path, text, warn);
    return new FileJournal(path, replay, null, null, options.clock, warnings);
  }

  const lock = await stateDirWrite(dir, async () => {
    await mkdir(dir, { recursive: true });
    return acquireLock(join(dir, LOCK_FILE), {
      clock: options.clock,
      ...(options.isProcessAlive ? { isProcessAlive: options.isProcessAlive } : {}),
    });
  });
  let file: AppendFile | null = null;
  try {
    let text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new InputError(`Cannot read the journal ${path}.`, { cause: error, file: path });
    });
    if (text === null || text === '') {
      await stateDirWrite(dir, () => createJournalFile(dir, path, {
        format: JOURNAL_FORMAT,
        v: JOURNAL_VERSION,
        createdAt: new Date(options.clock.now()).toISOString(),
        destination: options.destination ?? null,
        fingerprint: options.fingerprint ?? null,
      }));
      text = await readFile(path, 'utf8');
    }
    const replay = replayText(path, text, warn);
    checkHeader(path, replay.header, options);
    file = await stateDirWrite(dir, () => (options.openAppend ?? openAppendFile)(path));
    if (replay.tail === 'unterminated') {
      // The last event is whole but lost its newline: end the line so the next event starts cleanly.
      await file.append('\n');
      await file.sync();
    } else if (replay.tail === 'torn') {
      const marker = { v: JOURNAL_VERSION, at: new Date(options.clock.now()).toISOString(), repair: `line ${replay.lines} was cut off and is ignored` };
      await file.append(`\n${JSON.stringify(marker)}\n`);
      await file.sync();
    }
    return new FileJournal(path, replay, file, lock, options.clock, warnings);
  } catch (error) {
    await file?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

/**
 * A journal belongs to one destination account and one archive: one written for another (a directory
 * copied or renamed by hand) would make actions look done that were never done for this one.
 */
function checkHeader(path: string, header: JournalHeader | null, options: OpenJournalOptions): void {
  const wrong = (what: string, theirs: string, ours: string) => new InputError(
    `The journal ${path} belongs to ${what} ${theirs}, not ${ours}.`,
    { file: path, hint: 'Point --state at the right directory, or move this journal away to start this migration afresh.' },
  );
  if (header?.destination && options.destination && normalizeHandle(header.destination) !== normalizeHandle(options.destination)) {
    throw wrong('the account', header.destination, options.destination);
  }
  if (header?.fingerprint && options.fingerprint && header.fingerprint !== options.fingerprint) {
    throw wrong('the archive with fingerprint', header.fingerprint.slice(0, 16), options.fingerprint.slice(0, 16));
  }
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT']);

/** Runs a write into the state dir, turning "cannot write there" into a clear error naming the dir. */
async function stateDirWrite<T>(dir: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && UNWRITABLE.has(code)) {
      throw new InputError(`Cannot write the migration's state in ${dir} (${code}).`, {
        cause: error, file: dir,
        hint: 'Make that directory writable, or choose another one with --state DIR (the same one on every run).',
      });
    }
    throw error;
  }
}

interface Replay {
  header: JournalHeader | null;
  records: Map<string, JournalRecord>;
  /** How the file ends: with a newline, with a whole event lacking its newline, or with a cut-off line. */
  tail: 'clean' | 'unterminated' | 'torn';
  lines: number;
}

function emptyReplay(): Replay {
  return { header: null, records: new Map(), tail: 'clean', lines: 0 };
}

function replayText(path: string, text: string, warn: (m: string) => void): Replay {
  const lines = text.split('\n');
  const endsClean = text.endsWith('\n');
  if (endsClean) lines.pop();
  const records = new Map<string, JournalRecord>();
  let tail: Replay['tail'] = 'clean';

  const first = lines[0] ?? '';
  const head = parseHeader(first);
  if (head.kind === 'newer') throw newer(path, head.version);
  if (head.kind === 'corrupt') {
    throw new InputError(`${path} is not a leave-platform journal (line 1 is not its header).`, {
      file: path,
      hint: 'Point --state at the right directory, or move this file away to start the migration afresh.',
    });
  }

  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (parsed.kind === 'event') {
      apply(records, parsed.event);
      if (isLast && !endsClean) tail = 'unterminated';
      continue;
    }
    if (parsed.kind === 'repair') continue;
    if (parsed.kind === 'newer') throw newer(path, parsed.version);
    // A corrupt line is tolerated only where a kill -9 can leave one: at the very end, or just before the
    // repair marker a later open wrote after it.
    const next = nextNonBlank(lines, i + 1);
    const repaired = next !== null && parseLine(next).kind === 'repair';
    const cutOff = isLast && !endsClean;
    if (repaired || cutOff) {
      warn(`${path}: line ${lineNo} was cut off (the run was interrupted while writing it) and is ignored.`);
      if (cutOff) tail = 'torn';
      continue;
    }
    throw new InputError(`The journal ${path} is damaged at line ${lineNo} (${parsed.why}).`, {
      file: path,
      hint: 'Restore it from a backup, or move it away to start the migration afresh (already-followed accounts are skipped).',
    });
  }
  return { header: head.header, records, tail, lines: lines.length };
}

function nextNonBlank(lines: string[], from: number): string | null {
  for (let i = from; i < lines.length; i += 1) {
    const l = lines[i];
    if (l !== undefined && l.trim() !== '') return l;
  }
  return null;
}

function newer(path: string, version: number): InputError {
  return new InputError(
    `The journal ${path} was written by a newer leave-platform (journal version ${version}; this one reads ${JOURNAL_VERSION}).`,
    { file: path, hint: 'Update leave-platform, then run the command again.' },
  );
}

function apply(records: Map<string, JournalRecord>, e: JournalEvent): void {
  const previous = records.get(e.key);
  const action: Action = e.action !== undefined ? actionOfEvent(e) : previous?.state.action ?? actionOfEvent(e);
  records.set(e.key, {
    state: stateOfEvent(e, action),
    remoteId: e.remoteId ?? previous?.remoteId ?? null,
    at: e.at,
  });
}

async function createJournalFile(dir: string, path: string, header: JournalHeader): Promise<void> {
  // Write the header to a temporary file and rename it: the journal never exists without its header.
  const tmp = join(dir, `.${JOURNAL_FILE}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(header)}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  // Makes the new directory entry durable on Linux; not supported everywhere (Windows), hence best effort.
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* best effort */
  }
}

async function openAppendFile(path: string): Promise<AppendFile> {
  const fh = await open(path, 'a', 0o600);
  return {
    append: (data) => fh.appendFile(data, 'utf8'),
    sync: () => fh.sync(),
    close: () => fh.close(),
  };
}

class FileJournal implements Journal {
  readonly header: JournalHeader | null;
  private readonly recs: Map<string, JournalRecord>;
  private queue: Promise<void> = Promise.resolve();
  private broken: unknown = null;
  /** An event was written without its fsync; the next durable event or close() syncs it. */
  private unsynced = false;
  private closed = false;

  constructor(
    readonly path: string,
    replay: Replay,
    private readonly file: AppendFile | null,
    private readonly lock: LockHandle | null,
    private readonly clock: Clock,
    readonly warnings: string[],
  ) {
    this.header = replay.header;
    this.recs = replay.records;
  }

  state(): Map<string, ActionState> {
    return new Map([...this.recs].map(([k, r]) => [k, { ...r.state }]));
  }

  records(): Map<string, JournalRecord> {
    return new Map([...this.recs].map(([k, r]) => [k, { ...r, state: { ...r.state } }]));
  }

  append(input: JournalEventInput, options?: AppendOptions): Promise<void> {
    return this.appendAll([input], options);
  }

  appendAll(inputs: readonly JournalEventInput[], options: AppendOptions = {}): Promise<void> {
    const durable = options.durable ?? true;
    if (this.file === null) return Promise.reject(new InputError(`The journal ${this.path} was opened read-only.`, { file: this.path }));
    if (this.closed) return Promise.reject(new InputError(`The journal ${this.path} is closed.`, { file: this.path }));
    if (inputs.length === 0) return Promise.resolve();
    const events: JournalEvent[] = [];
    for (const input of inputs) {
      const event: JournalEvent = {
        v: JOURNAL_VERSION,
        at: input.at ?? new Date(this.clock.now()).toISOString(),
        key: input.key,
        type: input.type,
        target: input.target,
        status: input.status,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        ...(input.detail !== undefined && input.detail !== null ? { detail: input.detail } : {}),
        ...(input.remoteId !== undefined ? { remoteId: input.remoteId } : {}),
        ...(input.action !== undefined ? { action: input.action } : {}),
      };
      const problem = eventProblem(event as unknown as Record<string, unknown>);
      if (problem !== null) return Promise.reject(new TypeError(`Not a journal event (${problem}).`));
      events.push(event);
    }
    const file = this.file;
    // Several events go in one write and one fsync (recording a whole plan); each is still one line.
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    const run = async () => {
      if (this.broken !== null) {
        throw new InputError(`An earlier write to the journal ${this.path} failed; stopping.`, { file: this.path, cause: this.broken });
      }
      try {
        await file.append(text);
        if (durable) {
          await file.sync();
          this.unsynced = false;
        } else this.unsynced = true;
      } catch (cause) {
        // After a failed write the file may end with part of a line: refuse further events in this run;
        // the next open treats that part as a cut-off line.
        this.broken = cause;
        throw new InputError(`Cannot write to the journal ${this.path}.`, { file: this.path, cause });
      }
      for (const e of events) apply(this.recs, e);
    };
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    if (this.unsynced && this.broken === null) await this.file?.sync().catch(() => undefined);
    await this.file?.close();
    await this.lock?.release();
  }
}

/** One migration found under a state dir, for `status`. */
export interface JournalListing {
  dir: string;
  header: JournalHeader;
}

/**
 * The migrations under `<stateDir>/migrations/`, by their headers. Directories without a readable
 * journal header are left out.
 */
export async function listJournals(stateDir: string): Promise<JournalListing[]> {
  const root = join(stateDir, 'migrations');
  const names = await readdir(root).catch(() => [] as string[]);
  const out: JournalListing[] = [];
  for (const name of names.sort()) {
    const dir = join(root, name);
    const text = await readFile(join(dir, JOURNAL_FILE), 'utf8').catch(() => null);
    if (text === null) continue;
    const head = parseHeader(text.slice(0, Math.max(0, text.indexOf('\n'))) || text);
    if (head.kind === 'header') out.push({ dir, header: head.header });
  }
  return out;
}
