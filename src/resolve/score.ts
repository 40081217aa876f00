/**
 * Scoring: from what the finders proposed and the verifiers found, one Match per contact (DESIGN.md
 * section 4). Pure.
 *
 *   verified  the account links back to the contact's old profile (back-link)
 *   high      named by the contact themselves (explicit, website rel="me", bridge) or by the user's map
 *   medium    a search hit whose display name matches closely
 *   low       a bare guess: the account exists, nothing ties it to the contact
 *
 * Precision first: a finder's level only counts when the account exists; a back-link is the only thing
 * that lifts a guess; an account that names a *different* identity on the contact's platform is capped
 * at low whatever proposed it. Two different accounts at the top level make the contact `ambiguous`,
 * reported and never followed.
 */
import { CONFIDENCES, type Confidence, type ContactRef, type Evidence, type Match } from '../model/match.js';
import type { Candidate } from './finders/types.js';

/** What a verifier says about one candidate (the shape of verify.ts's VerifyOutcome). */
export type CandidateOutcome =
  | {
      status: 'found';
      handle: string;
      actor: string;
      /** What links back to the contact's old profile, or null. */
      backlink: string | null;
      locked: boolean;
      movedFrom: string | null;
      displayName: string | null;
      /** Set when the account links to a different identity on the contact's platform. */
      conflictingBacklink?: string | null;
    }
  | { status: 'not_found' | 'gone' | 'blocked' | 'error'; reason: string };

export interface CheckedCandidate {
  candidate: Candidate;
  outcome: CandidateOutcome;
}

/** Finders whose candidates come from the contact or the user; their failures say something about the contact. */
const STRONG_FINDERS = new Set(['explicit', 'map', 'website', 'bridge']);

interface Account {
  handle: string;
  actor: string;
  confidence: Confidence;
  evidence: Evidence[];
  locked: boolean;
  movedFrom: string | null;
}

export function rank(c: Confidence): number {
  return CONFIDENCES.indexOf(c);
}

/** The level one checked candidate earns (null when the account was not found). */
export function candidateConfidence(checked: CheckedCandidate): Confidence | null {
  const { outcome, candidate } = checked;
  if (outcome.status !== 'found') return null;
  if (outcome.conflictingBacklink) return 'low';
  if (outcome.backlink) return 'verified';
  return candidate.base === 'verified' ? 'high' : candidate.base; // a finder alone never verifies
}

export function scoreContact(contact: ContactRef, checked: readonly CheckedCandidate[]): Match {
  const accounts = new Map<string, Account>();
  for (const c of checked) {
    const confidence = candidateConfidence(c);
    if (c.outcome.status !== 'found' || confidence === null) continue;
    const o = c.outcome;
    const key = actorKey(o.actor);
    const evidence: Evidence[] = [{ finder: c.candidate.finder, verifier: null, detail: c.candidate.detail }];
    if (o.backlink && !o.conflictingBacklink) {
      evidence.push({ finder: c.candidate.finder, verifier: 'backlink', detail: o.backlink });
    } else if (o.conflictingBacklink) {
      evidence.push({ finder: c.candidate.finder, verifier: 'backlink', detail: `links to a different account: ${o.conflictingBacklink}` });
    } else {
      evidence.push({ finder: c.candidate.finder, verifier: 'webfinger', detail: `${o.handle} exists (${o.actor}), no back-link` });
    }
    const existing = accounts.get(key);
    if (!existing) {
      accounts.set(key, { handle: o.handle, actor: o.actor, confidence, evidence, locked: o.locked, movedFrom: o.movedFrom });
      continue;
    }
    // A conflicting back-link caps the account whichever finder reached it.
    existing.confidence = o.conflictingBacklink || existing.evidence.some(isConflict)
      ? 'low'
      : rank(confidence) < rank(existing.confidence) ? confidence : existing.confidence;
    for (const e of evidence) if (!existing.evidence.some((x) => sameEvidence(x, e))) existing.evidence.push(e);
    existing.movedFrom ??= o.movedFrom;
  }

  const ranked = [...accounts.values()].sort((a, b) => rank(a.confidence) - rank(b.confidence));
  const top = ranked[0];
  if (top) {
    const tied = ranked.filter((a) => a.confidence === top.confidence);
    if (tied.length > 1) {
      return {
        contact, status: 'ambiguous', handle: null, actor: null, confidence: top.confidence,
        evidence: tied.flatMap((a) => a.evidence), movedFrom: null, locked: false,
        error: `${tied.length} different accounts at ${top.confidence}: ${tied.map((a) => a.handle).join(', ')}`,
        candidates: tied.map((a) => a.handle),
      };
    }
    return {
      contact, status: 'found', handle: top.handle, actor: top.actor, confidence: top.confidence,
      evidence: top.evidence, movedFrom: top.movedFrom, locked: top.locked, error: null,
    };
  }
  return notFoundMatch(contact, checked);
}

/**
 * No account found. `gone` when a handle the contact or the user named is gone (410); `error` when such
 * a handle could not be checked, or when every check failed (a re-run retries: errors are not cached);
 * otherwise `not_found`. A failed or gone *guess* says nothing about the contact.
 */
function notFoundMatch(contact: ContactRef, checked: readonly CheckedCandidate[]): Match {
  const base = { contact, handle: null, actor: null, confidence: null, movedFrom: null, locked: false } as const;
  const strong = checked.filter((c) => STRONG_FINDERS.has(c.candidate.finder));
  const gone = strong.find((c) => c.outcome.status === 'gone');
  const evidence: Evidence[] = checked
    .filter((c) => c.outcome.status !== 'not_found' || STRONG_FINDERS.has(c.candidate.finder))
    .map((c) => ({
      finder: c.candidate.finder,
      verifier: 'webfinger' as const,
      detail: `${c.candidate.handle}: ${c.outcome.status}${'reason' in c.outcome ? ` (${c.outcome.reason})` : ''}`,
    }));
  if (gone) {
    return { ...base, status: 'gone', evidence, error: `${gone.candidate.handle} is gone` };
  }
  const errors = checked.filter((c) => c.outcome.status === 'error');
  const strongError = strong.find((c) => c.outcome.status === 'error');
  const firstError = strongError ?? (errors.length > 0 && errors.length === checked.length ? errors[0] : undefined);
  if (firstError && 'reason' in firstError.outcome) {
    return { ...base, status: 'error', evidence, error: `${firstError.candidate.handle}: ${firstError.outcome.reason}` };
  }
  return { ...base, status: 'not_found', evidence, error: null };
}

function isConflict(e: Evidence): boolean {
  return e.verifier === 'backlink' && e.detail.startsWith('links to a different account');
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.finder === b.finder && a.verifier === b.verifier && a.detail === b.detail;
}

/** Actor URLs compared without fragment and trailing slash, host case-insensitively. */
function actorKey(actor: string): string {
  try {
    const u = new URL(actor);
    u.hash = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return actor;
  }
}
