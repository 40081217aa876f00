/**
 * WebFinger lookup (RFC 7033) of a fediverse handle, as Mastodon does it (reference/destinations.md
 * section 1): `GET https://HOST/.well-known/webfinger?resource=acct:user@HOST`, redirects followed by the
 * client (https only; a handle domain that differs from the server domain is normal), the `self` link of
 * an ActivityPub type gives the actor; on 404 the host-meta LRDD template is tried once; 410 means gone.
 */
import { parseHandleText } from '../model/handle.js';
import { NetError, type HttpClient, type HttpResponse } from '../net/types.js';

export interface VerifierDeps {
  http: HttpClient;
  /**
   * --allow-http (testing): when an https attempt cannot connect, try plain http. Never set for normal use:
   * RFC 7033 section 4.2 forbids falling back to http.
   */
  allowHttp?: boolean;
}

export type LookupFailure = { status: 'not_found' | 'gone' | 'blocked' | 'error'; reason: string };

export type WebFingerOutcome =
  | {
      status: 'found';
      /** The JRD subject, e.g. `acct:Alice@example.social`. */
      subject: string;
      /** `user@host` from the subject (host lower-cased). */
      handle: string;
      /** The `self` link: the ActivityPub actor URL. */
      actor: string;
      profilePage: string | null;
      aliases: string[];
    }
  | LookupFailure;

export interface ParsedHandle {
  user: string;
  /** Lower-case host (IDN in punycode; IPv6 literals in brackets). */
  host: string;
}

/**
 * Parses `user@host`, `@user@host` or `acct:user@host`; null when it is not a handle. The one handle
 * parser (src/model/handle.ts): a development server's `host:port` is a host too (issue 10 item 3).
 */
export function parseHandle(handle: string): ParsedHandle | null {
  const parsed = parseHandleText(handle);
  return parsed.ok ? { user: parsed.handle.user, host: parsed.handle.host.toLowerCase() } : null;
}

const JRD_ACCEPT = 'application/jrd+json, application/json';
const HOST_META_ACCEPT = 'application/xrd+xml, application/xml, text/xml, application/json';
const JRD_MAX_BYTES = 256 * 1024;
const AS_PROFILE = 'https://www.w3.org/ns/activitystreams';

type Fetched = { ok: true; response: HttpResponse } | { ok: false; outcome: LookupFailure };

/** GET with the https→http testing fallback; transport failures become classified outcomes. */
async function fetchClassified(url: string, accept: string, deps: VerifierDeps): Promise<Fetched> {
  try {
    return { ok: true, response: await deps.http.request({ url, headers: { accept }, maxBytes: JRD_MAX_BYTES }) };
  } catch (error) {
    if (
      deps.allowHttp && url.startsWith('https://') && error instanceof NetError &&
      (error.kind === 'tls' || error.kind === 'connect')
    ) {
      return fetchClassified(`http://${url.slice('https://'.length)}`, accept, { ...deps, allowHttp: false });
    }
    return { ok: false, outcome: failureOf(error) };
  }
}

/** Classifies a transport error: the address guard's refusal is `blocked`, the rest `error`. */
export function failureOf(error: unknown): LookupFailure {
  if (error instanceof NetError) {
    return { status: error.kind === 'blocked_address' ? 'blocked' : 'error', reason: error.message };
  }
  return { status: 'error', reason: error instanceof Error ? error.message : String(error) };
}

export async function lookupWebFinger(handle: string, deps: VerifierDeps): Promise<WebFingerOutcome> {
  return lookup(handle, deps, true);
}

