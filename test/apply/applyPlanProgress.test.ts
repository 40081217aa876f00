/**
 * The apply loop's progress counts: right at every step, and kept without recounting every action seen
 * at each step (that was quadratic: 15 s of CPU for 12,000 actions in bench/posts.bench.mjs). The cost is
 * checked by counting journal lookups, not by timing.
 */
import { describe, expect, it } from 'vitest';
import { countStates } from '../../src/apply/applyPlan.js';
import type { ApplyProgress, JournalRecord } from '../../src/apply/types.js';
import type { Action } from '../../src/plan/types.js';
import { fixedClock } from '../plan/builders.js';
import { mediaAction, postAction, run } from './builders.js';
import { FakeDestination } from './fakeDestination.js';
import { MemoryJournal } from './memoryJournal.js';

/** A MemoryJournal that counts how often an action's state is looked up. */
class CountingJournal extends MemoryJournal {
  lookups = 0;

  override state(): ReadonlyMap<string, JournalRecord> {
    const map = super.state();
    const get = (key: string) => {
      this.lookups++;
      return map.get(key);
    };
    return new Proxy(map, {
      get: (target, prop) => (prop === 'get' ? get : Reflect.get(target, prop, target)),
    });
  }
}

describe('applyPlan progress', () => {
  it('counts done, skipped and left right at every step, as a recount of the actions seen would', async () => {
    const clock = fixedClock();
    const fake = new FakeDestination({ clock });
    const journal = new MemoryJournal();
    const m = mediaAction('1');
    const actions: Action[] = [m, postAction('1', { media: [m.key] }), postAction('2', { text: ' ' }), postAction('3')];
    const seen: ApplyProgress[] = [];
    const recounts: ReturnType<typeof countStates>[] = [];
    let started = 0;
    await run(actions, fake, journal, {
      clock,
      onProgress: (p) => {
        seen.push(p);
        if (p.current !== null) started++;
        recounts.push(countStates(actions.slice(0, started), journal));
      },
    });
    expect(seen.map((p) => p.counts)).toEqual(recounts);
    expect(seen.at(-1)?.counts).toEqual({ done: 3, pending: 0, failed: 0, skipped: 1, left: 0 });
  });

  it('looks up each action\'s state a bounded number of times, however many actions came before', async () => {
    const clock = fixedClock();
    const fake = new FakeDestination({ clock });
    const journal = new CountingJournal();
    const n = 400;
    const actions = Array.from({ length: n }, (_, i) => postAction(String(i + 1)));
    await run(actions, fake, journal, { clock, onProgress: () => undefined });
    expect(fake.writesOf('status')).toHaveLength(n);
    // A recount of every action seen at each step would be about n * n = 160,000 lookups.
    expect(journal.lookups).toBeLessThan(20 * n);
  });
});
