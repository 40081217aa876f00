/** Turns any error into the one or two plain sentences the user sees on stderr (DESIGN.md section 2). */
import { InputError, LeaveError, RemoteError } from '../../errors.js';
import { NetError } from '../../net/types.js';

export function formatError(error: unknown, verbose: boolean): string {
  const lines: string[] = [];
  if (error instanceof LeaveError) {
    lines.push(`Error: ${error.message}`);
    if (error.hint) lines.push(error.hint);
  } else if (error instanceof NetError) {
    lines.push(`Error: ${error.message} (${error.host}).`);
    lines.push('Check your connection and the server, then run the same command again.');
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`Error: leave-platform failed unexpectedly: ${message}`);
    lines.push('This is a bug; please report it with the output of the same command run with --verbose.');
  }
  if (verbose) {
    if (error instanceof InputError && error.file) lines.push(`file: ${error.file}`);
    if (error instanceof RemoteError && error.host) lines.push(`host: ${error.host}`);
    let e: unknown = error;
    while (e instanceof Error) {
      lines.push(e.stack ?? String(e));
      e = e.cause;
      if (e) lines.push('caused by:');
    }
  }
  return lines.join('\n') + '\n';
}
