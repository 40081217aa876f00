/**
 * Where each row's journal is and what it says (`status --batch MANIFEST`, and the batch's own check that a
 * row is already done): the same journal directory `import` uses for the same archives and account.
 */
import type { Clock } from '../../clock.js';
import type { Destination } from '../../destinations/types.js';
import { fingerprintArchives, journalDirFor } from '../../journal/index.js';
import { runStatus, type MigrationStatus } from '../runStatus.js';
import type { BatchRow } from './types.js';

export interface BatchRowStatus {
  id: string;
  to: string | null;
  /** Null when the row has no destination or its archives cannot be read. */
  journalDir: string | null;
  /** Null when the row has not started (no journal yet). */
  migration: MigrationStatus | null;
}

export interface BatchStatusDeps {
  clock: Clock;
  destinationFor: (account: string) => Promise<Destination | null>;
}

/** The row's journal directory under its state dir, or null (no `to`, unreadable archives). */
export async function rowJournalDir(row: BatchRow, stateDir: string): Promise<string | null> {
  if (row.to === null) return null;
  try {
    return journalDirFor(row.options.state ?? stateDir, await fingerprintArchives(row.archives), row.to);
  } catch {
    return null;
  }
}

export async function batchStatus(
  rows: readonly BatchRow[], options: { stateDir: string; recheck: boolean }, deps: BatchStatusDeps,
): Promise<BatchRowStatus[]> {
  const out: BatchRowStatus[] = [];
  for (const row of rows) {
    const journalDir = await rowJournalDir(row, options.stateDir);
    const found = journalDir === null ? [] : await runStatus(
      { stateDir: row.options.state ?? options.stateDir, recheck: options.recheck, journals: [journalDir] }, deps,
    );
    out.push({ id: row.id, to: row.to, journalDir, migration: found[0] ?? null });
  }
  return out;
}

/** Everything the journal planned is done, skipped or waiting for the other side's approval. */
export function isFinished(migration: MigrationStatus | null): boolean {
  return migration !== null && migration.total.left === 0 && migration.total.failed === 0 && migration.total.done + migration.total.pending + migration.total.skipped > 0;
}
