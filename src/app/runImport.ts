/**
 * The `import` use case (DESIGN.md sections 1, 2, 5, 6), in stages: check the account, parse, resolve,
 * read what the account already has, plan, then (unless --dry-run) record the plan in the journal and
 * apply it, and write the report and CSV files asked for. Options and injected deps in (the destination,
 * the media reader: src/cli/compose.ts makes them), a result out; the CLI renders it and picks the exit
 * code. The token is handed to the search finder only; it is in no result.
 */
import { applyPlan } from '../apply/applyPlan.js';
import { countStatuses } from '../apply/counts.js';
import { journalPort } from '../apply/journalPort.js';
import type { ApplyCounts } from '../apply/types.js';
import { writeMastodonCsv } from '../destinations/csv/index.js';
import { DEFAULT_PROFILE, type DestinationProfile } from '../destinations/profile.js';
import { UsageError } from '../errors.js';
import { fingerprintArchives, journalDirFor, openJournal, type Journal } from '../journal/index.js';
import { confidenceAtLeast, type Match } from '../model/match.js';
import type { Model } from '../model/types.js';
import { FOLLOW_CEILING, estimatePlan, planActions, type ActionState, type Plan, type PlanEstimate } from '../plan/index.js';
import { buildReport, writeReport } from '../report/index.js';
import { checkAccount } from './import/checkAccount.js';
import { emptyExisting, readExisting } from './import/readExisting.js';
import { recordPlan } from './import/recordPlan.js';
import type { ImportPreview, ImportResult, RunImportDeps, RunImportOptions } from './import/types.js';
import { parseExport } from './parseExport.js';
import { DEFAULT_FINDERS, resolveModel, type RunResolveResult } from './runResolve.js';

export type { ArchiveMedia, ImportPreview, ImportResult, ReviewChoice, RunImportDeps, RunImportOptions } from './import/types.js';

export async function runImport(options: RunImportOptions, deps: RunImportDeps): Promise<ImportResult> {
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    deps.onWarning?.(m);
  };
  const account = options.to;
  const destination = deps.destination;
  if (!options.dryRun && (account === null || destination === null) && options.csv === null) {
    throw new UsageError('import needs --to (your new account), or --csv DIR, or --dry-run.', {
      hint: 'For example: leave-platform import export.zip --to @you@your.server',
    });
  }
  // The account is checked before the long work: a wrong token must not wait for the whole resolve.
  const started = deps.clock.now();
  const ownAcct = destination && account ? await checkAccount(destination, account) : '';
  // That one request's round trip paces the estimate (within sane bounds: a first request pays for the
  // TLS handshake, and a clock in tests may not move).
  const roundTrip = destination ? Math.min(2, Math.max(0.005, (deps.clock.now() - started) / 1000)) : undefined;
  const signedIn = destination !== null;

  const model = await parseStage(options, deps, warn);
  const resolved = await resolveStage(options, deps, model, warn);

  if (destination) deps.onPhase?.('read');
  const existing = destination && account ? await readExisting(destination, account, ownAcct, model, options, warn) : emptyExisting();
  const profile: DestinationProfile = destination ? await destination.profile() : DEFAULT_PROFILE;
  const media = options.posts && deps.openMedia ? await deps.openMedia(options.archives) : null;

  let journal: Journal | null = null;
  let journalDir: string | null = null;
  try {
    if (account !== null && destination) {
      const fingerprint = await fingerprintArchives(options.archives);
      journalDir = journalDirFor(options.stateDir, fingerprint, account);
      journal = await openJournal(journalDir, {
        clock: deps.clock, readOnly: options.dryRun, destination: account, fingerprint, onWarning: warn,
      });
    }

    const review = deps.review && !options.dryRun ? await deps.review(reviewable(resolved.matches), options.minConfidence) : null;
    deps.onPhase?.('plan');
    const maxFollows = profile.maxFollows ?? FOLLOW_CEILING;
    const plan = planActions({
      model,
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
        followCeiling: maxFollows,
      },
      posts: options.posts,
      existing,
      profile,
      mediaSize: (archive, path) => media?.size(archive, path) ?? null,
      journal: journal?.state() ?? new Map(),
    });
    const estimate = estimatePlan(plan, profile, roundTrip === undefined ? {} : { secondsPerRequest: roundTrip });
    const csvFiles = options.csv ? await writeMastodonCsv(options.csv, plan) : [];
    const base = {
      destination: account, model, matches: resolved.matches, plan, estimate, csvFiles, resolveNotes: resolved.notes,
      notes: plan.notes, warnings, journalDir, signedIn,
    };
    const planned = plan.actions.map(({ action, status, reason }) => ({ action, status, reason }));
    const todo = plan.actions.filter((i) => i.status === 'planned' || i.status === 'sent' || i.status === 'pending' || i.status === 'failed');
    if (options.dryRun || !destination || !journal || account === null) {
      const reportFile = await maybeReport(options, deps, model, resolved.matches, plan, planned, account, estimate, profile);
      return { ...base, dryRun: options.dryRun, cancelled: false, states: planned, counts: countOf(planned), stopped: null, reportFile };
    }

    if (deps.confirm && todo.length > 0 && !(await deps.confirm(preview(account, todo, estimate)))) {
      return { ...base, dryRun: false, cancelled: true, states: planned, counts: countOf(planned), stopped: null, reportFile: null };
    }

    deps.onPhase?.('apply');
    // The whole plan goes into the journal first, so that `status` counts from the very state the next
    // `import` acts on, also after an interruption or a rate-limit stop.
    await recordPlan(journal, plan);
    const outcome = await applyPlan(todo.map((i) => i.action), {
      destination, journal: journalPort(journal), clock: deps.clock, account,
      alreadyFollowing: existing.following,
      media: media?.source ?? null,
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const states: ActionState[] = plan.actions.map(({ action, status, reason }) => {
      const s = outcome.states.get(action.key);
      return s ? { action, status: s.status, reason: s.reason } : { action, status, reason };
    });
    const reportFile = await maybeReport(options, deps, model, resolved.matches, plan, states, account, estimate, profile);
    return { ...base, dryRun: false, cancelled: false, states, counts: countOf(states), stopped: outcome.stopped, reportFile };
  } finally {
    await journal?.close();
    await media?.close();
  }
}

