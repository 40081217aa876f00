/**
 * For the test server's own tests: one API call straight to its port, with the Host header that selects the
 * API, and the answer's status, headers and JSON body (null when the body is not JSON).
 */
import type { MastodonTestServer } from './server.js';

export interface CallOptions {
  form?: Record<string, string | string[]>;
  json?: unknown;
  multipart?: FormData;
  headers?: Record<string, string>;
  /** Another token, or null for none (default: the server's own). */
  token?: string | null;
}

export interface CallAnswer {
  status: number;
  headers: Headers;
  json: unknown;
  /** Shorthand for the JSON body as an object. */
  body: Record<string, unknown>;
}

export async function call(server: MastodonTestServer, method: string, path: string, options: CallOptions = {}): Promise<CallAnswer> {
  const headers: Record<string, string> = { host: server.domain, ...options.headers };
  const token = options.token === undefined ? server.token : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | FormData | undefined;
  if (options.form) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const x of [v].flat()) form.append(k, x);
    body = form.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.multipart) {
    body = options.multipart;
  }
  const r = await fetch(`${server.directUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: r.status, headers: r.headers, json, body: (json ?? {}) as Record<string, unknown> };
}

/** A multipart upload body: `file` with the given bytes and type, plus text fields. */
export function upload(bytes: Uint8Array, mime: string, fields: Record<string, string> = {}, fileName = 'file.bin'): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: mime }), fileName);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** The start of a PNG (signature and IHDR) of `width` x `height`: enough for the dimension reader. */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b.writeUInt8(8, 24);
  b.writeUInt8(2, 25);
  return b;
}
