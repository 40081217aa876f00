/** An in-memory JournalPort for apply tests: the same fold as the file journal, no disk. */
import type { JournalEvent, JournalPort, JournalRecord } from '../../src/apply/types.js';

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
      reason: event.reason ?? null,
      remoteId: event.remoteId ?? before?.remoteId ?? null,
    });
  }
}
