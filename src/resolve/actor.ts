/**
 * Fetching an ActivityPub actor (ActivityStreams JSON, W3C ActivityPub section 4.1) and following
 * `movedTo` to where an account moved (Mastodon's account migration; docs content/en/spec/activitypub.md).
 */
import type { HttpResponse } from '../net/types.js';
import { failureOf, hostOf, isObject, jsonObjectOf, statusFailure, type LookupFailure, type VerifierDeps } from './webfinger.js';

/** A PropertyValue profile field (schema.org; Mastodon "profile metadata"). `value` is HTML. */
export interface ActorField {
  name: string;
  value: string;
}

export interface ActorInfo {
  id: string;
  /** The URL the actor document finally came from (after redirects). */
  fetchedFrom: string;
  type: string;
  preferredUsername: string | null;
  name: string | null;
  /** HTML. */
  summary: string | null;
  /** Every `url` value (string, array, or Link objects' href). */
  urls: string[];
  attachments: ActorField[];
  alsoKnownAs: string[];
  manuallyApprovesFollowers: boolean;
  movedTo: string | null;
  /** FEP-2c59 `webfinger` property (`user@host`), when the server states its own canonical handle. */
  webfinger: string | null;
  /**
   * PeerTube's `support` text (its ActivityPubActor model: "text shown on all videos of this channel, to
   * tell the audience how to support it"), where creators often link their other channels. Plain text.
   */
  support?: string | null;
  /**
   * Ids of the actors `attributedTo` names: for a PeerTube channel (a Group), the Person account that owns
   * it (PeerTube's ActivityPubActor: `attributedTo: [{ type: 'Person', id }]`).
   */
  attributedTo?: string[];
}

export type ActorOutcome = { status: 'found'; actor: ActorInfo } | LookupFailure;

export type MovesOutcome =
  | {
      status: 'found';
      /** Where the account lives now (the input actor when it never moved). */
      actor: ActorInfo;
      /** The actor the chain started from, when at least one move was followed. */
      movedFrom: ActorInfo | null;
      /** Actor ids from the first to the last. */
      chain: string[];
    }
  | LookupFailure;

const ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const ACTOR_TYPES = new Set(['Person', 'Service', 'Application', 'Group', 'Organization']);
export const MAX_MOVE_HOPS = 3;

export async function fetchActor(url: string, deps: VerifierDeps): Promise<ActorOutcome> {
  let response: HttpResponse;
  try {
    new URL(url);
  } catch {
    return { status: 'error', reason: `not a URL: ${url}` };
  }
  try {
    response = await deps.http.request({ url, headers: { accept: ACCEPT } });
  } catch (error) {
    return failureOf(error);
  }
  const host = hostOf(response.url);
  const failure = statusFailure(response.status, host, {
    notFound: `${host} has no actor at ${url}`,
    gone: `${host} says the actor ${url} is gone (410)`,
    other: `${host} answered ${response.status} for the actor ${url}`,
  });
  return failure ?? parseActor(response);
}

