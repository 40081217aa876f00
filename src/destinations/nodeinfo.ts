/**
 * Which software a server runs, from nodeinfo (https://nodeinfo.diaspora.software/protocol:
 * `/.well-known/nodeinfo` lists schema links; 2.0/2.1 documents carry `software.name` and `.version`).
 * Public documents: no token is sent. A server without nodeinfo is `unknown`.
 */
import type { HttpClient } from '../net/types.js';

const NODEINFO_SCHEMA = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.[01]$/;

export interface Software {
  name: string;
  version: string | null;
}

export async function readNodeinfo(http: HttpClient, origin: string, signal?: AbortSignal): Promise<Software> {
  const index = await getJson(http, `${origin}/.well-known/nodeinfo`, signal);
  const links = isObject(index) && Array.isArray(index.links) ? index.links : [];
  const href = links
    .filter(isObject)
    .filter((l) => typeof l.rel === 'string' && NODEINFO_SCHEMA.test(l.rel) && typeof l.href === 'string')
    .map((l) => l.href as string)
    .sort()
    .pop();
  if (!href || !sameOrigin(href, origin)) return { name: 'unknown', version: null };
  const doc = await getJson(http, href, signal);
  if (!isObject(doc) || !isObject(doc.software)) return { name: 'unknown', version: null };
  return {
    name: typeof doc.software.name === 'string' ? doc.software.name.toLowerCase() : 'unknown',
    version: typeof doc.software.version === 'string' ? doc.software.version : null,
  };
}

/** A public JSON document, or null when it is missing or broken (that only makes us less informed). */
export async function getJson(http: HttpClient, url: string, signal?: AbortSignal): Promise<unknown> {
  try {
    const r = await http.request({ url, headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
    return r.status === 200 ? r.json() : null;
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameOrigin(href: string, origin: string): boolean {
  try {
    return new URL(href).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
