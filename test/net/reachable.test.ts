/**
 * checkServerReachable against real loopback sockets: a name that does not resolve, a port nothing
 * listens on and a server that accepts and never answers are "can't reach"; any HTTP answer, and a TLS
 * failure (bytes came back), are "reachable".
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../../src/errors.js';
import { createHttpClient, makeResponse, type UndiciHttpClient } from '../../src/net/client.js';
import { checkServerReachable } from '../../src/net/reachable.js';
import { NetError } from '../../src/net/types.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

function client(connectTo: string[], over: Partial<Parameters<typeof createHttpClient>[0]> = {}): UndiciHttpClient {
  const http = createHttpClient({ allowHttp: false, allowPrivateNetwork: true, connectTo, retries: 0, ...over });
  closers.push(() => http.close());
  return http;
}

async function listen(server: Server | HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  closers.push(() => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return (server.address() as AddressInfo).port;
}

/** A port on which nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function refusal(p: Promise<unknown>): Promise<RemoteError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

describe('checkServerReachable', () => {
  it('a name that does not resolve: "are you online?", exit 1, the DNS failure as the cause', async () => {
    const http = client([], {
      lookup: async (name) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      },
    });
    const error = await refusal(checkServerReachable(http, 'mastodon.example'));
    expect(error.message).toBe("Can't reach mastodon.example: are you online?");
    expect(error.exitCode).toBe(1);
    expect(error.host).toBe('mastodon.example');
    expect(error.hint).toMatch(/could not be looked up/);
    expect((error.cause as NetError).kind).toBe('dns');
  });

  it('a refused connection is "can\'t reach" too', async () => {
    const port = await closedPort();
    const error = await refusal(checkServerReachable(client([`down.example:127.0.0.1:${port}`]), 'down.example'));
    expect(error.message).toBe("Can't reach down.example: are you online?");
    expect((error.cause as NetError).kind).toBe('connect');
  });

  it('a server that accepts the connection and never answers is "can\'t reach" once the time is up', async () => {
    const silent = createServer(() => {}); // holds every connection, says nothing
    const port = await listen(silent);
    const error = await refusal(checkServerReachable(client([`silent.example:127.0.0.1:${port}`], { connectTimeoutMs: 200 }), 'silent.example'));
    expect(error.message).toBe("Can't reach silent.example: are you online?");
    expect((error.cause as NetError).kind).toBe('timeout');
    expect(error.hint).toMatch(/did not answer in time/);
  });

  it('any HTTP answer means reachable, a 404 as much as a 200', async () => {
    const server = createHttpServer((_req, res) => res.writeHead(404).end('no nodeinfo here'));
    const port = await listen(server);
    const http = client([`plain.example:127.0.0.1:${port}`], { allowHttp: true });
    // https to a plain-http server: the TLS handshake fails, but something answered.
    await expect(checkServerReachable(http, 'plain.example')).resolves.toBeUndefined();
    await expect(checkServerReachable(http, 'plain.example', { allowHttp: true })).resolves.toBeUndefined();
  });

  it('with --allow-http, a server that refuses https is tried over plain http; without it, it is not', async () => {
    const seen: string[] = [];
    const devServer = {
      request: async (req: { url: string }) => {
        seen.push(req.url);
        const url = new URL(req.url);
        if (url.protocol === 'https:') throw new NetError('connect', req.url, `connection to ${url.host} failed (ECONNREFUSED)`);
        return makeResponse(req.url, 404, {}, new Uint8Array());
      },
    };
    await expect(checkServerReachable(devServer, 'localhost:3000', { allowHttp: true })).resolves.toBeUndefined();
    expect(seen).toEqual(['https://localhost:3000/.well-known/nodeinfo', 'http://localhost:3000/.well-known/nodeinfo']);
    seen.length = 0;
    await refusal(checkServerReachable(devServer, 'localhost:3000'));
    expect(seen).toEqual(['https://localhost:3000/.well-known/nodeinfo']);
  });

  it('an abort (Ctrl-C) is passed on as it is, not reported as an unreachable server', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by Ctrl-C'));
    const port = await listen(createServer(() => {}));
    const error = await checkServerReachable(client([`silent.example:127.0.0.1:${port}`]), 'silent.example', { signal: controller.signal })
      .then(() => null, (e: unknown) => e);
    expect(error).not.toBeInstanceOf(RemoteError);
    expect(error).toBeTruthy();
  });
});
