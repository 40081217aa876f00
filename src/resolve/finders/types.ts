/**
 * What finders share. Finders propose candidate handles for a contact; verifiers decide whether the
 * account exists and names the contact (DESIGN.md section 4). A finder never decides confidence alone:
 * it gives the confidence its candidate earns when the account exists but shows no back-link.
 */
import type { Confidence, FinderName } from '../../model/match.js';
import type { Contact } from '../../model/types.js';

export interface Candidate {
  /** `user@host`, normalised (see handles.ts). */
  handle: string;
  finder: FinderName;
  /** What the finder saw, in a few words, for the evidence list. */
  detail: string;
  /** The confidence earned when the account exists without a back-link (a back-link makes it verified). */
  base: Confidence;
}

export interface Finder {
  readonly name: FinderName;
  /**
   * Offline finders first (DESIGN.md section 4): stages run in order and later, costlier stages are
   * skipped once an earlier one gave a good enough answer.
   */
  readonly stage: number;
  find(contact: Contact): Promise<Candidate[]>;
}

/** Where finders report something the user should know once (e.g. "search skipped: no token"). */
export type NoteSink = (finder: FinderName, message: string) => void;
