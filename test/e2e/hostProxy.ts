/**
 * A plain-HTTP proxy on a free loopback port that sends each request to the local server named by its
 * host (`contacts.localhost` → 127.0.0.1:<that instance's port>). Given to snac as `http_proxy`, which
 * libcurl reads (curl's "ENVIRONMENT" section: lowercase `http_proxy` for http://), it lets servers that
 * must be reached at `http://host/` (no port, as handles carry none) listen on free ports instead of port
 * 80. A forward-proxy request carries its target in absolute form (RFC 9112 section 3.2.2); a client sent
 * here directly (the CLI's `--connect-to HOST:127.0.0.1:<proxy port>`) sends origin form, and the `Host`
 * field names the server (RFC 9112 section 3.2).
 *
 * Every routed request is recorded (with its body when it is a form or JSON), and a test may hold a
 * server's answer back (`answerGate`): the server has done the work, the client has not heard of it, as
 * when a connection dies at the worst moment.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { closeNow, listenOnLoopback } from '../helpers/loopbackServer.js';

export interface ProxiedRequest {
  method: string;
  host: string;
  /** Path and query. */
  path: string;
  /** The body of a form or JSON request, once it has arrived (multipart uploads are not kept). */
  body?: string;
}

/** Called with each answer before it goes back to the client; the answer waits until the promise settles. */
export type AnswerGate = (exchange: ProxiedRequest & { status: number }) => Promise<void> | void;

export interface HostProxy {
  /** `http://127.0.0.1:<port>`, for `http_proxy`. */
  readonly url: string;
  readonly port: number;
  /** Requests whose host has no route, as `METHOD URL` (a test can say where something went astray). */
  readonly unrouted: readonly string[];
  /** Every routed request, in the order they arrived. */
  readonly requests: readonly ProxiedRequest[];
  /** Holds answers back while set (see AnswerGate). */
  answerGate: AnswerGate | null;
  close(): Promise<void>;
}

/** Hop-by-hop and proxy-only fields a forwarding proxy must not pass on (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/** The target of a request: from its absolute-form URL, else from origin form and its Host field. */
function targetOf(req: IncomingMessage): URL | null {
  try {
    const raw = req.url ?? '';
    return raw.startsWith('/') ? new URL(raw, `http://${req.headers.host ?? ''}`) : new URL(raw);
  } catch {
    return null;
  }
}

export async function startHostProxy(routes: ReadonlyMap<string, number>): Promise<HostProxy> {
  const unrouted: string[] = [];
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const target = targetOf(req);
    if (target === null) {
      res.writeHead(400).end('absolute-form request target or a Host field expected');
      return;
    }
    const port = target.protocol === 'http:' ? routes.get(target.hostname) : undefined;
    if (port === undefined) {
      unrouted.push(`${req.method} ${target.href}`);
      res.writeHead(502).end(`no route to ${target.host}`);
      return;
    }
    const exchange: ProxiedRequest = { method: req.method ?? 'GET', host: target.hostname, path: `${target.pathname}${target.search}` };
    requests.push(exchange);
    if (/^application\/(x-www-form-urlencoded|json)/.test(req.headers['content-type'] ?? '')) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => (exchange.body = Buffer.concat(chunks).toString('utf8')));
    }
    const headers: IncomingHttpHeaders = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    // A new connection for each request (`agent: false`): snac closes the connection after every answer
    // without saying so (no `Connection: close`), and a request sent on such a connection before its close
    // is noticed is lost ("socket hang up").
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: exchange.path, headers, agent: false },
      (answer) => {
        const forward = () => {
          // The client may be gone meanwhile (killed while its answer was held): drop the answer.
          if (res.destroyed) {
            answer.resume();
            return;
          }
          const back: IncomingHttpHeaders = { ...answer.headers };
          for (const name of HOP_BY_HOP) delete back[name];
          res.writeHead(answer.statusCode ?? 502, back);
          answer.pipe(res);
        };
        const gate = handle.answerGate;
        if (gate === null) forward();
        else void Promise.resolve(gate({ ...exchange, status: answer.statusCode ?? 0 })).finally(forward);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`upstream ${target.host}: ${error.message}`);
    });
    req.pipe(upstream);
  });
  const port = await listenOnLoopback(server);
  const handle: HostProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    unrouted,
    requests,
    answerGate: null,
    close: () => closeNow(server),
  };
  return handle;
}
