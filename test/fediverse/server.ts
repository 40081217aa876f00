/**
 * The local test fediverse: ONE server on 127.0.0.1 (ephemeral port) serving many virtual hosts by the
 * Host header, over https with a throwaway CA (certs.ts) or plain http. Tests reach it through an
 * HttpClient made with `--connect-to`-style rules, so URLs keep their real-looking host names.
 * Used by the net, resolve and CLI tests of every engineer.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createHttpClient, type HttpClientOptions, type UndiciHttpClient } from '../../src/net/client.js';
import { makeTestCertificates } from './certs.js';
import { FediverseWorld } from './handlers.js';
import type { Behaviour, FediverseSpec, HostSpec, RequestRecord } from './types.js';

export interface Fediverse {
  port: number;
  /** PEM of the CA that signed the server certificate ('' in plain-http mode). */
  ca: string;
  /** `HOST:127.0.0.1:PORT` for every host, for --connect-to / LEAVE_PLATFORM_CONNECT_TO. */
  connectTo: string[];
  /** A client aimed at this fediverse (allowPrivateNetwork, ca, connectTo; short retry backoff). */
  http: UndiciHttpClient;
  /** Another client aimed at it, with other options (e.g. `{ allowPrivateNetwork: false }`). Closed by close(). */
  client(overrides?: Partial<HttpClientOptions>): UndiciHttpClient;
  /** `https://HOST/PATH` (or http in plain mode). */
  url(host: string, path: string): string;
  /** Requests each host received, in order. */
  requests(host: string): RequestRecord[];
  /** The most requests a host had in flight at once. */
  maxConcurrency(host: string): number;
  /** The most requests in flight at once over all hosts. */
  maxGlobalConcurrency(): number;
  /** Total requests over all hosts. */
  totalRequests(): number;
  /** TCP connections accepted so far (a kept-alive connection carries many requests). */
  connectionsOpened(): number;
  /** Forgets the request logs and high-water marks. */
  resetLog(): void;
  /** `user@host` handle → actor URL, as the fediverse serves it. */
  actorUrl(handle: string): string;
  close(): Promise<void>;
}

