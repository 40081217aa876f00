/**
 * A plain-HTTP forward proxy on a free loopback port that sends each request to the local server
 * named by its host (`contacts.localhost` → 127.0.0.1:<that instance's port>). Given to snac as
 * `http_proxy`, which libcurl reads (curl's "ENVIRONMENT" section: lowercase `http_proxy` for http://),
 * it lets servers that must be reached at `http://host/` (no port, as handles carry none) listen on free
 * ports instead of port 80. The request target is in absolute form (RFC 9112 section 3.2.2).
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostProxy {
  /** `http://127.0.0.1:<port>`, for `http_proxy`. */
  readonly url: string;
  /** Requests whose host has no route, as `METHOD URL` (a test can say where something went astray). */
  readonly unrouted: readonly string[];
  close(): Promise<void>;
}

/** Hop-by-hop and proxy-only fields a forwarding proxy must not pass on (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

export async function startHostProxy(routes: ReadonlyMap<string, number>): Promise<HostProxy> {
  const unrouted: string[] = [];
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request target expected');
      return;
    }
    const port = target.protocol === 'http:' ? routes.get(target.hostname) : undefined;
    if (port === undefined) {
      unrouted.push(`${req.method} ${req.url}`);
      res.writeHead(502).end(`no route to ${target.host}`);
      return;
    }
    const headers: IncomingHttpHeaders = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        const back: IncomingHttpHeaders = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete back[name];
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`upstream ${target.host}: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    unrouted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
