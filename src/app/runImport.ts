/**
 * The `import` use case (DESIGN.md sections 1, 2, 5, 6): parse, resolve, read what the account already
 * has, plan, then (unless --dry-run) apply with the journal, and write the report and CSV files asked
 * for. Options and injected deps in, a result out; the CLI renders it and picks the exit code.
 * The token is handed to the destination client and the search finder only; it is in no result.
 */
import type { Clock } from '../clock.js';
import { applyPlan, type ApplyOutcome } from '../apply/applyPlan.js';
import { journalPort } from '../apply/journalPort.js';
import type { ApplyCounts, ApplyProgress } from '../apply/types.js';
import { findCredentials, type Credentials } from '../auth/credentials.js';
import { writeMastodonCsv, type WrittenCsvFile } from '../destinations/csv/index.js';
import { MastodonClient } from '../destinations/mastodon/client.js';
import type { RateFamily } from '../destinations/mastodon/rateLimit.js';
import { normalizeAcct, type Destination } from '../destinations/types.js';
import { RemoteError, UsageError } from '../errors.js';
import { fingerprintArchives, journalDirFor, openJournal, type Journal } from '../journal/index.js';
import { confidenceAtLeast, type Confidence, type FinderName, type Match } from '../model/match.js';
import { normalizeHandle } from '../model/handle.js';
import type { Model } from '../model/types.js';
import type { HttpClient } from '../net/types.js';
import { FOLLOW_CEILING, defaultListName, estimatePlan, planActions, type ActionState, type ExistingState, type Plan, type PlanEstimate } from '../plan/index.js';
import { buildReport, writeReport } from '../report/index.js';
import type { ParseWarning } from '../sources/types.js';
import { parseExport } from './parseExport.js';
import { DEFAULT_FINDERS, runResolve, type RunResolveResult } from './runResolve.js';

export interface RunImportOptions {
  archives: string[];
  /** `--to`: the destination account; null for a dry run or a CSV export without one. */
  to: string | null;
  dryRun: boolean;
  report: string | null;
  csv: string | null;
  maps: string[];
  minConfidence: Confidence;
  follows: boolean;
  /** Also follow accounts that only followed the user (`--followers`). */
  followFollowers: boolean;
  blocks: boolean;
  mutes: boolean;
  lists: boolean;
  /** Finders to run (default: resolve's defaults; without a token, only the offline ones). */
  finders: ReadonlySet<FinderName> | null;
  servers: string[] | null;
  /** The longest rate-limit sleep before stopping with exit 3. */
  maxWaitMs: number;
  stateDir: string;
  configDir: string;
  allowHttp: boolean;
}

export interface ReviewChoice {
  /** Lower-case handles the user checked although below --min-confidence. */
  approved: Set<string>;
  /** Lower-case handles the user unchecked although at or above --min-confidence. */
  rejected: Set<string>;
}

