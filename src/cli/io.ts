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
