/**
 * The `status` use case: the progress of each migration under the state dir, from its journal (done /
 * pending / failed / skipped / left per action kind), and, where a token for the account is at hand,
 * a fresh look at pending follow requests through `/api/v1/accounts/relationships`. Reads only: the
 * journal is not written (the next `import` records what changed).
 */
import type { Clock } from '../clock.js';
import { findCredentials } from '../auth/credentials.js';
import { MastodonClient } from '../destinations/mastodon/client.js';
import type { Destination } from '../destinations/types.js';
import { listJournals, openJournal } from '../journal/index.js';
import type { HttpClient } from '../net/types.js';
import type { ActionStatus, ActionType } from '../plan/types.js';

export type StatusCounts = Record<'done' | 'pending' | 'failed' | 'skipped' | 'left', number>;

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
  failures: { target: string; type: ActionType; reason: string | null }[];
  /** Null when no check was made (no token, or nothing pending). */
  pendingCheck: PendingCheck[] | null;
  /** Why pending requests were not checked, when they were not. */
  checkNote: string | null;
}

export interface RunStatusOptions {
  stateDir: string;
  configDir: string;
  allowHttp: boolean;
  /** Ask the server about pending follow requests when a token is at hand (default true). */
  recheck: boolean;
}

export interface RunStatusDeps {
  http: HttpClient;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  /** A destination per account (tests); default: the Mastodon client with the stored token. */
  destinationFor?: (account: string) => Promise<Destination | null>;
}

export async function runStatus(options: RunStatusOptions, deps: RunStatusDeps): Promise<MigrationStatus[]> {
  const out: MigrationStatus[] = [];
  for (const listing of await listJournals(options.stateDir)) {
    const journal = await openJournal(listing.dir, { clock: deps.clock, readOnly: true });
    const records = journal.records();
    await journal.close();
    const byType: Partial<Record<ActionType, StatusCounts>> = {};
    const total = zero();
    const failures: MigrationStatus['failures'] = [];
    const pending: { target: string; remoteId: string | null }[] = [];
    for (const r of records.values()) {
      const k = bucket(r.state.status);
      (byType[r.state.action.type] ??= zero())[k]++;
      total[k]++;
      if (r.state.status === 'failed') failures.push({ target: r.state.action.target, type: r.state.action.type, reason: r.state.reason });
      if (r.state.status === 'pending' && r.state.action.type === 'follow') pending.push({ target: r.state.action.target, remoteId: r.remoteId });
    }
    const status: MigrationStatus = {
      destination: listing.header.destination, dir: listing.dir, createdAt: listing.header.createdAt,
      byType, total, failures, pendingCheck: null, checkNote: null,
    };
    if (pending.length > 0 && options.recheck && listing.header.destination) {
      const destination = await (deps.destinationFor ?? defaultDestination(options, deps))(listing.header.destination);
      if (destination) status.pendingCheck = await recheck(destination, pending);
      else status.checkNote = `no sign-in for ${listing.header.destination}; run \`leave-platform login ${listing.header.destination}\` to check pending follow requests`;
    }
    out.push(status);
  }
  return out;
}

function defaultDestination(options: RunStatusOptions, deps: RunStatusDeps) {
  return async (account: string): Promise<Destination | null> => {
    const c = await findCredentials(account, { http: deps.http, allowHttp: options.allowHttp, env: deps.env, configDir: options.configDir });
    if (!c) return null;
    return new MastodonClient({ http: deps.http, baseUrl: c.apiBase, token: c.token, clock: deps.clock, maxWaitMs: 0, localDomain: account.split('@')[1] ?? new URL(c.apiBase).host });
  };
}

async function recheck(d: Destination, pending: { target: string; remoteId: string | null }[]): Promise<PendingCheck[]> {
  const ids = new Map<string, string>();
  for (const p of pending) {
    let id = p.remoteId;
    if (!id) {
      const found = await d.lookup(p.target).catch(() => null);
      id = found?.ok && found.value ? found.value.id : null;
    }
    if (id) ids.set(p.target, id);
  }
  const rels = await d.relationships([...ids.values()]).catch(() => null);
  const byId = new Map((rels?.ok ? rels.value : []).map((r) => [r.id, r]));
  return pending.map((p) => {
    const id = ids.get(p.target);
    const rel = id ? byId.get(id) : undefined;
    if (!rel) return { target: p.target, now: 'unknown' as const };
    return { target: p.target, now: rel.following ? 'accepted' as const : rel.requested ? 'pending' as const : 'declined' as const };
  });
}

function bucket(s: ActionStatus): keyof StatusCounts {
  return s === 'planned' || s === 'sent' ? 'left' : s;
}

function zero(): StatusCounts {
  return { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 };
}