async function parseStage(options: RunImportOptions, deps: RunImportDeps, warn: (m: string) => void): Promise<Model> {
  deps.onPhase?.('parse');
  const parsed = await (deps.parse ?? parseExport)(options.archives);
  for (const w of parsed.warnings) warn(`${w.file ? `${w.file}: ` : ''}${w.message}`);
  return parsed.model;
}

async function resolveStage(
  options: RunImportOptions, deps: RunImportDeps, model: Model, warn: (m: string) => void,
): Promise<RunResolveResult> {
  deps.onPhase?.('resolve');
  // The same finders as `resolve`, signed in or not (issue 10 item 4: a dry run without a sign-in must
  // find what `resolve --servers` finds). Search alone needs a token, as in `resolve`, which skips it with
  // a note about LEAVE_PLATFORM_TOKEN; here the summary says to sign in instead (importSummary.ts).
  const finders = options.finders ?? new Set(DEFAULT_FINDERS.filter((f) => f !== 'search' || deps.token !== null));
  return (deps.resolve ?? resolveModel)(model, {
    to: options.to,
    maps: options.maps,
    // Everything found is kept: the review may approve matches below --min-confidence.
    minConfidence: 'low',
    refresh: false,
    finders,
    servers: options.servers,
    index: options.index ?? null,
    token: deps.token,
    ...(deps.tokenSource ? { tokenSource: deps.tokenSource } : {}),
    ...(deps.destinationServer ? { destinationServer: deps.destinationServer } : {}),
    stateDir: options.stateDir,
    allowHttp: options.allowHttp,
  }, {
    http: deps.http, clock: deps.clock, onWarning: warn,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.onResolveProgress ? { onProgress: deps.onResolveProgress } : {}),
  });
}

function preview(account: string, todo: Plan['actions'], estimate: PlanEstimate): ImportPreview {
  const byType: ImportPreview['byType'] = {};
  for (const i of todo) byType[i.action.type] = (byType[i.action.type] ?? 0) + 1;
  return { destination: account, toSend: todo.length, byType, first: todo.slice(0, 10), estimate };
}

/** Found matches of medium or low confidence: the ones a person should look at. */
function reviewable(matches: Match[]): Match[] {
  return matches.filter((m) => m.status === 'found' && m.handle !== null && m.confidence !== null && !confidenceAtLeast(m.confidence, 'high'));
}

async function maybeReport(
  options: RunImportOptions, deps: RunImportDeps, model: Model, matches: Match[], plan: Plan,
  states: ActionState[], destination: string | null, estimate: PlanEstimate, profile: DestinationProfile,
): Promise<string | null> {
  if (!options.report) return null;
  const report = buildReport({
    model, matches, plan, states, destination, estimate, profile, postsAsked: options.posts !== null,
    generatedAt: new Date(deps.clock.now()).toISOString(),
  });
  await writeReport(options.report, report);
  return options.report;
}

function countOf(states: ActionState[]): ApplyCounts {
  return countStatuses(states.map((s) => s.status));
}
