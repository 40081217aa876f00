import type { Clock } from '../../src/clock.js';

/** A clock whose sleeps return at once and are recorded, so waits can be asserted without waiting. */
export function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
  };
}
