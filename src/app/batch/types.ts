/** The batch use case's shared types: manifest rows, problems with a manifest, row outcomes, events. */
import type { ApplyCounts } from '../../apply/types.js';
import type { Confidence, FinderName } from '../../model/match.js';

/** Import options a manifest row (or its `defaults`, or the command line) may set: import's long names in camelCase. */
export interface RowOptions {
  to?: string;
  tokenEnv?: string;
  tokenFile?: string;
  state?: string;
  follows?: boolean;
  followers?: boolean;
  blocks?: boolean;
  mutes?: boolean;
  lists?: boolean;
  posts?: boolean;
  since?: string;
  until?: string;
  kinds?: string[];
  includePrivate?: boolean;
  visibility?: 'public' | 'unlisted' | 'private';
  mentions?: 'link' | 'handle';
  footer?: string;
  backdate?: 'auto' | 'never';
  minConfidence?: Confidence;
  maps?: string[];
  servers?: string[];
  finders?: FinderName[];
  maxWait?: string;
}

export const ROW_OPTION_NAMES = [
  'to', 'tokenEnv', 'tokenFile', 'state', 'follows', 'followers', 'blocks', 'mutes', 'lists', 'posts', 'since', 'until',
  'kinds', 'includePrivate', 'visibility', 'mentions', 'footer', 'backdate', 'minConfidence', 'maps', 'servers', 'finders', 'maxWait',
] as const satisfies readonly (keyof RowOptions)[];

/** Fields holding a list: in a CSV cell, items are separated by `;` (and `,` for kinds and finders). */
export const LIST_FIELDS = ['archives', 'kinds', 'maps', 'servers', 'finders'] as const;
export const BOOLEAN_FIELDS = ['follows', 'followers', 'blocks', 'mutes', 'lists', 'posts', 'includePrivate'] as const;
/** Fields naming files, resolved against the manifest's folder. */
export const PATH_FIELDS = ['tokenFile', 'state'] as const;

/** The manifest as the schema describes it (schema/batch.schema.json). */
export interface ManifestDocument {
  version: 1;
  defaults?: RowOptions;
  rows: (RowOptions & { id: string; archives: string[] })[];
}

/** Where a row's token comes from; never the token itself. */
export type TokenSource = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'login' };

/** One row, checked, with the defaults and the command line merged in and paths made absolute. */
export interface BatchRow {
  id: string;
  /** 0-based position in the manifest. */
  index: number;
  archives: string[];
  to: string | null;
  token: TokenSource;
  options: RowOptions;
}

export interface BatchManifest {
  file: string;
  format: 'csv' | 'json';
  rows: BatchRow[];
}

/** Codes only the CLI and the reports turn into words (src/cli/render/batchWords.ts). */
export type ManifestProblemCode =
  | 'unreadable' | 'not_json' | 'not_csv' | 'schema' | 'unknown_field' | 'missing_field' | 'duplicate_id'
  | 'token_in_manifest' | 'two_token_sources' | 'token_env_unset' | 'token_file_unreadable' | 'archive_missing'
  | 'map_missing' | 'bad_option';

export interface ManifestProblem {
  /** The row's id (or `#N`, 1-based, when it has none); `defaults`, `header` or null for the whole file. */
  row: string | null;
  field: string | null;
  code: ManifestProblemCode;
  /** What was wrong in particular (the schema's complaint, the path, the option's message). */
  detail: string | null;
}

export type RowStatus = 'done' | 'incomplete' | 'failed';

/** Why a row failed or stopped, as a code; `message` is the error's own sentence (it holds no token). */
export interface RowError {
  code: 'input' | 'usage' | 'remote' | 'internal' | 'rate_limit' | 'interrupted' | 'left';
  message: string;
  hint: string | null;
}

export interface RowResult {
  id: string;
  to: string | null;
  status: RowStatus;
  /** `already_done`: the row's journal says everything was done; it was not run again. */
  note: 'already_done' | 'not_started' | null;
  counts: ApplyCounts;
  error: RowError | null;
  resumeAt: string | null;
  reportFile: string | null;
  journalDir: string | null;
  warnings: number;
}

export type BatchPhase = 'waiting' | 'connect' | 'parse' | 'resolve' | 'read' | 'plan' | 'apply';

/** The typed events of `batch --json` (JSON Lines; schema/batch-events.schema.json). */
export type BatchEvent =
  | { type: 'row_start'; row: string; to: string | null; at: string }
  | { type: 'progress'; row: string; phase: BatchPhase; done: number; left: number; total: number; at: string }
  | { type: 'rate_limit_wait'; row: string; until: string; family: string; at: string }
  | { type: 'warning'; row: string; message: string; at: string }
  | { type: 'row_finish'; row: string; status: RowStatus; note: RowResult['note']; counts: ApplyCounts; error: RowError | null; resumeAt: string | null; report: string | null; at: string };

export interface BatchSummary {
  type: 'summary';
  version: 1;
  manifest: string;
  dryRun: boolean;
  shard: string | null;
  rows: number;
  done: number;
  incomplete: number;
  failed: number;
  counts: ApplyCounts;
  /** Lookups the shared resolver sent (verifications not answered from the cache or another row's lookup). */
  lookups: number;
  report: string | null;
  exitCode: 0 | 1 | 3;
  results: RowResult[];
}