async function lookup(handle: string, deps: VerifierDeps, checkCanonical: boolean): Promise<WebFingerOutcome> {
  const parsed = parseHandle(handle);
  if (!parsed) return { status: 'error', reason: `"${handle}" is not a user@host handle` };
  const resource = `acct:${parsed.user}@${parsed.host}`;
  const url = `https://${parsed.host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`;
  const first = await fetchClassified(url, JRD_ACCEPT, deps);
  if (!first.ok) return first.outcome;
  let response = first.response;
  if (response.status === 404) {
    const viaLrdd = await lrddFallback(parsed.host, resource, url, deps);
    if (viaLrdd === null) return { status: 'not_found', reason: `${parsed.host} does not know ${resource}` };
    if (!viaLrdd.ok) return viaLrdd.outcome;
    response = viaLrdd.response;
  }
  const status = statusOutcome(response, resource);
  if (status) return status;
  const jrd = parseJrd(response, deps);
  if (!jrd.ok) return jrd.outcome;
  const found = jrd.value;
  if (found.subject.toLowerCase() === resource.toLowerCase()) return found;
  // The server answered with another subject (a canonical name, e.g. alice@ap.example for
  // alice@example). Like Mastodon's ResolveAccountService, accept it only if WebFinger for that
  // subject names the same actor.
  if (!checkCanonical) {
    return { status: 'error', reason: `WebFinger subject ${found.subject} does not match ${resource}` };
  }
  const canonical = await lookup(found.subject, deps, false);
  if (canonical.status !== 'found') {
    return { status: 'error', reason: `${resource} points to ${found.subject}, which does not confirm it (${canonical.reason})` };
  }
  if (canonical.actor !== found.actor || canonical.subject.toLowerCase() !== found.subject.toLowerCase()) {
    return { status: 'error', reason: `${resource} and ${found.subject} name different actors` };
  }
  return canonical;
}

function statusOutcome(response: HttpResponse, resource: string): LookupFailure | null {
  const host = hostOf(response.url);
  return statusFailure(response.status, host, {
    notFound: `${host} does not know ${resource}`,
    gone: `${host} says ${resource} is gone (410)`,
    other: `${host} answered ${response.status} to WebFinger`,
  });
}

/** What a lookup says, per answer, when the answer is not 200. */
export interface StatusReasons {
  /** 404. */
  notFound: string;
  /** 410. */
  gone: string;
  /** Any other status but 200 and 429. */
  other: string;
}

/** Classifies an answer's status: 200 is null (go on), 404 not_found, 410 gone, 429 and the rest error. */
export function statusFailure(status: number, host: string, reasons: StatusReasons): LookupFailure | null {
  if (status === 200) return null;
  if (status === 404) return { status: 'not_found', reason: reasons.notFound };
  if (status === 410) return { status: 'gone', reason: reasons.gone };
  if (status === 429) return { status: 'error', reason: `${host} is rate limiting (429)` };
  return { status: 'error', reason: reasons.other };
}

/**
 * RFC 6415 host-meta: find the LRDD template and ask it once (Mastodon's app/lib/webfinger.rb does the
 * same). Null when the host has no usable template, which makes the original 404 stand.
 */
async function lrddFallback(host: string, resource: string, alreadyTried: string, deps: VerifierDeps): Promise<Fetched | null> {
  let template: string | null = null;
  for (const path of ['/.well-known/host-meta', '/.well-known/host-meta.json']) {
    const meta = await fetchClassified(`https://${host}${path}`, HOST_META_ACCEPT, deps);
    if (!meta.ok) return meta.outcome.status === 'blocked' ? meta : null;
    if (meta.response.status !== 200) continue;
    template = lrddTemplateOf(meta.response.text());
    if (template !== null) break;
  }
  if (template === null || !template.includes('{uri}')) return null;
  const target = template.split('{uri}').join(encodeURIComponent(resource));
  if (target === alreadyTried) return null;
  try {
    const u = new URL(target);
    if (u.protocol !== 'https:' && !(deps.allowHttp && u.protocol === 'http:')) return null;
  } catch {
    return null;
  }
  return fetchClassified(target, JRD_ACCEPT, deps);
}