export interface RunImportDeps {
  http: HttpClient;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  parse?: (paths: string[]) => Promise<{ model: Model; warnings: ParseWarning[] }>;
  resolve?: typeof runResolve;
  /** A destination to use instead of the Mastodon client (tests). */
  destination?: Destination;
  /** Interactive review of medium/low matches; absent: no review (--yes, not a TTY). */
  review?: (matches: Match[], minConfidence: Confidence) => Promise<ReviewChoice>;
  /** Interactive confirmation before anything is sent; absent: go ahead. */
  confirm?: (summary: ImportPreview) => Promise<boolean>;
  onPhase?: (phase: 'parse' | 'resolve' | 'read' | 'plan' | 'apply') => void;
  onProgress?: (progress: ApplyProgress) => void;
  onRateLimitWait?: (until: Date, family: RateFamily) => void;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

export interface ImportPreview {
  destination: string | null;
  toSend: number;
  byType: Record<string, number>;
  estimate: PlanEstimate;
}

export interface ImportResult {
  destination: string | null;
  dryRun: boolean;
  /** The user said no at the confirmation. */
  cancelled: boolean;
  matches: Match[];
  plan: Plan;
  estimate: PlanEstimate;
  /** Every planned action with its latest state (journal after a run, plan for a dry run). */
  states: ActionState[];
  counts: ApplyCounts;
  stopped: ApplyOutcome['stopped'];
  reportFile: string | null;
  csvFiles: WrittenCsvFile[];
  notes: string[];
  warnings: string[];
  journalDir: string | null;
}

const OFFLINE_FINDERS: readonly FinderName[] = ['explicit', 'map'];

export async function runImport(options: RunImportOptions, deps: RunImportDeps): Promise<ImportResult> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    deps.onWarning?.(m);
  };
  // A destination passed in (tests, other adapters) brings its own authentication.
  const credentials = deps.destination ? null : await credentialsFor(options, deps);
  const account = credentials?.account ?? (options.to ? normalizeHandle(options.to) : null);
  const signedIn = credentials !== null || deps.destination !== undefined;
  if (!options.dryRun && account === null && options.csv === null) {
    throw new UsageError('import needs --to (your new account), or --csv DIR, or --dry-run.', {
      hint: 'For example: leave-platform import export.zip --to @you@your.server',
    });
  }

  // Parse once: the resolver and the planner both need the model.
  let model: Model | null = null;
  const parse = deps.parse ?? parseExport;
  const parseOnce = async (paths: string[]) => {
    deps.onPhase?.('parse');
    const parsed = await parse(paths);
    model = parsed.model;
    deps.onPhase?.('resolve'); // the resolver parses first: its phase starts once the export is read
    return parsed;
  };

  const finders = options.finders ?? new Set(signedIn ? DEFAULT_FINDERS : OFFLINE_FINDERS);
  const resolved: RunResolveResult = await (deps.resolve ?? runResolve)({
    archives: options.archives,
    to: account,
    maps: options.maps,
    // Everything found is kept: the review may approve matches below --min-confidence.
    minConfidence: 'low',
    refresh: false,
    finders,
    servers: options.servers,
    token: credentials?.token ?? null,
    stateDir: options.stateDir,
    allowHttp: options.allowHttp,
  }, { http: deps.http, clock: deps.clock, parse: parseOnce, onWarning: warn });
  if (model === null) throw new UsageError('The archive could not be read.');
  const theModel: Model = model;
  const notes = [...resolved.notes];
  if (!signedIn) {
    notes.push(options.to
      ? `no sign-in for ${options.to}: resolved with the offline finders only; run \`leave-platform login ${options.to}\` to plan against your account`
      : 'no destination: resolved with the offline finders only');
  }

  const destination = deps.destination ?? (credentials ? clientFor(credentials, options, deps) : null);
  // The signed-in account's own acct, read once: checked against --to, then left out of its follows.
  let ownAcct = '';
  if (destination) {
    const me = await destination.whoami();
    if (!me.ok) {
      throw new RemoteError(`Cannot use the account ${account}: ${me.failure.reason}.`, {
        hint: me.failure.kind === 'unauthorized' ? `Run \`leave-platform login ${account}\` again.` : 'Check the server, then run the same command again.',
      });
    }
    // The journal is kept per account: a token of another account (LEAVE_PLATFORM_TOKEN with the wrong
    // --to) would act on that account while recording it as this one's progress.
    if (account !== null && !sameUser(me.value.acct, account)) {
      throw new UsageError(`The token in use signs in as ${me.value.acct}, not ${account}.`, {
        hint: `Give the --to of the account the token belongs to, or run \`leave-platform login ${account}\`.`,
      });
    }
    ownAcct = me.value.acct;
  }

  if (destination) deps.onPhase?.('read');
  const existing = destination ? await readExisting(destination, ownAcct, theModel, options, warn) : emptyExisting();
  const maxFollows = destination ? ((await destination.serverInfo()).maxFollows ?? FOLLOW_CEILING) : FOLLOW_CEILING;

  let journal: Journal | null = null;
  let journalDir: string | null = null;
  try {
    if (account !== null && destination) {
      const fingerprint = await fingerprintArchives(options.archives);
      journalDir = journalDirFor(options.stateDir, fingerprint, account);
      journal = await openJournal(journalDir, {
        clock: deps.clock, readOnly: options.dryRun, destination: account,
        fingerprint, onWarning: warn,
      });
    }

    const review = deps.review && !options.dryRun ? await deps.review(reviewable(resolved.matches), options.minConfidence) : null;
    deps.onPhase?.('plan');
    const plan = planActions({
      model: theModel,
      matches: resolved.matches,
      options: {
        minConfidence: options.minConfidence,
        follows: options.follows,
        followFollowers: options.followFollowers,
        blocks: options.blocks,
        mutes: options.mutes,
        lists: options.lists,
        ...(review ? { approved: review.approved, rejected: review.rejected } : {}),
        followLimit: Math.max(0, maxFollows - existing.following.size),
      },
      existing,
      journal: journal?.state() ?? new Map(),
    });
    notes.push(...plan.notes);
    const estimate = estimatePlan(plan);
    const csvFiles = options.csv ? await writeMastodonCsv(options.csv, plan) : [];
    const matches = resolved.matches;

    const base = { destination: account, matches, plan, estimate, csvFiles, notes, warnings, journalDir };
    const todo = plan.actions.filter((i) => i.status === 'planned' || i.status === 'sent' || i.status === 'pending' || i.status === 'failed');
    if (options.dryRun || !destination || !journal) {
      const states = plan.actions.map(({ action, status, reason }) => ({ action, status, reason }));
      const reportFile = await maybeReport(options, deps, theModel, matches, plan, states, account, estimate);
      return { ...base, dryRun: options.dryRun, cancelled: false, states, counts: countOf(states), stopped: null, reportFile };
    }

    if (deps.confirm && todo.length > 0) {
      const byType: Record<string, number> = {};
      for (const i of todo) byType[i.action.type] = (byType[i.action.type] ?? 0) + 1;
      if (!(await deps.confirm({ destination: account, toSend: todo.length, byType, estimate }))) {
        const states = plan.actions.map(({ action, status, reason }) => ({ action, status, reason }));
        return { ...base, dryRun: false, cancelled: true, states, counts: countOf(states), stopped: null, reportFile: null };
      }
    }

    deps.onPhase?.('apply');
    const port = journalPort(journal);
    const outcome = await applyPlan(todo.map((i) => i.action), {
      destination, journal: port, clock: deps.clock, account: account ?? '',
      alreadyFollowing: existing.following,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const states: ActionState[] = plan.actions.map(({ action, status, reason }) => {
      const s = outcome.states.get(action.key);
      return s ? { action, status: s.status, reason: s.reason } : { action, status, reason };
    });
    const reportFile = await maybeReport(options, deps, theModel, matches, plan, states, account, estimate);
    return { ...base, dryRun: false, cancelled: false, states, counts: countOf(states), stopped: outcome.stopped, reportFile };
  } finally {
    await journal?.close();
  }
}

async function credentialsFor(options: RunImportOptions, deps: RunImportDeps): Promise<Credentials | null> {
  if (options.to === null) return null;
  const found = await findCredentials(options.to, { http: deps.http, allowHttp: options.allowHttp, env: deps.env, configDir: options.configDir });
  if (!found && !options.dryRun && options.csv === null) {
    throw new UsageError(`No sign-in for ${options.to}.`, {
      hint: `Run \`leave-platform login ${options.to}\` first, or set LEAVE_PLATFORM_TOKEN (with --to) in scripts.`,
    });
  }
  return found;
}

function clientFor(credentials: Credentials, options: RunImportOptions, deps: RunImportDeps): MastodonClient {
  return new MastodonClient({
    http: deps.http,
    baseUrl: credentials.apiBase,
    token: credentials.token,
    clock: deps.clock,
    maxWaitMs: options.maxWaitMs,
    localDomain: credentials.account.split('@')[1] ?? new URL(credentials.apiBase).host,
    ...(deps.onRateLimitWait ? { onRateLimitWait: deps.onRateLimitWait } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
}

/** What the account already follows, blocks, mutes and lists; a part the server cannot tell is empty. */
async function readExisting(
  d: Destination, local: string, model: Model, options: RunImportOptions, warn: (m: string) => void,
): Promise<ExistingState> {
  const existing = emptyExisting();
  const domain = options.to ? normalizeHandle(options.to).split('@')[1] ?? '' : '';
  const handles = (accts: { acct: string }[]) => new Set(accts.map((a) => normalizeAcct(a.acct, domain)).filter((a) => a !== local));
  const following = await d.following();
  if (following.ok) existing.following = handles(following.value);
  else throw new RemoteError(`Cannot read whom your account follows: ${following.failure.reason}.`, { hint: 'Check the server, then run the same command again.' });
  if (options.blocks) {
    const blocked = await d.blocked();
    if (blocked.ok) existing.blocked = handles(blocked.value);
    else warn(`could not read your blocks (${blocked.failure.reason}); blocks already there will be sent again`);
  }
  if (options.mutes) {
    const muted = await d.muted();
    if (muted.ok) existing.muted = handles(muted.value);
    else warn(`could not read your mutes (${muted.failure.reason}); mutes already there will be sent again`);
  }
  if (options.lists) {
    const lists = await d.lists();
    const wanted = new Set(model.sources.map((s) => defaultListName(s.platform)));
    if (lists.ok) {
      for (const l of lists.value.filter((x) => wanted.has(x.title))) {
        const members = await d.listAccounts(l.id);
        existing.lists.set(l.title, members.ok ? handles(members.value) : new Set());
      }
    } else warn(`could not read your lists (${lists.failure.reason})`);
  }
  return existing;
}

function emptyExisting(): ExistingState {
  return { following: new Set(), blocked: new Set(), muted: new Set(), lists: new Map() };
}

/** Found matches of medium or low confidence: the ones a person should look at. */
function reviewable(matches: Match[]): Match[] {
  return matches.filter((m) => m.status === 'found' && m.handle !== null && m.confidence !== null && !confidenceAtLeast(m.confidence, 'high'));
}

async function maybeReport(
  options: RunImportOptions, deps: RunImportDeps, model: Model, matches: Match[], plan: Plan,
  states: ActionState[], destination: string | null, estimate: PlanEstimate,
): Promise<string | null> {
  if (!options.report) return null;
  const report = buildReport({ model, matches, plan, states, destination, estimate, generatedAt: new Date(deps.clock.now()).toISOString() });
  await writeReport(options.report, report);
  return options.report;
}

function countOf(states: ActionState[]): ApplyCounts {
  const c: ApplyCounts = { done: 0, pending: 0, failed: 0, skipped: 0, left: 0 };
  for (const s of states) {
    if (s.status === 'done' || s.status === 'pending' || s.status === 'failed' || s.status === 'skipped') c[s.status]++;
    else c.left++;
  }
  return c;
}

/**
 * Whether `verify_credentials`' `acct` is the account `user@host`. The API was found from `user@host`'s
 * own domain, so the username decides: local accounts come back bare, and a server whose API host is not
 * its handle domain may name either host.
 */
function sameUser(acct: string, account: string): boolean {
  return normalizeHandle(acct).split('@')[0] === account.split('@')[0];
}

