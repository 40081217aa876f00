/**
 * The small error hierarchy of leave-platform. Every failure that reaches the user is one of these;
 * the CLI (src/cli/main.ts) is the one place that turns them into a message and an exit code
 * (DESIGN.md section 2: 0 done, 1 failed, 2 bad usage or unusable input, 3 incomplete).
 */
export type ExitCode = 0 | 1 | 2 | 3;

export abstract class LeaveError extends Error {
  abstract readonly exitCode: ExitCode;
  /** One short sentence telling the user what to do next, printed after the message. */
  readonly hint: string | null;

  constructor(message: string, options: { cause?: unknown; hint?: string | null } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint ?? null;
  }
}

/** Wrong command-line usage: unknown option, bad value, missing argument. Exit 2. */
export class UsageError extends LeaveError {
  readonly exitCode = 2 as const;
}

/**
 * Input we cannot use: a missing path, a corrupt or hostile archive, an archive that is not an export,
 * malformed JSON in an export file. Exit 2. `file` names the file (and entry) at fault.
 */
export class InputError extends LeaveError {
  readonly exitCode = 2 as const;
  readonly file: string | null;

  constructor(message: string, options: { cause?: unknown; hint?: string | null; file?: string | null } = {}) {
    super(message, options);
    this.file = options.file ?? null;
  }
}

/** A network or server failure that stopped the whole command. Exit 1. */
export class RemoteError extends LeaveError {
  readonly exitCode = 1 as const;
  readonly host: string | null;

  constructor(message: string, options: { cause?: unknown; hint?: string | null; host?: string | null } = {}) {
    super(message, options);
    this.host = options.host ?? null;
  }
}

/** Work is left undone (a rate limit longer than --max-wait, an interruption); re-running resumes. Exit 3. */
export class IncompleteError extends LeaveError {
  readonly exitCode = 3 as const;
  /** When a re-run can expect to make progress, if known. */
  readonly resumeAt: Date | null;

  constructor(message: string, options: { cause?: unknown; hint?: string | null; resumeAt?: Date | null } = {}) {
    super(message, options);
    this.resumeAt = options.resumeAt ?? null;
  }
}

/**
 * The user stopped the run (Ctrl-C) before anything was sent; what was learnt so far is kept (cached
 * answers, the journal). Exit 3 like any incomplete run: the same command goes on from there.
 */
export class InterruptedError extends IncompleteError {}

/** A bug or an unexpected condition in leave-platform itself. Exit 1. */
export class InternalError extends LeaveError {
  readonly exitCode = 1 as const;
}
