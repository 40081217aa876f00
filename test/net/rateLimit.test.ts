import { describe, expect, it } from 'vitest';
import { rateLimitOf, retryAfterMs } from '../../src/net/rateLimit.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('rate-limit headers', () => {
  it('reads Mastodon headers (Reset as ISO 8601 with microseconds)', () => {
    const rl = rateLimitOf({ headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2025-01-01T00:05:00.123456Z' } }, NOW);
    expect(rl).toEqual({ limit: 300, remaining: 0, resetAt: new Date('2025-01-01T00:05:00.123Z') });
  });

  it('reads a unix-timestamp Reset (GoToSocial) and a small delta', () => {
    expect(rateLimitOf({ headers: { 'x-ratelimit-reset': String(NOW / 1000 + 60) } }, NOW).resetAt?.getTime()).toBe(NOW + 60_000);
    expect(rateLimitOf({ headers: { 'x-ratelimit-reset': '30' } }, NOW).resetAt?.getTime()).toBe(NOW + 30_000);
  });

  it('gives nulls for missing or garbage headers', () => {
    expect(rateLimitOf({ headers: {} }, NOW)).toEqual({ limit: null, remaining: null, resetAt: null });
    expect(rateLimitOf({ headers: { 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '-1', 'x-ratelimit-reset': 'soon' } }, NOW))
      .toEqual({ limit: null, remaining: null, resetAt: null });
  });

  it('reads Retry-After as seconds or an HTTP date, never negative', () => {
    expect(retryAfterMs({ headers: { 'retry-after': '120' } }, NOW)).toBe(120_000);
    expect(retryAfterMs({ headers: { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' } }, NOW)).toBe(30_000);
    expect(retryAfterMs({ headers: { 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' } }, NOW)).toBe(0);
    expect(retryAfterMs({ headers: { 'retry-after': 'later' } }, NOW)).toBeNull();
    expect(retryAfterMs({ headers: {} }, NOW)).toBeNull();
  });
});
