/** Starting and stopping the local servers of the tests: loopback only, on a free port, never a fixed one. */
import type { Server } from 'node:net';

/** Listens on 127.0.0.1 at a port the system picks; resolves with that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return address.port;
}

/** Closes an HTTP server at once: its kept-alive connections are dropped rather than waited for. */
export async function closeNow(server: import('node:http').Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
