import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type UndiciHttpClient } from '../../src/net/client.js';
import { NetError, type StreamedBody } from '../../src/net/types.js';
import { fakeClock } from './fakeClock.js';
import { closeNow, listenOnLoopback } from '../helpers/loopbackServer.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  bytes: number;
  sha256: string;
}

async function failure(p: Promise<unknown>): Promise<NetError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NetError);
    return e as NetError;
  }
  throw new Error('expected the request to fail');
}

/** A body of `total` bytes, made on the fly in 1 MB chunks of a pattern, never held whole anywhere. */
function patternChunk(i: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let j = 0; j < size; j += 4) b.writeUInt32LE((i * 2654435761 + j) >>> 0, j);
  return b;
}

describe('http client: streamed request bodies', () => {
  let server: Server;
  let base = '';
  const seen: Seen[] = [];
  /** Bytes the server has read so far in the current request (to compare with what the client produced). */
  let receivedNow = 0;
  let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void = (_req, res) => res.end('{}');
  let client: UndiciHttpClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/never-reads') return; // never reads the body nor answers: a stalled upload
      const hash = createHash('sha256');
      let bytes = 0;
      receivedNow = 0;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        receivedNow = bytes;
        hash.update(chunk);
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, bytes, sha256: hash.digest('hex') });
        answer(req, res, seen.length);
      });
    });
    base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
    client = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [] });
  });
  afterAll(async () => {
    await client.close();
    await closeNow(server);
  });

  it('uploads a 300 MB generated stream with its Content-Length, without holding it in memory', async () => {
    const chunkSize = 1024 * 1024;
    const chunks = 300;
    const expected = createHash('sha256');
    let produced = 0;
    let maxAhead = 0;
    const body: StreamedBody = {
      length: chunks * chunkSize,
      async *stream() {
        for (let i = 0; i < chunks; i++) {
          const c = patternChunk(i, chunkSize);
          expected.update(c);
          // How far the producer runs ahead of what the server has read: what sits in buffers on the way.
          maxAhead = Math.max(maxAhead, produced - receivedNow);
          produced += c.byteLength;
          yield c;
        }
      },
    };
    seen.length = 0;
    const res = await client.request({ method: 'POST', url: `${base}/upload`, body, timeoutMs: 120_000 });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers['content-length']).toBe(String(chunks * chunkSize));
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
    expect(seen[0]?.bytes).toBe(chunks * chunkSize);
    expect(seen[0]?.sha256).toBe(expected.digest('hex'));
    // Backpressure: the client pulled the next chunk only as the socket drained. Socket buffers on both
    // sides of a loopback connection are a few MB; a client that buffered the body would be 300 MB ahead.
    expect(maxAhead).toBeLessThan(48 * chunkSize);
  });

  it('sends a body of unknown length with chunked transfer coding', async () => {
    seen.length = 0;
    const res = await client.request({
      method: 'POST', url: `${base}/chunked`,
      body: { length: null, stream: () => Readable.from([Buffer.from('hello '), Buffer.from('world')]) },
      headers: { 'content-length': '999' },
    });
    expect(res.status).toBe(200);
    expect(seen[0]?.headers['transfer-encoding']).toBe('chunked');
    expect(seen[0]?.headers['content-length']).toBeUndefined();
    expect(seen[0]?.bytes).toBe(11);
  });

  it('fails as body_source when the stream yields fewer or more bytes than its length', async () => {
    const short = await failure(client.request({
      method: 'POST', url: `${base}/short`, body: { length: 10, stream: () => Readable.from([Buffer.from('12345')]) },
    }));
    expect(short.kind).toBe('body_source');
    expect(short.message).toMatch(/ended after 5 of its declared 10 bytes/);
    const long = await failure(client.request({
      method: 'POST', url: `${base}/long`, body: { length: 3, stream: () => Readable.from([Buffer.from('12345')]) },
    }));
    expect(long.kind).toBe('body_source');
    expect(long.message).toMatch(/more than its declared 3 bytes/);
  });

  it("fails as body_source, with the source's error as cause, when the stream or its factory fails", async () => {
    const broken = new Error('corrupt zip entry');
    const e = await failure(client.request({
      method: 'POST', url: `${base}/broken`,
      body: {
        length: 100,
        async *stream() {
          yield Buffer.alloc(10);
          throw broken;
        },
      },
    }));
    expect(e.kind).toBe('body_source');
    expect(e.cause).toBe(broken);
    const f = await failure(client.request({
      method: 'POST', url: `${base}/factory`, body: { length: null, stream: () => { throw broken; } },
    }));
    expect(f.kind).toBe('body_source');
    expect(f.cause).toBe(broken);
  });

  it('opens the body afresh for each attempt (a 429 waited out)', async () => {
    const c = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [], clock: fakeClock() });
    let opened = 0;
    answer = (_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '1' }).end('{}');
      else res.end('{}');
    };
    seen.length = 0;
    try {
      const res = await c.request({
        method: 'POST', url: `${base}/again`, maxRateLimitWaitMs: 5_000,
        body: { length: 4, stream: () => (opened++, Readable.from([Buffer.from('abcd')])) },
      });
      expect(res.status).toBe(200);
      expect(opened).toBe(2);
      expect(seen.map((s) => s.bytes)).toEqual([4, 4]);
    } finally {
      answer = (_req, res) => res.end('{}');
      await c.close();
    }
  });

  it('does not follow a redirect of a POST, and never opens the body for a refused address', async () => {
    answer = (_req, res) => res.writeHead(307, { location: '/elsewhere' }).end();
    seen.length = 0;
    try {
      const res = await client.request({
        method: 'POST', url: `${base}/moved`, body: { length: 1, stream: () => Readable.from([Buffer.from('x')]) },
      });
      expect(res.status).toBe(307);
      expect(seen.map((s) => s.path)).toEqual(['/moved']);
    } finally {
      answer = (_req, res) => res.end('{}');
    }
    const guarded = createHttpClient({ allowHttp: true, allowPrivateNetwork: false, connectTo: [] });
    let opened = 0;
    try {
      const e = await failure(guarded.request({
        method: 'POST', url: `${base}/secret`, body: { length: 1, stream: () => (opened++, Readable.from([Buffer.from('x')])) },
      }));
      expect(e.kind).toBe('blocked_address');
      expect(opened).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  it('stops an upload the server does not read at the request timeout, and closes the source', async () => {
    const source = Readable.from((function* () {
      for (let i = 0; i < 1000; i++) yield Buffer.alloc(1024 * 1024);
    })());
    const e = await failure(client.request({
      method: 'POST', url: `${base}/never-reads`, timeoutMs: 300, body: { length: 1000 * 1024 * 1024, stream: () => source },
    }));
    expect(e.kind).toBe('timeout');
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(true);
  });

  it("lets a request's timeoutMs above the client default lift undici's own timeouts", async () => {
    const c = createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [], timeoutMs: 100 });
    answer = (_req, res) => void setTimeout(() => res.end('{}'), 400);
    try {
      const res = await c.request({
        method: 'POST', url: `${base}/slow`, timeoutMs: 20_000, body: { length: 2, stream: () => Readable.from([Buffer.from('ok')]) },
      });
      expect(res.status).toBe(200);
    } finally {
      answer = (_req, res) => res.end('{}');
      await c.close();
    }
  });
});