/** Parses and checks an actor document; exported for tests and for callers that fetched it themselves. */
export function parseActor(response: Pick<HttpResponse, 'url' | 'headers' | 'json'>): ActorOutcome {
  const host = hostOf(response.url);
  const bad = (why: string): LookupFailure => ({ status: 'error', reason: `bad actor from ${host}: ${why}` });
  const type = response.headers['content-type'];
  if (type === undefined || !/^\s*application\/(activity\+json|ld\+json|json)\b/i.test(type)) {
    return bad(`content type ${type ?? '(none)'} is not ActivityStreams JSON`);
  }
  const body = jsonObjectOf(response);
  if (!body.ok) return bad(body.why);
  const json = body.value;
  const id = json.id;
  if (typeof id !== 'string') return bad('no id');
  let idUrl: URL;
  try {
    idUrl = new URL(id);
  } catch {
    return bad(`id ${id} is not a URL`);
  }
  // The document speaks for its own origin only: an actor served by one host claiming an id on another
  // would let any server impersonate accounts elsewhere (Mastodon checks the same, "id mismatch").
  if (idUrl.host.toLowerCase() !== host.toLowerCase()) return bad(`its id ${id} is on another host than ${host}`);
  const types = (Array.isArray(json.type) ? json.type : [json.type]).filter((t): t is string => typeof t === 'string');
  if (types.includes('Tombstone')) return { status: 'gone', reason: `${id} is a Tombstone (deleted)` };
  const actorType = types.find((t) => ACTOR_TYPES.has(t));
  if (actorType === undefined) return bad(`type ${types.join(',') || '(none)'} is not an actor type`);
  return {
    status: 'found',
    actor: {
      id,
      fetchedFrom: response.url,
      type: actorType,
      preferredUsername: stringOrNull(json.preferredUsername),
      name: stringOrNull(json.name),
      summary: stringOrNull(json.summary),
      urls: urlsOf(json.url),
      attachments: fieldsOf(json.attachment),
      alsoKnownAs: idsOf(json.alsoKnownAs),
      manuallyApprovesFollowers: json.manuallyApprovesFollowers === true,
      movedTo: idsOf(json.movedTo)[0] ?? null,
      webfinger: stringOrNull(json.webfinger),
      support: stringOrNull(json.support),
      attributedTo: idsOf(json.attributedTo),
    },
  };
}

/**
 * Follows `movedTo` from `actor`, at most MAX_MOVE_HOPS hops. Each new home must list the old actor in
 * `alsoKnownAs`, as Mastodon requires before it accepts a Move: an actor cannot send us to someone else.
 */
export async function resolveMoves(actor: ActorInfo, deps: VerifierDeps): Promise<MovesOutcome> {
  const chain = [actor.id];
  let current = actor;
  while (current.movedTo !== null) {
    const target = current.movedTo;
    if (chain.includes(target)) return { status: 'error', reason: `move loop: ${[...chain, target].join(' -> ')}` };
    if (chain.length > MAX_MOVE_HOPS) {
      return { status: 'error', reason: `more than ${MAX_MOVE_HOPS} moves from ${actor.id}` };
    }
    const next = await fetchActor(target, deps);
    if (next.status !== 'found') {
      return { status: next.status, reason: `${current.id} moved to ${target}: ${next.reason}` };
    }
    if (!next.actor.alsoKnownAs.includes(current.id)) {
      return { status: 'error', reason: `${current.id} says it moved to ${target}, which does not list it in alsoKnownAs` };
    }
    current = next.actor;
    chain.push(current.id);
  }
  return { status: 'found', actor: current, movedFrom: chain.length > 1 ? actor : null, chain };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** `url` may be a string, a Link object (`href`), or an array of either (ActivityStreams vocabulary §4). */
function urlsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push(item);
    else if (isObject(item) && typeof item.href === 'string') out.push(item.href);
  }
  return out;
}

/** Ids of objects given as strings or `{ id }`; one value or an array. */
function idsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') out.push(item);
    else if (isObject(item) && typeof item.id === 'string') out.push(item.id);
  }
  return out;
}

function fieldsOf(value: unknown): ActorField[] {
  const items = Array.isArray(value) ? value : [value];
  const out: ActorField[] = [];
  for (const item of items) {
    if (isObject(item) && item.type === 'PropertyValue' && typeof item.value === 'string') {
      out.push({ name: typeof item.name === 'string' ? item.name : '', value: item.value });
    }
  }
  return out;
}

/** The actor's handle as `preferredUsername@host` (or its FEP-2c59 `webfinger`), null without a username. */
export function handleOfActor(actor: ActorInfo): string | null {
  if (actor.webfinger !== null && /^[^@\s]+@[^@\s]+$/.test(actor.webfinger.replace(/^acct:/i, ''))) {
    return actor.webfinger.replace(/^acct:/i, '');
  }
  if (actor.preferredUsername === null || actor.preferredUsername === '') return null;
  return `${actor.preferredUsername}@${new URL(actor.id).host.toLowerCase()}`;
}
