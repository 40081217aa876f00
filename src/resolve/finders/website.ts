/**
 * The website finder: the contact's own website, where the archive names one (`urls`), read for
 * `rel="me"` links (HTML Living Standard, link type "me"; the IndieWeb convention Mastodon's profile
 * verification also uses) to fediverse profiles. The site is the contact's own words, so a candidate
 * found there earns `high` once the account exists.
 */
import { decodeHTML } from 'entities';
import type { HttpClient } from '../../net/types.js';
import type { ResolveCache } from '../cache.js';
import { findHandlesInText, formatHandle, handleFromProfileUrl, normalizeHost } from '../handles.js';
import type { Candidate, Finder } from './types.js';

/** Per contact: a bio may list many links; the first few are the ones people mean. */
const MAX_SITES_PER_CONTACT = 2;
const MAX_PAGE_BYTES = 512 * 1024;

export interface WebsiteOptions {
  http: HttpClient;
  cache?: ResolveCache | null;
}

export function websiteFinder(options: WebsiteOptions): Finder {
  return {
    name: 'website',
    stage: 2,
    find: async (contact) => {
      const sites = contact.urls.filter(isPersonalSite).slice(0, MAX_SITES_PER_CONTACT);
      const out: Candidate[] = [];
      const seen = new Set<string>();
      for (const site of sites) {
        for (const link of await relMeLinksCached(site, options)) {
          const h = handleFromProfileUrl(link) ?? findHandlesInText(link)[0]?.handle ?? null;
          if (!h) continue;
          const handle = formatHandle(h);
          if (seen.has(handle.toLowerCase())) continue;
          seen.add(handle.toLowerCase());
          out.push({ handle, finder: 'website', detail: `${site} links rel="me" to ${link}`, base: 'high' });
        }
      }
      return out;
    },
  };
}

/** A website worth reading: https, a DNS host, not a big platform or a fediverse profile itself. */
function isPersonalSite(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (normalizeHost(u.hostname) === null) return false;
  if (handleFromProfileUrl(url) !== null) return false; // the explicit finder already has it
  // Profile URLs of big platforms are filtered by handles.ts; here, anything under their hosts.
  return !/(^|\.)(twitter|x|instagram|facebook|youtube|tiktok|linkedin|t|bit|youtu|linktr)\.(com|co|ly|be|ee)$/i.test(u.hostname);
}

async function relMeLinksCached(site: string, options: WebsiteOptions): Promise<string[]> {
  const key = `website|${site}`;
  const cached = options.cache?.get(key);
  if (Array.isArray(cached) && cached.every((x) => typeof x === 'string')) return cached as string[];
  let links: string[];
  try {
    const res = await options.http.request({
      url: site,
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' },
      maxBytes: MAX_PAGE_BYTES,
    });
    if (res.status === 404 || res.status === 410) {
      options.cache?.set(key, [], 'not_found');
      return [];
    }
    if (res.status !== 200) return []; // a server error or rate limit: try again next run
    const type = res.headers['content-type'] ?? '';
    if (type && !/html/i.test(type)) {
      options.cache?.set(key, [], 'not_found');
      return [];
    }
    links = extractRelMeLinks(res.text(), res.url);
  } catch {
    return []; // unreachable, blocked, too large: the website finder simply has nothing to say
  }
  options.cache?.set(key, links, links.length > 0 ? 'found' : 'not_found');
  return links;
}

const TAG_RE = /<(a|link)\s([^>]{0,4000})>/gi;
const ATTR_RE = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

/**
 * The `href`s of `<a>` and `<link>` elements whose `rel` holds the token `me`, resolved against the page
 * URL. A small tag scanner is enough here: only two attributes of two elements matter, and every
 * pattern is bounded so hostile pages cannot make it slow.
 */
export function extractRelMeLinks(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  for (const tag of html.matchAll(TAG_RE)) {
    const attrs = new Map<string, string>();
    for (const a of (tag[2] ?? '').matchAll(ATTR_RE)) {
      const name = (a[1] ?? '').toLowerCase();
      if (!attrs.has(name)) attrs.set(name, decodeHTML(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const href = attrs.get('href');
    if (!rel.includes('me') || !href) continue;
    try {
      const abs = new URL(href.trim(), pageUrl).href;
      if (!out.includes(abs)) out.push(abs);
    } catch {
      // not a URL: ignore
    }
    if (out.length >= 50) break;
  }
  return out;
}
