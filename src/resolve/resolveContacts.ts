/**
 * The resolver's orchestration (DESIGN.md section 4): for each contact, finders propose candidate
 * handles stage by stage (offline ones first), verifiers decide, scoring gives one Match. Many contacts
 * are resolved at once; the HTTP client enforces the per-host and global limits, this module only keeps
 * enough work in flight for them to be the bottleneck.
 */
import type { Confidence, ContactRef, FinderName, Match } from '../model/match.js';
import type { Contact, Platform } from '../model/types.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../net/types.js';
import type { CacheKind, ResolveCache } from './cache.js';
import type { Candidate, Finder, NoteSink } from './finders/types.js';
import { rank, scoreContact, type CandidateOutcome, type CheckedCandidate } from './score.js';

/** What the verifier needs to know about the contact to recognise a back-link (verify.ts). */
export interface ContactIdentity {
  platform: Platform;
  id: string | null;
  username: string | null;
  profileUrl: string | null;
}

export type VerifyFn = (handle: string, identity: ContactIdentity) => Promise<CandidateOutcome>;

export interface ResolveProgress {
  total: number;
  done: number;
  found: number;
  notFound: number;
  /** ambiguous, gone or error. */
  other: number;
  remaining: number;
}

export interface ResolveContactsOptions {
  finders: readonly Finder[];
  verify: VerifyFn;
  cache?: ResolveCache | null;
  /** Contacts resolved at once. Default 256: enough to keep every per-host slot of the client busy. */
  concurrency?: number;
  /** Later finder stages are skipped once a contact has a match at least this strong. Default `high`. */
  stopAt?: Confidence;
  onProgress?: (progress: ResolveProgress) => void;
  note?: NoteSink;
  /** When it aborts, no further contact is started; the result then holds only the contacts finished. */
  signal?: AbortSignal;
  /** Told the outcome of every verification (also those a memoized contact made when it was resolved). */
  onVerified?: (outcome: CandidateOutcome) => void;
  /**
   * Contacts resolved before by a resolve with the same finders (the rows of a batch): a contact found
   * there is not resolved again. The caller keys the memo by everything its finders depend on.
   */
  memo?: MatchMemo;
}

export const DEFAULT_RESOLVE_CONCURRENCY = 256;

/** A contact's resolution, as another resolve with the same finders may use it again. */
export interface MemoizedMatch {
  match: Match;
  /** The notes resolving it gave (a finder that failed on it), said again to each resolve that uses it. */
  notes: readonly (readonly [FinderName, string])[];
  /** The outcomes of the verifications it made, for each user's tally. */
  verified: readonly CandidateOutcome[];
}

/** By memoKey(contact); an entry may still be in progress (a second asker waits for the first's answer). */
export interface MatchMemo {
  get(key: string): Promise<MemoizedMatch> | undefined;
  set(key: string, entry: Promise<MemoizedMatch>): void;
  delete(key: string): void;
}

/** Everything of a contact the finders read (not its relations to the user, which differ between exports). */
export function memoKey(c: Contact): string {
  return JSON.stringify([c.platform, c.id, c.username, c.displayName, c.profileUrl, c.bio, c.urls, c.location]);
}

export async function resolveContacts(contacts: readonly Contact[], options: ResolveContactsOptions): Promise<Match[]> {
  const verify = options.cache ? cachedVerify(options.verify, options.cache) : options.verify;
  const stages = [...new Set(options.finders.map((f) => f.stage))].sort((a, b) => a - b);
  const stopAt = options.stopAt ?? 'high';
  const resolveEntry = (contact: Contact, verifyIt: VerifyFn, note: NoteSink | undefined) =>
    resolveOne(contact, options.finders, stages, verifyIt, stopAt, note);
  const verifyTallied = options.onVerified ? tallied(verify, options.onVerified) : verify;
  const results: Match[] = new Array(contacts.length);
  const progress: ResolveProgress = { total: contacts.length, done: 0, found: 0, notFound: 0, other: 0, remaining: contacts.length };
  let next = 0;

  const worker = async () => {
    while (next < contacts.length && !options.signal?.aborted) {
      const index = next++;
      const contact = contacts[index] as Contact;
      const match = options.memo
        ? await resolveMemoized(contact, options.memo, verify, resolveEntry, options)
        : await resolveEntry(contact, verifyTallied, options.note);
      // A contact finished by the abort failed only because its lookups were dropped: not a result.
      if (options.signal?.aborted) return;
      results[index] = match;
      progress.done++;
      progress.remaining--;
      if (match.status === 'found') progress.found++;
      else if (match.status === 'not_found') progress.notFound++;
      else progress.other++;
      options.onProgress?.({ ...progress });
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? DEFAULT_RESOLVE_CONCURRENCY, contacts.length));
  await Promise.all(Array.from({ length: n }, worker));
  return options.signal?.aborted ? results.filter((m) => m !== undefined) : results;
}

