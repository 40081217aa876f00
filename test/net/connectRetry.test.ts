/**
 * A write whose connection fails before any answer is sent again only when it carries an Idempotency-Key
 * (as Go's net/http Transport does): snac closes kept-alive connections after every answer without saying
 * so, and the next write on that socket dies before the server reads it. A write without the key is not
 * repeated: the caller decides.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/net/client.js';
import { NetError } from '../../src/net/types.js';

let server: Server | null = null;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that drops the connection of its first `drops` requests without answering. */
async function dropping(drops: number): Promise<{ url: string; seen: () => number }> {
  let seen = 0;
  server = createServer((req, res) => {
    seen += 1;
    req.resume();
    if (seen <= drops) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/statuses`, seen: () => seen };
}

function client() {
  return createHttpClient({ allowHttp: true, allowPrivateNetwork: true, connectTo: [], retries: 2, retryBaseDelayMs: 1 });
}

describe('a write over a dropped connection', () => {
  it('is sent again when it carries an Idempotency-Key', async () => {
    const s = await dropping(1);
    const http = client();
    try {
      const r = await http.request({ method: 'POST', url: s.url, headers: { 'idempotency-key': 'k1' }, body: 'status=hi' });
      expect(r.status).toBe(200);
      expect(s.seen()).toBe(2);
    } finally {
      await http.close();
    }
  });

  it('is not sent again without one', async () => {
    const s = await dropping(1);
    const http = client();
    try {
      const error = await http.request({ method: 'POST', url: s.url, body: 'status=hi' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetError);
      expect((error as NetError).kind).toBe('connect');
      expect(s.seen()).toBe(1);
    } finally {
      await http.close();
    }
  });
});
