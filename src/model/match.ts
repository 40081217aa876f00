/**
 * What the resolver says about each contact (DESIGN.md sections 3a and 4).
 */
import type { Platform } from './types.js';

export type Confidence = 'verified' | 'high' | 'medium' | 'low';
/** Ordered from strongest to weakest; index comparisons rank confidences. */
export const CONFIDENCES: readonly Confidence[] = ['verified', 'high', 'medium', 'low'];

export type MatchStatus = 'found' | 'not_found' | 'gone' | 'ambiguous' | 'error';

/** `channels`: PeerTube channel search on the destination; `index`: a global channel index (`--index`). */
export type FinderName = 'explicit' | 'map' | 'search' | 'guess' | 'website' | 'bridge' | 'channels' | 'index';
export type VerifierName = 'webfinger' | 'actor' | 'backlink' | 'search';

export interface Evidence {
  finder: FinderName;
  verifier: VerifierName | null;
  detail: string;
}

/** The identity of the contact a match is about (a subset of Contact). */
export interface ContactRef {
  platform: Platform;
  id: string | null;
  username: string | null;
  displayName: string | null;
}

export interface Match {
  contact: ContactRef;
  status: MatchStatus;
  /** `user@host`, no leading `@`; null unless found/ambiguous. */
  handle: string | null;
  /** The ActivityPub actor URL. */
  actor: string | null;
  confidence: Confidence | null;
  evidence: Evidence[];
  /** The handle the contact moved away from, when `movedTo` was followed. */
  movedFrom: string | null;
  /** The actor sets `manuallyApprovesFollowers`: a follow will be pending. */
  locked: boolean;
  /** A short reason for `error`, `gone`, `ambiguous` (which candidates). */
  error?: string | null;
  /** Other candidates considered, for `ambiguous`. */
  candidates?: string[];
}

export const RESOLVE_VERSION = 1 as const;

export interface ResolveResult {
  version: typeof RESOLVE_VERSION;
  matches: Match[];
}

export function confidenceAtLeast(c: Confidence | null, min: Confidence): boolean {
  if (c === null) return false;
  return CONFIDENCES.indexOf(c) <= CONFIDENCES.indexOf(min);
}
