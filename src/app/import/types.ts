/** The `import` use case's options, injected dependencies and result (src/app/runImport.ts). */
import type { ApplyOutcome } from '../../apply/applyPlan.js';
import type { ApplyCounts, ApplyProgress, MediaSource } from '../../apply/types.js';
import type { Clock } from '../../clock.js';
import type { WrittenCsvFile } from '../../destinations/csv/index.js';
import type { Destination } from '../../destinations/types.js';
import type { Confidence, FinderName, Match } from '../../model/match.js';
import type { Model } from '../../model/types.js';
import type { HttpClient } from '../../net/types.js';
import type { ActionState, ActionType, Plan, PlanEstimate, PlanNote } from '../../plan/index.js';
import type { PostPlanOptions } from '../../plan/posts/planPosts.js';
import type { ParseWarning } from '../../sources/types.js';
import type { DestinationServer, resolveModel } from '../runResolve.js';
import type { ResolveProgress } from '../../resolve/resolveContacts.js';

export interface RunImportOptions {
  archives: string[];
  /** `--to`, normalized (`user@host`): the destination account; null for a dry run or CSV files without one. */
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
  /** `--posts` and its options; null when posts are not carried over. */
  posts: PostPlanOptions | null;
  /** Finders to run (default: resolve's defaults, search only with a token, as resolve). */
  finders: ReadonlySet<FinderName> | null;
  servers: string[] | null;
  /** `--index URL`: a PeerTube channel index for YouTube subscriptions (opt-in; see runResolve). */
  index?: string | null;
  stateDir: string;
  allowHttp: boolean;
}

export interface ReviewChoice {
  /** Lower-case handles the user checked although below --min-confidence. */
  approved: Set<string>;
  /** Lower-case handles the user unchecked although at or above --min-confidence. */
  rejected: Set<string>;
}

/** The export's media files: their sizes for the plan, and their bytes for the uploads. */
export interface ArchiveMedia {
  size(archive: string | null, path: string | null): number | null;
  source: MediaSource;
  close(): Promise<void>;
}

export type ImportPhase = 'parse' | 'resolve' | 'read' | 'plan' | 'apply';

export interface RunImportDeps {
  http: HttpClient;
  clock: Clock;
  /** The signed-in destination for `to` (made by the composition root), or null without a sign-in. */
  destination: Destination | null;
  /** The token, for the search finder only; null without a sign-in. */
  token: string | null;
  /** Where the token came from, for the advice when the server refuses it. */
  tokenSource?: 'env' | 'store';
  /** The destination's server as read at sign-in (nodeinfo), handed to the resolver; absent without a sign-in. */
  destinationServer?: DestinationServer | null;
  parse?: (paths: string[]) => Promise<{ model: Model; warnings: ParseWarning[] }>;
  resolve?: typeof resolveModel;
  /** Opens the export's media (only when posts are carried over). */
  openMedia?: (archives: string[]) => Promise<ArchiveMedia>;
  /** Interactive review of medium/low matches; absent: no review (--yes, not a TTY). */
  review?: (matches: Match[], minConfidence: Confidence) => Promise<ReviewChoice>;
  /** Interactive confirmation before anything is sent; absent: go ahead. */
  confirm?: (summary: ImportPreview) => Promise<boolean>;
  onPhase?: (phase: ImportPhase) => void;
  onProgress?: (progress: ApplyProgress) => void;
  /** Progress while finding accounts ("26/39, 3 found"). */
  onResolveProgress?: (progress: ResolveProgress) => void;
  onWarning?: (message: string) => void;
  /** The soft stop (the first Ctrl-C): between actions, never cutting a write short. */
  signal?: AbortSignal;
}

export interface ImportPreview {
  destination: string | null;
  toSend: number;
  byType: Partial<Record<ActionType, number>>;
  /** The first few actions to send, for the confirmation ("follow alice@far.test, ..."). */
  first: ActionState[];
  estimate: PlanEstimate;
}

export interface ImportResult {
  destination: string | null;
  dryRun: boolean;
  /** The user said no at the confirmation. */
  cancelled: boolean;
  model: Model;
  matches: Match[];
  plan: Plan;
  estimate: PlanEstimate;
  /** Every planned action with its latest state (journal after a run, plan for a dry run). */
  states: ActionState[];
  counts: ApplyCounts;
  stopped: ApplyOutcome['stopped'];
  reportFile: string | null;
  csvFiles: WrittenCsvFile[];
  /** Sentences from the resolver, and the plan's notes (codes). */
  resolveNotes: string[];
  notes: PlanNote[];
  warnings: string[];
  journalDir: string | null;
  /** Whether the resolve could use the account (search and guesses on its server). */
  signedIn: boolean;
}
