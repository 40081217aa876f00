/**
 * Verifying one candidate handle for one contact (DESIGN.md section 4): WebFinger → actor → moves →
 * back-link (for a PeerTube channel also on its owner account and in the channel API, peertubeChannel.ts).
 * Finders propose handles; this decides whether the account exists, where it lives now, and whether it
 * names the contact's old profile. Scoring (elsewhere) turns the outcome into a confidence.
 */
import { fetchActor, handleOfActor, resolveMoves, type ActorInfo } from './actor.js';
import {
  findBacklink, findBacklinkIn, findConflictingBacklink, findConflictingBacklinkIn, type BacklinkIdentity, type LinkPlace,
} from './backlink.js';
import { channelApiPlaces, isPeerTubeChannel, ownerPlaces } from './peertubeChannel.js';
import { lookupWebFinger, type LookupFailure, type VerifierDeps } from './webfinger.js';

export type VerifyOutcome =
  | {
      status: 'found';
      /** `user@host` where the account lives now (after moves). */
      handle: string;
      actor: string;
      /** What the back-link was (e.g. `profile field "Twitter" links https://twitter.com/jack`), or null. */
      backlink: string | null;
      /**
       * When there is no back-link: a link to a DIFFERENT account on the contact's own platform (e.g.
       * `profile field "Twitter" links https://twitter.com/jack2 (...)`), which caps the account at `low`.
       */
      conflictingBacklink: string | null;
      /** `manuallyApprovesFollowers`: a follow will be pending. */
      locked: boolean;
      /** The handle the account moved away from, when `movedTo` was followed. */
      movedFrom: string | null;
      displayName: string | null;
    }
  | LookupFailure;

export async function verifyCandidate(
  handle: string,
  identity: BacklinkIdentity,
  deps: VerifierDeps,
): Promise<VerifyOutcome> {
  const wf = await lookupWebFinger(handle, deps);
  if (wf.status !== 'found') return wf;
  const fetched = await fetchActor(wf.actor, deps);
  if (fetched.status !== 'found') return fetched;
  const moves = await resolveMoves(fetched.actor, deps);
  if (moves.status !== 'found') return moves;
  const final = moves.actor;
  let finalHandle = wf.handle;
  // When the actor lives on another host than the handle names (split domains, or a server pointing at
  // someone else's actor), the handle is taken from the actor's own host, confirmed by WebFinger, as
  // Mastodon does: a host cannot lend its name to an account it does not serve.
  const handleHost = wf.handle.slice(wf.handle.lastIndexOf('@') + 1);
  if (moves.movedFrom !== null || new URL(final.id).host.toLowerCase() !== handleHost) {
    const confirmed = await confirmHandle(final, deps);
    if (confirmed.status !== 'found') return confirmed;
    finalHandle = confirmed.handle;
  }
  // A back-link on the new home counts, and so does one on an account the contact moved away from
  // (people often leave the old profile's fields as they were).
  const chainActors: ActorInfo[] = moves.movedFrom !== null ? [final, fetched.actor] : [final];
  let backlink: string | null = null;
  for (const a of chainActors) {
    const result = findBacklink(a, identity);
    if (result.matched) {
      backlink = a === final ? result.detail : `${result.detail} (on the old account ${wf.handle})`;
      break;
    }
  }
  // A PeerTube channel: also its owner account and the channel API, read only while no back-link is found.
  const channelPlaces: LinkPlace[] = [];
  if (backlink === null && isPeerTubeChannel(final)) {
    for (const more of [ownerPlaces, channelApiPlaces]) {
      channelPlaces.push(...await more(final, deps));
      const result = findBacklinkIn(channelPlaces, identity);
      if (result.matched) {
        backlink = result.detail;
        break;
      }
    }
  }
  let conflictingBacklink: string | null = null;
  if (backlink === null) {
    for (const a of chainActors) {
      const result = findConflictingBacklink(a, identity);
      if (result.conflicting) {
        conflictingBacklink = a === final ? result.detail : `${result.detail} (on the old account ${wf.handle})`;
        break;
      }
    }
    const result = conflictingBacklink === null ? findConflictingBacklinkIn(channelPlaces, identity) : null;
    if (result?.conflicting) conflictingBacklink = result.detail;
  }
  return {
    status: 'found',
    handle: finalHandle,
    actor: final.id,
    backlink,
    conflictingBacklink,
    locked: final.manuallyApprovesFollowers,
    movedFrom: moves.movedFrom !== null ? wf.handle : null,
    displayName: final.name !== null && final.name.trim() !== '' ? final.name : null,
  };
}

/** The handle of an actor (after a move, or on another host), confirmed by WebFinger naming that same actor. */
async function confirmHandle(actor: ActorInfo, deps: VerifierDeps): Promise<{ status: 'found'; handle: string } | LookupFailure> {
  const guess = handleOfActor(actor);
  if (guess === null) return { status: 'error', reason: `the actor ${actor.id} has no username` };
  const wf = await lookupWebFinger(guess, deps);
  if (wf.status !== 'found') return { status: wf.status, reason: `the actor's own handle ${guess} does not resolve: ${wf.reason}` };
  if (wf.actor !== actor.id) {
    return { status: 'error', reason: `WebFinger for ${guess} names ${wf.actor}, not the actor ${actor.id}` };
  }
  return { status: 'found', handle: wf.handle };
}
