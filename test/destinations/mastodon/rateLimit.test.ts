import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/clock.js';
import { RateLimitGate } from '../../../src/destinations/mastodon/rateLimit.js';
import { RateLimitExceeded } from '../../../src/destinations/types.js';

/** A clock that only moves when slept on, and remembers every sleep. */
function manualClock(start = Date.parse('2024-05-01T12:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

describe('RateLimitGate', () => {
  it('after a 429 with Retry-After, sleeps that long', async () => {
    const { clock, sleeps } = manualClock();
    const gate = new RateLimitGate({ clock, maxWaitMs: 60_000 });
    await gate.after429('requests', { 'retry-after': '7' }, 0);
    expect(sleeps).toEqual([7000]);
  });

  it('after a 429 whose X-RateLimit-Reset is already past and no Retry-After, backs off instead of retrying at once', async () => {
    const { clock, sleeps } = manualClock();
    const gate = new RateLimitGate({ clock, maxWaitMs: 10 * 60_000 });
    const past = new Date(clock.now() - 30_000).toISOString();
    await gate.after429('requests', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': past }, 0);
    await gate.after429('requests', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': past }, 1);
    expect(sleeps).toEqual([60_000, 120_000]);
  });

  it('after a 429 with no header at all, backs off; past --max-wait it stops with the right resume time', async () => {
    const { clock, sleeps } = manualClock();
    const gate = new RateLimitGate({ clock, maxWaitMs: 30_000 });
    const error = await gate.after429('follows', {}, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExceeded);
    expect((error as RateLimitExceeded).limit).toBe('follows/24h');
    expect((error as RateLimitExceeded).resumeAt.getTime()).toBe(clock.now() + 60_000);
    expect(sleeps).toEqual([]);
  });

  it('waits for a spent window only in its own family, and not at all once its reset is past', async () => {
    const { clock, sleeps } = manualClock();
    const gate = new RateLimitGate({ clock, maxWaitMs: 60 * 60_000 });
    const reset = new Date(clock.now() + 20 * 60_000).toISOString();
    gate.afterResponse('follows', { 'x-ratelimit-limit': '400', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    await gate.beforeRequest('requests');
    expect(sleeps).toEqual([]);
    await gate.beforeRequest('follows');
    expect(sleeps).toEqual([20 * 60_000]);
    gate.afterResponse('requests', { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(clock.now() - 1000).toISOString() });
    await gate.beforeRequest('requests');
    expect(sleeps).toEqual([20 * 60_000]);
  });

  it('a spent window longer than --max-wait throws before any request, with the reset as resume time', async () => {
    const { clock } = manualClock();
    const gate = new RateLimitGate({ clock, maxWaitMs: 60_000 });
    const reset = new Date(clock.now() + 6 * 3600_000);
    gate.afterResponse('follows', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString() });
    const error = await gate.beforeRequest('follows').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExceeded);
    expect((error as RateLimitExceeded).resumeAt.toISOString()).toBe(reset.toISOString());
  });
});