/** Resolves one contact through the memo: the first asker resolves it, the others use its answer. */
async function resolveMemoized(
  contact: Contact,
  memo: MatchMemo,
  verify: VerifyFn,
  resolveEntry: (contact: Contact, verify: VerifyFn, note: NoteSink) => Promise<Match>,
  options: Pick<ResolveContactsOptions, 'onVerified' | 'note'>,
): Promise<Match> {
  const key = memoKey(contact);
  const known = memo.get(key);
  if (known) {
    const entry = await known;
    for (const o of entry.verified) options.onVerified?.(o);
    for (const [finder, message] of entry.notes) options.note?.(finder, message);
    return entry.match;
  }
  const verified: CandidateOutcome[] = [];
  const notes: [FinderName, string][] = [];
  const entry = resolveEntry(contact, tallied(verify, (o) => {
    verified.push(o);
    options.onVerified?.(o);
  }), (finder, message) => {
    notes.push([finder, message]);
    options.note?.(finder, message);
  }).then((match) => ({ match, notes, verified }));
  memo.set(key, entry);
  const { match } = await entry;
  // A failed lookup is not an answer (as in the cache): the next resolve that meets the contact tries again.
  if (match.status === 'error' && memo.get(key) === entry) memo.delete(key);
  return match;
}

function tallied(verify: VerifyFn, onVerified: (outcome: CandidateOutcome) => void): VerifyFn {
  return async (handle, identity) => {
    const outcome = await verify(handle, identity);
    onVerified(outcome);
    return outcome;
  };
}

export function contactRef(c: Contact): ContactRef {
  return { platform: c.platform, id: c.id, username: c.username, displayName: c.displayName };
}

export function identityOf(c: Contact): ContactIdentity {
  return { platform: c.platform, id: c.id, username: c.username, profileUrl: c.profileUrl };
}

async function resolveOne(
  contact: Contact,
  finders: readonly Finder[],
  stages: readonly number[],
  verify: VerifyFn,
  stopAt: Confidence,
  note: NoteSink | undefined,
): Promise<Match> {
  const ref = contactRef(contact);
  const identity = identityOf(contact);
  const checked: CheckedCandidate[] = [];
  const outcomes = new Map<string, Promise<CandidateOutcome>>();
  let match: Match | null = null;
  try {
    for (const stage of stages) {
      const proposed = await Promise.all(
        finders.filter((f) => f.stage === stage).map(async (f) => {
          try {
            return await f.find(contact);
          } catch (error) {
            note?.(f.name, `failed on a contact and was skipped for it: ${(error as Error).message}`);
            return [] as Candidate[];
          }
        }),
      );
      const candidates = proposed.flat();
      if (candidates.length === 0) continue;
      // Each handle is checked once per contact, however many finders proposed it.
      const checkedNow = await Promise.all(candidates.map(async (candidate) => {
        const key = candidate.handle.toLowerCase();
        let outcome = outcomes.get(key);
        if (!outcome) {
          outcome = verify(candidate.handle, identity).catch((error: unknown) => ({
            status: 'error' as const,
            reason: error instanceof Error ? error.message : String(error),
          }));
          outcomes.set(key, outcome);
        }
        return { candidate, outcome: await outcome };
      }));
      checked.push(...checkedNow);
      match = scoreContact(ref, checked);
      if ((match.status === 'found' || match.status === 'ambiguous') && match.confidence !== null && rank(match.confidence) <= rank(stopAt)) {
        break;
      }
    }
    return match ?? scoreContact(ref, checked);
  } catch (error) {
    return {
      contact: ref, status: 'error', handle: null, actor: null, confidence: null, evidence: [],
      movedFrom: null, locked: false, error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Verification through the cache: found answers for 7 days, not found and gone for 12 hours; blocked
 * and error outcomes are not stored (they depend on flags or on the moment). The key includes the
 * contact's identity because the back-link check depends on it.
 */
export function cachedVerify(verify: VerifyFn, cache: ResolveCache): VerifyFn {
  return async (handle, identity) => {
    const key = `verify|${handle.toLowerCase()}|${identity.platform}|${identity.id ?? ''}|${identity.username ?? ''}|${identity.profileUrl ?? ''}`;
    const hit = cache.get(key);
    if (isOutcome(hit)) return hit;
    const outcome = await verify(handle, identity);
    const kind: CacheKind | null = outcome.status === 'found' ? 'found'
      : outcome.status === 'not_found' || outcome.status === 'gone' ? 'not_found' : null;
    if (kind) cache.set(key, outcome, kind);
    return outcome;
  };
}

function isOutcome(v: unknown): v is CandidateOutcome {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.status === 'found') return typeof o.handle === 'string' && typeof o.actor === 'string';
  return (o.status === 'not_found' || o.status === 'gone') && typeof o.reason === 'string';
}

/**
 * Wraps an HttpClient to know which hosts have requests in flight, so progress can name the host being
 * waited on (the one with the most requests outstanding).
 */
export function trackHosts(http: HttpClient): { http: HttpClient; busiestHost(): string | null } {
  const inFlight = new Map<string, number>();
  return {
    http: {
      request: async (req: HttpRequest): Promise<HttpResponse> => {
        let host = '';
        try {
          host = new URL(req.url).host;
        } catch {
          // the client reports the bad URL
        }
        inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
        try {
          return await http.request(req);
        } finally {
          const n = (inFlight.get(host) ?? 1) - 1;
          if (n <= 0) inFlight.delete(host);
          else inFlight.set(host, n);
        }
      },
    },
    busiestHost: () => {
      let best: string | null = null;
      let most = 0;
      for (const [h, n] of inFlight) if (h && n > most) [best, most] = [h, n];
      return best;
    },
  };
}