/** The `lrdd` template of a host-meta document, XRD (XML) or JSON. */
export function lrddTemplateOf(document: string): string | null {
  const text = document.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as { links?: unknown };
      if (!Array.isArray(json.links)) return null;
      for (const link of json.links as unknown[]) {
        if (isObject(link) && link.rel === 'lrdd' && typeof link.template === 'string') return link.template;
      }
    } catch {
      return null;
    }
    return null;
  }
  // A tiny, tolerant reader for <Link rel="lrdd" template="..."/> (attribute order free); host-meta is a
  // flat XRD document, so a full XML parser buys nothing here.
  for (const tag of text.matchAll(/<(?:[\w-]+:)?Link\b([^>]*)>/gi)) {
    const attrs = tag[1] ?? '';
    const rel = /\brel\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
    const tpl = /\btemplate\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs);
    if ((rel?.[2] ?? rel?.[3]) === 'lrdd' && tpl) {
      return decodeXmlAttr(tpl[2] ?? tpl[3] ?? '');
    }
  }
  return null;
}

function decodeXmlAttr(value: string): string {
  return value
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type ParsedJrd = { ok: true; value: Extract<WebFingerOutcome, { status: 'found' }> } | { ok: false; outcome: LookupFailure };

/** Parses and checks a JRD (RFC 7033 section 4.4): unknown members ignored, links without rel skipped. */
function parseJrd(response: HttpResponse, deps: VerifierDeps): ParsedJrd {
  const host = hostOf(response.url);
  const bad = (why: string): ParsedJrd => ({ ok: false, outcome: { status: 'error', reason: `malformed WebFinger answer from ${host}: ${why}` } });
  const type = response.headers['content-type'];
  if (type !== undefined && !/json/i.test(type)) return bad(`content type ${type}`);
  const body = jsonObjectOf(response);
  if (!body.ok) return bad(body.why);
  const json = body.value;
  if (typeof json.subject !== 'string' || json.subject === '') return bad('no subject');
  const subject = json.subject;
  if (!/^acct:/i.test(subject)) return bad(`subject ${subject} is not an acct: URI`);
  const subjectHandle = parseHandle(subject);
  if (!subjectHandle) return bad(`subject ${subject} is not a user@host handle`);
  if (json.links !== undefined && !Array.isArray(json.links)) return bad('links is not an array');
  const links = (Array.isArray(json.links) ? json.links : []).filter(
    (l): l is Record<string, unknown> => isObject(l) && typeof l.rel === 'string',
  );
  const aliases = Array.isArray(json.aliases) ? json.aliases.filter((a): a is string => typeof a === 'string') : [];
  const self = links.find((l) => l.rel === 'self' && typeof l.type === 'string' && isActivityPubType(l.type) && typeof l.href === 'string');
  if (!self) {
    return { ok: false, outcome: { status: 'not_found', reason: `${subject} has no ActivityPub actor (no self link)` } };
  }
  const actor = self.href as string;
  if (!isAllowedUrl(actor, deps)) return bad(`self link ${actor} is not an https URL`);
  const profile = links.find((l) => l.rel === 'http://webfinger.net/rel/profile-page' && typeof l.href === 'string');
  const profilePage = profile && isAllowedUrl(profile.href as string, deps) ? (profile.href as string) : null;
  return {
    ok: true,
    value: {
      status: 'found',
      subject,
      handle: `${subjectHandle.user}@${subjectHandle.host}`,
      actor,
      profilePage,
      aliases,
    },
  };
}

/** `application/activity+json`, or `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`. */
export function isActivityPubType(mediaType: string): boolean {
  const [essence, ...params] = mediaType.split(';').map((p) => p.trim());
  const base = (essence ?? '').toLowerCase();
  if (base === 'application/activity+json') return true;
  if (base !== 'application/ld+json') return false;
  return params.some((p) => {
    const m = /^profile\s*=\s*"?([^"]*)"?$/i.exec(p);
    return m !== null && (m[1] ?? '').split(/\s+/).includes(AS_PROFILE);
  });
}

function isAllowedUrl(value: string, deps: VerifierDeps): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || (deps.allowHttp === true && u.protocol === 'http:');
  } catch {
    return false;
  }
}

/** The body of an answer as a JSON object, or why it is not one. */
export function jsonObjectOf(
  response: Pick<HttpResponse, 'json'>,
): { ok: true; value: Record<string, unknown> } | { ok: false; why: 'not JSON' | 'not a JSON object' } {
  let json: unknown;
  try {
    json = response.json();
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  return isObject(json) ? { ok: true, value: json } : { ok: false, why: 'not a JSON object' };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
