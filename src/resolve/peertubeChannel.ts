/**
 * A PeerTube channel's other places for a back-link. A channel is a `Group` actor whose `attributedTo`
 * names the `Person` account that owns it (PeerTube's ActivityPubActor model); creators write their
 * YouTube channel into the channel's description or support text, or into the owner account's bio.
 * The channel API (`GET /api/v1/video-channels/{name}`, PeerTube OpenAPI `getVideoChannel`) gives the
 * description and support text as the creator wrote them, and the owner's description.
 *
 * Read lazily, cheapest first, and only until a back-link is found: the Group's own document (already
 * fetched by the caller), then the owner, then the channel API.
 */
import { fetchActor, type ActorInfo } from './actor.js';
import { linkPlaces, linksInHtml, type LinkPlace } from './backlink.js';
import { isObject, jsonObjectOf, type VerifierDeps } from './webfinger.js';

/** The channel API's answer is a few KB; a megabyte is someone else's problem. */
const CHANNEL_API_MAX_BYTES = 256 * 1024;

/**
 * Whether an actor is a PeerTube channel: a Group served at PeerTube's `/video-channels/<name>`
 * (server/core/helpers/activitypub.ts builds channel actor URLs that way). Other Groups (Lemmy
 * communities, Guppe groups) are not asked PeerTube's API.
 */
export function isPeerTubeChannel(actor: ActorInfo): boolean {
  if (actor.type !== 'Group') return false;
  try {
    return /^\/video-channels\/[^/]+\/?$/.test(new URL(actor.id).pathname);
  } catch {
    return false;
  }
}

/**
 * The link places of the channel's owner account: the first `attributedTo` actor on the channel's own
 * host. An owner on another host is ignored: a Group could name anyone's well-linked account as its owner.
 */
export async function ownerPlaces(group: ActorInfo, deps: VerifierDeps): Promise<LinkPlace[]> {
  const origin = new URL(group.id).origin;
  const ownerId = (group.attributedTo ?? []).find((id) => sameOrigin(id, origin) && id !== group.id);
  if (ownerId === undefined) return [];
  const owner = await fetchActor(ownerId, deps);
  if (owner.status !== 'found' || owner.actor.type !== 'Person') return [];
  const name = owner.actor.preferredUsername ?? ownerId;
  return linkPlaces(owner.actor).map((p) => ({ where: `owner account ${name}: ${p.where}`, links: p.links }));
}

/** The channel API's description and support text, and its owner's description. Failures give nothing. */
export async function channelApiPlaces(group: ActorInfo, deps: VerifierDeps): Promise<LinkPlace[]> {
  const name = group.preferredUsername;
  if (name === null || name === '') return [];
  const url = `${new URL(group.id).origin}/api/v1/video-channels/${encodeURIComponent(name)}`;
  let body: Record<string, unknown>;
  try {
    const response = await deps.http.request({ url, headers: { accept: 'application/json' }, maxBytes: CHANNEL_API_MAX_BYTES });
    if (response.status !== 200) return [];
    const parsed = jsonObjectOf(response);
    if (!parsed.ok) return [];
    body = parsed.value;
  } catch {
    return [];
  }
  // The answer must be about this very channel (PeerTube's channel `url` is its actor id).
  if (typeof body.url === 'string' && body.url.replace(/\/$/, '') !== group.id.replace(/\/$/, '')) return [];
  const text = (v: unknown) => (typeof v === 'string' ? linksInHtml(v) : []);
  const owner = isObject(body.ownerAccount) ? body.ownerAccount : {};
  return [
    { where: 'channel description', links: text(body.description) },
    { where: 'channel support text', links: text(body.support) },
    { where: 'owner account description', links: text(owner.description) },
  ];
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
