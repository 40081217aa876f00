/**
 * What software a server runs and its limits: nodeinfo (https://nodeinfo.diaspora.software/protocol:
 * `/.well-known/nodeinfo` lists schema links; 2.0/2.1 carry `software.name`), then `/api/v2/instance`
 * (`configuration.statuses.max_characters`), falling back to `/api/v1/instance` (snac has no v2) and to
 * "unknown" when neither answers. No token is sent: these are public documents.
 */
import type { HttpClient } from '../../net/types.js';
import type { ServerInfo } from '../types.js';
import { isObject } from './entities.js';

const NODEINFO_SCHEMA = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/2\.[01]$/;

export async function detectServer(options: {
  http: HttpClient;
  origin: string;
  maxFollowsKnown: number;
  signal?: AbortSignal | undefined;
}): Promise<ServerInfo> {
  const get = async (url: string): Promise<unknown> => {
    try {
      const r = await options.http.request({
        url, headers: { accept: 'application/json' }, ...(options.signal ? { signal: options.signal } : {}),
      });
      return r.status === 200 ? r.json() : null;
    } catch {
      return null; // missing or broken discovery documents only make us less informed
    }
  };

  let software = 'unknown';
  let version: string | null = null;
  const index = await get(`${options.origin}/.well-known/nodeinfo`);
  const links = isObject(index) && Array.isArray(index.links) ? index.links : [];
  const href = links
    .filter(isObject)
    .filter((l) => typeof l.rel === 'string' && NODEINFO_SCHEMA.test(l.rel) && typeof l.href === 'string')
    .map((l) => l.href as string)
    .sort()
    .pop();
  if (href && sameOrigin(href, options.origin)) {
    const doc = await get(href);
    if (isObject(doc) && isObject(doc.software)) {
      if (typeof doc.software.name === 'string') software = doc.software.name.toLowerCase();
      if (typeof doc.software.version === 'string') version = doc.software.version;
    }
  }

  let maxCharacters: number | null = null;
  const instance = (await get(`${options.origin}/api/v2/instance`)) ?? (await get(`${options.origin}/api/v1/instance`));
  if (isObject(instance)) {
    const statuses = isObject(instance.configuration) && isObject(instance.configuration.statuses) ? instance.configuration.statuses : null;
    const chars = statuses?.max_characters ?? instance.max_toot_chars;
    if (typeof chars === 'number' && chars > 0) maxCharacters = chars;
  }

  return {
    software,
    version,
    maxFollows: software === 'mastodon' || software === 'hometown' ? options.maxFollowsKnown : null,
    maxCharacters,
  };
}

function sameOrigin(href: string, origin: string): boolean {
  try {
    return new URL(href).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}
