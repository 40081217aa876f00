/**
 * Adapts the file journal (src/journal) to the apply loop's JournalPort. The journal's `records()`
 * builds a fresh map per call, so the adapter folds once and keeps its map up to date on each append:
 * the loop asks for an action's state several times.
 */
import type { Journal } from '../journal/journal.js';
import { reasonFromJournal } from '../plan/reasons.js';
import type { JournalEvent, JournalPort, JournalRecord } from './types.js';

export function journalPort(journal: Journal): JournalPort {
  const folded = new Map<string, JournalRecord>();
  for (const [key, r] of journal.records()) {
    folded.set(key, { status: r.state.status, reason: r.state.reason, remoteId: r.remoteId, at: r.at });
  }
  return {
    state: () => folded,
    async append(event: JournalEvent, options?: { durable?: boolean }) {
      await journal.append(event, options);
      const before = folded.get(event.key);
      folded.set(event.key, {
        status: event.status,
        reason: reasonFromJournal(event.reason, event.detail),
        remoteId: event.remoteId ?? before?.remoteId ?? null,
        at: event.at,
      });
    },
  };
}
