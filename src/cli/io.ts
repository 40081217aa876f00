/**
 * What a command may touch of the outside world, passed in so that tests can run commands in-process
 * with captured output. Only src/cli/ uses process.* directly, and only in main.ts.
 */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Starts turning Ctrl-C into a signal a long-running command can stop at cleanly (exit 3, resumable);
   * a second Ctrl-C ends the process at once, also with exit 3 and one line (src/cli/interrupts.ts).
   * Absent in tests that run commands in-process.
   */
  watchInterrupts?: (options?: InterruptOptions) => InterruptWatch;
}

export interface InterruptOptions {
  /** Said on the first Ctrl-C; null says nothing (the command's own stop message is enough). */
  notice?: string | null;
  /** The one line said when a second Ctrl-C quits at once (exit 3); a generic "run it again" by default. */
  quitNotice?: string;
}

export interface InterruptWatch {
  signal: AbortSignal;
  /** Stops watching: Ctrl-C ends the process again. */
  dispose(): void;
}

/** Global options (DESIGN.md section 2), as every command sees them. */
export interface GlobalOptions {
  json: boolean;
  state: string | null;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  connectTo: string[];
  allowPrivateNetwork: boolean;
  allowHttp: boolean;
}
