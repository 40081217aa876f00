/**
 * The loopback redirect (RFC 8252 section 7.3): a one-shot HTTP listener on 127.0.0.1 and a random
 * port receives the authorization code, checks `state`, answers a short page and closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackReceiver {
  redirectUri: string;
  /** Resolves with the code of the first callback whose `state` matches; rejects on an OAuth error or abort. */
  code: Promise<string>;
  close(): Promise<void>;
}

export async function startLoopbackReceiver(state: string, signal?: AbortSignal): Promise<LoopbackReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting yet when an error arrives; the caller awaits `code` later.
  code.catch(() => undefined);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    if (url.searchParams.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('This sign-in link does not belong to the running leave-platform.');
      return;
    }
    const error = url.searchParams.get('error');
    const got = url.searchParams.get('code');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    res.end(`<!doctype html><meta charset="utf-8"><title>leave-platform</title><p>${error ? 'Sign-in was not completed.' : 'Signed in. You can close this window and return to the terminal.'}</p>`);
    if (error) settle.reject(new Error(`the server answered the sign-in with "${error.slice(0, 100)}"`));
    else if (got) settle.resolve(got);
    else settle.reject(new Error('the sign-in redirect carried no code'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  signal?.addEventListener('abort', () => settle.reject(new Error('sign-in was interrupted')), { once: true });
  return { redirectUri: `http://127.0.0.1:${port}/callback`, code, close };
}
