/**
 * A batch row's options → what `import` takes, with import's own defaults and its own checks (the same
 * functions `import` uses, so a row means exactly what the same `import` command line would mean).
 */
import { join } from 'node:path';
import { LeaveError } from '../../errors.js';
import { parseDuration, postOptionsOf } from '../import/options.js';
import type { RunImportOptions } from '../import/types.js';
import type { BatchRow } from './types.js';

export const DEFAULT_MAX_WAIT = '15m';

export interface RowRunSettings {
  /** The batch's state dir (`--state`), for rows that do not name their own. */
  stateDir: string;
  dryRun: boolean;
  /** The row's own report (beside the batch report), or null. */
  report: string | null;
  allowHttp: boolean;
}

export interface RowImport {
  options: RunImportOptions;
  maxWaitMs: number;
}

/** Throws the UsageError `import` would for the same options. */
export function importOptionsOf(row: BatchRow, settings: RowRunSettings): RowImport {
  const o = row.options;
  const posts = postOptionsOf({
    posts: o.posts ?? false,
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
    ...(o.kinds !== undefined ? { kinds: o.kinds.join(',') } : {}),
    includePrivate: o.includePrivate ?? false,
    visibility: o.visibility ?? 'unlisted',
    mentions: o.mentions ?? 'link',
    ...(o.footer !== undefined ? { footer: o.footer } : {}),
    backdate: o.backdate ?? 'auto',
  });
  return {
    options: {
      archives: row.archives,
      to: row.to,
      dryRun: settings.dryRun,
      report: settings.report,
      csv: null,
      maps: o.maps ?? [],
      minConfidence: o.minConfidence ?? 'high',
      follows: o.follows ?? true,
      followFollowers: o.followers ?? false,
      blocks: o.blocks ?? false,
      mutes: o.mutes ?? false,
      lists: o.lists ?? false,
      posts,
      finders: o.finders === undefined ? null : new Set(o.finders),
      servers: o.servers ?? null,
      stateDir: o.state ?? settings.stateDir,
      allowHttp: settings.allowHttp,
    },
    maxWaitMs: parseDuration(o.maxWait ?? DEFAULT_MAX_WAIT),
  };
}

/** The message of the mistake in a row's options, or null when `import` would take them. */
export function rowOptionProblem(row: BatchRow): string | null {
  try {
    importOptionsOf(row, { stateDir: join('.'), dryRun: true, report: null, allowHttp: false });
    return null;
  } catch (error) {
    if (error instanceof LeaveError) return error.message;
    throw error;
  }
}
