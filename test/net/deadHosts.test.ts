/**
 * The per-run memory of dead hosts: after a host could not be reached, requests to it fail at once with
 * the same reason, and those already waiting on it are dropped, instead of each waiting for its own
 * timeout (issue 10: 34 s for 12 contacts on one silent host).
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpClient, makeResponse } from '../../src/net/client.js';
import { rememberDeadHosts } from '../../src/net/deadHosts.js';
import { NetError, type HttpClient, type HttpRequest } from '../../src/net/types.js';

/** A scripted client: each request is held until the test settles it, so the order of events is the test's. */
function heldClient() {
  const held: Array<{ req: HttpRequest; fail(e: Error): void; answer(status: number): void }> = [];
  const waiters: Array<() => void> = [];
  const http: HttpClient = {
    request: (req) => new Promise((resolve, reject) => {
      const entry = {
        req,
        fail: (e: Error) => reject(e),
        answer: (status: number) => resolve(makeResponse(req.url, status, {}, new Uint8Array())),
      };
      req.signal?.addEventListener('abort', () => reject(new NetError('aborted', req.url, 'request was aborted', { cause: req.signal?.reason })), { once: true });
      held.push(entry);
      waiters.splice(0).forEach((w) => w());
    }),
  };
  const untilHeld = async (n: number) => {
    while (held.length < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { http, held, untilHeld };
}

async function rejection(p: Promise<unknown>): Promise<NetError> {
  const e = await p.then(() => null, (error: unknown) => error);
  expect(e).toBeInstanceOf(NetError);
  return e as NetError;
}

describe('rememberDeadHosts', () => {
  it('after a timeout, later requests to that host fail at once with the same reason, other hosts still go', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const first = memory.http.request({ url: 'https://silent.example/.well-known/webfinger?resource=acct:a@silent.example' });
    await inner.untilHeld(1);
    inner.held[0]!.fail(new NetError('timeout', 'https://silent.example/', 'connecting to silent.example timed out'));
    expect((await rejection(first)).kind).toBe('timeout');

    const later = await rejection(memory.http.request({ url: 'https://silent.example/users/b' }));
    expect(later.kind).toBe('timeout');
    expect(later.message).toBe('connecting to silent.example timed out');
    expect(later.url).toBe('https://silent.example/users/b');
    expect(inner.held).toHaveLength(1); // never sent

    const other = memory.http.request({ url: 'https://alive.example/users/c' });
    await inner.untilHeld(2);
    inner.held[1]!.answer(200);
    expect((await other).status).toBe(200);
    expect(memory.dead()).toEqual([{ origin: 'https://silent.example', host: 'silent.example', failure: 'timeout', message: 'connecting to silent.example timed out' }]);
  });

  it('requests already waiting on a host that dies are dropped with its reason, not left to time out one by one', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const requests = ['a', 'b', 'c'].map((u) => memory.http.request({ url: `https://silent.example/users/${u}` }));
    await inner.untilHeld(3);
    inner.held[0]!.fail(new NetError('connect', 'https://silent.example/', 'connection to silent.example failed (ECONNREFUSED)'));
    const errors = await Promise.all(requests.map(rejection));
    expect(errors.map((e) => [e.kind, e.message])).toEqual(Array(3).fill(['connect', 'connection to silent.example failed (ECONNREFUSED)']));
  });

  it('many requests in flight to one host share its signal without Node warning of a listener leak', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const { http, held, untilHeld } = heldClient();
      const memory = rememberDeadHosts(http);
      const asked = Array.from({ length: 30 }, (_, i) => memory.http.request({ method: 'GET', url: `https://busy.example/${i}` }));
      await untilHeld(30);
      held.forEach((h) => h.answer(200));
      await Promise.all(asked);
      // process.emitWarning reports on the next tick.
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('DNS failures count; a blocked address, a TLS failure or an HTTP error status do not', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const cases: Array<[string, Error | number]> = [
      ['https://nxdomain.example/x', new NetError('dns', 'https://nxdomain.example/x', 'cannot resolve nxdomain.example')],
      ['https://private.example/x', new NetError('blocked_address', 'https://private.example/x', 'refusing')],
      ['https://badtls.example/x', new NetError('tls', 'https://badtls.example/x', 'TLS failed')],
      ['https://broken.example/x', 503],
    ];
    for (const [url, outcome] of cases) {
      const before = inner.held.length;
      const p = memory.http.request({ url });
      await inner.untilHeld(before + 1);
      const entry = inner.held[inner.held.length - 1]!;
      if (typeof outcome === 'number') entry.answer(outcome);
      else entry.fail(outcome);
      await p.catch(() => undefined);
    }
    expect(memory.dead().map((d) => [d.host, d.failure])).toEqual([['nxdomain.example', 'dns']]);
  });

  it('a host that has answered once in the run is never declared dead: its timeout is one slow request', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const ok = memory.http.request({ url: 'https://home.example/api/v2/search?q=a' });
    await inner.untilHeld(1);
    inner.held[0]!.answer(200);
    await ok;
    const slow = memory.http.request({ url: 'https://home.example/api/v2/search?q=b' });
    await inner.untilHeld(2);
    inner.held[1]!.fail(new NetError('timeout', 'https://home.example/api/v2/search?q=b', 'home.example did not answer within 30000 ms'));
    await rejection(slow);
    const next = memory.http.request({ url: 'https://home.example/api/v2/search?q=c' });
    await inner.untilHeld(3);
    inner.held[2]!.answer(200);
    expect((await next).status).toBe(200);
    expect(memory.dead()).toEqual([]);
  });

  it('http and https of one name are different endpoints (the --allow-http fallback still gets its try)', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const https = memory.http.request({ url: 'https://dev.example/x' });
    await inner.untilHeld(1);
    inner.held[0]!.fail(new NetError('connect', 'https://dev.example/x', 'connection to dev.example failed (ECONNREFUSED)'));
    await rejection(https);
    const http = memory.http.request({ url: 'http://dev.example/x' });
    await inner.untilHeld(2);
    inner.held[1]!.answer(200);
    expect((await http).status).toBe(200);
  });

  it('the caller giving up (Ctrl-C) does not make a host dead', async () => {
    const inner = heldClient();
    const memory = rememberDeadHosts(inner.http);
    const controller = new AbortController();
    const p = memory.http.request({ url: 'https://fine.example/x', signal: controller.signal });
    await inner.untilHeld(1);
    controller.abort(new Error('interrupted by Ctrl-C'));
    expect((await rejection(p)).kind).toBe('aborted');
    expect(memory.dead()).toEqual([]);
  });

  it('on real sockets: 12 lookups on a host that accepts connections and never answers open a first wave, not 12', async () => {
    let connections = 0;
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      connections++;
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = createHttpClient({
      allowHttp: false, allowPrivateNetwork: true, connectTo: [`silent.example:127.0.0.1:${port}`],
      retries: 0, connectTimeoutMs: 200, perHostConcurrency: 4,
    });
    try {
      const memory = rememberDeadHosts(client);
      const errors = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        rejection(memory.http.request({ url: `https://silent.example/.well-known/webfinger?resource=acct:u${i}@silent.example` }))));
      expect(new Set(errors.map((e) => e.kind))).toEqual(new Set(['timeout']));
      // Without the memory each of the 12 waits for its own connection to time out (12 connections).
      // With it: the first 4 (the per-host limit), plus at most one per slot freed before the first
      // failure reached the memory.
      expect(connections).toBeGreaterThanOrEqual(1);
      expect(connections).toBeLessThanOrEqual(8);
    } finally {
      await client.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
