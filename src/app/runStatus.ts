/**
 * The `status` use case: the progress of each migration under the state dir, from its journal (done /
 * pending / failed / skipped / left per action kind), counted from the same journal state the next
 * `import` acts on (import records its whole plan there before the first action). Where the account can
 * be reached, pending follow requests are re-checked and what changed (accepted, declined) is recorded
 * in the journal, unless another run holds it.
 */
import { countBucket, emptyCounts } from '../apply/counts.js';
import type { ApplyCounts } from '../apply/types.js';
import type { Clock } from '../clock.js';
import type { Destination, FollowsPort } from '../destinations/types.js';
import type { JournalEventInput } from '../journal/events.js';
import { JournalLockedError } from '../journal/lock.js';
import { listJournals, openJournal, type Journal, type JournalListing } from '../journal/index.js';
import { actionTarget, type ActionType } from '../plan/types.js';
import type { Reason } from '../plan/reasons.js';

export type StatusCounts = ApplyCounts;

export interface PendingCheck {
  target: string;
  /** `accepted`: now followed; `pending`: still waiting; `declined`: neither; `unknown`: could not ask. */
  now: 'accepted' | 'pending' | 'declined' | 'unknown';
}

export interface MigrationStatus {
  destination: string | null;
  dir: string;
  createdAt: string;
  byType: Partial<Record<ActionType, StatusCounts>>;
  total: StatusCounts;
  failures: { target: string; type: ActionType; reason: Reason | null }[];
  /** Null when no check was made (no sign-in, or nothing pending). */
  pendingCheck: PendingCheck[] | null;
  /** Whether what the check saw was written to the journal (false when another run holds it). */
  recorded: boolean;
  /** Why pending requests were not checked, when they were not: `no_sign_in`. */
  checkNote: 'no_sign_in' | null;
}

export interface RunStatusOptions {
  stateDir: string;
  /** Ask the server about pending follow requests when a sign-in is at hand. */
  recheck: boolean;
  /** Only these journal directories (`status --batch`: a manifest's rows); default every one. */
  journals?: readonly string[];
}

export interface RunStatusDeps {
  clock: Clock;
  /** The signed-in destination for an account, or null without a sign-in (the composition root makes it). */
  destinationFor: (account: string) => Promise<Destination | null>;
}

export async function runStatus(options: RunStatusOptions, deps: RunStatusDeps): Promise<MigrationStatus[]> {
  const out: MigrationStatus[] = [];
  for (const listing of (await listJournals(options.stateDir)).filter((l) => !options.journals || options.journals.includes(l.dir))) {
    let checked: PendingCheck[] | null = null;
    let recorded = false;
    let checkNote: MigrationStatus['checkNote'] = null;
    const pending = await pendingFollows(listing, deps.clock);
    if (pending.length > 0 && options.recheck && listing.header.destination) {
      const destination = await deps.destinationFor(listing.header.destination);
      if (destination?.accounts) {
        checked = await recheck(destination.accounts, pending);
        recorded = await recordChecks(listing, deps.clock, pending, checked);
      } else checkNote = 'no_sign_in';
    }
    out.push({ ...(await countJournal(listing, deps.clock)), pendingCheck: checked, recorded, checkNote });
  }
  return out;
}

interface PendingFollow {
  key: string;
  target: string;
  remoteId: string | null;
}

async function pendingFollows(listing: JournalListing, clock: Clock): Promise<PendingFollow[]> {
  const journal = await openJournal(listing.dir, { clock, readOnly: true });
  try {
    return [...journal.records().entries()]
      .filter(([, r]) => r.state.status === 'pending' && r.state.action.type === 'follow')
      .map(([key, r]) => ({ key, target: actionTarget(r.state.action), remoteId: r.remoteId }));
  } finally {
    await journal.close();
  }
}

async function countJournal(listing: JournalListing, clock: Clock): Promise<Omit<MigrationStatus, 'pendingCheck' | 'recorded' | 'checkNote'>> {
  const journal = await openJournal(listing.dir, { clock, readOnly: true });
  const records = journal.records();
  await journal.close();
  const byType: Partial<Record<ActionType, StatusCounts>> = {};
  const total = emptyCounts();
  const failures: MigrationStatus['failures'] = [];
  for (const r of records.values()) {
    const k = countBucket(r.state.status);
    (byType[r.state.action.type] ??= emptyCounts())[k]++;
    total[k]++;
    if (r.state.status === 'failed') failures.push({ target: actionTarget(r.state.action), type: r.state.action.type, reason: r.state.reason });
  }
  return { destination: listing.header.destination, dir: listing.dir, createdAt: listing.header.createdAt, byType, total, failures };
}

async function recheck(accounts: FollowsPort, pending: PendingFollow[]): Promise<PendingCheck[]> {
  const ids = new Map<string, string>();
  for (const p of pending) {
    let id = p.remoteId;
    if (!id) {
      const found = await accounts.lookup(p.target).catch(() => null);
      id = found?.ok && found.value ? found.value.id : null;
    }
    if (id) ids.set(p.target, id);
  }
  const rels = await accounts.relationships([...ids.values()]).catch(() => null);
  const byId = new Map((rels?.ok ? rels.value : []).map((r) => [r.id, r]));
  return pending.map((p) => {
    const id = ids.get(p.target);
    const rel = id ? byId.get(id) : undefined;
    if (!rel) return { target: p.target, now: 'unknown' as const };
    return { target: p.target, now: rel.following ? 'accepted' as const : rel.requested ? 'pending' as const : 'declined' as const };
  });
}

/** Writes accepted (done) and declined (skipped) follow requests to the journal; false when another run holds it. */
async function recordChecks(listing: JournalListing, clock: Clock, pending: PendingFollow[], checked: PendingCheck[]): Promise<boolean> {
  const changes: JournalEventInput[] = pending.flatMap((p, i): JournalEventInput[] => {
    const now = checked[i]?.now;
    if (now === 'accepted') return [{ key: p.key, type: 'follow', target: p.target, status: 'done', reason: null }];
    if (now === 'declined') return [{ key: p.key, type: 'follow', target: p.target, status: 'skipped', reason: 'follow_declined' }];
    return [];
  });
  if (changes.length === 0) return true;
  let journal: Journal;
  try {
    journal = await openJournal(listing.dir, { clock });
  } catch (error) {
    if (error instanceof JournalLockedError) return false;
    throw error;
  }
  try {
    await journal.appendAll(changes);
    return true;
  } finally {
    await journal.close();
  }
}


