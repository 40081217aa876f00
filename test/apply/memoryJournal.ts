/** An in-memory JournalPort for apply tests: the same fold as the file journal (src/apply/journalPort.ts), no disk. */
import type { JournalEvent, JournalPort, JournalRecord } from '../../src/apply/types.js';
import { reasonFromJournal } from '../../src/plan/reasons.js';

export class MemoryJournal implements JournalPort {
  readonly events: JournalEvent[] = [];
  private readonly folded = new Map<string, JournalRecord>();

  state(): ReadonlyMap<string, JournalRecord> {
    return this.folded;
  }

  async append(event: JournalEvent): Promise<void> {
    this.events.push(event);
    const before = this.folded.get(event.key);
    this.folded.set(event.key, {
      status: event.status,
      reason: reasonFromJournal(event.reason, event.detail),
      remoteId: event.remoteId ?? before?.remoteId ?? null,
      at: event.at,
    });
  }

  /** The statuses one action went through, in order. */
  statusesOf(key: string): string[] {
    return this.events.filter((e) => e.key === key).map((e) => e.status);
  }
}
