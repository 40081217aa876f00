/**
 * A reader that goes away before the CLI is done (`leave-platform --help | head`, a pager quit early):
 * writing to the closed pipe fails with EPIPE, which Node raises as an unhandled 'error' event, a crash with
 * a stack trace. What is still to be written there has no reader, so it is dropped and the command goes on
 * to its end: an import keeps its journal and finishes its work rather than dying mid-run.
 */
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function dropWritesToClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (GONE.has(error.code ?? '')) return;
    throw error;
  });
}