export async function startFediverse(spec: FediverseSpec): Promise<Fediverse> {
  const world = new FediverseWorld(spec);
  const plain = spec.protocol === 'http';
  const names = [...new Set(spec.hosts.map((h) => h.name.toLowerCase()))];
  const certs = plain ? null : makeTestCertificates(names);
  const logs = new Map<string, RequestRecord[]>();
  const inFlight = new Map<string, number>();
  const highWater = new Map<string, number>();
  let globalInFlight = 0;
  let globalHighWater = 0;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const hostHeader = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    const host = world.hosts.get(hostHeader);
    const path = req.url ?? '/';
    const log = logs.get(hostHeader) ?? [];
    logs.set(hostHeader, log);
    log.push({ method: req.method ?? 'GET', path, headers: { ...req.headers } });
    const now = (inFlight.get(hostHeader) ?? 0) + 1;
    inFlight.set(hostHeader, now);
    highWater.set(hostHeader, Math.max(highWater.get(hostHeader) ?? 0, now));
    globalInFlight++;
    globalHighWater = Math.max(globalHighWater, globalInFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.set(hostHeader, (inFlight.get(hostHeader) ?? 1) - 1);
      globalInFlight--;
    };
    // A request stops counting as in flight when the server has produced its whole answer (res.end()),
    // or when the exchange is torn down. Not at 'finish': that event waits for the socket write to
    // complete, and a fast client has often read the answer and sent its next request by then (seen on
    // Node 24), which would count sequential requests as concurrent. The window from the request's
    // arrival to res.end() lies inside the client's own window, so a high-water mark over the limit here
    // proves the client exceeded it.
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      finish();
      return end(...args);
    }) as typeof res.end;
    res.on('close', finish);
    req.resume(); // request bodies are not used; drain them
    if (!host) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      res.end(`no such host ${hostHeader}\n`);
      return;
    }
    later(host.delayMs ?? 0, () => respond(host, req, res, path));
  };

  const respond = (host: HostSpec, req: IncomingMessage, res: ServerResponse, path: string) => {
    if (res.destroyed) return;
    const url = new URL(path, `${world.scheme}://${host.name}`);
    const route = world.routeOf(url.pathname);
    const limit = world.rateLimit(host, Date.now());
    for (const [k, v] of Object.entries(limit.headers)) res.setHeader(k, v);
    if (limit.refuse) {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Too many requests' }));
      return;
    }
    const behaviour = world.behaviourFor(host, route);
    if (behaviour) return misbehave(behaviour, host, req, res, url);
    world.answer(host, req, url, res, null);
  };

  const misbehave = (b: Behaviour, host: HostSpec, req: IncomingMessage, res: ServerResponse, url: URL) => {
    switch (b.kind) {
      case 'status':
        res.writeHead(b.status, { 'content-type': 'application/json', ...(b.headers ?? {}) });
        res.end(b.body ?? JSON.stringify({ error: `status ${b.status}` }));
        return;
      case 'rateLimited':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': b.retryAfter });
        res.end(JSON.stringify({ error: 'Too many requests' }));
        return;
      case 'notJson':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
        return;
      case 'contentType':
        world.answer(host, req, url, res, b.contentType);
        return;
      case 'rawJson':
        res.writeHead(200, { 'content-type': b.contentType ?? 'application/jrd+json' });
        res.end(b.body);
        return;
      case 'redirect':
        res.writeHead(b.status ?? 302, { location: b.location });
        res.end();
        return;
      case 'redirectLoop': {
        const n = Number(url.searchParams.get('loop') ?? '0') + 1;
        const next = new URL(url);
        next.searchParams.set('loop', String(n));
        res.writeHead(302, { location: next.pathname + next.search });
        res.end();
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'huge': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (b.declareLength) headers['content-length'] = String(b.bytes);
        res.writeHead(200, headers);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < b.bytes && !res.destroyed) {
            const n = Math.min(chunk.length, b.bytes - sent);
            sent += n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        pump();
        return;
      }
      case 'slowloris': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{');
        const drip = () => {
          if (res.destroyed) return;
          res.write(' ');
          later(b.intervalMs, drip);
        };
        later(b.intervalMs, drip);
        return;
      }
    }
  };

  const server: Server = plain
    ? createHttpServer(onRequest)
    : createHttpsServer({ key: certs!.key, cert: certs!.cert }, onRequest);
  // Keep idle connections open as a real server does (Mastodon's nginx: 65 s), longer than the client's
  // pool keeps them, so a run reuses one connection per slot instead of a handshake per request.
  server.keepAliveTimeout = 30_000;
  let connectionsOpened = 0;
  server.on('connection', (s: Socket) => {
    connectionsOpened++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: benchmarks open hundreds of connections at once.
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const connectTo = names.map((n) => `${n}:127.0.0.1:${port}`);
  const ca = certs?.ca ?? '';
  const clients: UndiciHttpClient[] = [];
  const client = (overrides: Partial<HttpClientOptions> = {}) => {
    const c = createHttpClient({
      allowPrivateNetwork: true,
      allowHttp: plain,
      connectTo,
      ...(ca !== '' ? { ca } : {}),
      retryBaseDelayMs: 10,
      ...overrides,
    });
    clients.push(c);
    return c;
  };
  const http = client();

  return {
    port,
    ca,
    connectTo,
    http,
    client,
    url: (host, path) => `${world.scheme}://${host}${path.startsWith('/') ? path : `/${path}`}`,
    requests: (host) => [...(logs.get(host.toLowerCase()) ?? [])],
    maxConcurrency: (host) => highWater.get(host.toLowerCase()) ?? 0,
    maxGlobalConcurrency: () => globalHighWater,
    totalRequests: () => [...logs.values()].reduce((n, l) => n + l.length, 0),
    connectionsOpened: () => connectionsOpened,
    resetLog: () => {
      logs.clear();
      highWater.clear();
      globalHighWater = globalInFlight;
    },
    actorUrl: (handle) => {
      const e = world.findByHandle(handle);
      if (!e) throw new Error(`no account ${handle} in this fediverse`);
      return world.actorUrl(e);
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled(clients.map((c) => c.close()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
