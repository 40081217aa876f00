/**
 * For the test server's own tests: one call straight to its port with the Host header that selects the host
 * (default: the domain), and the answer's status, headers and JSON body. `specProblems` lists what the API
 * description finds wrong with the request as the server recorded it and with the answer (API paths only), so
 * every test can check both.
 */
import { request } from 'node:http';
import { validateAnswer, validateRequest } from './openapi.js';
import type { PeerTubeTestServer } from './server.js';

export interface CallOptions {
  host?: string;
  form?: Record<string, string>;
  json?: unknown;
  /** A raw body (upload chunks). */
  body?: Uint8Array | string;
  headers?: Record<string, string>;
  /** Another token, or null for none (default: the server's own). */
  token?: string | null;
}

export interface CallAnswer {
  status: number;
  headers: Headers;
  json: unknown;
  body: Record<string, unknown>;
  contentType: string;
  /** Problems the API description finds with the request and the answer ([] when both are valid). */
  specProblems: string[];
}

export async function call(server: PeerTubeTestServer, method: string, target: string, options: CallOptions = {}): Promise<CallAnswer> {
  const headers: Record<string, string> = { host: options.host ?? server.domain, ...options.headers };
  const token = options.token === undefined ? server.token : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.body !== undefined) {
    body = options.body;
    headers['content-type'] ??= 'application/octet-stream';
  }
  const seen = server.requests.length;
  const r = await send(server.port, method, target, headers, body);
  const text = r.body;
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  const path = new URL(target, 'http://x').pathname;
  const recorded = server.requests.slice(seen).find((x) => x.path === path && x.method === method);
  const specProblems = path.startsWith('/api/') && recorded
    ? [...validateRequest(recorded), ...validateAnswer(method, path, r.status, text === '' ? undefined : json)]
    : [];
  return { status: r.status, headers: r.headers, json, body: (json ?? {}) as Record<string, unknown>, contentType: r.headers.get('content-type') ?? '', specProblems };
}

/** node:http rather than fetch: fetch does not let a caller set the Host header, which selects the host here. */
function send(port: number, method: string, target: string, headers: Record<string, string>, body: string | Uint8Array | undefined): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs in with the password grant; returns the token answer. */
export async function signIn(server: PeerTubeTestServer, headers: Record<string, string> = {}): Promise<CallAnswer> {
  return call(server, 'POST', '/api/v1/users/token', {
    token: null, headers,
    form: { client_id: server.clientId, client_secret: server.clientSecret, grant_type: 'password', username: server.username, password: server.password },
  });
}
